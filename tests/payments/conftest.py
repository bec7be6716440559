"""A fake Stripe on a local port, a host account that can sell, and extras to buy."""

import random

import pytest
from django.urls import reverse

from payments.models import Upsell
from payments.services.connect import onboarding_link, refresh_account
from tests.fakes.stripe import FakeStripe

API_KEY, PLATFORM_SECRET, CONNECT_SECRET = "sk_test_fake", "whsec_platform_fake", "whsec_connect_fake"


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
def selling(cast, fake_stripe, deliver):
    """The cast's account onboarded on Stripe: charges enabled."""
    onboarding_link(actor=cast.owner)
    account = refresh_account(actor=cast.owner)
    fake_stripe.complete_onboarding(account.stripe_account_id)
    deliver()
    account.refresh_from_db()
    assert account.charges_enabled
    return account


def upsell(cast, **fields):
    defaults = {
        "organization": cast.organization,
        "name": {"en": "Breakfast basket", "es": "Cesta de desayuno"},
        "price": 1500,
        "currency": "eur",
        "pricing": "per_stay",
        "max_quantity": 3,
    }
    return Upsell.objects.create(**(defaults | fields))


@pytest.fixture
def breakfast(cast):
    return upsell(cast)


@pytest.fixture
def late_checkout(cast):
    return upsell(cast, name={"en": "Late check-out"}, price=3000, max_quantity=1, needs_approval=True)


@pytest.fixture
def stay(cast):
    """The villa's stay, a week ahead, for two guests."""
    return cast.villa_reservation
