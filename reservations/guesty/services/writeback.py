"""A completed check-in's answers, written to the reservation's Guesty custom fields.

The mapping read is the form's current one (not the one frozen with the answers), so a host who
fixes a mapping and retries gets the fix. Each answer that cannot go is an issue naming the field
and the value; when Guesty refuses a batch (422), the answers are sent one by one to find which.
"""

from accounts.activity import record_action
from reservations.checkin.fields import FieldScope
from reservations.checkin.models import CheckinSubmission, FormField
from reservations.guesty.client import GuestyRejected
from reservations.guesty.mapping import Mismatch, guesty_value
from reservations.guesty.models import WRITE_BACK_ISSUES, GuestyField, IssueKind, SyncIssue
from reservations.guesty.services.issues import report, resolve
from reservations.guesty.services.runs import sync_actor


def write_back(context, reservation):
    """Write the mapped answers of the reservation's submitted check-in; counts go on the run."""
    run = context.run
    submission = CheckinSubmission.objects.select_related("form_version").filter(reservation=reservation).first()
    if not reservation.external_id or submission is None or not submission.is_submitted:
        run.skipped += 1
        return
    mapped = dict(
        FormField.objects.filter(form_id=submission.form_version.form_id)
        .exclude(guesty_custom_field_id="")
        .values_list("key", "guesty_custom_field_id")
    )
    fields = {
        row.field_id: row
        for row in GuestyField.objects.filter(organization=run.organization, field_id__in=mapped.values())
    }
    ready, subjects = [], []
    for spec in submission.form_version.specs:
        field_id = mapped.get(spec.key)
        answer = _answer(submission.answers, spec)
        if not field_id or answer in (None, "", []):
            continue
        subject = {
            "reservation": reservation,
            "guesty_reservation_id": reservation.external_id,
            "field_key": spec.key,
            "guesty_field_id": field_id,
        }
        subjects.append(subject)
        target = fields.get(field_id)
        if target is None or target.deleted_at is not None:
            _mismatch(
                context,
                IssueKind.UNKNOWN_FIELD,
                "Guesty has no custom field with this id any more: map the question to another field.",
                subject,
                answer,
            )
            continue
        try:
            ready.append(
                (
                    subject,
                    {"fieldId": field_id, "value": guesty_value(spec, answer, target.type, target.options)},
                    answer,
                )
            )
        except Mismatch as mismatch:
            _mismatch(context, mismatch.kind, f"{target.display_name}: {mismatch}", subject, answer)
    written = _put(context, reservation, ready)
    for subject in written:
        resolve(_open_issues(run.organization, subject), f"Written by sync run #{run.pk}.")
    # Answers no longer mapped (or now blank) settle their old issues too.
    still = {(s["field_key"], s["guesty_field_id"]) for s in subjects}
    for issue in _open_issues_of(run.organization, reservation):
        if (issue.field_key, issue.guesty_field_id) not in still:
            resolve(SyncIssue.objects.filter(pk=issue.pk), "No longer mapped.")
    if written:
        run.updated += 1
        record_action(sync_actor(run.organization), "guesty.answers_written", target=reservation, fields=len(written))
    elif not ready:
        run.unchanged += 1


def _put(context, reservation, ready):
    """PUT the values; on a 422 for several, each alone. Returns the subjects written."""
    if not ready:
        return []
    path = f"/reservations-v3/{reservation.external_id}/custom-fields"
    try:
        context.client.put(path, {"customFields": [value for _subject, value, _answer in ready]})
        return [subject for subject, _value, _answer in ready]
    except GuestyRejected as error:
        if error.status != 422:
            raise
        if len(ready) == 1:
            subject, value, answer = ready[0]
            _mismatch(
                context, IssueKind.REJECTED, "Guesty refused this value.", subject, answer, answer_text=error.answer
            )
            return []
    written = []
    for item in ready:
        written += _put(context, reservation, [item])
    return written


def _mismatch(context, kind, message, subject, answer, answer_text=""):
    context.run.failed += 1
    report(
        organization=context.run.organization,
        run=context.run,
        kind=kind,
        message=message,
        value=answer,
        guesty_answer=answer_text,
        **subject,
    )


def _open_issues(organization, subject):
    return SyncIssue.objects.filter(
        organization=organization,
        kind__in=WRITE_BACK_ISSUES,
        guesty_reservation_id=subject["guesty_reservation_id"],
        field_key=subject["field_key"],
        guesty_field_id=subject["guesty_field_id"],
    )


def _open_issues_of(organization, reservation):
    return SyncIssue.objects.filter(
        organization=organization, kind__in=WRITE_BACK_ISSUES, reservation=reservation, resolved_at=None
    )


def _answer(answers, spec):
    if spec.scope == FieldScope.RESERVATION:
        return (answers.get("reservation") or {}).get(spec.key)
    guests = answers.get("guests") or [{}]
    return (guests[0] or {}).get(spec.key)
