"""Automations: each sending once, at the property's local hour, never in quiet hours, whatever the time zone."""

from concurrent.futures import ThreadPoolExecutor
from datetime import UTC, date, datetime, timedelta

import pytest
from django.core import mail
from django.db import connection

from notifications.models import Automation, Event, Message, MessagingSettings, Occurrence
from notifications.services.automations import run_pass
from reservations.models import CheckinStatus, Reservation
from tests.factories import PropertyFactory, ReservationFactory


def at(year, month, day, hour, minute=0):
    return datetime(year, month, day, hour, minute, tzinfo=UTC)


@pytest.fixture
def madrid(cast):
    return PropertyFactory(organization=cast.organization, name="Casa Madrid", timezone="Europe/Madrid")


def turn_on(cast, event, **timing):
    return Automation.objects.create(organization=cast.organization, event=event, enabled=True, **timing)


def stay(place, arrival, **fields):
    return ReservationFactory(property=place, check_in=arrival, check_out=arrival + timedelta(days=3), **fields)


def sent_to(reservation):
    return Message.objects.filter(reservation=reservation)


def test_a_reminder_goes_at_the_local_hour_and_only_while_check_in_is_not_done(cast, madrid):
    turn_on(cast, Event.CHECKIN_REMINDER, days=2, hour=10, max_times=2)
    pending = stay(madrid, date(2026, 7, 10))
    done = stay(madrid, date(2026, 7, 10), checkin_status=CheckinStatus.COMPLETED)

    run_pass(at(2026, 7, 8, 7, 59))  # 09:59 in Madrid (CEST): not yet
    assert not Message.objects.exists()
    run_pass(at(2026, 7, 8, 8, 0))  # 10:00 in Madrid

    assert sent_to(pending).count() == 1
    assert not sent_to(done).exists()
    assert "Casa Madrid" in sent_to(pending).get().body


def test_reminders_stop_at_the_most_and_go_once_a_day(cast, madrid):
    turn_on(cast, Event.CHECKIN_REMINDER, days=3, hour=10, max_times=2)
    pending = stay(madrid, date(2026, 7, 10))

    for day in (7, 7, 8, 9):  # twice on the 7th, then the 8th and the 9th
        run_pass(at(2026, 7, day, 12))

    assert sent_to(pending).count() == 2
    assert list(Occurrence.objects.values_list("key", flat=True).order_by("key")) == ["2026-07-07", "2026-07-08"]


def test_the_local_day_decides_across_the_date_line(cast):
    auckland = PropertyFactory(organization=cast.organization, timezone="Pacific/Auckland")
    turn_on(cast, Event.CHECKIN_REMINDER, days=1, hour=10, max_times=1)
    pending = stay(auckland, date(2026, 12, 3))

    run_pass(at(2026, 12, 1, 21))  # 10:00 on 2 December in Auckland (UTC+13), still the 1st in UTC

    assert sent_to(pending).count() == 1


def test_the_local_hour_holds_across_a_daylight_saving_change(cast, madrid):
    turn_on(cast, Event.ARRIVAL_ACCESS, hour=10)
    arriving = stay(madrid, date(2026, 10, 25), checkin_status=CheckinStatus.COMPLETED)  # clocks go back at 03:00

    run_pass(at(2026, 10, 25, 8, 30))  # 09:30 in Madrid (CET since 03:00): not yet
    assert not sent_to(arriving).exists()
    run_pass(at(2026, 10, 25, 9, 0))  # 10:00 in Madrid

    assert sent_to(arriving).count() == 1


def test_access_details_go_only_after_check_in(cast, madrid):
    turn_on(cast, Event.ARRIVAL_ACCESS, hour=10)
    not_done = stay(madrid, date(2026, 7, 10))

    run_pass(at(2026, 7, 10, 9))

    assert not sent_to(not_done).exists()


def test_nothing_goes_in_quiet_hours_and_it_goes_after_them(cast, madrid):
    MessagingSettings.objects.create(organization=cast.organization, quiet_from="21:00", quiet_until="09:00")
    turn_on(cast, Event.THANK_YOU, days=1, hour=6)
    guest = stay(madrid, date(2026, 7, 1))  # leaves on the 4th

    run_pass(at(2026, 7, 5, 5))  # 07:00 in Madrid: past the hour, but quiet
    assert not sent_to(guest).exists()
    run_pass(at(2026, 7, 5, 7))  # 09:00

    assert sent_to(guest).count() == 1


def test_a_new_booking_gets_its_link_once_by_email_when_twilio_is_off(cast, madrid, django_capture_on_commit_callbacks):
    automation = turn_on(cast, Event.BOOKING_CONFIRMED)
    Automation.objects.filter(pk=automation.pk).update(updated_at=at(2020, 1, 1, 0))
    booked = stay(madrid, date(2026, 7, 20))
    Reservation.objects.filter(pk=booked.pk).update(created_at=at(2026, 7, 1, 9))  # 11:00 in Madrid

    # At a fixed hour of the day: the real time would fall in the quiet hours at night.
    with django_capture_on_commit_callbacks(execute=True):
        run_pass(at(2026, 7, 1, 10))
        run_pass(at(2026, 7, 1, 10, 5))

    assert sent_to(booked).count() == 1
    (email,) = [email for email in mail.outbox if email.to == [booked.guest_email]]
    assert booked.portal_token in email.body


def test_an_automation_left_off_sends_nothing(cast, madrid):
    Automation.objects.create(organization=cast.organization, event=Event.CHECKIN_REMINDER, enabled=False)
    stay(madrid, date(2026, 7, 10))

    run_pass(at(2026, 7, 8, 12))

    assert not Message.objects.exists()


@pytest.mark.skipif(connection.vendor == "sqlite", reason="SQLite's shared in-memory test database locks whole tables")
@pytest.mark.django_db(transaction=True)
def test_two_schedulers_at_once_send_each_message_once(cast, madrid):
    turn_on(cast, Event.CHECKIN_REMINDER, days=2, hour=10, max_times=1)
    stays = [stay(madrid, date(2026, 7, 10)) for _ in range(20)]

    def scheduler(_):
        try:
            return run_pass(at(2026, 7, 8, 12))
        finally:
            connection.close()

    with ThreadPoolExecutor(2) as pool:
        list(pool.map(scheduler, range(2)))

    assert Message.objects.count() == 20
    assert all(sent_to(s).count() == 1 for s in stays)
