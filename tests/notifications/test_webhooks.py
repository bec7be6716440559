"""Twilio's webhooks: signed or refused, a guest's message filed under their stay, STOP and START honoured."""

from datetime import date, timedelta

import pytest

from notifications.models import Channel, Message, MessagingSettings, OptOut
from tests.factories import ReservationFactory


def test_a_guests_message_is_filed_under_their_current_stay(guest, fake_twilio, callbacks):
    fake_twilio.inbound(from_="whatsapp:+34600111222", body="What's the Wi-Fi?", profile_name="Marta")

    (response,) = callbacks()

    assert response.status_code == 200
    message = Message.objects.get()
    assert (message.reservation, message.channel, message.body, message.author) == (
        guest,
        Channel.WHATSAPP,
        "What's the Wi-Fi?",
        "Marta",
    )


def test_the_stay_in_progress_wins_over_others(cast, guest, fake_twilio, callbacks):
    guest.check_in, guest.check_out = date.today() - timedelta(days=1), date.today() + timedelta(days=2)
    guest.save()
    ReservationFactory(property=cast.loft, guest_phone="+34600111222", check_in=date.today() + timedelta(days=30))

    fake_twilio.inbound(from_="+34600111222", body="Hello")
    callbacks()

    assert Message.objects.get().reservation == guest


def test_an_unknown_number_lands_unassigned(db, fake_twilio, callbacks):
    fake_twilio.inbound(from_="+447700900123", body="Hi, is this the villa?")
    callbacks()

    message = Message.objects.get()
    assert message.reservation is None and message.organization is None


def test_a_repeated_delivery_is_filed_once(guest, fake_twilio, callbacks):
    fake_twilio.duplicate_callbacks = True
    fake_twilio.inbound(from_="whatsapp:+34600111222", body="Hola")

    responses = callbacks()

    assert [r.status_code for r in responses] == [200, 200]
    assert Message.objects.count() == 1


@pytest.mark.parametrize(("word", "then"), [("STOP", True), ("Baja", True), ("arrêt", True)])
def test_stop_words_opt_the_guest_out_and_start_back_in(cast, guest, fake_twilio, callbacks, word, then):
    fake_twilio.inbound(from_="+34600111222", body=word)
    callbacks()
    assert OptOut.objects.filter(organization=cast.organization, contact="+34600111222", channel="sms").exists()

    fake_twilio.inbound(from_="+34600111222", body="START")
    callbacks()
    assert not OptOut.objects.exists()


@pytest.mark.parametrize("path", ["/webhooks/twilio/status/", "/webhooks/twilio/inbound/"])
def test_a_bad_signature_is_refused_and_nothing_is_stored(client, guest, fake_twilio, path):
    fields = {"MessageSid": "SM" + "0" * 32, "From": "+34600111222", "Body": "forged", "MessageStatus": "delivered"}

    response = client.post(
        path, fields, headers={"X-Twilio-Signature": fake_twilio.signed("http://elsewhere/", fields)}
    )

    assert response.status_code == 403
    assert not Message.objects.exists()


def test_a_signature_for_the_public_address_is_accepted_behind_a_proxy(client, guest, fake_twilio, settings):
    settings.PUBLIC_BASE_URL = "https://portal.example.com"
    fields = {"MessageSid": "SM" + "1" * 32, "From": "+34600111222", "Body": "Hi", "To": fake_twilio.sms_from}
    signature = fake_twilio.signed("https://portal.example.com/webhooks/twilio/inbound/", fields)

    assert (
        client.post("/webhooks/twilio/inbound/", fields, headers={"X-Twilio-Signature": signature}).status_code == 200
    )
    assert Message.objects.count() == 1


def test_a_message_to_an_accounts_own_number_is_filed_with_that_account(cast, guest, fake_twilio, callbacks):
    MessagingSettings.objects.create(organization=cast.organization, sms_from=fake_twilio.sms_from)
    rival = ReservationFactory(property=cast.outsider_property, guest_phone="+34600111222")

    fake_twilio.inbound(from_="+34600111222", to=fake_twilio.sms_from, body="Hello")
    fake_twilio.inbound(from_="+447700900123", to=fake_twilio.sms_from, body="Is this the villa?")
    callbacks()

    matched, unmatched = Message.objects.order_by("pk")
    assert matched.reservation == guest != rival  # the rival's stay for the same number is not considered
    assert (unmatched.organization, unmatched.reservation) == (cast.organization, None)
