"""A guest's files are kept the moment each is accepted: one bad photo, or an unticked box, never costs a good one.

Documents arrive one at a time (the portal's script sends each as soon as it is picked) or
all together (the plain form); either way each accepted file is stored at once, each refused
one is named on its own, and the step moves on only when every required front is there.
A signature, drawn or typed as the guest's full name, is kept whatever else the step lacks.
"""

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.test import RequestFactory
from django.utils import timezone

from reservations.checkin.models import CheckinSubmission, GuestDocument
from reservations.checkin.selectors import known_main_guest_answers, typed_signatures_of
from reservations.checkin.services.submissions import (
    first_incomplete_step,
    keep_documents,
    remove_document,
    start_checkin,
    submit_checkin,
)
from reservations.checkin.summary import summary_of
from reservations.models import CheckinStatus, Guest
from tests.checkins import (
    MAIN_GUEST,
    OTHER_GUEST,
    fill_in_everything,
    not_a_photo,
    photo,
    png_bytes,
    save,
    signature_data_url,
    uploads,
)
from tests.factories import ReservationFactory

NOT_A_PHOTO = "This file is not a photo we can read. Upload a JPEG, PNG or PDF."
ADD_THE_FRONT = "Add a photo of the front of the document."
FRONT_1, BACK_1, FRONT_2 = "doc-0-document_photo-front", "doc-0-document_photo-back", "doc-1-document_photo-front"


@pytest.fixture
def submission(portal):
    """A check-in of two guests who have answered everything up to their documents."""
    submission = start_checkin(reservation=portal, language="en")
    for slug, values in [("details", {"party_size": "2"}), ("guest-1", MAIN_GUEST), ("guest-2", OTHER_GUEST)]:
        assert save(submission, slug, values) == {}
    return submission


def kept(submission):
    """{(guest_index, kind)} of the identity documents stored."""
    return {(d.guest_index, d.kind) for d in GuestDocument.objects.filter(submission=submission)}


def guest_request(address="203.0.113.7"):
    return RequestFactory().post("/", REMOTE_ADDR=address)


# --- Documents, one at a time or together -----------------------------------------------------------


def test_a_file_sent_on_its_own_is_kept_at_once_and_the_step_stays_where_it_is(submission):
    errors = keep_documents(submission=submission, files=uploads({FRONT_1: photo()}))

    assert errors == {}
    assert kept(submission) == {(0, "front")}
    submission.refresh_from_db()
    assert submission.step == "documents"


def test_of_files_sent_together_each_refused_one_is_named_alone_and_the_others_are_kept(submission):
    errors = keep_documents(
        submission=submission,
        files=uploads({FRONT_1: photo(), BACK_1: not_a_photo("back.jpg"), FRONT_2: photo()}),
    )

    assert errors == {BACK_1: NOT_A_PHOTO}
    assert kept(submission) == {(0, "front"), (1, "front")}


def test_a_failed_upload_on_the_step_keeps_the_other_accepted_file_and_the_step_does_not_move_on(submission):
    errors = save(submission, "documents", files={FRONT_1: photo(), FRONT_2: not_a_photo()})

    assert errors == {FRONT_2: NOT_A_PHOTO}  # refused, so not also reported missing
    assert kept(submission) == {(0, "front")}
    assert submission.step == "documents"
    # The guest sends only the one that failed: the step moves on.
    assert save(submission, "documents", files={FRONT_2: photo()}) == {}
    assert submission.step == "agreement"


def test_continuing_moves_on_only_when_every_required_front_is_there(submission):
    keep_documents(submission=submission, files=uploads({FRONT_1: photo(), BACK_1: photo()}))

    assert save(submission, "documents") == {FRONT_2: ADD_THE_FRONT}
    assert submission.step == "documents"

    keep_documents(submission=submission, files=uploads({FRONT_2: photo()}))
    assert save(submission, "documents") == {}
    assert submission.step == "agreement"


def test_a_new_file_for_a_side_replaces_the_old_one_and_its_stored_file(submission, django_capture_on_commit_callbacks):
    keep_documents(submission=submission, files=uploads({FRONT_1: photo()}))
    old = GuestDocument.objects.get(submission=submission)

    with django_capture_on_commit_callbacks(execute=True):
        keep_documents(submission=submission, files=uploads({FRONT_1: photo("better.png")}))

    new = GuestDocument.objects.get(submission=submission)
    assert new.pk != old.pk
    assert not old.file.storage.exists(old.file.name)
    assert new.file.storage.exists(new.file.name)


def test_the_guest_removes_a_side_and_its_stored_file_goes_too(submission, django_capture_on_commit_callbacks):
    keep_documents(submission=submission, files=uploads({FRONT_1: photo(), BACK_1: photo()}))
    back = GuestDocument.objects.get(submission=submission, kind="back")

    with django_capture_on_commit_callbacks(execute=True):
        remove_document(submission=submission, document=back)

    assert kept(submission) == {(0, "front")}
    assert not back.file.storage.exists(back.file.name)


def test_a_signature_is_not_removed_as_a_document(submission):
    fill_in_everything(submission)
    signature = GuestDocument.objects.get(submission=submission, kind="signature")

    with pytest.raises(ValidationError):
        remove_document(submission=submission, document=signature)

    assert GuestDocument.objects.filter(pk=signature.pk).exists()


def test_nothing_is_kept_or_removed_once_the_check_in_is_sent(submission):
    fill_in_everything(submission)
    submit_checkin(submission=submission, notify=False)
    front = GuestDocument.objects.get(submission=submission, guest_index=0, kind="front")

    with pytest.raises(ValidationError):
        keep_documents(submission=submission, files=uploads({FRONT_1: photo()}))
    with pytest.raises(ValidationError):
        remove_document(submission=submission, document=front)

    assert GuestDocument.objects.get(submission=submission, guest_index=0, kind="front").pk == front.pk


def test_each_request_has_its_own_decode_budget(submission, settings):
    """The per-request budget still holds: two large photos in one POST are too many; each on its own is fine."""
    settings.UPLOAD_PIXELS_PER_REQUEST = 1_500 * 1_000
    from django.core.files.uploadedfile import SimpleUploadedFile

    def large():
        return SimpleUploadedFile("id.png", png_bytes(size=(1_000, 1_000)), content_type="image/png")

    errors = keep_documents(submission=submission, files=uploads({FRONT_1: large(), FRONT_2: large()}))

    assert errors == {FRONT_2: "Too many large photos at once: send this one again on its own."}
    assert kept(submission) == {(0, "front")}
    assert keep_documents(submission=submission, files=uploads({FRONT_2: large()})) == {}
    assert kept(submission) == {(0, "front"), (1, "front")}


# --- Signatures: drawn or typed, kept whatever else the step lacks ------------------------------------


@pytest.fixture
def signing(submission):
    """At the agreement step, documents sent."""
    assert save(submission, "documents", files={FRONT_1: photo(), FRONT_2: photo()}) == {}
    return submission


def test_a_typed_signature_is_the_guests_name_with_when_and_from_which_address(signing):
    before = timezone.now()

    errors = save(
        signing,
        "agreement",
        {"f-rental_agreement": "on", "sig-signature-typed": "  Anastasia   García "},
        request=guest_request("203.0.113.7"),
    )

    assert errors == {}
    [(key, signature)] = typed_signatures_of(signing).items()
    assert (key, signature.name, signature.signed_from) == ("signature", "Anastasia García", "203.0.113.7")
    assert before <= signature.signed_at <= timezone.now()
    assert not GuestDocument.objects.filter(submission=signing, kind="signature").exists()


def test_a_typed_signature_completes_the_check_in(signing):
    save(signing, "agreement", {"f-rental_agreement": "on", "sig-signature-typed": "Anastasia García"})

    assert first_incomplete_step(signing) is None
    submit_checkin(submission=signing, notify=False)
    signing.reservation.refresh_from_db()
    assert signing.reservation.checkin_status == CheckinStatus.COMPLETED


@pytest.mark.parametrize(
    ("typed", "message"),
    [
        ("", "Sign with your finger or mouse, or type your full name."),
        ("   ", "Sign with your finger or mouse, or type your full name."),
        ("1", "Type your full name to sign."),
        ("12345", "Type your full name to sign."),
        ("Ana\x00García", "Type your full name to sign."),
        ("A" * 151, "Type your full name to sign."),
    ],
)
def test_a_typed_signature_must_be_a_name(signing, typed, message):
    errors = save(signing, "agreement", {"f-rental_agreement": "on", "sig-signature-typed": typed})

    assert errors == {"sig-signature": message}
    assert typed_signatures_of(signing) == {}
    assert "rental_agreement" not in signing.answers["reservation"]


def test_a_typed_signature_is_kept_when_the_agreement_box_is_unticked(signing):
    errors = save(signing, "agreement", {"sig-signature-typed": "Anastasia García"})

    assert errors == {"f-rental_agreement": "You need to accept the agreement to check in."}
    assert typed_signatures_of(signing)["signature"].name == "Anastasia García"
    assert "rental_agreement" not in signing.answers["reservation"]
    assert save(signing, "agreement", {"f-rental_agreement": "on"}) == {}


def test_typing_replaces_a_drawn_signature_and_drawing_replaces_a_typed_one(
    signing, django_capture_on_commit_callbacks
):
    save(signing, "agreement", {"f-rental_agreement": "on", "sig-signature": signature_data_url()})
    drawn = GuestDocument.objects.get(submission=signing, kind="signature")

    with django_capture_on_commit_callbacks(execute=True):
        save(signing, "agreement", {"f-rental_agreement": "on", "sig-signature-typed": "Anastasia García"})

    assert not GuestDocument.objects.filter(submission=signing, kind="signature").exists()
    assert not drawn.file.storage.exists(drawn.file.name)
    assert set(typed_signatures_of(signing)) == {"signature"}

    save(signing, "agreement", {"f-rental_agreement": "on", "sig-signature": signature_data_url()})

    assert GuestDocument.objects.filter(submission=signing, kind="signature").count() == 1
    assert typed_signatures_of(signing) == {}


def test_a_typed_signature_is_encrypted_at_rest(signing):
    save(
        signing,
        "agreement",
        {"f-rental_agreement": "on", "sig-signature-typed": "Zacarías Quintana"},
        request=guest_request("198.51.100.23"),
    )

    with connection.cursor() as cursor:
        cursor.execute("SELECT answers FROM checkin_checkinsubmission WHERE id = %s", [signing.pk])
        (raw,) = cursor.fetchone()
    assert "Zacarías" not in raw and "Quintana" not in raw and "198.51.100.23" not in raw
    assert typed_signatures_of(CheckinSubmission.objects.get(pk=signing.pk))["signature"].name == "Zacarías Quintana"


def test_the_summary_shows_each_signature_drawn_or_typed(signing, portal):
    save(
        signing,
        "agreement",
        {"f-rental_agreement": "on", "sig-signature-typed": "Anastasia García"},
        request=guest_request(),
    )

    agreement = summary_of(signing, "en")[-1]

    [signature] = agreement["signatures"]
    assert (signature["label"], signature["document"], signature["typed"]) == ("Signature", None, "Anastasia García")
    assert signature["signed_at"] is not None and signature["signed_from"] == "203.0.113.7"

    save(signing, "agreement", {"f-rental_agreement": "on", "sig-signature": signature_data_url()})
    [signature] = summary_of(signing, "en")[-1]["signatures"]
    assert signature["document"] == GuestDocument.objects.get(submission=signing, kind="signature")
    assert signature["typed"] == ""


# --- What the host already knows of the main guest ---------------------------------------------------


def test_the_main_guests_details_come_from_the_main_guest_then_the_reservation(cast):
    reservation = ReservationFactory(
        property=cast.villa, guest_name="María José Ruiz", guest_email="mj@example.com", guest_phone="+34611222333"
    )

    assert known_main_guest_answers(reservation) == {
        "first_name": "María José",
        "last_name": "Ruiz",
        "email": "mj@example.com",
        "phone": "+34611222333",
    }

    Guest.objects.create(
        organization=reservation.organization, reservation=reservation, is_main=True, first_name="Maria", last_name=""
    )
    known = known_main_guest_answers(reservation)
    assert (known["first_name"], known["last_name"], known["email"]) == ("Maria", "Ruiz", "mj@example.com")


def test_nothing_is_known_that_the_host_left_blank(cast):
    reservation = ReservationFactory(property=cast.villa, guest_name="Prince", guest_email="", guest_phone="")

    assert known_main_guest_answers(reservation) == {"first_name": "Prince"}
