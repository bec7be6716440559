"""A property's deposit: set, changed, or refused with the reason; the form opens in place with htmx."""

import pytest
from django.urls import reverse
from pytest_django.asserts import assertContains, assertRedirects

from payments.models import DepositPolicy
from tests.payments.views.conftest import HTMX, make_policy

pytestmark = pytest.mark.django_db


def _url(property):
    return reverse("payments:deposit_edit", args=[property.pk])


def _form(**overrides):
    data = {
        "amount": "200",
        "currency": "eur",
        "authorise_days_before_arrival": "2",
        "release_days_after_checkout": "1",
        "active": "on",
    }
    return data | overrides


def test_sets_a_deposit(cast, client_for, stripe_ready):
    response = client_for(cast.owner).post(_url(cast.villa), _form(amount="250.50"), follow=True)

    assertRedirects(
        response, reverse("payments:deposits") + f"#property-{cast.villa.pk}", fetch_redirect_response=False
    )
    policy = DepositPolicy.objects.get(property=cast.villa)
    assert (policy.amount, policy.currency, policy.active) == (25050, "eur", True)
    assertContains(client_for(cast.owner).get(reverse("payments:deposits")), "€250.50")


def test_changes_a_deposit(cast, client_for, stripe_ready):
    make_policy(cast.villa, amount=10000)

    client_for(cast.owner).post(_url(cast.villa), _form(amount="300", active=""))

    policy = DepositPolicy.objects.get(property=cast.villa)
    assert (policy.amount, policy.active) == (30000, False)


def test_the_form_opens_in_place_for_htmx(cast, client_for, stripe_ready):
    make_policy(cast.villa, amount=15000)

    response = client_for(cast.owner).get(_url(cast.villa), headers=HTMX)

    assertContains(response, 'id="deposits"')
    assertContains(response, 'value="150.00"')
    assert "<html" not in response.content.decode()


def test_htmx_save_answers_with_the_list_and_a_toast(cast, client_for, stripe_ready):
    response = client_for(cast.owner).post(_url(cast.villa), _form(), headers=HTMX)

    assertContains(response, "Deposit of Villa Mar saved.")
    assertContains(response, "€200.00")


@pytest.mark.parametrize(
    "overrides, message",
    [
        ({"amount": "0.50"}, "The smallest amount is €1.00."),
        ({"amount": "a lot"}, "Enter an amount like 12.50."),
        ({"amount": "100.5", "currency": "jpy"}, "JPY amounts are whole numbers, like 1200."),
        ({"authorise_days_before_arrival": "6"}, "Ensure this value is less than or equal to 5."),
        ({"release_days_after_checkout": "3"}, "Ensure this value is less than or equal to 2."),
        ({"currency": "xxx"}, "Select a valid choice."),
    ],
)
def test_bad_input_is_explained_and_nothing_changes(cast, client_for, stripe_ready, overrides, message):
    response = client_for(cast.owner).post(_url(cast.villa), _form(**overrides), headers=HTMX)

    assertContains(response, message, status_code=400)
    assert not DepositPolicy.objects.exists()


def test_another_accounts_property_does_not_exist(cast, client_for, stripe_ready):
    assert client_for(cast.owner).post(_url(cast.outsider_property), _form()).status_code == 404
    assert client_for(cast.outsider).get(_url(cast.villa)).status_code == 404
    assert not DepositPolicy.objects.exists()


@pytest.mark.parametrize("role", ["manager", "concierge"])
def test_only_owners(cast, client_for, stripe_ready, role):
    assert client_for(cast.member(role)).post(_url(cast.villa), _form()).status_code == 403
    assert not DepositPolicy.objects.exists()
