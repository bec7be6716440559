"""The extras catalogue: in the order guests see it, with why nothing sells yet when Stripe isn't ready."""

import pytest
from django.urls import reverse
from pytest_django.asserts import assertContains, assertNotContains

from tests.payments.views.conftest import make_upsell

pytestmark = pytest.mark.django_db

URL = reverse("payments:upsells")


def test_lists_the_extras_in_order_with_price_and_where(cast, client_for, stripe_ready):
    make_upsell(cast.organization, "Late check-out", price=3000, needs_approval=True)
    make_upsell(cast.organization, "Breakfast", price=1250, pricing="per_guest", all_properties=False).properties.set(
        [cast.villa]
    )
    make_upsell(cast.organization, "Welcome cava", active=False)
    make_upsell(cast.outsider.organization, "Rival yacht")

    response = client_for(cast.owner).get(URL)

    page = response.content.decode()
    assert page.index("Late check-out") < page.index("Breakfast") < page.index("Welcome cava")
    assertContains(response, "€12.50 per guest")
    assertContains(response, "Villa Mar")
    assertContains(response, "Needs your approval")
    assertContains(response, "Not on sale")
    assertNotContains(response, "Rival yacht")
    assertNotContains(response, "Guests can’t buy anything yet.")


def test_says_why_nothing_sells_before_stripe_is_ready(cast, client_for, payments_on):
    response = client_for(cast.owner).get(URL)

    assertContains(response, "Guests can’t buy anything yet.")
    assertContains(response, "it isn’t connected")
    assertContains(response, "No extras yet")


def test_payments_off_still_shows_the_catalogue_and_says_why(cast, client_for, payments_off):
    make_upsell(cast.organization, "Late check-out")

    response = client_for(cast.owner).get(URL)

    assertContains(response, "Late check-out")
    assertContains(response, "Payments are off on this installation")


def test_the_queries_do_not_grow_with_the_catalogue(cast, client_for, stripe_ready, django_assert_max_num_queries):
    client = client_for(cast.owner)
    for n in range(3):
        make_upsell(cast.organization, f"Extra {n}", all_properties=False).properties.set([cast.villa, cast.loft])
    with django_assert_max_num_queries(12) as few:
        client.get(URL)
    for n in range(20):
        make_upsell(cast.organization, f"More {n}", all_properties=False).properties.set([cast.villa, cast.loft])

    with django_assert_max_num_queries(len(few.captured_queries)):
        assertContains(client.get(URL), "More 19")


@pytest.mark.parametrize("role", ["manager", "concierge"])
def test_only_owners(cast, client_for, stripe_ready, role):
    assert client_for(cast.member(role)).get(URL).status_code == 403
