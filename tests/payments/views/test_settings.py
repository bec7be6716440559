"""The Stripe page: the connection's state in plain words, the commission; nothing to click when payments are off."""

import pytest
from django.urls import reverse
from pytest_django.asserts import assertContains, assertNotContains

from payments.models import PaymentAccount

pytestmark = pytest.mark.django_db

URL = reverse("payments:settings")
CONNECT = reverse("payments:connect")


def test_payments_off_says_so_and_offers_nothing(cast, client_for, payments_off):
    response = client_for(cast.owner).get(URL)

    assertContains(response, "Payments are off on this installation.")
    assertNotContains(response, CONNECT)
    assertNotContains(response, reverse("payments:save_settings"))


def test_not_connected_offers_to_connect(cast, client_for, payments_on):
    response = client_for(cast.owner).get(URL)

    assertContains(response, "Not connected")
    assertContains(response, "Connect with Stripe")
    assertContains(response, f'action="{CONNECT}"')


def test_onboarding_incomplete_lists_what_stripe_needs(cast, client_for, payments_on):
    PaymentAccount.objects.create(
        organization=cast.organization,
        stripe_account_id="acct_1",
        requirements_due=["external_account", "individual.dob.day", "individual.dob.month", "tos_acceptance.date"],
    )

    response = client_for(cast.owner).get(URL)

    assertContains(response, "Onboarding incomplete")
    assertContains(response, "A bank account for payouts")
    assertContains(response, "Your date of birth", count=1)  # three ids, one thing to do
    assertContains(response, "Accepting Stripe’s terms of service")
    assertContains(response, "Continue onboarding")
    assertContains(response, "Guests can’t pay yet")


def test_charges_enabled_but_payouts_pending(cast, client_for, payments_on):
    PaymentAccount.objects.create(organization=cast.organization, stripe_account_id="acct_1", charges_enabled=True)

    response = client_for(cast.owner).get(URL)

    assertContains(response, "Charges enabled, payouts pending")
    assertContains(response, "Guests can buy extras and pay deposits.")


def test_ready(cast, client_for, stripe_ready):
    response = client_for(cast.owner).get(URL)

    assertContains(response, "Charges and payouts enabled")
    assertContains(response, "acct_seaside")
    assertNotContains(response, CONNECT)


def test_the_commission_is_the_platform_default_with_its_rule(cast, client_for, stripe_ready, settings):
    settings.PLATFORM_COMMISSION_PERCENT = "10"

    response = client_for(cast.owner).get(URL)

    assertContains(response, "GoRently keeps 10 % of each extra a guest buys")
    assertNotContains(response, "A rate agreed for your account.")


def test_a_rate_set_by_staff_is_shown(cast, client_for, stripe_ready):
    stripe_ready.commission_percent = "7.5"
    stripe_ready.save()

    response = client_for(cast.owner).get(URL)

    assertContains(response, "GoRently keeps 7.5 % of each extra")
    assertContains(response, "A rate agreed for your account.")


def test_the_approval_deadline_is_shown_in_its_form(cast, client_for, stripe_ready):
    stripe_ready.approval_hours_before_arrival = 36
    stripe_ready.save()

    response = client_for(cast.owner).get(URL)

    assertContains(response, 'name="approval_hours_before_arrival"')
    assertContains(response, 'value="36"')


@pytest.mark.parametrize("role", ["manager", "concierge"])
def test_only_owners_see_it(cast, client_for, payments_on, role):
    assert client_for(cast.member(role)).get(URL).status_code == 403
