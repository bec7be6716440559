"""Payments rows made directly, for the host pages: no Stripe is reached.

Services that would call Stripe are replaced in each test that needs one (`monkeypatch`);
the services have their own tests against the fake Stripe (tests/payments/).
"""

import itertools
from datetime import datetime

import pytest
from django.utils import timezone

from payments.models import (
    DepositPolicy,
    Order,
    OrderItem,
    OrderKind,
    OrderStatus,
    PaymentAccount,
    Transaction,
    TransactionKind,
    Upsell,
)

HTMX = {"HX-Request": "true"}
_ids = itertools.count(1)


@pytest.fixture
def payments_on(settings):
    """A Stripe key is configured (nothing listens at it: pages that would call Stripe are mocked)."""
    settings.STRIPE_SECRET_KEY = "sk_test_views"
    settings.STRIPE_API_URL = "http://127.0.0.1:9"
    return settings


@pytest.fixture
def payments_off(settings):
    settings.STRIPE_SECRET_KEY = ""
    return settings


@pytest.fixture
def stripe_ready(cast, payments_on):
    """The cast's account, onboarded: Stripe takes charges and pays out."""
    return PaymentAccount.objects.create(
        organization=cast.organization,
        stripe_account_id="acct_seaside",
        details_submitted=True,
        charges_enabled=True,
        payouts_enabled=True,
    )


def make_upsell(organization, name="Late check-out", **fields):
    fields.setdefault("price", 3000)
    fields.setdefault("currency", "eur")
    fields.setdefault("position", Upsell.objects.filter(organization=organization).count())
    return Upsell.objects.create(organization=organization, name={"en": name}, **fields)


def make_order(reservation, *, kind=OrderKind.EXTRAS, status=OrderStatus.PAID, amount=5000, commission=500,
               currency="eur", items=(("Breakfast basket", 2500, 2),), **fields):  # fmt: skip
    """An order of the reservation; paid orders have taken their amount (`captured`)."""
    n = next(_ids)
    if status in (OrderStatus.PAID, OrderStatus.PARTIALLY_REFUNDED, OrderStatus.REFUNDED):
        fields.setdefault("captured", amount)
    order = Order.objects.create(
        organization_id=reservation.organization_id,
        reservation=reservation,
        kind=kind,
        status=status,
        cart_key=f"cart-{n}",
        currency=currency,
        amount=amount,
        commission=commission,
        payment_intent_id=f"pi_{n}",
        **fields,
    )
    if kind == OrderKind.EXTRAS:
        for name, unit_price, quantity in items:
            OrderItem.objects.create(
                order=order, name=name, unit_price=unit_price, quantity=quantity, amount=unit_price * quantity
            )
    return order


def make_transaction(order, *, kind=TransactionKind.CHARGE, gross=None, commission=None, when=None, note=""):
    """A money movement of the order (gross = commission + host net), dated `when` (a date or datetime)."""
    gross = order.amount if gross is None else gross
    commission = order.commission if commission is None else commission
    row = Transaction.objects.create(
        organization_id=order.organization_id,
        order=order,
        reservation_id=order.reservation_id,
        kind=kind,
        currency=order.currency,
        gross=gross,
        commission=commission,
        host_net=gross - commission,
        stripe_id=f"tx_{next(_ids)}",
        note=note,
    )
    if when is not None:
        if not isinstance(when, datetime):
            when = timezone.make_aware(datetime(when.year, when.month, when.day, 12))
        Transaction.objects.filter(pk=row.pk).update(created_at=when)
        row.created_at = when
    return row


def make_policy(property, **fields):
    fields.setdefault("amount", 20000)
    return DepositPolicy.objects.create(organization_id=property.organization_id, property=property, **fields)


class Calls:
    """A stand-in for a service: records its keyword arguments, returns `result` or raises `error`."""

    def __init__(self, result=None, error=None):
        self.result, self.error, self.calls = result, error, []

    def __call__(self, **kwargs):
        self.calls.append(kwargs)
        if self.error is not None:
            raise self.error
        return self.result


@pytest.fixture
def media_root(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    return tmp_path


def png(name="photo.png", size=(40, 30)):
    import io

    from django.core.files.uploadedfile import SimpleUploadedFile
    from PIL import Image

    buffer = io.BytesIO()
    Image.new("RGB", size, "#1a6b5c").save(buffer, format="PNG")
    return SimpleUploadedFile(name, buffer.getvalue(), content_type="image/png")
