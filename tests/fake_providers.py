"""The fake Stripe and Twilio, as fixtures for every test directory (tests/conftest.py names this module in
`pytest_plugins`): each fake runs on a local port, the settings point the client at it, and `deliver` /
`callbacks` post what the fake sent back to our webhooks, signed as the provider signs them."""

import random
from urllib.parse import urlsplit

import pytest
from django.urls import reverse

from tests.fakes.stripe import FakeStripe
from tests.fakes.twilio import FakeTwilio

API_KEY, PLATFORM_SECRET, CONNECT_SECRET = "sk_test_fake", "whsec_platform_fake", "whsec_connect_fake"
PUBLIC = "http://testserver"


@pytest.fixture
def fake_stripe(settings):
    with FakeStripe(api_key=API_KEY, webhook_secret=PLATFORM_SECRET, connect_webhook_secret=CONNECT_SECRET) as fake:
        settings.STRIPE_SECRET_KEY = API_KEY
        settings.STRIPE_API_URL = fake.base_url
        settings.STRIPE_WEBHOOK_SECRET = PLATFORM_SECRET
        settings.STRIPE_CONNECT_WEBHOOK_SECRET = CONNECT_SECRET
        yield fake


@pytest.fixture
def deliver(client, fake_stripe, django_capture_on_commit_callbacks):
    """Post the events the fake has emitted to the webhook endpoint, as Stripe would (optionally out of order);
    the tasks they queue run at once. Returns the responses."""

    def send(*, order=None, twice=False):
        outbox = fake_stripe.take_outbox()
        if order == "reversed":
            outbox.reverse()
        elif order == "shuffled":
            random.Random(4).shuffle(outbox)
        responses = []
        for _kind, payload, headers in outbox * (2 if twice else 1):
            with django_capture_on_commit_callbacks(execute=True):
                responses.append(
                    client.post(
                        reverse("stripe_webhook"),
                        data=payload,
                        content_type="application/json",
                        headers={"Stripe-Signature": headers["Stripe-Signature"]},
                    )
                )
        return responses

    return send


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
