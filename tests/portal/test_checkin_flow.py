"""A guest checks in through the portal, step by step, with the standard form."""

from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from reservations.checkin.models import GuestDocument
from reservations.checkin.services.submissions import start_checkin
from reservations.models import CheckinStatus
from tests.checkins import fill_in_everything, png_bytes, signature_data_url
from tests.factories import ReservationFactory

PERSON = {
    "f-first_name": "Ana",
    "f-last_name": "García",
    "f-nationality": "ES",
    "f-date_of_birth": "1990-04-01",
    "f-document_type": "passport",
    "f-document_number": "X1234567",
}


def url(reservation, name, *args):
    return reverse(f"portal:{name}", args=[reservation.portal_token, *args])


def test_a_guest_checks_in_the_whole_party_and_the_host_is_told(
    client, portal, mailoutbox, django_capture_on_commit_callbacks
):
    home = client.get(url(portal, "home"))
    assert home.status_code == 200
    assert "Start check-in" in home.content.decode()

    response = client.get(url(portal, "start"))
    assert response["Location"] == url(portal, "step", "details")
    portal.refresh_from_db()
    assert portal.checkin_status == CheckinStatus.IN_PROGRESS

    response = client.post(url(portal, "step", "details"), {"party_size": "2", "f-arrival_time": "17:30"})
    assert response["Location"] == url(portal, "step", "guest-1")

    response = client.post(
        url(portal, "step", "guest-1"), {**PERSON, "f-email": "ana@example.com", "f-phone": "+34 612 345 678"}
    )
    assert response["Location"] == url(portal, "step", "guest-2")
    response = client.post(url(portal, "step", "guest-2"), {**PERSON, "f-first_name": "Luis"})
    assert response["Location"] == url(portal, "step", "documents")

    uploads = {
        f"doc-{g}-document_photo-front": SimpleUploadedFile(f"id{g}.png", png_bytes(), content_type="image/png")
        for g in (0, 1)
    }
    response = client.post(url(portal, "step", "documents"), uploads)
    assert response["Location"] == url(portal, "step", "agreement")

    response = client.post(
        url(portal, "step", "agreement"), {"f-rental_agreement": "yes", "sig-signature": signature_data_url()}
    )
    assert response["Location"] == url(portal, "step", "review")
    review = client.get(url(portal, "step", "review"))
    assert "Luis" in review.content.decode()

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url(portal, "step", "review"))
    assert response["Location"] == url(portal, "done")

    portal.refresh_from_db()
    assert portal.checkin_status == CheckinStatus.COMPLETED
    assert portal.checkin_completed_at is not None
    assert sorted(portal.guests.values_list("first_name", flat=True)) == ["Ana", "Luis"]
    assert GuestDocument.objects.filter(submission__reservation=portal).count() == 3
    assert portal.checkin.answers["guests"][0]["phone"] == "+34612345678"
    assert len(mailoutbox) == 1
    assert "checked in online" in mailoutbox[0].subject
    done = client.get(url(portal, "done"))
    assert "You’re checked in" in done.content.decode()


def test_a_bad_answer_is_explained_and_nothing_is_saved(client, portal):
    client.get(url(portal, "start"))
    client.post(url(portal, "step", "details"), {"party_size": "2"})
    response = client.post(url(portal, "step", "guest-1"), {**PERSON, "f-email": "not-an-email", "f-phone": "612"})
    assert response.status_code == 400
    html = response.content.decode()
    assert "Enter an email address like name@example.com." in html
    assert "Start with the country code, e.g. +44." in html
    portal.checkin.refresh_from_db()
    assert portal.checkin.answers["guests"] == []


def test_leaving_halfway_and_coming_back_resumes_at_the_next_step(client, portal):
    client.get(url(portal, "start"))
    client.post(url(portal, "step", "details"), {"party_size": "1"})
    client.cookies.clear()
    assert client.get(url(portal, "start"))["Location"] == url(portal, "step", "guest-1")


def test_a_guest_cannot_skip_ahead(client, portal):
    client.get(url(portal, "start"))
    assert client.get(url(portal, "step", "review"))["Location"] == url(portal, "step", "details")


def test_the_review_page_asks_the_same_few_queries_for_one_guest_or_six(client, portal):
    family = ReservationFactory(property=portal.property, guests_count=6)
    counts = []
    for reservation, party_size in ((portal, 1), (family, 6)):
        fill_in_everything(start_checkin(reservation=reservation, language="en"), party_size=party_size)
        with CaptureQueriesContext(connection) as queries:
            response = client.get(url(reservation, "step", "review"))
        assert response.status_code == 200
        counts.append(len(queries))

    assert counts[0] == counts[1]
    assert "Guest6" in response.content.decode()


def test_without_a_check_in_form_the_guest_is_told_it_is_not_set_up_and_nothing_changes(client, cast):
    stay = cast.villa_reservation  # the cast's account has no check-in form until a test asks for one

    response = client.get(url(stay, "start"))

    assert response.status_code == 409
    assert "Online check-in is not set up for this property yet." in response.content.decode()
    stay.refresh_from_db()
    assert stay.checkin_status == CheckinStatus.NOT_STARTED
