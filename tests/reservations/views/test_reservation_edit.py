"""Editing a reservation (managers of its property, and owners)."""

from datetime import date

import pytest
from django.urls import reverse
from django.utils import timezone
from pytest_django.asserts import assertContains, assertRedirects

from accounts.models import ActivityLog
from reservations.models import Guest

pytestmark = pytest.mark.django_db


def _url(reservation):
    return reverse("reservations:edit", args=[reservation.pk])


@pytest.fixture
def stay(cast):
    reservation = cast.villa_reservation
    reservation.check_in, reservation.check_out = date(2031, 5, 10), date(2031, 5, 14)
    reservation.guest_email = "ana@example.org"
    reservation.save()
    return reservation


def _form(reservation, **overrides):
    data = {
        "property": reservation.property_id,
        "confirmation_code": reservation.confirmation_code,
        "channel": reservation.channel,
        "status": reservation.status,
        "check_in": reservation.check_in.isoformat(),
        "check_out": reservation.check_out.isoformat(),
        "guests_count": str(reservation.guests_count),
        "guest_name": reservation.guest_name,
        "guest_email": reservation.guest_email,
        "guest_phone": "",
        "guest_language": reservation.guest_language,
        "notes": reservation.notes,
    }
    return data | overrides


def test_shows_the_current_values(stay, cast, client_for):
    response = client_for(cast.manager).get(_url(stay))

    assertContains(response, f"Edit reservation {stay.confirmation_code}")
    assertContains(response, 'value="Ana Villa"')
    assertContains(response, 'value="2031-05-10"')


def test_a_manager_changes_the_stay(stay, cast, client_for):
    response = client_for(cast.manager).post(
        _url(stay), _form(stay, check_out="2031-05-16", guest_name="Ana Villanueva"), follow=True
    )

    assertRedirects(response, reverse("reservations:detail", args=[stay.pk]))
    assertContains(response, "Changes saved.")
    stay.refresh_from_db()
    assert stay.check_out == date(2031, 5, 16)
    assert stay.guest_name == "Ana Villanueva"


def test_the_main_guest_follows_the_reservation(stay, cast, client_for):
    client_for(cast.manager).post(_url(stay), _form(stay, guest_name="Ana Villanueva", guest_email="new@example.org"))

    guest = Guest.objects.get(reservation=stay, is_main=True)
    assert (guest.first_name, guest.last_name, guest.email) == ("Ana", "Villanueva", "new@example.org")


def test_logs_only_the_changed_fields(stay, cast, client_for):
    client_for(cast.owner).post(_url(stay), _form(stay, status="canceled", notes="Guest called."))

    entry = ActivityLog.objects.get(action="reservation.updated")
    assert entry.organization == cast.organization
    assert entry.details == {"changed": {"status": ["confirmed", "canceled"], "notes": ["", "Guest called."]}}


def test_saving_without_changes_logs_nothing(stay, cast, client_for):
    client_for(cast.manager).post(_url(stay), _form(stay))

    assert not ActivityLog.objects.filter(action="reservation.updated").exists()


def test_check_out_before_check_in_is_refused_and_nothing_changes(stay, cast, client_for):
    response = client_for(cast.manager).post(_url(stay), _form(stay, check_out="2031-05-01", guest_name="Changed"))

    assertContains(response, "Check-out must be after check-in.", status_code=400)
    stay.refresh_from_db()
    assert stay.check_out == date(2031, 5, 14)
    assert stay.guest_name == "Ana Villa"


def test_cannot_be_moved_to_a_property_the_manager_cannot_see(stay, cast, client_for):
    response = client_for(cast.manager).post(_url(stay), _form(stay, property=cast.loft.pk))

    assertContains(response, "Select a valid choice.", status_code=400)
    stay.refresh_from_db()
    assert stay.property == cast.villa


def test_cannot_be_moved_to_another_accounts_property(stay, cast, client_for):
    response = client_for(cast.owner).post(_url(stay), _form(stay, property=cast.outsider_property.pk))

    assertContains(response, "Select a valid choice.", status_code=400)
    stay.refresh_from_db()
    assert stay.property == cast.villa


def test_a_reservation_of_an_archived_property_can_still_be_edited(stay, cast, client_for):
    cast.villa.archived_at = timezone.now()
    cast.villa.save()

    response = client_for(cast.owner).post(_url(stay), _form(stay, guests_count="4"))

    assert response.status_code == 302
    stay.refresh_from_db()
    assert stay.guests_count == 4
    assert stay.property == cast.villa


def test_a_concierge_may_not_edit(stay, cast, client_for):
    response = client_for(cast.concierge).post(_url(stay), _form(stay, guest_name="Changed"))

    assert response.status_code == 403
    stay.refresh_from_db()
    assert stay.guest_name == "Ana Villa"


def test_a_manager_may_not_edit_a_reservation_of_another_property(cast, client_for):
    loft = cast.loft_reservation

    response = client_for(cast.manager).post(_url(loft), _form(loft, guest_name="Changed"))

    assert response.status_code == 404
    loft.refresh_from_db()
    assert loft.guest_name == "Lars Loft"


def test_another_accounts_reservation_is_not_found(cast, client_for):
    theirs = cast.outsider_reservation

    response = client_for(cast.owner).post(_url(theirs), _form(theirs, property=cast.villa.pk, guest_name="Changed"))

    assert response.status_code == 404
    theirs.refresh_from_db()
    assert theirs.guest_name == "Otto Outsider"
