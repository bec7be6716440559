"""Online check-in's writes: start on the form as it is, save step by step, submit once, reopen."""

import base64
import io

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from PIL import Image

from accounts.models import ActivityLog, ActorType
from accounts.permissions import Role
from reservations.checkin.models import CheckinSubmission, GuestDocument
from reservations.checkin.services.forms import current_version, remove_field, update_field
from reservations.checkin.services.submissions import (
    IncompleteCheckin,
    checkin_submitted,
    reopen_checkin,
    save_step,
    start_checkin,
    steps_of,
    submit_checkin,
)
from reservations.checkin.standard_fields import DEFAULT_FORM_KEYS
from reservations.models import CheckinStatus
from tests.checkins import (
    MAIN_GUEST,
    OTHER_GUEST,
    document_uploads,
    fill_in_everything,
    form_data,
    photo,
    save,
    signature_data_url,
    uploads,
)
from tests.factories import MembershipFactory, ReservationFactory


@pytest.fixture
def submission(portal):
    return start_checkin(reservation=portal, language="en")


@pytest.fixture
def submitted(submission, django_capture_on_commit_callbacks):
    fill_in_everything(submission)
    with django_capture_on_commit_callbacks(execute=True):
        submit_checkin(submission=submission)
    submission.refresh_from_db()
    return submission


@pytest.fixture
def signals():
    """The submissions announced by `checkin_submitted`, in order."""
    received = []

    def receiver(sender, submission, **kwargs):
        received.append(submission.pk)

    checkin_submitted.connect(receiver)
    yield received
    checkin_submitted.disconnect(receiver)


# --- Starting ------------------------------------------------------------------------------


def test_starting_pins_the_form_as_it_is_now(portal, cast):
    submission = start_checkin(reservation=portal, language="es")

    assert submission.form_version == current_version(cast.form)
    assert [spec["key"] for spec in submission.form_version.schema] == DEFAULT_FORM_KEYS
    assert submission.party_size == 2
    assert submission.step == "details"
    assert submission.language == "es"
    portal.refresh_from_db()
    assert portal.checkin_status == CheckinStatus.IN_PROGRESS
    assert ActivityLog.objects.filter(action="checkin.started", actor_type=ActorType.GUEST).count() == 1


def test_starting_again_resumes_the_same_check_in(submission, portal):
    save(submission, "details", {"party_size": "2"})

    again = start_checkin(reservation=portal, language="en")

    assert again.pk == submission.pk
    assert again.step == "guest-1"
    assert CheckinSubmission.objects.filter(reservation=portal).count() == 1


def test_the_party_starts_no_larger_than_the_property_sleeps(cast):
    assert cast.form.is_default
    reservation = ReservationFactory(property=cast.villa, guests_count=6)
    cast.villa.max_guests = 4
    cast.villa.save()

    assert start_checkin(reservation=reservation, language="en").party_size == 4


def test_editing_the_form_later_changes_nothing_for_a_check_in_under_way(submission, cast):
    pinned = submission.form_version
    schema = [dict(spec) for spec in pinned.schema]

    update_field(
        actor=cast.owner,
        field=cast.form.fields.get(key="arrival_time"),
        required=True,
        label={"en": "When do you land?"},
    )
    remove_field(actor=cast.owner, field=cast.form.fields.get(key="document_number"))

    submission.refresh_from_db()
    pinned.refresh_from_db()
    assert submission.form_version_id == pinned.pk
    assert pinned.schema == schema
    # The guest goes on with the questions they started with: arrival time still optional, document number still asked.
    assert save(submission, "details", {"party_size": "2"}) == {}
    errors = save(submission, "guest-1", {**MAIN_GUEST, "f-document_number": ""})
    assert errors == {"f-document_number": "This field is required."}
    assert save(submission, "guest-1", MAIN_GUEST) == {}
    assert submission.answers["guests"][0]["document_number"] == "X1234567"


def test_a_check_in_started_after_the_edit_gets_the_new_form(submission, cast):
    remove_field(actor=cast.owner, field=cast.form.fields.get(key="document_number"))
    later = start_checkin(reservation=ReservationFactory(property=cast.villa), language="en")

    assert later.form_version.number == submission.form_version.number + 1
    assert "document_number" not in [spec["key"] for spec in later.form_version.schema]


def test_a_property_without_any_check_in_form_cannot_start_one(cast):
    reservation = ReservationFactory(property__organization=MembershipFactory().organization)

    with pytest.raises(ValidationError) as error:
        start_checkin(reservation=reservation, language="en")

    assert error.value.messages == ["Online check-in is not set up for this property yet."]


# --- The party size ---------------------------------------------------------------------------


def test_the_guest_can_correct_the_party_size_within_what_the_property_sleeps(submission):
    assert save(submission, "details", {"party_size": "6"}) == {}

    assert submission.party_size == 6
    assert [s.slug for s in steps_of(submission)][1:8] == [f"guest-{n}" for n in range(1, 7)] + ["documents"]


def test_after_a_step_the_callers_submission_holds_what_was_saved_without_asking_again(
    submission, django_assert_num_queries
):
    details = next(s for s in steps_of(submission) if s.slug == "details")
    data = form_data({"party_size": "3", "f-arrival_time": "17:30"})

    assert save_step(submission=submission, step=details, data=data, files=uploads(None), language="en") == {}

    with django_assert_num_queries(0):
        assert (submission.party_size, submission.step) == (3, "guest-1")
        assert submission.answers["reservation"]["arrival_time"] == "17:30"


@pytest.mark.skipif(connection.vendor != "postgresql", reason="SQLite locks the whole database, not rows")
def test_a_step_is_saved_under_a_lock_on_the_submissions_row(submission):
    details = next(s for s in steps_of(submission) if s.slug == "details")
    data = form_data({"party_size": "2", "f-arrival_time": "17:30"})

    with CaptureQueriesContext(connection) as queries:
        assert save_step(submission=submission, step=details, data=data, files=uploads(None), language="en") == {}

    reads = [q["sql"] for q in queries if q["sql"].startswith("SELECT") and "checkin_checkinsubmission" in q["sql"]]
    assert len(reads) == 1 and reads[0].endswith("FOR UPDATE")


def test_a_check_in_removed_meanwhile_is_not_saved(submission):
    CheckinSubmission.objects.filter(pk=submission.pk).delete()

    with pytest.raises(CheckinSubmission.DoesNotExist):
        save(submission, "details", {"party_size": "2", "f-arrival_time": "17:30"})


@pytest.mark.parametrize("party_size", ["0", "7", "-1", "two", "", "1e3", "99999999999999999999"])
def test_a_party_size_outside_one_to_the_maximum_is_refused(submission, party_size):
    errors = save(submission, "details", {"party_size": party_size, "f-arrival_time": "17:30"})

    assert errors == {"party_size": "Enter a number from 1 to 6."}
    assert submission.party_size == 2
    assert submission.answers["reservation"] == {}


def test_a_smaller_party_drops_the_extra_guests_answers_and_documents(submission, django_capture_on_commit_callbacks):
    fill_in_everything(submission, party_size=3)
    dropped = list(GuestDocument.objects.filter(submission=submission, guest_index__gte=1))
    assert len(dropped) == 2
    assert all(d.file.storage.exists(d.file.name) for d in dropped)

    with django_capture_on_commit_callbacks(execute=True):
        assert save(submission, "details", {"party_size": "1"}) == {}

    assert submission.party_size == 1
    assert [guest["first_name"] for guest in submission.answers["guests"]] == ["Anastasia"]
    kept = GuestDocument.objects.filter(submission=submission)
    assert {(d.guest_index, d.kind) for d in kept} == {(None, "signature"), (0, "front")}
    # The identity documents of people no longer in the party are gone from storage too.
    assert not any(d.file.storage.exists(d.file.name) for d in dropped)
    assert [s.slug for s in steps_of(submission)] == ["details", "guest-1", "documents", "agreement", "review"]


def test_a_larger_party_keeps_what_was_given(submission):
    fill_in_everything(submission, party_size=2)

    assert save(submission, "details", {"party_size": "3"}) == {}

    assert [guest["first_name"] for guest in submission.answers["guests"]] == ["Anastasia", "Luis"]
    assert GuestDocument.objects.filter(submission=submission, kind="front").count() == 2


# --- A step with a mistake saves no answer; files are kept one by one ----------------------------


def test_a_person_step_with_one_bad_answer_saves_none_of_it(submission):
    save(submission, "details", {"party_size": "2"})

    errors = save(submission, "guest-1", {**MAIN_GUEST, "f-email": "anastasia at example"})

    assert errors == {"f-email": "Enter an email address like name@example.com."}
    assert submission.answers["guests"] == []
    assert submission.step == "guest-1"


def test_a_documents_step_with_one_bad_file_keeps_the_good_one_and_names_the_bad_one(submission):
    fill_in_everything(submission)
    before = {d.guest_index: d.pk for d in GuestDocument.objects.filter(submission=submission, kind="front")}
    text = SimpleUploadedFile("passport.jpg", b"not a photo", content_type="image/jpeg")

    errors = save(
        submission,
        "documents",
        files={"doc-0-document_photo-front": photo(), "doc-1-document_photo-front": text},
    )

    assert errors == {"doc-1-document_photo-front": "This file is not a photo we can read. Upload a JPEG, PNG or PDF."}
    after = {d.guest_index: d.pk for d in GuestDocument.objects.filter(submission=submission, kind="front")}
    assert after[0] != before[0]  # the good photo replaced guest 1's front at once
    assert after[1] == before[1]  # guest 2's earlier photo is still there


def test_a_required_document_cannot_be_left_out(submission):
    fill_in_everything(submission)
    GuestDocument.objects.filter(submission=submission, guest_index=1).delete()

    errors = save(submission, "documents", files=document_uploads(0))

    assert errors == {"doc-1-document_photo-front": "Add a photo of the front of the document."}


def test_an_agreement_step_with_the_box_unticked_keeps_the_signature_but_not_the_answer(submission):
    fill_in_everything(submission)
    GuestDocument.objects.filter(submission=submission, kind="signature").delete()
    submission.answers["reservation"].pop("rental_agreement")
    submission.save()

    errors = save(submission, "agreement", {"sig-signature": signature_data_url()})

    assert errors == {"f-rental_agreement": "You need to accept the agreement to check in."}
    assert GuestDocument.objects.filter(submission=submission, kind="signature").count() == 1
    assert "rental_agreement" not in submission.answers["reservation"]
    # Ticking the box is then enough: the guest does not sign again.
    assert save(submission, "agreement", {"f-rental_agreement": "on"}) == {}
    assert submission.answers["reservation"]["rental_agreement"] is True


def test_an_agreement_step_with_a_blank_signature_keeps_no_answer(submission):
    fill_in_everything(submission)
    GuestDocument.objects.filter(submission=submission, kind="signature").delete()
    submission.answers["reservation"].pop("rental_agreement")
    submission.save()

    blank = io.BytesIO()
    Image.new("RGBA", (300, 100), (0, 0, 0, 0)).save(blank, format="PNG")
    drawn = "data:image/png;base64," + base64.b64encode(blank.getvalue()).decode()

    errors = save(submission, "agreement", {"f-rental_agreement": "on", "sig-signature": drawn})

    assert errors == {"sig-signature": "Sign in the box with your finger or mouse."}
    assert "rental_agreement" not in submission.answers["reservation"]
    assert not GuestDocument.objects.filter(submission=submission, kind="signature").exists()


# --- Submitting --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("unfinished", "step"),
    [
        ([], "guest-1"),
        (["details", "guest-1"], "guest-2"),
        (["details", "guest-1", "guest-2"], "documents"),
        (["details", "guest-1", "guest-2", "documents"], "agreement"),
    ],
)
def test_submitting_with_something_missing_names_the_step(submission, unfinished, step):
    given = {
        "details": ({"party_size": "2"}, None),
        "guest-1": (MAIN_GUEST, None),
        "guest-2": (OTHER_GUEST, None),
        "documents": (None, document_uploads(0, 1)),
    }
    for slug in unfinished:
        assert save(submission, slug, *given[slug]) == {}

    with pytest.raises(IncompleteCheckin) as missing:
        submit_checkin(submission=submission)

    assert missing.value.step == step
    submission.refresh_from_db()
    assert not submission.is_submitted


def test_a_missing_signature_sends_the_guest_back_to_the_agreement(submission):
    fill_in_everything(submission)
    GuestDocument.objects.filter(submission=submission, kind="signature").delete()

    with pytest.raises(IncompleteCheckin) as missing:
        submit_checkin(submission=submission)

    assert missing.value.step == "agreement"


def test_submitting_completes_the_reservations_check_in(submitted, portal):
    portal.refresh_from_db()

    assert submitted.is_submitted
    assert portal.checkin_status == CheckinStatus.COMPLETED
    assert portal.checkin_completed_at == submitted.submitted_at
    assert portal.guests_count == 2


def test_submitting_lists_the_party_as_the_reservations_guests(submitted, portal):
    guests = [(g.first_name, g.last_name, g.is_main, g.email, str(g.phone)) for g in portal.guests.all()]

    assert guests == [
        ("Anastasia", "García", True, "anastasia@example.com", "+34612345678"),
        ("Luis", "García", False, "", ""),
    ]


def test_submitting_is_logged_as_the_guest(submitted, portal):
    entry = ActivityLog.objects.get(action="checkin.submitted")

    assert entry.actor_type == ActorType.GUEST
    assert entry.actor_user is None
    assert entry.actor_label == "Ana Villa"
    assert entry.target_id == str(portal.pk)
    assert entry.details == {"party_size": 2, "form_version": submitted.form_version.number}


def test_the_owners_and_the_propertys_managers_are_emailed(
    submission, cast, mailoutbox, django_capture_on_commit_callbacks
):
    MembershipFactory(
        organization=cast.organization, role=Role.MANAGER, user__email="loft@seaside.test", properties=[cast.loft]
    )
    MembershipFactory(organization=cast.organization, role=Role.OWNER, user__email="co-owner@seaside.test")
    fill_in_everything(submission)

    with django_capture_on_commit_callbacks(execute=True):
        submit_checkin(submission=submission)

    assert len(mailoutbox) == 1
    assert sorted(mailoutbox[0].to) == ["co-owner@seaside.test", "manager@seaside.test", "owner@seaside.test"]


def test_nobody_is_emailed_when_the_transaction_does_not_commit(
    submission, mailoutbox, django_capture_on_commit_callbacks
):
    fill_in_everything(submission)

    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        submit_checkin(submission=submission)

    assert len(callbacks) == 1  # the checkin_submitted signal, which the team's email hangs on
    assert mailoutbox == []


def test_the_checkin_submitted_signal_fires_once(submission, signals, django_capture_on_commit_callbacks):
    fill_in_everything(submission)

    with django_capture_on_commit_callbacks(execute=True):
        submit_checkin(submission=submission)

    assert signals == [submission.pk]


def test_submitting_twice_is_harmless(submitted, signals, mailoutbox, django_capture_on_commit_callbacks):
    mailoutbox.clear()
    first_time = submitted.submitted_at

    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        again = submit_checkin(submission=submitted)

    assert again.submitted_at == first_time
    assert callbacks == []
    assert signals == []
    assert mailoutbox == []
    assert ActivityLog.objects.filter(action="checkin.submitted").count() == 1


def test_a_submitted_check_in_cannot_be_changed_by_the_guest(submitted):
    with pytest.raises(ValidationError) as error:
        save(submitted, "details", {"party_size": "1"})

    assert error.value.messages == ["Your check-in is already complete."]


# --- Reopening ------------------------------------------------------------------------------------


def test_reopening_lets_the_guest_correct_and_send_again(submitted, portal, cast, django_capture_on_commit_callbacks):
    reopen_checkin(actor=cast.manager, reservation=portal)

    submitted.refresh_from_db()
    portal.refresh_from_db()
    assert not submitted.is_submitted
    assert submitted.reopened_at is not None
    assert submitted.step == "review"
    assert portal.checkin_status == CheckinStatus.IN_PROGRESS
    assert portal.checkin_completed_at is None
    entry = ActivityLog.objects.get(action="checkin.reopened")
    assert entry.actor_user == cast.manager.user

    assert save(submitted, "guest-2", {**OTHER_GUEST, "f-first_name": "Lucía"}) == {}
    with django_capture_on_commit_callbacks(execute=True):
        submit_checkin(submission=submitted)
    assert sorted(portal.guests.values_list("first_name", flat=True)) == ["Anastasia", "Lucía"]


def test_only_a_completed_check_in_can_be_reopened(submission, portal, cast):
    with pytest.raises(ValidationError) as error:
        reopen_checkin(actor=cast.manager, reservation=portal)

    assert error.value.messages == ["Only a completed check-in can be reopened."]
    assert not ActivityLog.objects.filter(action="checkin.reopened").exists()


# --- Encryption at rest -----------------------------------------------------------------------------


def test_answers_are_encrypted_in_the_database(submitted):
    with connection.cursor() as cursor:
        cursor.execute("SELECT answers FROM checkin_checkinsubmission WHERE id = %s", [submitted.pk])
        (raw,) = cursor.fetchone()

    for secret in [
        "X1234567",
        "Y7654321",
        "Anastasia",
        "García",
        "anastasia@example.com",
        "+34612345678",
        "1990-04-01",
    ]:
        assert secret not in raw
    reread = CheckinSubmission.objects.get(pk=submitted.pk)
    assert reread.answers["guests"][0]["document_number"] == "X1234567"
    assert reread.answers["guests"][1]["last_name"] == "García"
    assert reread.answers["reservation"]["arrival_time"] == "17:30"
