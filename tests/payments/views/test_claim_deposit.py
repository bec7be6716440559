"""Claiming from a held deposit: at most what is held, and why (the guest is told)."""

import pytest
from django.urls import reverse
from pytest_django.asserts import assertContains

from payments.models import OrderKind, OrderStatus
from payments.services import orders as order_services
from tests.payments.views.conftest import HTMX, Calls, make_order

pytestmark = pytest.mark.django_db


def _url(order):
    return reverse("payments:claim_deposit", args=[order.pk])


@pytest.fixture
def held(cast):
    return make_order(
        cast.villa_reservation, kind=OrderKind.DEPOSIT, status=OrderStatus.AUTHORISED, amount=20000, commission=0
    )


@pytest.fixture
def claim(monkeypatch):
    calls = Calls()
    monkeypatch.setattr(order_services, "claim_deposit", calls)
    return calls


def test_claims_part_of_the_deposit(cast, client_for, stripe_ready, held, claim):
    response = client_for(cast.manager).post(_url(held), {"amount": "75", "reason": "Broken lamp"}, follow=True)

    assertContains(response, "€75.00 of the deposit claimed; the rest is released.")
    assert (claim.calls[0]["amount"], claim.calls[0]["reason"]) == (7500, "Broken lamp")


@pytest.mark.parametrize(
    "data, message",
    [
        ({"amount": "200.01", "reason": "Damage"}, "You can claim at most €200.00."),
        ({"amount": "50", "reason": ""}, "Say why."),
        ({"amount": "", "reason": "Damage"}, "This field is required."),
        ({"amount": "\x00", "reason": "Damage"}, "Null characters are not allowed."),
    ],
)
def test_bad_input_is_explained_and_nothing_is_claimed(cast, client_for, stripe_ready, held, claim, data, message):
    response = client_for(cast.owner).post(_url(held), data, headers=HTMX)

    assertContains(response, message, status_code=400)
    assert not claim.calls


def test_a_concierge_is_refused(cast, client_for, stripe_ready, held, claim):
    assert client_for(cast.concierge).post(_url(held), {"amount": "5", "reason": "x"}).status_code == 403
    assert not claim.calls


def test_a_manager_cannot_claim_on_a_property_not_assigned_to_them(cast, client_for, stripe_ready, claim):
    loft = make_order(cast.loft_reservation, kind=OrderKind.DEPOSIT, status=OrderStatus.AUTHORISED, commission=0)

    assert client_for(cast.manager).post(_url(loft), {"amount": "5", "reason": "x"}).status_code == 404
    assert not claim.calls


def test_another_accounts_order_does_not_exist(cast, client_for, stripe_ready, held, claim):
    assert client_for(cast.outsider).post(_url(held), {"amount": "5", "reason": "x"}).status_code == 404
