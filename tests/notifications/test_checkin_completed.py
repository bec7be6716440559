"""A completed check-in: the team hears of it by email; the guest gets a confirmation when the host turned it on."""

import pytest
from django.core import mail

from notifications.models import Automation, Event, Message
from reservations.checkin.services.forms import ensure_default_form
from reservations.checkin.services.submissions import start_checkin, submit_checkin
from tests.checkins import fill_in_everything


@pytest.fixture
def filled_in(cast):
    ensure_default_form(cast.organization)
    submission = start_checkin(reservation=cast.villa_reservation, language="en")
    fill_in_everything(submission, party_size=2)
    return submission


def submit(submission, capture, **options):
    with capture(execute=True):
        submit_checkin(submission=submission, **options)


def test_the_owners_and_the_propertys_managers_are_emailed(cast, filled_in, django_capture_on_commit_callbacks):
    submit(filled_in, django_capture_on_commit_callbacks)

    (email,) = mail.outbox
    assert sorted(email.to) == ["manager@seaside.test", "owner@seaside.test"]
    assert email.subject.startswith("Ana Villa checked in online — Villa Mar")
    assert "2 guests" in email.body
    assert f"/reservations/{cast.villa_reservation.pk}/" in email.body


def test_the_guest_is_confirmed_only_when_the_host_turned_it_on(cast, filled_in, django_capture_on_commit_callbacks):
    submit(filled_in, django_capture_on_commit_callbacks)
    assert not Message.objects.filter(reservation=cast.villa_reservation).exists()

    Automation.objects.create(organization=cast.organization, event=Event.CHECKIN_COMPLETED, enabled=True)
    other = cast.loft_reservation
    submission = start_checkin(reservation=other, language="en")
    fill_in_everything(submission, party_size=1)
    submit(submission, django_capture_on_commit_callbacks)

    (confirmation,) = Message.objects.filter(reservation=other)
    assert confirmation.to == other.guest_email


def test_a_host_can_turn_the_team_email_off(cast, filled_in, django_capture_on_commit_callbacks):
    Automation.objects.create(organization=cast.organization, event=Event.TEAM_CHECKIN_COMPLETED, enabled=False)

    submit(filled_in, django_capture_on_commit_callbacks)

    assert mail.outbox == []


def test_demo_check_ins_tell_nobody(cast, filled_in, django_capture_on_commit_callbacks):
    Automation.objects.create(organization=cast.organization, event=Event.CHECKIN_COMPLETED, enabled=True)

    submit(filled_in, django_capture_on_commit_callbacks, notify=False)

    assert mail.outbox == []
    assert not Message.objects.exists()
