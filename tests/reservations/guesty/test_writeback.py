"""Check-in answers written back to Guesty's custom fields; every answer that cannot go is an issue to fix and retry."""

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from accounts.models import ActivityLog
from reservations.checkin.models import CheckinSubmission, FormField
from reservations.checkin.services.forms import current_version
from reservations.checkin.services.submissions import checkin_submitted
from reservations.guesty.models import IssueKind, SyncIssue
from reservations.guesty.services.fields import map_field
from reservations.guesty.services.issues import retry
from reservations.models import Reservation
from tests.reservations.guesty.conftest import stay, sync

ANSWERS = {
    "reservation": {"arrival_time": "17:30"},
    "guests": [{"first_name": "Marta", "date_of_birth": "1990-04-02", "document_type": "passport"}, {}],
}


@pytest.fixture
def guesty_fields(fake_guesty):
    return {
        "arrival": fake_guesty.add_custom_field("Arrival time", "text"),
        "birth": fake_guesty.add_custom_field("Date of birth", "date"),
        "document": fake_guesty.add_custom_field("Document", "enum", options=["Passport", "National ID card"]),
        "adults": fake_guesty.add_custom_field("Adults", "number"),
    }


@pytest.fixture
def checked_in(cast, imported, listing, fake_guesty, guesty_fields):
    """A Guesty stay whose guest completed check-in with the account's standard form."""
    booked = stay(fake_guesty, listing)
    sync(cast.organization, "backfill")
    sync(cast.organization, "listings")  # mirrors the custom fields too
    reservation = Reservation.objects.get(external_id=booked["_id"])
    return CheckinSubmission.objects.create(
        organization=cast.organization,
        reservation=reservation,
        form_version=current_version(cast.form),
        answers=ANSWERS,
        party_size=2,
        submitted_at=timezone.now(),
    )


def mapping(cast, **pairs):
    for key, field_id in pairs.items():
        FormField.objects.filter(form=cast.form, key=key).update(guesty_custom_field_id=field_id)


def written(fake, submission):
    stored = fake.get_reservation(submission.reservation.external_id)["customFields"]
    return {item["fieldId"]: item["value"] for item in stored}


def write_back(submission):
    return sync(submission.organization, "write_back", reservation=submission.reservation_id)


def test_mapped_answers_are_written_to_the_reservations_custom_fields(cast, checked_in, guesty_fields, fake_guesty):
    mapping(
        cast,
        arrival_time=guesty_fields["arrival"]["_id"],
        date_of_birth=guesty_fields["birth"]["_id"],
        document_type=guesty_fields["document"]["_id"],
    )

    run = write_back(checked_in)

    assert run.status == "succeeded" and run.failed == 0
    assert written(fake_guesty, checked_in) == {
        guesty_fields["arrival"]["_id"]: "17:30",
        guesty_fields["birth"]["_id"]: "1990-04-02",
        guesty_fields["document"]["_id"]: "Passport",
    }
    assert ActivityLog.objects.filter(action="guesty.answers_written").exists()


def test_completing_check_in_queues_the_write_back(
    cast, checked_in, guesty_fields, fake_guesty, django_capture_on_commit_callbacks
):
    mapping(cast, arrival_time=guesty_fields["arrival"]["_id"])

    with django_capture_on_commit_callbacks(execute=True):
        checkin_submitted.send(sender=CheckinSubmission, submission=checked_in)

    assert written(fake_guesty, checked_in) == {guesty_fields["arrival"]["_id"]: "17:30"}


def test_a_field_deleted_in_guesty_is_an_issue_naming_the_question_and_the_value(
    cast, checked_in, guesty_fields, fake_guesty
):
    mapping(cast, arrival_time=guesty_fields["arrival"]["_id"])
    fake_guesty.delete_custom_field(guesty_fields["arrival"]["_id"])
    sync(cast.organization, "listings")

    run = write_back(checked_in)

    issue = SyncIssue.objects.get()
    assert (issue.kind, issue.field_key, issue.guesty_field_id, issue.value) == (
        IssueKind.UNKNOWN_FIELD,
        "arrival_time",
        guesty_fields["arrival"]["_id"],
        "17:30",
    )
    assert issue.reservation == checked_in.reservation
    assert run.failed == 1


def test_an_incompatible_type_is_an_issue(cast, checked_in, guesty_fields):
    mapping(cast, arrival_time=guesty_fields["adults"]["_id"])  # text into a number field

    write_back(checked_in)

    issue = SyncIssue.objects.get()
    assert issue.kind == IssueKind.INCOMPATIBLE_TYPE
    assert "cannot take this answer" in issue.message


def test_an_answer_that_is_not_one_of_guestys_options_is_an_issue(cast, checked_in, guesty_fields):
    mapping(cast, document_type=guesty_fields["document"]["_id"])
    checked_in.answers = {**ANSWERS, "guests": [{"document_type": "driving_licence"}]}
    checked_in.save()

    write_back(checked_in)

    issue = SyncIssue.objects.get()
    assert issue.kind == IssueKind.NOT_AN_OPTION
    assert "Driving licence" in issue.message


def test_values_guesty_refuses_are_an_issue_with_its_answer_and_the_rest_is_written(
    cast, checked_in, guesty_fields, fake_guesty
):
    mapping(cast, arrival_time=guesty_fields["arrival"]["_id"], date_of_birth=guesty_fields["birth"]["_id"])
    fake_guesty.delete_custom_field(guesty_fields["birth"]["_id"])  # GoRently has not noticed yet

    write_back(checked_in)

    issue = SyncIssue.objects.get()
    assert issue.kind == IssueKind.REJECTED
    assert "VALIDATION_ERROR" in issue.guesty_answer
    assert issue.field_key == "date_of_birth"
    assert written(fake_guesty, checked_in) == {guesty_fields["arrival"]["_id"]: "17:30"}


def test_retry_after_fixing_the_mapping_resolves_the_issue_and_keeps_it_in_history(
    cast, checked_in, guesty_fields, fake_guesty, django_capture_on_commit_callbacks
):
    mapping(cast, arrival_time=guesty_fields["adults"]["_id"])
    write_back(checked_in)
    field = FormField.objects.get(form=cast.form, key="arrival_time")
    map_field(actor=cast.owner, form_field=field, guesty_field_id=guesty_fields["arrival"]["_id"])

    with django_capture_on_commit_callbacks(execute=True):
        retry(actor=cast.owner, issues=SyncIssue.objects.all())

    issue = SyncIssue.objects.get()
    assert issue.resolved_at is not None
    assert written(fake_guesty, checked_in) == {guesty_fields["arrival"]["_id"]: "17:30"}


def test_mapping_refuses_a_field_whose_type_cannot_take_the_answers(cast, connected, guesty_fields):
    sync(cast.organization, "listings")
    field = FormField.objects.get(form=cast.form, key="arrival_time")

    with pytest.raises(ValidationError, match="cannot take this answer"):
        map_field(actor=cast.owner, form_field=field, guesty_field_id=guesty_fields["adults"]["_id"])
    field.refresh_from_db()
    assert field.guesty_custom_field_id == ""


def test_mapping_a_choice_needs_every_option_in_guesty(cast, connected, guesty_fields):
    sync(cast.organization, "listings")
    field = FormField.objects.get(form=cast.form, key="document_type")

    with pytest.raises(ValidationError, match="no option for: Driving licence"):
        map_field(actor=cast.owner, form_field=field, guesty_field_id=guesty_fields["document"]["_id"])


def test_a_stay_not_from_guesty_writes_nothing(cast, connected, fake_guesty):
    submission = CheckinSubmission.objects.create(
        organization=cast.organization,
        reservation=cast.villa_reservation,
        form_version=current_version(cast.form),
        answers=ANSWERS,
        submitted_at=timezone.now(),
    )
    fake_guesty.reset_log()

    run = write_back(submission)

    assert run.skipped == 1
    assert fake_guesty.request_count("/v1/reservations-v3") == 0
