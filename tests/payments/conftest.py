"""A host account that can sell, and extras to buy (the fake Stripe: tests/fake_providers.py)."""

import pytest

from payments.models import Upsell
from payments.services.connect import onboarding_link, refresh_account


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
