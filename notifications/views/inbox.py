"""The member's conversations, unread first, each leading to its stay; owners also see the unassigned messages,
and file each under the stay it is from."""

from django.contrib import messages
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_safe

from accounts.permissions import Rule, host_view
from gorently.pages import render_page
from notifications.forms import AssignForm
from notifications.selectors import (
    inbox_of,
    likely_stays_of,
    stay_by_code,
    unassigned_message_for,
    unassigned_of,
)
from notifications.services.inbox import assign

UNASSIGNED_SHOWN = 50


@host_view()
@require_safe
def inbox(request):
    membership = request.membership
    owner = membership.can(Rule.MANAGE_ACCOUNT)
    context = {
        "conversations": inbox_of(membership),
        "unassigned": list(unassigned_of(membership)[:UNASSIGNED_SHOWN]) if owner else None,
    }
    return render_page(request, "notifications/inbox.html", context)


@host_view(Rule.MANAGE_ACCOUNT)
@require_http_methods(["GET", "HEAD", "POST"])
def file_unassigned(request, pk):
    membership = request.membership
    message = unassigned_message_for(membership, pk)
    form = AssignForm(
        request.POST if request.method == "POST" else None,
        stays=likely_stays_of(membership),
        find_by_code=lambda code: stay_by_code(membership, code),
    )
    if form.is_valid():
        stay = form.cleaned_data["reservation"]
        filed = assign(actor=membership, message=message, reservation=stay, request=request)
        messages.success(
            request,
            _("%(count)s message(s) filed under %(guest)s’s stay.") % {"count": filed, "guest": stay.guest_name},
        )
        return redirect("notifications:conversation", stay.pk)
    status = 400 if form.is_bound else 200
    return render_page(request, "notifications/file_unassigned.html", {"message": message, "form": form}, status=status)
