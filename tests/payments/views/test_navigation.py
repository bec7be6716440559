"""The host navigation's "Extras & payments": owners land on Stripe, managers on revenue, concierges see none."""

import pytest
from django.urls import reverse
from pytest_django.asserts import assertContains, assertNotContains

pytestmark = pytest.mark.django_db

ENTRY = "Extras & payments"


def test_owners_go_to_the_stripe_page_and_see_every_tab(cast, client_for, payments_on):
    response = client_for(cast.owner).get(reverse("payments:revenue"))

    assertContains(response, f'<a href="{reverse("payments:settings")}" aria-current="page">{ENTRY}</a>', html=False)
    for name in ("settings", "upsells", "deposits", "revenue"):
        assertContains(response, f'href="{reverse(f"payments:{name}")}"')


def test_managers_go_to_revenue_and_see_only_it(cast, client_for, payments_on):
    response = client_for(cast.manager).get(reverse("dashboard"))

    assertContains(response, f'<a href="{reverse("payments:revenue")}">{ENTRY}</a>', html=False)
    page = client_for(cast.manager).get(reverse("payments:revenue"))
    assertNotContains(page, f'href="{reverse("payments:upsells")}"')


def test_concierges_have_no_entry(cast, client_for, payments_on):
    assertNotContains(client_for(cast.concierge).get(reverse("dashboard")), ENTRY)


def test_the_payments_stripe_page_does_not_light_up_account_settings(cast, client_for, payments_on):
    response = client_for(cast.owner).get(reverse("payments:settings"))

    assertContains(response, f'<a href="{reverse("accounts:settings")}">Settings</a>', html=False)
