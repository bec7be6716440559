"""Security deposits: every property with its deposit, or none."""

import pytest
from django.urls import reverse
from pytest_django.asserts import assertContains, assertNotContains

from tests.payments.views.conftest import make_policy

pytestmark = pytest.mark.django_db

URL = reverse("payments:deposits")


def test_lists_every_property_with_its_deposit(cast, client_for, stripe_ready):
    make_policy(cast.villa, amount=25000, authorise_days_before_arrival=2, release_days_after_checkout=1)
    make_policy(cast.outsider_property, amount=99900)

    response = client_for(cast.owner).get(URL)

    assertContains(response, "Villa Mar")
    assertContains(response, "€250.00")
    assertContains(response, "Held from 2 days before arrival · released 1 day after check-out")
    assertContains(response, "Old Town Loft")
    assertContains(response, "No deposit")
    assertContains(response, "Set a deposit")
    assertNotContains(response, "Rival House")
    assertNotContains(response, "€999.00")


def test_says_deposits_wait_for_stripe(cast, client_for, payments_on):
    response = client_for(cast.owner).get(URL)

    assertContains(response, "Guests can’t buy anything yet.")
    assertContains(response, "Guests aren’t asked for deposits until then.")


def test_payments_off(cast, client_for, payments_off):
    assertContains(client_for(cast.owner).get(URL), "Payments are off on this installation")


def test_the_queries_do_not_grow_with_the_properties(cast, client_for, stripe_ready, django_assert_max_num_queries):
    from tests.factories import PropertyFactory

    client = client_for(cast.owner)
    with django_assert_max_num_queries(12) as few:
        client.get(URL)
    for n in range(15):
        make_policy(PropertyFactory(organization=cast.organization, name=f"Flat {n}"))

    with django_assert_max_num_queries(len(few.captured_queries)):
        assertContains(client.get(URL), "Flat 14")


@pytest.mark.parametrize("role", ["manager", "concierge"])
def test_only_owners(cast, client_for, stripe_ready, role):
    assert client_for(cast.member(role)).get(URL).status_code == 403
