"""The dashboard's "Remind" and "Remind all" for check-ins to chase."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone
from pytest_django.asserts import assertContains

from notifications.models import Channel, Event, Message, MessageTemplate
from notifications.services.sending import best_channel
from tests.factories import ReservationFactory

pytestmark = pytest.mark.django_db

URL = reverse("notifications:remind")


@pytest.fixture
def arriving(cast, guest):
    """Two stays of the villa arriving in three days, check-in not started: one reachable, one not."""
    soon = timezone.localdate() + timedelta(days=3)
    guest.check_in, guest.check_out = soon, soon + timedelta(days=2)
    guest.save()
    silent = ReservationFactory(
        property=cast.villa,
        guest_name="Sam Silent",
        guest_email="",
        guest_phone="",
        check_in=soon,
        check_out=soon + timedelta(days=2),
    )
    return guest, silent


def test_the_dashboard_offers_remind_buttons(cast, client_for, arriving):
    response = client_for(cast.concierge).get(reverse("dashboard"))

    assertContains(response, f'action="{URL}"')
    assertContains(response, f'name="reservation" value="{arriving[0].pk}"')
    assertContains(response, "Remind all 2 guests")


def test_remind_one_sends_by_sms_when_no_whatsapp_template(
    cast, client_for, arriving, fake_twilio, django_capture_on_commit_callbacks
):
    guest, _ = arriving
    with django_capture_on_commit_callbacks(execute=True):
        response = client_for(cast.concierge).post(URL, {"reservation": guest.pk}, follow=True)

    assertContains(response, "Reminder sent to 1 guest.")
    [sent] = fake_twilio.messages
    assert sent["to"] == "+34600111222"
    assert Message.objects.get().channel == Channel.SMS


def test_remind_all_reports_who_could_not_be_reached(
    cast, client_for, arriving, fake_twilio, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = client_for(cast.concierge).post(URL, {"all": "1"}, follow=True)

    assertContains(response, "Reminder sent to 1 guest.")
    assertContains(response, "Not sent: Sam Silent (no phone number or email address).")
    assert Message.objects.count() == 1


def test_a_stay_not_on_the_members_list_is_refused(cast, client_for, arriving, fake_twilio):
    response = client_for(cast.concierge).post(URL, {"reservation": cast.loft_reservation.pk}, follow=True)

    assertContains(response, "no longer on the list")
    assert not Message.objects.exists()


def test_nothing_picked_is_refused(cast, client_for, arriving):
    assertContains(client_for(cast.owner).post(URL, {}, follow=True), "Pick the guests to remind.")


def test_best_channel(cast, guest, fake_twilio, settings):
    assert best_channel(guest, content_sid="HX" + "0" * 32) == Channel.WHATSAPP
    assert best_channel(guest) == Channel.SMS
    settings.TWILIO_ACCOUNT_SID = ""
    assert best_channel(guest, content_sid="HX" + "0" * 32) == Channel.EMAIL
    guest.guest_email = ""
    assert best_channel(guest) is None


def test_a_configured_whatsapp_template_is_used(
    cast, client_for, arriving, fake_twilio, django_capture_on_commit_callbacks
):
    guest, _ = arriving
    sid = fake_twilio.add_template("Hi {{1}}, please check in.")
    MessageTemplate.objects.create(
        organization=cast.organization,
        event=Event.CHECKIN_REMINDER,
        language=guest.guest_language or "en",
        body="Hi {guest_name}, please check in.",
        content_sid=sid,
        content_variables=["guest_name"],
    )
    with django_capture_on_commit_callbacks(execute=True):
        client_for(cast.owner).post(URL, {"reservation": guest.pk})

    [sent] = fake_twilio.messages
    assert sent["to"] == "whatsapp:+34600111222"
    assert sent["content_sid"] == sid
