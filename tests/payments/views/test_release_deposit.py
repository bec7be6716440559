"""Releasing a held deposit before its time: the hold on the guest's card is lifted."""

import pytest
from django.urls import reverse
from pytest_django.asserts import assertContains

from payments.models import OrderKind, OrderStatus
from payments.services import orders as order_services
from tests.payments.views.conftest import HTMX, Calls, make_order

pytestmark = pytest.mark.django_db


def _url(order):
    return reverse("payments:release_deposit", args=[order.pk])


@pytest.fixture
def held(cast):
    return make_order(cast.villa_reservation, kind=OrderKind.DEPOSIT, status=OrderStatus.AUTHORISED, commission=0)


@pytest.fixture
def release(monkeypatch):
    calls = Calls()
    monkeypatch.setattr(order_services, "release_deposit", calls)
    return calls


def test_releases_it(cast, client_for, stripe_ready, held, release):
    response = client_for(cast.owner).post(_url(held), headers=HTMX)

    assertContains(response, "Deposit released: the hold on the guest’s card is lifted.")
    assert release.calls[0]["order"] == held


def test_an_extras_order_is_refused_by_the_service(cast, client_for, stripe_ready):
    paid = make_order(cast.villa_reservation, status=OrderStatus.PAID)

    response = client_for(cast.owner).post(_url(paid), follow=True)

    assertContains(response, "This deposit is not held at the moment.")


def test_a_concierge_is_refused(cast, client_for, stripe_ready, held, release):
    assert client_for(cast.concierge).post(_url(held)).status_code == 403
    assert not release.calls


def test_a_manager_cannot_act_on_a_property_not_assigned_to_them(cast, client_for, stripe_ready, release):
    loft = make_order(cast.loft_reservation, kind=OrderKind.DEPOSIT, status=OrderStatus.AUTHORISED, commission=0)

    assert client_for(cast.manager).post(_url(loft)).status_code == 404
    assert not release.calls


def test_another_accounts_order_does_not_exist(cast, client_for, stripe_ready, held, release):
    assert client_for(cast.outsider).post(_url(held)).status_code == 404
    assert not release.calls
