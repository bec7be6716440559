"""The dashboard's "Remind" and "Remind all": the check-in reminder to guests whose check-in is to chase."""

from django.contrib import messages
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from accounts.permissions import host_view
from notifications.forms import RemindForm
from notifications.services.inbox import remind as send_reminders
from reservations.selectors import today_board


@host_view()
@require_POST
def remind(request):
    """Only stays on the member's own "check-ins to chase" list can be reminded (any other id is refused)."""
    membership = request.membership
    pending = today_board(membership)["checkins_pending"]
    form = RemindForm(request.POST, reservations=pending)
    if not form.is_valid():
        messages.error(request, " ".join(e for errors in form.errors.values() for e in errors))
        return redirect("dashboard")
    chosen = pending if form.cleaned_data["all"] else [r for r in pending if r.pk in form.cleaned_data["reservation"]]
    outcome = send_reminders(actor=membership, reservations=chosen, request=request)
    if outcome.sent:
        messages.success(
            request,
            ngettext("Reminder sent to %(n)d guest.", "Reminders sent to %(n)d guests.", len(outcome.sent))
            % {"n": len(outcome.sent)},
        )
    if outcome.failed:
        names = "; ".join(f"{r.guest_name} ({reason})" for r, reason in outcome.failed)
        messages.error(request, _("Not sent: %(names)s.") % {"names": names})
    return redirect("dashboard")
