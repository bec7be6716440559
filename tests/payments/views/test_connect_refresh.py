"""Stripe's onboarding link expired: the account is read again and the host goes back to Stripe on a fresh link."""

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from pytest_django.asserts import assertContains

from payments.models import PaymentAccount
from payments.services import connect
from tests.payments.views.conftest import Calls

pytestmark = pytest.mark.django_db

URL = reverse("payments:connect_refresh")
FRESH = "https://connect.stripe.com/setup/e/acct_1/fresh"


def test_goes_back_to_stripe_on_a_new_link(cast, client_for, payments_on, monkeypatch):
    account = PaymentAccount.objects.create(organization=cast.organization, stripe_account_id="acct_1")
    refresh, link = Calls(result=account), Calls(result=FRESH)
    monkeypatch.setattr(connect, "refresh_account", refresh)
    monkeypatch.setattr(connect, "onboarding_link", link)

    response = client_for(cast.owner).get(URL)

    assert response.status_code == 303
    assert response["Location"] == FRESH
    assert len(refresh.calls) == len(link.calls) == 1


def test_a_refused_link_stays_on_the_page_with_the_reason(cast, client_for, payments_on, monkeypatch):
    account = PaymentAccount.objects.create(organization=cast.organization, stripe_account_id="acct_1")
    monkeypatch.setattr(connect, "refresh_account", Calls(result=account))
    monkeypatch.setattr(connect, "onboarding_link", Calls(error=ValidationError("Stripe refused: account rejected")))

    response = client_for(cast.owner).get(URL)

    assertContains(response, "Stripe refused: account rejected")
    assertContains(response, "Onboarding incomplete")


def test_payments_off(cast, client_for, payments_off):
    assertContains(client_for(cast.owner).get(URL), "Payments are off on this installation.")


@pytest.mark.parametrize("role", ["manager", "concierge"])
def test_only_owners(cast, client_for, payments_on, role):
    assert client_for(cast.member(role)).get(URL).status_code == 403
