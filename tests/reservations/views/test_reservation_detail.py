"""A reservation's page: the stay and its guests."""

from datetime import UTC, date, datetime, time

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from pytest_django.asserts import assertContains, assertNotContains

from reservations.checkin.services.forms import ensure_default_form
from reservations.checkin.services.submissions import start_checkin, submit_checkin
from reservations.models import CheckinStatus
from tests.checkins import fill_in_everything
from tests.factories import GuestFactory, ReservationFactory

pytestmark = pytest.mark.django_db


def _url(reservation):
    return reverse("reservations:detail", args=[reservation.pk])


@pytest.fixture
def stay(cast):
    reservation = cast.villa_reservation
    reservation.check_in, reservation.check_out = date(2031, 5, 10), date(2031, 5, 14)
    reservation.guest_email = "ana@example.org"
    reservation.notes = "Allergic to feathers."
    reservation.save()
    GuestFactory(reservation=reservation, is_main=True, first_name="Ana", last_name="Villa", email="ana@example.org")
    GuestFactory(reservation=reservation, first_name="Bruno", last_name="Villa")
    return reservation


def test_shows_the_stay(stay, cast, client_for):
    response = client_for(cast.concierge).get(_url(stay))

    assertContains(response, "<h1>Ana Villa</h1>")
    assertContains(response, "Villa Mar · Sat 10 May 2031 → Wed 14 May 2031 · 4 nights")
    assertContains(response, f"<code>{stay.confirmation_code}</code>")
    assertContains(response, "Sat 10 May 2031, from 15:00")
    assertContains(response, "Wed 14 May 2031, by 11:00")
    assertContains(response, 'href="mailto:ana@example.org"')
    assertContains(response, "Allergic to feathers.")


def test_lists_the_guests_main_guest_first(stay, cast, client_for):
    body = client_for(cast.concierge).get(_url(stay)).content.decode()

    assert '<strong>Ana Villa</strong> <span class="muted small">main guest</span>' in body
    assert body.index("<strong>Ana Villa</strong>") < body.index("<strong>Bruno Villa</strong>")


def test_says_so_when_there_are_no_guest_details(cast, client_for):
    assertContains(client_for(cast.owner).get(_url(cast.loft_reservation)), "No guest details yet.")


def test_shows_when_check_in_was_completed_in_the_propertys_time_zone(stay, cast, client_for):
    stay.checkin_status = CheckinStatus.COMPLETED
    stay.checkin_completed_at = datetime.combine(date(2031, 5, 8), time(9, 30), tzinfo=UTC)
    stay.save()

    response = client_for(cast.concierge).get(_url(stay))

    assertContains(response, "Check-in completed 8 May 2031 11:30 CEST.")  # Madrid, summer time
    assertContains(response, '<span class="badge badge-success">Completed</span>')


def test_a_concierge_sees_no_edit_button(stay, cast, client_for):
    response = client_for(cast.concierge).get(_url(stay))

    assertNotContains(response, reverse("reservations:edit", args=[stay.pk]))


@pytest.mark.parametrize("role", ["manager", "owner"])
def test_managers_and_owners_see_the_edit_button(stay, cast, client_for, role):
    response = client_for(cast.member(role)).get(_url(stay))

    assertContains(response, f'href="{reverse("reservations:edit", args=[stay.pk])}">Edit</a>')


def test_notes_are_escaped(stay, cast, client_for):
    stay.notes = "<script>alert(1)</script>"
    stay.save()

    response = client_for(cast.manager).get(_url(stay))

    assertNotContains(response, "<script>alert(1)</script>")
    assertContains(response, "&lt;script&gt;alert(1)&lt;/script&gt;")


def _checked_in(reservation, party_size):
    ensure_default_form(reservation.organization)
    submission = start_checkin(reservation=reservation, language="en")
    fill_in_everything(submission, party_size=party_size)
    submit_checkin(submission=submission, notify=False)


def test_the_number_of_queries_does_not_grow_with_the_party(cast, client_for):
    """Every guest's answers and documents, and the signature, come in the same few queries."""
    alone, family = cast.villa_reservation, ReservationFactory(property=cast.villa, guests_count=6)
    _checked_in(alone, party_size=1)
    _checked_in(family, party_size=6)
    client = client_for(cast.concierge)
    client.get(_url(alone))  # the navigation's counts, kept for the pages that follow

    counts = []
    for reservation in (alone, family):
        with CaptureQueriesContext(connection) as queries:
            response = client.get(_url(reservation))
        assert response.status_code == 200
        counts.append(len(queries))

    assert counts[0] == counts[1]
    assertContains(response, "Guest6")  # the sixth guest's answers are on the page


# --- Phone numbers: formatted for people, a tap to call -------------------------------------------


def test_the_guests_phone_is_formatted_and_a_tel_link(stay, cast, client_for):
    stay.guest_phone = "+34600123456"
    stay.save()

    response = client_for(cast.concierge).get(_url(stay))

    assertContains(response, '<dd><a href="tel:+34600123456" class="nowrap">+34 600 12 34 56</a></dd>', html=True)


def test_each_guests_phone_in_the_guest_list_is_a_tel_link(stay, cast, client_for):
    stay.guests.filter(first_name="Bruno").update(phone="+447700900123")

    response = client_for(cast.concierge).get(_url(stay))

    assertContains(response, '<a href="tel:+447700900123" class="nowrap">+44 7700 900123</a>', html=True)
    assertContains(response, '<a href="mailto:ana@example.org">ana@example.org</a>', html=True)


def test_no_phone_is_a_dash_not_a_link(stay, cast, client_for):
    response = client_for(cast.concierge).get(_url(stay))

    assertContains(response, "<dt>Phone</dt><dd>—</dd>", html=True)
    assertNotContains(response, 'href="tel:')
