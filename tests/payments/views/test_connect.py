"""Connecting Stripe: the button sends the host to Stripe's onboarding (303); a refusal is a message, never a 500."""

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from pytest_django.asserts import assertContains, assertRedirects
from stripe import APIConnectionError

from payments.services import connect
from tests.payments.views.conftest import Calls

pytestmark = pytest.mark.django_db

URL = reverse("payments:connect")
PAGE = reverse("payments:settings")
ONBOARDING = "https://connect.stripe.com/setup/e/acct_1/abc"


def test_sends_the_owner_to_stripe(cast, client_for, payments_on, monkeypatch):
    link = Calls(result=ONBOARDING)
    monkeypatch.setattr(connect, "onboarding_link", link)

    response = client_for(cast.owner).post(URL)

    assert response.status_code == 303
    assert response["Location"] == ONBOARDING
    assert link.calls[0]["actor"] == cast.owner


def test_payments_off_is_told_without_asking_stripe(cast, client_for, payments_off):
    response = client_for(cast.owner).post(URL, follow=True)

    assertRedirects(response, PAGE, status_code=303)
    assertContains(response, "Payments are off on this installation")


def test_a_refusal_comes_back_as_a_message(cast, client_for, payments_on, monkeypatch):
    monkeypatch.setattr(
        connect, "onboarding_link", Calls(error=ValidationError("Stripe refused: country not supported"))
    )

    response = client_for(cast.owner).post(URL, follow=True)

    assertContains(response, "Stripe refused: country not supported")


def test_stripe_unreachable_is_a_message_not_an_error_page(cast, client_for, payments_on, monkeypatch):
    monkeypatch.setattr(connect, "onboarding_link", Calls(error=APIConnectionError("timed out")))

    response = client_for(cast.owner).post(URL, follow=True)

    assertContains(response, "Stripe could not be reached just now.")


def test_a_get_is_refused(cast, client_for, payments_on):
    assert client_for(cast.owner).get(URL).status_code == 405


@pytest.mark.parametrize("role", ["manager", "concierge"])
def test_only_owners_may_connect(cast, client_for, payments_on, monkeypatch, role):
    link = Calls(result=ONBOARDING)
    monkeypatch.setattr(connect, "onboarding_link", link)

    assert client_for(cast.member(role)).post(URL).status_code == 403
    assert not link.calls
