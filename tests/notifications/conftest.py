"""A fake Twilio on a local port, and a guest with a phone number and an email address."""

from urllib.parse import urlsplit

import pytest

from tests.fakes.twilio import FakeTwilio

PUBLIC = "http://testserver"


@pytest.fixture
def fake_twilio(settings):
    with FakeTwilio(inbound_url=f"{PUBLIC}/webhooks/twilio/inbound/") as fake:
        settings.TWILIO_ACCOUNT_SID = fake.account_sid
        settings.TWILIO_AUTH_TOKEN = fake.auth_token
        settings.TWILIO_WHATSAPP_FROM = fake.whatsapp_from
        settings.TWILIO_SMS_FROM = fake.sms_from
        settings.TWILIO_API_URL = fake.base_url
        settings.PUBLIC_BASE_URL = PUBLIC
        yield fake


@pytest.fixture
def callbacks(client, fake_twilio, django_capture_on_commit_callbacks):
    """Post what the fake has queued for us (status callbacks, inbound messages), as Twilio would."""

    def post():
        responses = []
        for url, body, headers in fake_twilio.take_outbox():
            with django_capture_on_commit_callbacks(execute=True):
                responses.append(
                    client.post(
                        urlsplit(url).path,
                        data=body,
                        content_type="application/x-www-form-urlencoded",
                        headers={"X-Twilio-Signature": headers["X-Twilio-Signature"]},
                    )
                )
        return responses

    return post


@pytest.fixture
def guest(cast):
    reservation = cast.villa_reservation
    reservation.guest_phone = "+34600111222"
    reservation.guest_email = "marta@example.com"
    reservation.save()
    return reservation
