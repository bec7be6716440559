"""The host sees when a check-in names another number of guests than the booking, and chases it."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from reservations.models import CheckinStatus

pytestmark = pytest.mark.django_db


def checked_in_as(reservation, party):
    reservation.checkin_status, reservation.party_checked_in = CheckinStatus.COMPLETED, party
    reservation.save()


def test_the_reservation_page_says_booked_for_two_but_one_checked_in(cast, client_for):
    stay = cast.villa_reservation
    stay.guests_count = 2
    checked_in_as(stay, 1)

    html = client_for(cast.concierge).get(reverse("reservations:detail", args=[stay.pk])).content.decode()

    assert "Booked for 2 guests, but 1 checked in online." in html


def test_a_matching_party_says_nothing(cast, client_for):
    stay = cast.villa_reservation
    checked_in_as(stay, stay.guests_count)

    html = client_for(cast.owner).get(reverse("reservations:detail", args=[stay.pk])).content.decode()

    assert "checked in online." not in html


def test_a_completed_check_in_with_another_party_stays_in_the_list_to_chase(cast, client_for):
    stay = cast.villa_reservation
    stay.check_in = timezone.localdate() + timedelta(days=2)
    stay.check_out = stay.check_in + timedelta(days=3)
    stay.guests_count = 3
    checked_in_as(stay, 2)

    html = client_for(cast.owner).get(reverse("dashboard")).content.decode()

    assert "2 of 3 guests" in html
