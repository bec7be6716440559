"""GET /api/v1/checkins/{reservation_id}/ and GET /api/v1/documents/{signed}/: a reservation's check-in as the host
reads it, and its files through links signed for the caller's account that open for five minutes."""

import time
from unittest import mock

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from accounts.models import ActivityLog, ActorType
from reservations.checkin.api.checkins import LINK_SECONDS
from reservations.checkin.services.forms import ensure_default_form
from reservations.checkin.services.retention import purge_now
from reservations.checkin.services.submissions import start_checkin, submit_checkin
from reservations.models import CheckinStatus, Reservation
from tests.checkins import fill_in_everything
from tests.factories import CheckinSubmissionFactory, GuestDocumentFactory, GuestFactory

pytestmark = pytest.mark.django_db

PHOTO = b"\x89PNG\r\n\x1a\nthe bytes of a passport photo"


@pytest.fixture(autouse=True)
def private_media(settings, tmp_path):
    """Private storage in a fresh folder, as production keeps it: outside MEDIA_ROOT, encrypted."""
    settings.STORAGES = {
        **settings.STORAGES,
        "private": {
            "BACKEND": "gorently.storage.PrivateFileSystemStorage",
            "OPTIONS": {"location": tmp_path / "private-media", "base_url": None},
        },
    }


def url(reservation):
    return reverse("api:checkin-detail", kwargs={"reservation_id": reservation.pk})


def checked_in(cast, reservation, party_size=2):
    """`reservation` checked in through the portal's services with the account's standard form."""
    ensure_default_form(cast.organization)
    reservation.guests_count = party_size
    reservation.save()
    submission = start_checkin(reservation=reservation, language="en")
    fill_in_everything(submission, party_size=party_size)
    submit_checkin(submission=submission)
    reservation.refresh_from_db()
    return reservation


@pytest.fixture
def villa_photo(cast):
    """A front photo of the main guest's document, checked in on the villa reservation (the small test form)."""
    submission = CheckinSubmissionFactory(reservation=cast.villa_reservation, submitted_at=timezone.now())
    return GuestDocumentFactory(submission=submission, data=PHOTO)


def link_to(document, api, key):
    body = api(key).get(url(document.submission.reservation)).json()
    return next(entry["url"] for entry in body["documents"] if entry["id"] == document.pk)


# --- The check-in -------------------------------------------------------------------------------


def test_reads_the_status_party_form_version_and_guests_of_a_completed_check_in(cast, keys, api):
    reservation = checked_in(cast, cast.villa_reservation)

    body = api(keys.read).get(url(reservation)).json()

    submission = reservation.checkin
    assert body["reservation"] == reservation.pk
    assert body["checkin_status"] == "completed"
    assert body["submitted_at"] is not None
    assert body["purged_at"] is None
    assert body["party_size"] == 2
    assert body["language"] == "en"
    assert (body["form"], body["form_version"]) == (cast.form.pk, submission.form_version.number)
    assert [(g["first_name"], g["is_main"], g["email"], g["phone"]) for g in body["guests"]] == [
        ("Anastasia", True, "anastasia@example.com", "+34612345678"),
        ("Luis", False, "", ""),
    ]


def test_answers_list_every_question_in_step_order_with_whose_answer_it_is(cast, keys, api):
    reservation = checked_in(cast, cast.villa_reservation)

    answers = api(keys.read).get(url(reservation)).json()["answers"]

    by_guest = {(a["guest"], a["key"]): a for a in answers}
    assert answers[0]["guest"] is None and answers[0]["key"] == "arrival_time"  # the stay's step comes first
    assert [a["guest"] for a in answers if a["key"] == "first_name"] == [1, 2]
    assert by_guest[(1, "nationality")] | {"guest": 1} == {
        "guest": 1,
        "key": "nationality",
        "label": "Nationality",
        "type": "country",
        "identity_data": False,
        "value": "ES",
        "display": "Spain",
    }
    assert by_guest[(2, "document_type")]["value"] == "id_card"
    assert by_guest[(2, "document_type")]["display"] == "National ID card"
    assert by_guest[(1, "date_of_birth")]["value"] == "1990-04-01"
    assert by_guest[(1, "document_number")]["identity_data"] is True
    assert by_guest[(None, "rental_agreement")]["value"] is True


def test_lists_the_identity_documents_and_the_signature_with_links_valid_five_minutes(cast, keys, api):
    reservation = checked_in(cast, cast.villa_reservation)
    before = timezone.now()

    body = api(keys.read).get(url(reservation)).json()

    documents = body["documents"]
    assert [(d["guest"], d["field"], d["kind"]) for d in documents] == [
        (1, "document_photo", "front"),
        (2, "document_photo", "front"),
        (None, "signature", "signature"),
    ]
    assert all(d["content_type"] == "image/png" and d["size"] > 0 for d in documents)
    assert all(d["url"].startswith("http://testserver/api/v1/documents/") for d in documents)
    expires = timezone.datetime.fromisoformat(documents[0]["expires_at"])
    assert LINK_SECONDS - 5 <= (expires - before).total_seconds() <= LINK_SECONDS + 5
    assert body["signatures"] == [
        {"label": "Signature", "typed": "", "signed_at": None, "document": documents[2]["id"]}
    ]


def test_the_response_is_not_cached(cast, keys, api, villa_photo):
    response = api(keys.read).get(url(cast.villa_reservation))

    assert response["Cache-Control"] == "private, no-store"


def test_a_reservation_whose_guest_has_not_started_reads_not_started_with_nothing_answered(cast, keys, api):
    GuestFactory(reservation=cast.villa_reservation, is_main=True, first_name="Ana")

    body = api(keys.read).get(url(cast.villa_reservation)).json()

    assert body["checkin_status"] == "not_started"
    assert body["submitted_at"] is body["party_size"] is body["form_version"] is None
    assert body["answers"] == body["documents"] == body["signatures"] == []
    assert [guest["first_name"] for guest in body["guests"]] == ["Ana"]


def test_a_check_in_in_progress_has_blank_answers_as_null(cast, keys, api):
    submission = CheckinSubmissionFactory(
        reservation=cast.villa_reservation, answers={"reservation": {"arrival_time": ""}, "guests": []}
    )
    Reservation.objects.filter(pk=cast.villa_reservation.pk).update(checkin_status=CheckinStatus.IN_PROGRESS)

    body = api(keys.read).get(url(submission.reservation)).json()

    assert body["checkin_status"] == "in_progress"
    assert body["submitted_at"] is None
    first = {(a["guest"], a["key"]): a for a in body["answers"]}
    assert first[(None, "arrival_time")]["value"] is first[(None, "arrival_time")]["display"] is None
    assert first[(1, "first_name")]["value"] is None


def test_after_the_purge_identity_answers_read_null_and_only_the_signature_remains(cast, keys, api):
    reservation = checked_in(cast, cast.villa_reservation)
    purge_now(actor=cast.owner, reservation=reservation)

    body = api(keys.read).get(url(reservation)).json()

    assert body["purged_at"] is not None
    answers = {(a["guest"], a["key"]): a["value"] for a in body["answers"]}
    assert answers[(1, "document_number")] is None
    assert answers[(2, "document_number")] is None
    assert answers[(1, "nationality")] == "ES"  # not identity data: kept
    assert [d["kind"] for d in body["documents"]] == ["signature"]


def test_a_read_only_key_reads_identity_data_too(cast, keys, api):
    reservation = checked_in(cast, cast.villa_reservation)

    body = api(keys.read).get(url(reservation)).json()

    assert {a["value"] for a in body["answers"] if a["key"] == "document_number"} == {"X1234567", "Y7654321"}
    assert len(body["documents"]) == 3


def test_reading_a_check_in_writes_nothing_to_the_activity_log(cast, keys, api, villa_photo):
    before = ActivityLog.objects.count()

    api(keys.read).get(url(cast.villa_reservation))

    assert ActivityLog.objects.count() == before


# --- Who reads which check-in ---------------------------------------------------------------------


def test_another_accounts_reservation_is_not_found(cast, keys, api):
    response = api(keys.outsider).get(url(cast.villa_reservation))

    assert response.status_code == 404
    assert response.json()["error"]["code"] == "not_found"


def test_the_other_account_does_not_see_ours_nor_we_theirs(cast, keys, api):
    assert api(keys.read).get(url(cast.outsider_reservation)).status_code == 404
    assert api(keys.outsider).get(url(cast.outsider_reservation)).status_code == 200


def test_a_key_limited_to_the_villa_reads_the_villas_check_in_but_not_the_lofts(cast, keys, api):
    assert api(keys.villa_only).get(url(cast.villa_reservation)).status_code == 200
    assert api(keys.villa_only).get(url(cast.loft_reservation)).status_code == 404


def test_a_concierge_signed_in_reads_the_check_in_of_a_property_they_look_after(cast, client_for, villa_photo):
    client = client_for(cast.concierge)

    assert client.get(url(cast.villa_reservation)).status_code == 200
    assert client.get(url(cast.loft_reservation)).status_code == 404


@pytest.mark.parametrize("key", ["read", "write"])
@pytest.mark.parametrize("method", ["post", "put", "patch", "delete"])
def test_the_check_in_is_read_only_for_every_key_and_nothing_changes(cast, keys, api, villa_photo, key, method):
    response = getattr(api(getattr(keys, key)), method)(url(cast.villa_reservation), {"party_size": 5}, format="json")

    assert response.status_code == 405
    assert response.json()["error"]["code"] == "method_not_allowed"
    villa_photo.submission.refresh_from_db()
    assert villa_photo.submission.party_size == 1


def test_no_key_or_a_revoked_one_is_401(cast, keys, api):
    assert api().get(url(cast.villa_reservation)).status_code == 401
    assert api(keys.revoked).get(url(cast.villa_reservation)).status_code == 401


@pytest.mark.parametrize("reservation_id", ["abc", "-1", "0", "1.5", "99999999999999999999999", "%00"])
def test_an_id_that_is_not_one_is_not_found_in_the_error_shape(keys, api, reservation_id):
    response = api(keys.read).get(f"/api/v1/checkins/{reservation_id}/")

    assert response.status_code == 404
    assert response.json()["error"]["code"] == "not_found"


def test_the_query_count_is_the_same_for_one_guest_or_six(cast, keys, api):
    small = checked_in(cast, cast.villa_reservation, party_size=1)
    large = checked_in(cast, cast.loft_reservation, party_size=6)
    client = api(keys.read)
    client.get(url(small))  # the key's first use writes its `last_used_at`

    with CaptureQueriesContext(connection) as one:
        assert len(client.get(url(small)).json()["documents"]) == 2
    with CaptureQueriesContext(connection) as six:
        assert len(client.get(url(large)).json()["documents"]) == 7

    assert len(six) == len(one) <= 4  # the key, the reservation with its check-in, the guests, the files


# --- The files, through signed links ----------------------------------------------------------------


def test_a_documents_link_opens_the_decrypted_file_as_a_private_attachment(cast, keys, api, villa_photo):
    response = api(keys.read).get(link_to(villa_photo, api, keys.read))

    assert response.status_code == 200
    assert b"".join(response.streaming_content) == PHOTO
    assert response["Content-Type"] == "image/png"
    assert response["Content-Disposition"].startswith("attachment")
    assert response["Cache-Control"] == "private, no-store"
    assert response["X-Content-Type-Options"] == "nosniff"


def test_each_file_fetched_is_in_the_activity_log_naming_the_key(cast, keys, api, villa_photo):
    link = link_to(villa_photo, api, keys.read)

    api(keys.read).get(link)
    api(keys.read).get(link)

    entries = ActivityLog.objects.filter(action="checkin.document_viewed")
    assert entries.count() == 2
    entry = entries.first()
    assert entry.actor_type == ActorType.INTEGRATION
    assert entry.actor_label.startswith("API key Reporting")
    assert entry.target_id == str(cast.villa_reservation.pk)
    assert entry.details == {"document_id": villa_photo.pk, "field_key": "document_photo", "kind": "front", "guest": 1}


def test_a_link_opens_until_five_minutes_have_passed_and_not_after(cast, keys, api, villa_photo):
    link = link_to(villa_photo, api, keys.read)
    now = time.time()

    with mock.patch("time.time", return_value=now + LINK_SECONDS - 10):
        assert api(keys.read).get(link).status_code == 200
    with mock.patch("time.time", return_value=now + LINK_SECONDS + 10):
        response = api(keys.read).get(link)

    assert response.status_code == 404
    assert response.json()["error"]["code"] == "not_found"
    assert "expired" in response.json()["error"]["message"]


def test_a_link_made_for_our_account_does_not_open_with_another_accounts_key(cast, keys, api, villa_photo):
    link = link_to(villa_photo, api, keys.read)

    response = api(keys.outsider).get(link)

    assert response.status_code == 404
    assert not ActivityLog.objects.filter(action="checkin.document_viewed").exists()


def test_a_link_opens_with_another_key_of_the_same_account(cast, keys, api, villa_photo):
    assert api(keys.write).get(link_to(villa_photo, api, keys.read)).status_code == 200


def test_a_link_to_a_loft_document_does_not_open_with_a_key_limited_to_the_villa(cast, keys, api):
    submission = CheckinSubmissionFactory(reservation=cast.loft_reservation, submitted_at=timezone.now())
    loft_photo = GuestDocumentFactory(submission=submission, data=PHOTO)

    assert api(keys.villa_only).get(link_to(loft_photo, api, keys.read)).status_code == 404


def test_a_link_needs_a_key(cast, keys, api, villa_photo):
    assert api().get(link_to(villa_photo, api, keys.read)).status_code == 401


@pytest.mark.parametrize(
    "tamper",
    [
        lambda segment: segment[:-1] + ("A" if segment[-1] != "A" else "B"),  # the signature
        lambda segment: "WzEsMl0" + segment[segment.index(":") :],  # another document and account, same signature
        lambda segment: segment.split(":")[0],  # no signature at all
        lambda segment: "not-a-link",
        lambda segment: "%00",
        lambda segment: "x" * 5000,
    ],
)
def test_a_tampered_link_is_not_found(cast, keys, api, villa_photo, tamper):
    link = link_to(villa_photo, api, keys.read)
    segment = link.rstrip("/").rsplit("/", 1)[1]

    response = api(keys.read).get(f"/api/v1/documents/{tamper(segment)}/")

    assert response.status_code == 404
    assert response.json()["error"]["code"] == "not_found"


def test_a_link_to_a_document_deleted_since_is_not_found(cast, keys, api):
    reservation = checked_in(cast, cast.villa_reservation)
    body = api(keys.read).get(url(reservation)).json()
    front = next(d for d in body["documents"] if d["kind"] == "front")
    signature = next(d for d in body["documents"] if d["kind"] == "signature")

    purge_now(actor=cast.owner, reservation=reservation)

    assert api(keys.read).get(front["url"]).status_code == 404
    assert api(keys.read).get(signature["url"]).status_code == 200  # the signed agreement is kept


def test_a_signed_in_member_opens_a_link_made_for_their_account(cast, client_for, villa_photo):
    client = client_for(cast.concierge)
    body = client.get(url(cast.villa_reservation)).json()

    response = client.get(body["documents"][0]["url"])

    assert response.status_code == 200
    assert ActivityLog.objects.get(action="checkin.document_viewed").actor_user == cast.concierge.user


def test_a_file_is_served_whatever_the_client_accepts(cast, keys, api, villa_photo):
    response = api(keys.read).get(link_to(villa_photo, api, keys.read), HTTP_ACCEPT="image/*")

    assert response.status_code == 200


def test_an_error_is_json_whatever_the_client_accepts(keys, api):
    response = api(keys.read).get("/api/v1/documents/not-a-link/", HTTP_ACCEPT="application/pdf")

    assert response.status_code == 404
    assert response.json()["error"]["code"] == "not_found"
