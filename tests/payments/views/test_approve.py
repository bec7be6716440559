"""Approving extras that wait for it: the guest's card is charged (the service asks Stripe; mocked here)."""

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from pytest_django.asserts import assertContains, assertRedirects
from stripe import APIConnectionError

from payments.models import OrderStatus
from payments.services import orders as order_services
from tests.payments.views.conftest import HTMX, Calls, make_order

pytestmark = pytest.mark.django_db


def _url(order):
    return reverse("payments:approve", args=[order.pk])


@pytest.fixture
def waiting(cast):
    return make_order(cast.villa_reservation, status=OrderStatus.AUTHORISED, needs_approval=True)


@pytest.fixture
def approve(monkeypatch):
    calls = Calls()
    monkeypatch.setattr(order_services, "approve", calls)
    return calls


def test_approves_and_comes_back_to_the_orders(cast, client_for, stripe_ready, waiting, approve):
    response = client_for(cast.owner).post(_url(waiting), follow=True)

    assertRedirects(response, reverse("payments:reservation_orders", args=[cast.villa_reservation.pk]))
    assertContains(response, "Approved: the guest’s card is charged")
    assert approve.calls[0]["order"] == waiting
    assert approve.calls[0]["actor"] == cast.owner


def test_htmx_gets_the_section_and_a_toast(cast, client_for, stripe_ready, waiting, approve):
    response = client_for(cast.manager).post(_url(waiting), headers=HTMX)

    assertContains(response, 'id="orders"')
    assertContains(response, "Approved: the guest’s card is charged")
    assert "<html" not in response.content.decode()


def test_a_refusal_is_the_message(cast, client_for, stripe_ready, waiting, monkeypatch):
    monkeypatch.setattr(order_services, "approve", Calls(error=ValidationError("Stripe refused: card expired")))

    response = client_for(cast.owner).post(_url(waiting), headers=HTMX)

    assertContains(response, "Stripe refused: card expired", status_code=400)


def test_stripe_unreachable_is_a_message(cast, client_for, stripe_ready, waiting, monkeypatch):
    monkeypatch.setattr(order_services, "approve", Calls(error=APIConnectionError("down")))

    response = client_for(cast.owner).post(_url(waiting), headers=HTMX)

    assertContains(response, "Stripe could not be reached just now.", status_code=400)


def test_an_order_not_waiting_is_refused_by_the_service_without_stripe(cast, client_for, stripe_ready):
    paid = make_order(cast.villa_reservation, status=OrderStatus.PAID)

    response = client_for(cast.owner).post(_url(paid), follow=True)

    assertContains(response, "This order is not waiting for approval.")
    paid.refresh_from_db()
    assert paid.status == OrderStatus.PAID


def test_payments_off_changes_nothing(cast, client_for, payments_off, waiting, approve):
    response = client_for(cast.owner).post(_url(waiting), follow=True)

    assertContains(response, "Payments are off on this installation")
    assert not approve.calls


def test_a_concierge_is_refused(cast, client_for, stripe_ready, waiting, approve):
    assert client_for(cast.concierge).post(_url(waiting)).status_code == 403
    assert not approve.calls


def test_a_manager_cannot_act_on_a_property_not_assigned_to_them(cast, client_for, stripe_ready, approve):
    loft = make_order(cast.loft_reservation, status=OrderStatus.AUTHORISED, needs_approval=True)

    assert client_for(cast.manager).post(_url(loft)).status_code == 404
    assert not approve.calls


def test_another_accounts_order_does_not_exist(cast, client_for, stripe_ready, waiting, approve):
    assert client_for(cast.outsider).post(_url(waiting)).status_code == 404
    assert not approve.calls
