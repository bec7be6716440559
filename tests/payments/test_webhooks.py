"""`POST /webhooks/stripe/`: signed, stored once, in any order, in the right mode."""

import json
import time

import pytest
from django.urls import reverse

from payments.models import Order, OrderStatus, PaymentAccount, StripeEvent, Transaction
from payments.services.checkout import start_checkout
from tests.fake_providers import PLATFORM_SECRET

URL = "/webhooks/stripe/"


@pytest.fixture
def bought(selling, stay, breakfast, fake_stripe):
    order = start_checkout(reservation=stay, quantities={breakfast.pk: 1}, language="en")
    fake_stripe.pay(order.checkout_session_id)
    return order


def post(client, payload, header):
    return client.post(URL, data=payload, content_type="application/json", headers={"Stripe-Signature": header})


def test_the_endpoint_is_where_it_is_documented():
    assert reverse("stripe_webhook") == URL


def test_a_repeated_event_is_acknowledged_and_applied_once(bought, deliver):
    responses = deliver(twice=True)

    assert all(response.status_code == 200 for response in responses)
    assert any(response.json().get("duplicate") for response in responses)
    assert StripeEvent.objects.filter(type="checkout.session.completed").count() == 1
    assert Transaction.objects.filter(order=bought).count() == 1


@pytest.mark.parametrize("order", ["reversed", "shuffled"])
def test_events_in_any_order_end_in_the_same_records(bought, deliver, fake_stripe, order):
    fake_stripe.refund_in_dashboard(_intent_of(bought, fake_stripe), 500)

    deliver(order=order)

    bought.refresh_from_db()
    assert bought.status == OrderStatus.PARTIALLY_REFUNDED
    assert sorted(Transaction.objects.filter(order=bought).values_list("kind", "gross")) == [
        ("charge", 1500),
        ("refund", -500),
    ]


@pytest.mark.parametrize("forgery", ["tampered", "wrong secret", "stale", "no header"])
def test_a_bad_or_stale_signature_is_refused_and_nothing_is_stored(client, bought, fake_stripe, forgery):
    stored = StripeEvent.objects.count()
    (_kind, payload, headers), *_rest = fake_stripe.take_outbox()
    header = headers["Stripe-Signature"]
    if forgery == "tampered":
        payload = payload.replace(b'"livemode": false', b'"livemode": false ')
    elif forgery == "wrong secret":
        header = fake_stripe.signed(payload, secret="whsec_someone_else")
    elif forgery == "stale":
        header = fake_stripe.signed(payload, secret=PLATFORM_SECRET, timestamp=int(time.time()) - 3600)
    elif forgery == "no header":
        header = ""

    response = post(client, payload, header)

    assert response.status_code == 400
    assert StripeEvent.objects.count() == stored
    assert Order.objects.get(pk=bought.pk).status == OrderStatus.PENDING


def test_an_event_from_the_other_mode_is_refused(client, bought, fake_stripe):
    stored = StripeEvent.objects.count()
    (_kind, payload, _headers), *_rest = fake_stripe.take_outbox()
    live = json.dumps({**json.loads(payload), "livemode": True}).encode()

    response = post(client, live, fake_stripe.signed(live, secret=PLATFORM_SECRET))

    assert response.status_code == 400
    assert StripeEvent.objects.count() == stored


def test_an_older_account_update_changes_nothing(
    cast, selling, fake_stripe, client, django_capture_on_commit_callbacks
):
    event = {
        "id": "evt_old",
        "object": "event",
        "type": "account.updated",
        "livemode": False,
        "created": selling.state_as_of - 100,
        "account": selling.stripe_account_id,
        "data": {"object": {"id": selling.stripe_account_id, "charges_enabled": False}},
    }
    payload = json.dumps(event).encode()
    from tests.fake_providers import CONNECT_SECRET

    with django_capture_on_commit_callbacks(execute=True):
        assert post(client, payload, fake_stripe.signed(payload, secret=CONNECT_SECRET)).status_code == 200

    assert PaymentAccount.objects.get(pk=selling.pk).charges_enabled


def test_with_payments_off_the_endpoint_refuses(client, settings):
    settings.STRIPE_SECRET_KEY = ""

    assert post(client, b"{}", "t=1,v1=x").status_code == 400


def _intent_of(order, fake):
    return fake.get(order.checkout_session_id)["payment_intent"]
