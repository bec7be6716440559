"""A guest buys extras: one order per cart, a destination charge with the commission, fulfilled by Stripe's events."""

from concurrent.futures import ThreadPoolExecutor

import pytest
from django.core.exceptions import ValidationError
from django.db import connection

from payments.models import Order, OrderStatus, Transaction
from payments.services.checkout import start_checkout


def buy(stay, quantities, language="en"):
    return start_checkout(reservation=stay, quantities=quantities, language=language)


def test_a_cart_becomes_a_pending_order_and_a_checkout_session(selling, stay, breakfast, fake_stripe):
    order = buy(stay, {breakfast.pk: 2})

    assert (order.status, order.amount, order.commission, order.currency) == ("pending", 3000, 300, "eur")
    assert [(item.name, item.quantity, item.amount) for item in order.items.all()] == [("Breakfast basket", 2, 3000)]
    session = fake_stripe.get(order.checkout_session_id)
    intent = session["payment_intent_data"]
    assert intent["application_fee_amount"] == 300
    assert intent["transfer_data"]["destination"] == selling.stripe_account_id
    assert intent["capture_method"] == "automatic"
    assert order.checkout_url == session["url"]


def test_double_clicks_and_a_second_tab_pay_the_same_order(selling, stay, breakfast):
    first = buy(stay, {breakfast.pk: 2})
    second = buy(stay, {breakfast.pk: 2})

    assert first.pk == second.pk
    assert first.checkout_session_id == second.checkout_session_id
    assert Order.objects.count() == 1


@pytest.mark.skipif(
    connection.vendor == "sqlite",
    reason="SQLite's shared in-memory test database locks whole tables; CI uses PostgreSQL",
)
@pytest.mark.django_db(transaction=True)
def test_two_tabs_at_the_same_moment_make_one_order(selling, stay, breakfast):
    def tab(_):
        try:
            return buy(stay, {breakfast.pk: 1}).pk
        finally:
            connection.close()

    with ThreadPoolExecutor(2) as pool:
        orders = set(pool.map(tab, range(2)))

    assert len(orders) == 1
    assert Order.objects.count() == 1


def test_paying_is_not_enough_only_stripes_event_fulfils(selling, stay, breakfast, fake_stripe, deliver):
    order = buy(stay, {breakfast.pk: 1})
    fake_stripe.pay(order.checkout_session_id)

    order.refresh_from_db()
    assert order.status == "pending"  # the guest is back on the site, nothing was trusted from the redirect

    deliver()

    order.refresh_from_db()
    assert order.status == OrderStatus.PAID
    charge = Transaction.objects.get(order=order)
    assert (charge.kind, charge.gross, charge.commission, charge.host_net) == ("charge", 1500, 150, 1350)
    assert charge.processing_fee and charge.processing_fee > 0


def test_an_extra_needing_approval_is_only_authorised(selling, stay, late_checkout, fake_stripe, deliver):
    order = buy(stay, {late_checkout.pk: 1})
    assert fake_stripe.get(order.checkout_session_id)["payment_intent_data"]["capture_method"] == "manual"
    fake_stripe.pay(order.checkout_session_id)

    deliver()

    order.refresh_from_db()
    assert order.status == OrderStatus.AUTHORISED
    assert order.approval_deadline is not None
    assert not Transaction.objects.filter(order=order, kind__in=["charge", "capture"]).exists()


@pytest.mark.parametrize(
    ("quantities", "message"),
    [
        ({}, "Choose at least one extra."),
        ("too_many", "You can buy at most 3"),
        ("not_on_sale", "no longer on sale"),
        ("negative", "You can buy at most 3"),
    ],
)
def test_a_bad_cart_is_refused_and_nothing_is_made(selling, stay, breakfast, cast, quantities, message):
    from payments.models import Upsell

    carts = {
        "too_many": {breakfast.pk: 4},
        "negative": {breakfast.pk: -1},
        "not_on_sale": {
            Upsell.objects.create(organization=cast.outsider.organization, name={"en": "x"}, price=100).pk: 1
        },
    }
    with pytest.raises(ValidationError, match=message):
        buy(stay, carts[quantities] if isinstance(quantities, str) else quantities)
    assert not Order.objects.exists()


def test_nothing_is_sold_until_stripe_enables_charges(cast, stay, breakfast, fake_stripe):
    from payments.services.connect import onboarding_link

    onboarding_link(actor=cast.owner)  # started, not finished

    with pytest.raises(ValidationError, match="cannot be bought"):
        buy(stay, {breakfast.pk: 1})


def test_with_payments_off_nothing_is_offered(cast, stay, breakfast, settings):
    from payments.selectors import offers_for

    settings.STRIPE_SECRET_KEY = ""

    assert offers_for(stay) == []
    with pytest.raises(ValidationError):
        buy(stay, {breakfast.pk: 1})
