"""The reconciliation: what webhooks could have missed, re-read in the arrival window and among new bookings."""

from datetime import timedelta

import pytest

from reservations.checkin.models import CheckinSubmission
from reservations.guesty.models import GuestyConnection
from reservations.models import Reservation
from tests.reservations.guesty.conftest import stay, sync


@pytest.fixture
def held(cast, imported, listing, fake_guesty):
    """A stay arriving in five days, already imported."""
    booked = stay(fake_guesty, listing, days_ahead=5)
    sync(cast.organization, "backfill")
    return booked


def reservation_of(booked):
    return Reservation.objects.get(external_id=booked["_id"])


def test_a_cancellation_is_applied(cast, held, fake_guesty):
    fake_guesty.update_reservation(held["_id"], status="canceled")

    run = sync(cast.organization, "reconcile")

    assert run.updated == 1
    assert reservation_of(held).status == "canceled"


def test_a_date_change_and_a_new_guest_count_are_applied(cast, held, fake_guesty):
    arrival = reservation_of(held).check_in + timedelta(days=2)
    fake_guesty.update_reservation(
        held["_id"],
        checkInDateLocalized=arrival.isoformat(),
        checkOutDateLocalized=(arrival + timedelta(days=4)).isoformat(),
        guestsCount=4,
    )

    sync(cast.organization, "reconcile")

    reservation = reservation_of(held)
    assert (reservation.check_in, reservation.nights()) == (arrival, 4)
    assert reservation.guests_count == 4


def test_the_main_guest_is_kept_current(cast, held, fake_guesty):
    fake_guesty.update_guest(held["guestId"], firstName="Jo", lastName="Doe", email="jo@example.com")
    fake_guesty.update_reservation(held["_id"], guestsCount=1)  # Guesty marks the reservation changed

    sync(cast.organization, "reconcile")

    reservation = reservation_of(held)
    assert (reservation.guest_name, reservation.guest_email) == ("Jo Doe", "jo@example.com")
    assert reservation.guests.get(is_main=True).first_name == "Jo"


def test_a_sync_never_disturbs_the_portal_link_the_check_in_or_the_notes(cast, held, fake_guesty):
    reservation = reservation_of(held)
    reservation.notes = "Late arrival, leave the key."
    reservation.save()
    CheckinSubmission.objects.create(
        organization=cast.organization,
        reservation=reservation,
        form_version=_version(cast),
        answers={"reservation": {}, "guests": [{"first_name": "Ana"}]},
    )
    token = reservation.portal_token
    fake_guesty.update_reservation(held["_id"], guestsCount=5)

    sync(cast.organization, "reconcile")

    reservation.refresh_from_db()
    assert reservation.guests_count == 5
    assert reservation.portal_token == token
    assert reservation.notes == "Late arrival, leave the key."
    assert reservation.checkin.answers == {"reservation": {}, "guests": [{"first_name": "Ana"}]}


def test_a_new_booking_far_ahead_arrives_through_the_recently_created_window(cast, held, listing, fake_guesty):
    far = stay(fake_guesty, listing, days_ahead=200)

    run = sync(cast.organization, "reconcile")

    assert run.created == 1
    assert reservation_of(far).check_in.isoformat() == far["checkInDateLocalized"]


def test_an_old_booking_far_ahead_is_not_re_read(cast, held, listing, fake_guesty):
    from datetime import UTC, datetime

    stay(fake_guesty, listing, days_ahead=200, created_at=datetime.now(UTC) - timedelta(days=30))
    fake_guesty.reset_log()

    run = sync(cast.organization, "reconcile")

    assert run.created == 0
    assert fake_guesty.request_count("/v1/guests-crud/") == 0


def test_a_finished_reconciliation_schedules_the_next_one(cast, held, connected):
    sync(cast.organization, "reconcile")

    connection = GuestyConnection.objects.get(pk=connected.pk)
    assert connection.next_reconcile_at is not None


def _version(cast):
    from reservations.checkin.services.forms import current_version

    return current_version(cast.form)
