"""Refunds: an amount typed in major units, up to what remains; a double submit carries one request key."""

import uuid

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from pytest_django.asserts import assertContains

from payments.models import OrderStatus
from payments.services import orders as order_services
from tests.payments.views.conftest import HTMX, Calls, make_order

pytestmark = pytest.mark.django_db

KEY = str(uuid.uuid4())


def _url(order):
    return reverse("payments:refund", args=[order.pk])


@pytest.fixture
def paid(cast):
    return make_order(cast.villa_reservation, status=OrderStatus.PARTIALLY_REFUNDED, amount=5000, refunded=1000)


@pytest.fixture
def refund(monkeypatch):
    calls = Calls()
    monkeypatch.setattr(order_services, "refund", calls)
    return calls


def _form(**overrides):
    return {"amount": "12.50", "reason": "Basket arrived late", "request_key": KEY} | overrides


def test_refunds_the_amount_typed(cast, client_for, stripe_ready, paid, refund):
    response = client_for(cast.owner).post(_url(paid), _form(), follow=True)

    assertContains(response, "€12.50 refunded to the guest’s card.")
    (call,) = refund.calls
    assert (call["order"], call["amount"], call["reason"], call["request_key"]) == (
        paid,
        1250,
        "Basket arrived late",
        KEY,
    )


def test_the_form_carries_a_fresh_request_key(cast, client_for, stripe_ready, paid):
    client = client_for(cast.owner)
    url = reverse("payments:reservation_orders", args=[cast.villa_reservation.pk])

    first, second = (client.get(url, headers=HTMX).content.decode() for _ in range(2))

    keys = [page.split('name="request_key" value="')[1][:36] for page in (first, second)]
    assert keys[0] != keys[1]
    assert all(uuid.UUID(key).version == 4 for key in keys)


def test_more_than_remains_is_refused_saying_how_much(cast, client_for, stripe_ready, paid, refund):
    response = client_for(cast.owner).post(_url(paid), _form(amount="40.01"), headers=HTMX)

    assertContains(response, "You can refund at most €40.00.", status_code=400)
    assertContains(response, 'class="order-action" open', status_code=400)
    assert not refund.calls
    paid.refresh_from_db()
    assert paid.refunded == 1000


def test_the_services_refusal_is_shown_the_same_way(cast, client_for, stripe_ready, paid, monkeypatch):
    monkeypatch.setattr(order_services, "refund", Calls(error=ValidationError("You can refund at most €20.00.")))

    response = client_for(cast.owner).post(_url(paid), _form())

    assertContains(response, "You can refund at most €20.00.", status_code=400)
    assertContains(response, "<html", status_code=400)  # without JavaScript: the orders page, the form open


@pytest.mark.parametrize(
    "overrides, message",
    [
        ({"amount": "0"}, "Enter an amount above zero."),
        ({"amount": "ten"}, "Enter an amount like 12.50."),
        ({"amount": "-5"}, "Enter an amount like 12.50."),
        ({"amount": "1e3"}, "Enter an amount like 12.50."),
        ({"reason": ""}, "Say why."),
        ({"request_key": "not-a-key"}, "This form has expired"),
        ({"request_key": ""}, "This form has expired"),
    ],
)
def test_bad_input_is_explained_and_nothing_is_refunded(
    cast, client_for, stripe_ready, paid, refund, overrides, message
):
    response = client_for(cast.owner).post(_url(paid), _form(**overrides), headers=HTMX)

    assertContains(response, message, status_code=400)
    assert not refund.calls


def test_zero_decimal_currencies_take_whole_amounts(cast, client_for, stripe_ready, refund):
    yen = make_order(cast.villa_reservation, status=OrderStatus.PAID, amount=5000, commission=500, currency="jpy")

    client_for(cast.owner).post(_url(yen), _form(amount="1200"))
    response = client_for(cast.owner).post(_url(yen), _form(amount="1200.50"), headers=HTMX)

    assert refund.calls[0]["amount"] == 1200
    assertContains(response, "JPY amounts are whole numbers", status_code=400)


def test_a_concierge_is_refused(cast, client_for, stripe_ready, paid, refund):
    assert client_for(cast.concierge).post(_url(paid), _form()).status_code == 403
    assert not refund.calls


def test_a_manager_cannot_refund_on_a_property_not_assigned_to_them(cast, client_for, stripe_ready, refund):
    loft = make_order(cast.loft_reservation, status=OrderStatus.PAID)

    assert client_for(cast.manager).post(_url(loft), _form()).status_code == 404
    assert not refund.calls


def test_another_accounts_order_does_not_exist(cast, client_for, stripe_ready, paid, refund):
    assert client_for(cast.outsider).post(_url(paid), _form()).status_code == 404
    assert not refund.calls
