"""Replying from the conversation: it reaches Twilio (the fake); a refusal is a clear message, 400, nothing sent."""

import pytest
from django.urls import reverse
from pytest_django.asserts import assertContains

from notifications.models import Channel, Event, Message, MessageTemplate
from tests.notifications.views.conftest import HTMX

pytestmark = pytest.mark.django_db


def url(reservation):
    return reverse("notifications:send", args=[reservation.pk])


def post(client, reservation, capture, **data):
    with capture(execute=True):
        return client.post(url(reservation), data, headers=HTMX)


def test_a_concierge_replies_by_whatsapp_inside_the_window(
    cast, client_for, guest, fake_twilio, callbacks, django_capture_on_commit_callbacks
):
    fake_twilio.inbound(from_="whatsapp:+34600111222", body="Is there parking?")
    callbacks()

    response = post(
        client_for(cast.concierge), guest, django_capture_on_commit_callbacks, channel="whatsapp", body="Yes, free!"
    )

    assert response.status_code == 200
    assertContains(response, "Yes, free!")
    assertContains(response, "hx-swap-oob")
    [sent] = fake_twilio.messages
    assert sent["to"] == "whatsapp:+34600111222"
    assert sent["body"] == "Yes, free!"
    reply = Message.objects.get(body="Yes, free!")
    assert reply.author == "concierge@seaside.test"


def test_an_sms_goes(cast, client_for, guest, fake_twilio, django_capture_on_commit_callbacks):
    response = post(client_for(cast.owner), guest, django_capture_on_commit_callbacks, channel="sms", body="Hi Ana")

    assert response.status_code == 200
    assert [m["to"] for m in fake_twilio.messages] == ["+34600111222"]


def test_an_email_goes_with_its_subject(
    cast, client_for, guest, fake_twilio, django_capture_on_commit_callbacks, mailoutbox
):
    post(
        client_for(cast.owner),
        guest,
        django_capture_on_commit_callbacks,
        channel="email",
        subject="Your stay",
        body="See you soon",
    )

    message = Message.objects.get()
    assert (message.channel, message.subject, message.to) == ("email", "Your stay", "marta@example.com")


def test_empty_text_is_refused(cast, client_for, guest, fake_twilio, django_capture_on_commit_callbacks):
    response = post(client_for(cast.owner), guest, django_capture_on_commit_callbacks, channel="sms", body="   ")

    assert response.status_code == 400
    assertContains(response, "Write a message.", status_code=400)
    assert not Message.objects.exists()
    assert not fake_twilio.messages


def test_free_text_whatsapp_outside_the_window_is_refused(
    cast, client_for, guest, fake_twilio, django_capture_on_commit_callbacks
):
    response = post(client_for(cast.owner), guest, django_capture_on_commit_callbacks, channel="whatsapp", body="Hi")

    assertContains(response, "only an approved template can be sent", status_code=400)
    assert not Message.objects.exists()


def test_a_template_goes_outside_the_window(cast, client_for, guest, fake_twilio, django_capture_on_commit_callbacks):
    sid = fake_twilio.add_template("Hello {{1}}, check in here: {{2}}")
    MessageTemplate.objects.create(
        organization=cast.organization,
        event=Event.CHECKIN_REMINDER,
        language="en",
        body="Hello {guest_name}, check in here: {portal_link}",
        content_sid=sid,
        content_variables=["guest_name", "portal_link"],
    )
    guest.guest_language = "en"
    guest.save()

    response = post(
        client_for(cast.owner), guest, django_capture_on_commit_callbacks, channel="whatsapp", event="checkin_reminder"
    )

    assert response.status_code == 200
    [sent] = fake_twilio.messages
    assert sent["content_sid"] == sid
    assert sent["content_variables"]["1"] == "Ana"


def test_a_channel_the_guest_has_no_contact_for_is_refused(
    cast, client_for, guest, fake_twilio, django_capture_on_commit_callbacks
):
    guest.guest_phone = ""
    guest.save()

    response = post(client_for(cast.owner), guest, django_capture_on_commit_callbacks, channel="sms", body="Hi")

    assertContains(response, "can’t be reached that way", status_code=400)
    assert not Message.objects.exists()


def test_sms_with_messaging_off_is_refused(cast, client_for, guest, settings, django_capture_on_commit_callbacks):
    settings.TWILIO_ACCOUNT_SID = ""

    response = post(client_for(cast.owner), guest, django_capture_on_commit_callbacks, channel="sms", body="Hi")

    assert response.status_code == 400
    assert not Message.objects.exists()


def test_without_htmx_a_reply_comes_back_to_the_conversation(
    cast, client_for, guest, fake_twilio, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = client_for(cast.owner).post(url(guest), {"channel": "sms", "body": "Hi"})

    assert response.status_code == 302
    assert response["Location"] == reverse("notifications:conversation", args=[guest.pk])


def test_a_concierge_cannot_write_to_a_stay_of_another_property(cast, client_for, fake_twilio):
    response = client_for(cast.concierge).post(url(cast.loft_reservation), {"channel": "email", "body": "Hi"})

    assert response.status_code == 404
    assert not Message.objects.exists()


def test_a_hand_sent_draft_goes(cast, client_for, guest, fake_twilio, django_capture_on_commit_callbacks):
    post(
        client_for(cast.owner),
        guest,
        django_capture_on_commit_callbacks,
        **{"draft-channel": Channel.SMS, "draft-body": "Your door code comes on the day", "draft-event": ""},
    )

    assert [m["body"] for m in fake_twilio.messages] == ["Your door code comes on the day"]
