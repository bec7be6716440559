"""A reservation's check-in for the host: the printable record, reopening it, deleting its identity documents.

The reservation page shows the same record (`checkin_context`).
"""

from django.conf import settings
from django.shortcuts import redirect, render
from django.utils import translation
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from accounts.permissions import Rule, host_view
from gorently.pages import run_and_report
from gorently.translations import localized
from reservations.checkin.fields import FieldScope, FieldType
from reservations.checkin.models import DocumentKind
from reservations.checkin.questions import agreement_html, agreement_values
from reservations.checkin.selectors import submission_of
from reservations.checkin.services.retention import purge_date, purge_now
from reservations.checkin.services.submissions import reopen_checkin
from reservations.checkin.steps import agreement_fields
from reservations.checkin.summary import display_value, summary_of
from reservations.selectors import get_reservation_for


def checkin_context(reservation):
    """The check-in as the host reads it: answers and documents per step, the signature with the agreement."""
    submission = submission_of(reservation)
    if submission is None:
        return {"submission": None}
    return {"submission": submission, "summary": summary_of(submission, "en"), "purge_on": purge_date(reservation)}


def signed_agreements(reservation, submission):
    """Each agreement as the guest read it when signing: the frozen form version's text in the guest's
    language (English where the host wrote none), its placeholders filled in that language, and the answer.

    The placeholders are the stay's (guest, property, dates, host), filled from the reservation as it is now.
    """
    language = submission.language if submission.language in dict(settings.LANGUAGES) else "en"
    answers = submission.answers or {}
    agreements = []
    with translation.override(language):
        values = agreement_values(reservation)
        for spec in submission.form_version.specs:
            if spec.type != FieldType.AGREEMENT:
                continue
            if spec.scope == FieldScope.RESERVATION:
                given = (answers.get("reservation") or {}).get(spec.key)
            else:  # asked of the main guest
                given = next(iter(answers.get("guests") or []), {}).get(spec.key)
            agreements.append(
                {
                    "label": localized(spec.label, language),
                    "language": language if (spec.agreement or {}).get(language) else "en",
                    "text": agreement_html(spec, values, language),
                    "answer": display_value(spec, given, language),
                }
            )
    return agreements


@host_view()
def checkin_print(request, pk):
    reservation = get_reservation_for(request.membership, pk)
    context = {"reservation": reservation, **checkin_context(reservation)}
    submission = context["submission"]
    if submission is not None and agreement_fields(submission.form_version.specs):
        # The agreement step is the record's last section (see steps.steps_for): printed in full instead,
        # the text signed above the signatures.
        *context["summary"], agreement_step = context["summary"]
        context["agreements"] = signed_agreements(reservation, submission)
        context["signatures"] = _signatures(submission, agreement_step)
    return render(request, "checkin/print.html", context)


def _signatures(submission, agreement_step):
    """The agreement step's signatures: drawn (a document, signed when it was stored) or typed (a name)."""
    signatures = agreement_step.get("signatures") or [
        {"document": doc, "typed": ""} for doc in agreement_step["documents"] if doc.kind == DocumentKind.SIGNATURE
    ]
    return [{**s, "signed_at": _signed_at(submission, s)} for s in signatures]


def _signed_at(submission, signature):
    """When it was signed: a typed signature says; a drawn one, when it was stored, and never after sending."""
    when = signature.get("signed_at") or getattr(signature.get("document"), "created_at", None)
    if when and submission.submitted_at and when > submission.submitted_at:  # data written afterwards (the demo's)
        return submission.submitted_at
    return when or submission.submitted_at


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
