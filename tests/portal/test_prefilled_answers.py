"""What the host already entered about the main guest is offered pre-filled on the main guest's step.

Only the standard questions first_name, last_name, email and phone, only for the main guest,
and never over an answer the guest gave.
"""

import pytest
from django.urls import reverse

from reservations.checkin.services.submissions import start_checkin
from reservations.models import Guest
from tests.checkins import MAIN_GUEST, save


def url(reservation, slug):
    return reverse("portal:step", args=[reservation.portal_token, slug])


@pytest.fixture
def booked(portal):
    """The host entered the main guest's name, email and phone; the guest has said how many they are."""
    portal.guest_name = "Ana María Villa"
    portal.guest_email = "ana.villa@example.net"
    portal.guest_phone = "+34611987654"
    portal.save()
    submission = start_checkin(reservation=portal, language="en")
    assert save(submission, "details", {"party_size": "2"}) == {}
    return portal


def value_of(html, name):
    start = html.index(f'name="{name}"')
    tag = html[html.rindex("<", 0, start) : html.index(">", start)]
    return tag.split('value="', 1)[1].split('"', 1)[0] if 'value="' in tag else None


def test_the_main_guests_step_is_pre_filled_with_what_the_host_entered(client, booked):
    html = client.get(url(booked, "guest-1")).content.decode()

    assert value_of(html, "f-first_name") == "Ana María"
    assert value_of(html, "f-last_name") == "Villa"
    assert value_of(html, "f-email") == "ana.villa@example.net"
    assert value_of(html, "f-phone") == "+34611987654"
    assert value_of(html, "f-document_number") == ""  # the host does not know it


def test_the_main_guest_row_wins_over_the_reservations_own_name(client, booked):
    Guest.objects.update_or_create(
        reservation=booked,
        is_main=True,
        defaults={"organization": booked.organization, "first_name": "Ana", "last_name": "María Villa"},
    )

    html = client.get(url(booked, "guest-1")).content.decode()

    assert (value_of(html, "f-first_name"), value_of(html, "f-last_name")) == ("Ana", "María Villa")


def test_the_guests_own_answers_are_never_overwritten(client, booked):
    submission = booked.checkin
    assert save(submission, "guest-1", {**MAIN_GUEST, "f-email": "mine@example.org", "f-first_name": "Anita"}) == {}

    html = client.get(url(booked, "guest-1")).content.decode()

    assert value_of(html, "f-first_name") == "Anita"
    assert value_of(html, "f-last_name") == "García"
    assert value_of(html, "f-email") == "mine@example.org"
    assert value_of(html, "f-phone") == "+34612345678"


def test_a_step_sent_with_a_mistake_shows_what_was_sent_not_the_hosts_values(client, booked):
    response = client.post(url(booked, "guest-1"), {**MAIN_GUEST, "f-email": "", "f-first_name": ""})

    assert response.status_code == 400
    html = response.content.decode()
    assert value_of(html, "f-first_name") == ""
    assert value_of(html, "f-email") == ""


def test_other_guests_are_not_pre_filled(client, booked):
    save(booked.checkin, "guest-1", MAIN_GUEST)

    html = client.get(url(booked, "guest-2")).content.decode()

    assert value_of(html, "f-first_name") == ""
    assert value_of(html, "f-last_name") == ""


def test_pre_filled_answers_are_sent_as_the_guests_own(client, booked):
    html = client.get(url(booked, "guest-1")).content.decode()
    sent = {
        **MAIN_GUEST,
        **{f"f-{key}": value_of(html, f"f-{key}") for key in ("first_name", "last_name", "email", "phone")},
    }

    assert client.post(url(booked, "guest-1"), sent)["Location"] == url(booked, "guest-2")
    booked.checkin.refresh_from_db()
    main = booked.checkin.answers["guests"][0]
    assert (main["first_name"], main["last_name"], main["email"], main["phone"]) == (
        "Ana María",
        "Villa",
        "ana.villa@example.net",
        "+34611987654",
    )
