"""Declining extras that wait for approval, with an optional reason: the hold on the card is released."""

import pytest
from django.urls import reverse
from pytest_django.asserts import assertContains

from payments.models import OrderStatus
from payments.services import orders as order_services
from tests.payments.views.conftest import HTMX, Calls, make_order

pytestmark = pytest.mark.django_db


def _url(order):
    return reverse("payments:decline", args=[order.pk])


@pytest.fixture
def waiting(cast):
    return make_order(cast.villa_reservation, status=OrderStatus.AUTHORISED, needs_approval=True)


@pytest.fixture
def decline(monkeypatch):
    calls = Calls()
    monkeypatch.setattr(order_services, "decline", calls)
    return calls


def test_declines_with_the_reason(cast, client_for, stripe_ready, waiting, decline):
    response = client_for(cast.owner).post(_url(waiting), {"reason": "The room is booked that morning."}, follow=True)

    assertContains(response, "Declined: the hold on the guest’s card is released")
    assert decline.calls[0]["reason"] == "The room is booked that morning."
    assert decline.calls[0]["order"] == waiting


def test_the_reason_is_optional(cast, client_for, stripe_ready, waiting, decline):
    client_for(cast.owner).post(_url(waiting), {})

    assert decline.calls[0]["reason"] == ""


def test_a_reason_too_long_is_refused_and_the_form_stays_open(cast, client_for, stripe_ready, waiting, decline):
    response = client_for(cast.owner).post(_url(waiting), {"reason": "x" * 501}, headers=HTMX)

    assertContains(response, "Ensure this value has at most 500 characters", status_code=400)
    assertContains(response, 'class="order-action" open', status_code=400)
    assert not decline.calls


def test_a_concierge_is_refused(cast, client_for, stripe_ready, waiting, decline):
    assert client_for(cast.concierge).post(_url(waiting), {"reason": "no"}).status_code == 403
    assert not decline.calls


def test_a_manager_cannot_act_on_a_property_not_assigned_to_them(cast, client_for, stripe_ready, decline):
    loft = make_order(cast.loft_reservation, status=OrderStatus.AUTHORISED)

    assert client_for(cast.manager).post(_url(loft), {"reason": "no"}).status_code == 404
    assert not decline.calls


def test_another_accounts_order_does_not_exist(cast, client_for, stripe_ready, waiting, decline):
    assert client_for(cast.outsider).post(_url(waiting), {"reason": "no"}).status_code == 404
    assert not decline.calls
