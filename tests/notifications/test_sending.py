"""Sending to a guest: WhatsApp's 24-hour rule, opt-outs, statuses that only move forward, and the fallback."""

import pytest
from django.core import mail
from django.core.exceptions import ValidationError

from notifications.actors import automation
from notifications.models import Channel, Message, MessageStatus, MessagingSettings, OptOut
from notifications.services.sending import send


def send_now(django_capture_on_commit_callbacks, **kwargs):
    with django_capture_on_commit_callbacks(execute=True):
        message = send(**kwargs)
    message.refresh_from_db()
    return message


def test_free_form_whatsapp_needs_the_guest_to_have_written_in_the_last_day(cast, guest, fake_twilio):
    with pytest.raises(ValidationError, match="only an approved template"):
        send(actor=cast.owner, reservation=guest, channel=Channel.WHATSAPP, body="Hello!")
    assert not Message.objects.exists()


def test_a_template_goes_outside_the_window(cast, guest, fake_twilio, django_capture_on_commit_callbacks):
    sid = fake_twilio.add_template("Hello {{1}}, your stay at {{2}} starts soon.")

    message = send_now(
        django_capture_on_commit_callbacks,
        actor=cast.owner,
        reservation=guest,
        channel=Channel.WHATSAPP,
        body="Hello Marta, your stay at Villa Mar starts soon.",
        content_sid=sid,
        content_variables={"1": "Marta", "2": "Villa Mar"},
    )

    sent = fake_twilio.get_message(message.provider_sid)
    assert sent["to"] == "whatsapp:+34600111222"
    assert sent["body"] == "Hello Marta, your stay at Villa Mar starts soon."


def test_after_the_guest_writes_free_form_replies_go(
    cast, guest, fake_twilio, callbacks, django_capture_on_commit_callbacks
):
    fake_twilio.inbound(from_="whatsapp:+34600111222", body="Can we arrive at 13:00?")
    callbacks()

    reply = send_now(
        django_capture_on_commit_callbacks, actor=cast.owner, reservation=guest, channel=Channel.WHATSAPP, body="Sure!"
    )

    assert reply.provider_sid
    assert fake_twilio.get_message(reply.provider_sid)["body"] == "Sure!"


def test_statuses_only_move_forward(cast, guest, fake_twilio, callbacks, django_capture_on_commit_callbacks):
    message = send_now(
        django_capture_on_commit_callbacks, actor=cast.owner, reservation=guest, channel=Channel.SMS, body="Hi"
    )
    fake_twilio.duplicate_callbacks = True
    fake_twilio.shuffle_callbacks(3)
    fake_twilio.advance_all(message.provider_sid)

    callbacks()

    message.refresh_from_db()
    assert message.status == MessageStatus.DELIVERED


def test_an_undelivered_whatsapp_falls_back_to_sms_with_the_reason(
    cast, guest, fake_twilio, callbacks, django_capture_on_commit_callbacks
):
    fake_twilio.inbound(from_="whatsapp:+34600111222", body="Hola")
    callbacks()
    fake_twilio.fail_to("whatsapp:+34600111222", error_code=63003, status="failed")
    message = send_now(
        django_capture_on_commit_callbacks, actor=cast.owner, reservation=guest, channel=Channel.WHATSAPP, body="Hi"
    )
    fake_twilio.advance_all(message.provider_sid)

    callbacks()

    message.refresh_from_db()
    assert (message.status, message.error_code) == ("failed", "63003")
    assert message.error_message == "The number is not on WhatsApp."
    assert message.fallback.channel == Channel.SMS
    assert message.fallback.body == "Hi"


def test_the_account_may_fall_back_to_email(cast, guest, fake_twilio, callbacks, django_capture_on_commit_callbacks):
    MessagingSettings.objects.create(organization=cast.organization, fallback="email")
    fake_twilio.inbound(from_="whatsapp:+34600111222", body="Hola")
    callbacks()
    fake_twilio.fail_to("whatsapp:+34600111222", error_code=63003, status="failed")
    message = send_now(
        django_capture_on_commit_callbacks, actor=cast.owner, reservation=guest, channel=Channel.WHATSAPP, body="Hi"
    )
    fake_twilio.advance_all(message.provider_sid)

    callbacks()

    assert mail.outbox[-1].to == ["marta@example.com"]
    assert mail.outbox[-1].body == "Hi"


def test_a_permanent_error_is_not_retried_and_is_explained(
    cast, guest, fake_twilio, django_capture_on_commit_callbacks
):
    guest.guest_phone = "+34600"  # not a possible number: Twilio answers 21211
    guest.save()

    message = send_now(
        django_capture_on_commit_callbacks, actor=cast.owner, reservation=guest, channel=Channel.SMS, body="Hi"
    )

    assert (message.status, message.error_code, message.attempts) == ("failed", "21211", 1)
    assert message.error_message == "The phone number is not valid."


def test_automated_messages_skip_a_guest_who_opted_out(cast, guest, fake_twilio):
    OptOut.objects.create(organization=cast.organization, contact="+34600111222", channel=Channel.SMS)

    with pytest.raises(ValidationError, match="asked not to get automated messages"):
        send(
            actor=automation(cast.organization, "Reminder"),
            reservation=guest,
            channel=Channel.SMS,
            body="x",
            automated=True,
        )


def test_with_twilio_off_email_still_works(cast, guest, settings, django_capture_on_commit_callbacks):
    settings.TWILIO_ACCOUNT_SID = ""

    with pytest.raises(ValidationError, match="WhatsApp and SMS are off"):
        send(actor=cast.owner, reservation=guest, channel=Channel.SMS, body="Hi")
    message = send_now(
        django_capture_on_commit_callbacks,
        actor=cast.owner,
        reservation=guest,
        channel=Channel.EMAIL,
        subject="Your stay",
        body="See you soon",
    )

    assert message.status == MessageStatus.SENT
    assert mail.outbox[-1].subject == "Your stay"
