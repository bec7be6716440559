"""The portal's first page: the stay at a glance, the way to the door, and what to do next."""

from datetime import date, time

import pytest
from django.urls import reverse
from pytest_django.asserts import assertContains, assertNotContains

from reservations.checkin.services.submissions import start_checkin, submit_checkin
from tests.checkins import fill_in_everything


@pytest.fixture
def stay(portal):
    portal.check_in, portal.check_out = date(2031, 5, 9), date(2031, 5, 12)
    portal.save()
    villa = portal.property
    villa.check_in_time, villa.check_out_time = time(16, 0), time(10, 30)
    villa.address, villa.city, villa.country = "Carrer de la Mar 12", "Dénia", "ES"
    villa.save()
    return portal


def _home(client, reservation):
    return client.get(reverse("portal:home", args=[reservation.portal_token]))


def test_shows_the_dates_with_times_and_the_booking_code(client, stay):
    response = _home(client, stay)

    assertContains(response, "Friday, 9 May 2031")
    assertContains(response, "from 16:00")
    assertContains(response, "Monday, 12 May 2031")
    assertContains(response, "by 10:30")
    assertContains(response, stay.confirmation_code)


def test_the_address_links_to_directions_on_a_map(client, stay):
    response = _home(client, stay)

    assertContains(response, "Carrer de la Mar 12, Dénia")
    assertContains(
        response,
        'href="https://www.google.com/maps/search/?api=1&amp;query=Carrer+de+la+Mar+12%2C+D%C3%A9nia%2C+Spain"',
    )


def test_no_address_no_directions(client, stay):
    stay.property.address = ""
    stay.property.save()

    assertNotContains(_home(client, stay), "Get directions")


def test_a_guest_who_has_not_started_is_asked_to_check_in(client, stay):
    assertContains(_home(client, stay), "Start check-in")


def test_a_guest_who_started_continues_where_they_left_off(client, stay):
    start_checkin(reservation=stay, language="en")

    assertContains(_home(client, stay), "Continue check-in")


def test_a_guest_who_checked_in_can_see_what_they_sent(client, stay):
    submission = start_checkin(reservation=stay, language="en")
    fill_in_everything(submission)
    submit_checkin(submission=submission, notify=False)

    response = _home(client, stay)

    assertContains(response, "Your check-in is complete.")
    assertContains(response, "See what you sent")
    assertNotContains(response, "Start check-in")
