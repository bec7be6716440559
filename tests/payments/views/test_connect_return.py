"""Back from Stripe's onboarding: the account is read again and the page says where things stand."""

import pytest
from django.urls import reverse
from pytest_django.asserts import assertContains
from stripe import APIConnectionError

from payments.models import PaymentAccount
from payments.services import connect
from tests.payments.views.conftest import Calls

pytestmark = pytest.mark.django_db

URL = reverse("payments:connect_return")


def _account(cast, **state):
    return PaymentAccount.objects.create(organization=cast.organization, stripe_account_id="acct_1", **state)


def test_finished_onboarding_says_guests_can_buy(cast, client_for, payments_on, monkeypatch):
    account = _account(cast, charges_enabled=True, payouts_enabled=True)
    refresh = Calls(result=account)
    monkeypatch.setattr(connect, "refresh_account", refresh)

    response = client_for(cast.owner).get(URL)

    assertContains(response, "Your Stripe account is ready: guests can buy extras.")
    assertContains(response, "Charges and payouts enabled")
    assert refresh.calls[0]["actor"] == cast.owner


def test_unfinished_onboarding_says_what_is_missing(cast, client_for, payments_on, monkeypatch):
    account = _account(cast, requirements_due=["external_account"])
    monkeypatch.setattr(connect, "refresh_account", Calls(result=account))

    response = client_for(cast.owner).get(URL)

    assertContains(response, "Stripe still needs some details before guests can pay.")
    assertContains(response, "A bank account for payouts")
    assertContains(response, "Continue onboarding")


def test_stripe_unreachable_shows_the_stored_state(cast, client_for, payments_on, monkeypatch):
    _account(cast, charges_enabled=True)
    monkeypatch.setattr(connect, "refresh_account", Calls(error=APIConnectionError("down")))

    response = client_for(cast.owner).get(URL)

    assertContains(response, "Stripe could not be reached just now.")
    assertContains(response, "Charges enabled, payouts pending")


def test_payments_off(cast, client_for, payments_off):
    assertContains(client_for(cast.owner).get(URL), "Payments are off on this installation.")


@pytest.mark.parametrize("role", ["manager", "concierge"])
def test_only_owners(cast, client_for, payments_on, role):
    assert client_for(cast.member(role)).get(URL).status_code == 403
