"""Adding a reservation by hand (managers and owners)."""

import re

import pytest
from django.urls import reverse
from pytest_django.asserts import assertContains, assertNotContains, assertRedirects

from accounts.models import ActivityLog
from reservations.models import Guest, Reservation
from tests.factories import ReservationFactory

pytestmark = pytest.mark.django_db

URL = reverse("reservations:create")


def _form(property, **overrides):
    data = {
        "property": property.pk,
        "confirmation_code": "DIRECT-001",
        "channel": "direct",
        "status": "confirmed",
        "check_in": "2031-05-10",
        "check_out": "2031-05-14",
        "guests_count": "3",
        "guest_name": "Maria del Carmen Ruiz",
        "guest_email": "maria@example.org",
        "guest_phone": "+34 600 123 456",
        "guest_language": "es",
        "notes": "Late arrival by ferry.",
    }
    return data | overrides


def _nothing_written():
    return (
        not Reservation.objects.filter(guest_name="Maria del Carmen Ruiz").exists()
        and not ActivityLog.objects.filter(action="reservation.created").exists()
    )


def test_offers_only_the_members_properties(cast, client_for):
    response = client_for(cast.manager).get(URL)

    assertContains(response, "Villa Mar")
    assertNotContains(response, "Old Town Loft")
    assertNotContains(response, "Rival House")


def test_a_manager_adds_a_reservation(cast, client_for):
    response = client_for(cast.manager).post(URL, _form(cast.villa), follow=True)

    reservation = Reservation.objects.get(confirmation_code="DIRECT-001")
    assertRedirects(response, reverse("reservations:detail", args=[reservation.pk]))
    assertContains(response, "Reservation DIRECT-001 created.")
    assert reservation.organization == cast.organization
    assert reservation.property == cast.villa
    assert str(reservation.check_in) == "2031-05-10"
    assert reservation.nights() == 4
    assert reservation.guest_phone == "+34600123456"
    assert reservation.guest_language == "es"


def test_the_main_guest_is_created_from_the_guest_fields(cast, client_for):
    client_for(cast.manager).post(URL, _form(cast.villa))

    guest = Guest.objects.get(reservation__confirmation_code="DIRECT-001")
    assert guest.is_main
    assert (guest.first_name, guest.last_name) == ("Maria del Carmen", "Ruiz")
    assert guest.email == "maria@example.org"
    assert guest.organization == cast.organization


def test_the_creation_is_logged(cast, client_for):
    client_for(cast.manager).post(URL, _form(cast.villa))

    entry = ActivityLog.objects.get(action="reservation.created")
    assert entry.organization == cast.organization
    assert entry.actor_user == cast.manager.user
    assert entry.details == {"property": "Villa Mar", "check_in": "2031-05-10"}


def test_a_blank_confirmation_code_is_made_up(cast, client_for):
    response = client_for(cast.manager).post(URL, _form(cast.villa, confirmation_code=""))

    assert response.status_code == 302
    reservation = Reservation.objects.get(guest_name="Maria del Carmen Ruiz")
    assert re.fullmatch(r"GR-[2-9A-HJ-NP-Z]{6}", reservation.confirmation_code)


@pytest.mark.parametrize("check_out", ["2031-05-10", "2031-05-09"], ids=["same-day", "before"])
def test_check_out_must_be_after_check_in(cast, client_for, check_out):
    response = client_for(cast.manager).post(URL, _form(cast.villa, check_out=check_out))

    assertContains(response, "Check-out must be after check-in.", status_code=400)
    assert _nothing_written()


def test_more_guests_than_the_property_sleeps_is_refused(cast, client_for):
    response = client_for(cast.manager).post(URL, _form(cast.villa, guests_count="7"))

    assertContains(response, "This property sleeps at most 6 guests.", status_code=400)
    assert _nothing_written()


def test_a_confirmation_code_already_used_in_the_account_is_refused(cast, client_for):
    ReservationFactory(property=cast.loft, confirmation_code="DIRECT-001")

    response = client_for(cast.owner).post(URL, _form(cast.villa))

    assertContains(response, "Another reservation already has this confirmation code.", status_code=400)
    assert _nothing_written()


def test_another_account_may_use_the_same_confirmation_code(cast, client_for):
    ReservationFactory(property=cast.outsider_property, confirmation_code="DIRECT-001")

    response = client_for(cast.owner).post(URL, _form(cast.villa))

    assert response.status_code == 302


@pytest.mark.parametrize("property", ["outsider_property", "loft"])
def test_a_property_the_manager_cannot_see_is_refused(cast, client_for, property):
    response = client_for(cast.manager).post(URL, _form(getattr(cast, property)))

    assertContains(response, "Select a valid choice.", status_code=400)
    assert _nothing_written()


def test_an_invalid_phone_number_is_refused(cast, client_for):
    response = client_for(cast.manager).post(URL, _form(cast.villa, guest_phone="not a phone"))

    assert response.status_code == 400
    assertContains(response, "Enter a valid phone number", status_code=400)
    assert _nothing_written()


def test_a_concierge_may_not_add(cast, client_for):
    response = client_for(cast.concierge).post(URL, _form(cast.villa))

    assert response.status_code == 403
    assert _nothing_written()
