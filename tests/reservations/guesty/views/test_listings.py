"""The listings mirrored from Guesty: what each became in GoRently, and the ways to bring it in or leave it out."""

import pytest
from django.urls import reverse
from pytest_django.asserts import assertContains, assertNotContains

from reservations.guesty.models import SyncStatus
from tests.factories import PropertyFactory
from tests.reservations.guesty.views.conftest import make_listing, make_run

pytestmark = pytest.mark.django_db

URL = reverse("guesty:listings")


@pytest.fixture
def rows(cast, guesty):
    """A new listing, one left out, and one imported as the villa."""
    cast.villa.guesty_listing_id = "L-VILLA"
    cast.villa.save()
    return {
        "new": make_listing(
            cast.organization,
            "L-NEW",
            "Casa Azul",
            nickname="Azul",
            address="Calle Sol 3",
            city="Sevilla",
            country="ES",
            timezone="Europe/Madrid",
            accommodates=6,
        ),  # fmt: skip
        "left_out": make_listing(cast.organization, "L-OUT", "Owner's flat", ignored=True),
        "imported": make_listing(cast.organization, "L-VILLA", "Villa Mar Guesty"),
    }


def test_lists_each_listing_with_its_details_and_state(cast, client_for, rows):
    response = client_for(cast.owner).get(URL)

    assertContains(response, "Azul")
    assertContains(response, "Casa Azul")  # the title under the nickname
    assertContains(response, "Calle Sol 3, Sevilla (ES)")
    assertContains(response, "Europe/Madrid")
    assertContains(response, '<span class="badge badge-info">New</span>')
    assertContains(response, '<span class="badge badge-neutral">Left out</span>')
    villa = reverse("properties:detail", args=[cast.villa.pk])
    assertContains(response, f'<span class="badge badge-success">Imported</span> <a href="{villa}">Villa Mar</a>')


def test_only_listings_not_in_gorently_can_be_ticked_linked_or_left_out(cast, client_for, rows):
    response = client_for(cast.owner).get(URL)

    assertContains(response, 'name="listings" value="L-NEW" form="import-form"')
    assertContains(response, 'name="listings" value="L-OUT" form="import-form"')
    assertNotContains(response, 'value="L-VILLA" form="import-form"')
    assertContains(response, reverse("guesty:link_listing", args=[rows["new"].pk]))
    assertNotContains(response, reverse("guesty:link_listing", args=[rows["imported"].pk]))
    assertContains(response, reverse("guesty:leave_out", args=[rows["new"].pk]))
    assertContains(response, "Take back")
    assertContains(response, "Leave the other new listings out")


def test_offers_to_link_only_this_accounts_properties_without_a_listing(cast, client_for, rows):
    PropertyFactory(organization=cast.organization, name="Harbour Loft")

    response = client_for(cast.owner).get(URL)

    assertContains(response, '">Harbour Loft</option>', count=2)  # for each of the two unlinked listings
    assertContains(response, '">Old Town Loft</option>')
    assertNotContains(response, '">Villa Mar</option>')  # linked already
    assertNotContains(response, "Rival House")


def test_says_when_a_sync_is_under_way(cast, client_for, rows):
    make_run(cast.organization, kind="listings", status=SyncStatus.RUNNING)

    assertContains(client_for(cast.owner).get(URL), "A sync is under way (Listings)")


def test_with_no_listings_yet_it_offers_to_refresh_them(cast, client_for, guesty):
    response = client_for(cast.owner).get(URL)

    assertContains(response, "No listings from Guesty yet")
    assertContains(response, 'name="kind" value="listings"')
    assertContains(response, "Refresh listings")


def test_not_connected_it_points_to_the_connection(cast, client_for):
    response = client_for(cast.owner).get(URL)

    assertContains(response, "Connect Guesty first")
    assertContains(response, reverse("guesty:integration"))


def test_an_owner_of_another_account_sees_only_their_own_listings(cast, client_for, rows):
    make_listing(cast.outsider.organization, "L-RIVAL", "Rival Listing")

    response = client_for(cast.outsider).get(URL)

    assertContains(response, "Rival Listing")
    assertNotContains(response, "Casa Azul")
    assertNotContains(response, "Old Town Loft")


@pytest.mark.parametrize("role", ["manager", "concierge"])
def test_only_owners_may_see_them(cast, client_for, role):
    assert client_for(cast.member(role)).get(URL).status_code == 403


def test_the_number_of_queries_does_not_grow_with_the_listings(cast, client_for, guesty, django_assert_max_num_queries):
    client = client_for(cast.owner)
    make_listing(cast.organization, "L-0", "Listing 0")
    with django_assert_max_num_queries(20) as few:
        client.get(URL)

    for number in range(1, 40):
        make_listing(cast.organization, f"L-{number}", f"Listing {number}")
        PropertyFactory(organization=cast.organization, guesty_listing_id=f"L-{number}" if number % 2 else "")

    with django_assert_max_num_queries(len(few.captured_queries)):
        client.get(URL)
