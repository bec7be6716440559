"""Reservation services: reservations entered by hand, their main guest and their log."""

import re
from datetime import date, timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.test import RequestFactory

from accounts.models import ActivityLog
from properties.models import Property
from reservations import services
from reservations.forms import ReservationForm
from reservations.models import Guest, Reservation, ReservationStatus

ARRIVAL = date(2030, 7, 1)
CODE = re.compile(r"^GR-[23456789ABCDEFGHJKLMNPQRSTUVWXYZ]{6}$")


def request_by(membership):
    request = RequestFactory().post("/", REMOTE_ADDR="203.0.113.5")
    request.user = membership.user
    return request


def create(cast, actor=None, **fields):
    actor = actor or cast.owner
    values = {
        "property": cast.villa,
        "check_in": ARRIVAL,
        "check_out": ARRIVAL + timedelta(days=4),
        "guests_count": 2,
        "guest_name": "Ana Maria Lopez",
        "guest_email": "ana@example.net",
    }
    return services.create_reservation(actor=actor, request=request_by(actor), **values | fields)


def written(cast):
    """What a refused write must not have added to."""
    return Reservation.objects.count(), Guest.objects.count(), ActivityLog.objects.count()


# --- Creating ------------------------------------------------------------------------------------


def test_creating_a_reservation_saves_it_in_the_members_account(cast):
    reservation = create(cast, actor=cast.manager)

    reservation.refresh_from_db()
    assert reservation.organization == cast.organization
    assert reservation.property == cast.villa
    assert reservation.status == ReservationStatus.CONFIRMED
    assert reservation.nights() == 4
    assert len(reservation.portal_token) >= 40


def test_creating_a_reservation_adds_its_main_guest_with_the_name_split(cast):
    reservation = create(cast, guest_name=" Ana Maria Lopez ", guest_phone="+34600123456")

    guest = reservation.guests.get()
    assert guest.is_main
    assert (guest.first_name, guest.last_name) == ("Ana Maria", "Lopez")
    assert guest.email == "ana@example.net"
    assert str(guest.phone) == "+34600123456"
    assert guest.organization == cast.organization


def test_a_one_word_guest_name_becomes_the_first_name(cast):
    guest = create(cast, guest_name="Cher").guests.get()

    assert (guest.first_name, guest.last_name) == ("Cher", "")


def test_a_blank_confirmation_code_is_made_up(cast):
    codes = {create(cast, confirmation_code="").confirmation_code for _ in range(3)}

    assert len(codes) == 3
    assert all(CODE.match(code) for code in codes)


def test_a_given_confirmation_code_is_kept(cast):
    assert create(cast, confirmation_code="HMABC123").confirmation_code == "HMABC123"


def test_creating_a_reservation_is_logged(cast):
    reservation = create(cast, actor=cast.manager)

    entry = ActivityLog.objects.get(action="reservation.created")
    assert entry.organization == cast.organization
    assert entry.actor_user == cast.manager.user
    assert entry.target_id == str(reservation.pk)
    assert entry.details == {"property": "Villa Mar", "check_in": "2030-07-01"}


@pytest.mark.parametrize("nights", [-2, 0], ids=["before", "same-day"])
def test_a_check_out_not_after_check_in_is_refused_and_writes_nothing(cast, nights):
    before = written(cast)

    with pytest.raises(ValidationError) as error:
        create(cast, check_out=ARRIVAL + timedelta(days=nights))

    assert "check_out" in error.value.message_dict
    assert written(cast) == before


def test_more_guests_than_the_property_sleeps_is_refused(cast):
    before = written(cast)

    with pytest.raises(ValidationError) as error:
        create(cast, guests_count=cast.villa.max_guests + 1)

    assert "guests_count" in error.value.message_dict
    assert written(cast) == before


def test_exactly_as_many_guests_as_the_property_sleeps_is_fine(cast):
    assert create(cast, guests_count=cast.villa.max_guests).guests_count == 6


def test_a_property_of_another_account_is_refused(cast):
    before = written(cast)

    with pytest.raises(ValidationError) as error:
        create(cast, property=cast.outsider_property)

    assert "property" in error.value.message_dict
    assert written(cast) == before


def test_a_confirmation_code_already_used_in_the_account_is_refused(cast):
    before = written(cast)

    with pytest.raises(ValidationError) as error:
        create(cast, confirmation_code=cast.loft_reservation.confirmation_code)

    assert "Another reservation already has this confirmation code." in error.value.messages
    assert written(cast) == before


def test_a_confirmation_code_used_in_another_account_is_fine(cast):
    reservation = create(cast, confirmation_code=cast.outsider_reservation.confirmation_code)

    assert reservation.organization == cast.organization


# --- Updating ------------------------------------------------------------------------------------


def test_updating_a_reservation_logs_only_the_fields_that_changed(cast):
    reservation = create(cast)

    services.update_reservation(
        actor=cast.owner,
        reservation=reservation,
        request=request_by(cast.owner),
        guests_count=3,
        check_in=ARRIVAL,
        status=ReservationStatus.CANCELED,
    )

    entry = ActivityLog.objects.get(action="reservation.updated")
    assert entry.details == {"changed": {"guests_count": ["2", "3"], "status": ["confirmed", "canceled"]}}
    assert entry.actor_user == cast.owner.user


def test_saving_a_reservation_unchanged_logs_nothing(cast):
    reservation = create(cast)

    services.update_reservation(actor=cast.owner, reservation=reservation, guests_count=2)

    assert not ActivityLog.objects.filter(action="reservation.updated").exists()


def test_updating_the_guest_details_keeps_the_main_guest_in_step(cast):
    reservation = create(cast)
    main = reservation.guests.get()

    services.update_reservation(
        actor=cast.owner, reservation=reservation, guest_name="Lucia Perez", guest_email="lucia@example.net"
    )

    guest = reservation.guests.get()
    assert guest.pk == main.pk
    assert (guest.first_name, guest.last_name, guest.email) == ("Lucia", "Perez", "lucia@example.net")


def test_an_invalid_update_changes_nothing(cast):
    reservation = create(cast)
    log_size = ActivityLog.objects.count()

    with pytest.raises(ValidationError) as error:
        services.update_reservation(
            actor=cast.owner, reservation=reservation, guest_name="Someone Else", check_out=ARRIVAL
        )

    assert "check_out" in error.value.message_dict
    stored = Reservation.objects.get(pk=reservation.pk)
    assert (stored.guest_name, stored.check_out) == ("Ana Maria Lopez", ARRIVAL + timedelta(days=4))
    assert reservation.guests.get().first_name == "Ana Maria"
    assert ActivityLog.objects.count() == log_size


def test_moving_a_reservation_to_another_accounts_property_is_refused(cast):
    reservation = create(cast)

    with pytest.raises(ValidationError) as error:
        services.update_reservation(actor=cast.owner, reservation=reservation, property=cast.outsider_property)

    assert "property" in error.value.message_dict
    assert Reservation.objects.get(pk=reservation.pk).property == cast.villa


# --- Canceling -----------------------------------------------------------------------------------


def test_canceling_a_reservation_sets_its_status_and_is_logged(cast):
    reservation = create(cast)

    services.cancel_reservation(actor=cast.manager, reservation=reservation, request=request_by(cast.manager))

    assert Reservation.objects.get(pk=reservation.pk).status == ReservationStatus.CANCELED
    entry = ActivityLog.objects.get(action="reservation.canceled")
    assert (entry.actor_user, entry.target_id) == (cast.manager.user, str(reservation.pk))
    assert entry.details == {"previous_status": "confirmed"}


def test_canceling_a_canceled_reservation_changes_and_logs_nothing(cast):
    reservation = create(cast)
    services.cancel_reservation(actor=cast.owner, reservation=reservation)

    services.cancel_reservation(actor=cast.owner, reservation=reservation)

    assert ActivityLog.objects.filter(action="reservation.canceled").count() == 1


def test_a_concierge_may_not_cancel_a_reservation(cast):
    reservation = create(cast)

    with pytest.raises(PermissionDenied):
        services.cancel_reservation(actor=cast.concierge, reservation=reservation)

    assert Reservation.objects.get(pk=reservation.pk).status == ReservationStatus.CONFIRMED
    assert not ActivityLog.objects.filter(action="reservation.canceled").exists()


# --- Form ----------------------------------------------------------------------------------------


def form_data(cast, **overrides):
    data = {
        "property": cast.villa.pk,
        "channel": "direct",
        "status": "confirmed",
        "check_in": "2030-07-01",
        "check_out": "2030-07-05",
        "guests_count": "2",
        "guest_name": "Ana Lopez",
        "guest_language": "es",
    }
    return data | overrides


def test_the_reservation_form_needs_no_confirmation_code(cast):
    form = ReservationForm(form_data(cast), properties=Property.objects.filter(pk=cast.villa.pk))

    assert form.is_valid(), form.errors
    assert form.cleaned_data["confirmation_code"] == ""


def test_the_reservation_form_offers_only_the_given_properties(cast):
    form = ReservationForm(form_data(cast, property=cast.loft.pk), properties=Property.objects.filter(pk=cast.villa.pk))

    assert not form.is_valid()
    assert "property" in form.errors


def test_the_reservation_form_refuses_a_check_out_not_after_check_in(cast):
    form = ReservationForm(
        form_data(cast, check_out="2030-07-01"), properties=Property.objects.filter(pk=cast.villa.pk)
    )

    assert not form.is_valid()
    assert "check_out" in form.errors
