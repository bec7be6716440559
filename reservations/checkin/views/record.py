"""A reservation's check-in for the host: the printable record, reopening it, deleting its identity documents.

The reservation page shows the same record (`checkin_context`).
"""

from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from accounts.permissions import Rule, host_view
from gorently.pages import run_and_report
from reservations.checkin.selectors import submission_of
from reservations.checkin.services.retention import purge_date, purge_now
from reservations.checkin.services.submissions import reopen_checkin
from reservations.checkin.summary import summary_of
from reservations.selectors import get_reservation_for


def checkin_context(reservation):
    """The check-in as the host reads it: answers and documents per step, the signature with the agreement."""
    submission = submission_of(reservation)
    if submission is None:
        return {"submission": None}
    return {"submission": submission, "summary": summary_of(submission, "en"), "purge_on": purge_date(reservation)}


@host_view()
def checkin_print(request, pk):
    reservation = get_reservation_for(request.membership, pk)
    context = {"reservation": reservation, **checkin_context(reservation)}
    return render(request, "checkin/print.html", context)


def _checkin_action(request, pk, service, done):
    """Run a manager's action on a reservation's check-in, then back to the reservation."""
    reservation = get_reservation_for(request.membership, pk)
    run_and_report(request, lambda: service(actor=request.membership, reservation=reservation, request=request), done)
    return redirect("reservations:detail", pk=reservation.pk)


@host_view(Rule.MANAGE_CHECKINS)
@require_POST
def checkin_reopen(request, pk):
    return _checkin_action(
        request, pk, reopen_checkin, _("Check-in reopened: the guest can correct and send it again.")
    )


@host_view(Rule.PURGE_DOCUMENTS)
@require_POST
def checkin_purge(request, pk):
    return _checkin_action(
        request, pk, purge_now, _("The guests’ identity documents and document numbers are deleted.")
    )
