"""Linking a listing to a property the host already has, instead of importing a new one."""

import pytest
from django.urls import reverse
from pytest_django.asserts import assertContains, assertRedirects

from reservations.guesty.models import SyncRun
from tests.reservations.guesty.views.conftest import make_listing

pytestmark = pytest.mark.django_db


@pytest.fixture
def listing(cast, guesty):
    return make_listing(cast.organization, "L-1", "Villa Mar (Guesty)", ignored=True)


def _url(listing):
    return reverse("guesty:link_listing", args=[listing.pk])


def test_links_the_property_and_brings_the_listings_stays(cast, client_for, listing):
    response = client_for(cast.owner).post(_url(listing), {"property": cast.villa.pk}, follow=True)

    assertRedirects(response, reverse("guesty:listings"))
    assertContains(response, "Villa Mar is now linked to Villa Mar (Guesty)")
    cast.villa.refresh_from_db()
    listing.refresh_from_db()
    assert cast.villa.guesty_listing_id == "L-1"
    assert not listing.ignored
    assert SyncRun.objects.filter(organization=cast.organization, kind="backfill").exists()


def test_a_property_already_linked_cannot_be_linked_again(cast, client_for, listing):
    cast.loft.guesty_listing_id = "L-OTHER"
    cast.loft.save()

    response = client_for(cast.owner).post(_url(listing), {"property": cast.loft.pk})

    assertContains(response, "Choose one of your properties that is not linked to Guesty yet.", status_code=400)
    cast.loft.refresh_from_db()
    assert cast.loft.guesty_listing_id == "L-OTHER"


def test_another_accounts_property_cannot_be_linked(cast, client_for, listing):
    response = client_for(cast.owner).post(_url(listing), {"property": cast.outsider_property.pk})

    assertContains(response, "Choose one of your properties", status_code=400)
    cast.outsider_property.refresh_from_db()
    assert cast.outsider_property.guesty_listing_id == ""


def test_no_property_chosen_is_refused(cast, client_for, listing):
    assertContains(client_for(cast.owner).post(_url(listing), {}), "Choose the property to link.", status_code=400)


def test_another_accounts_listing_does_not_exist_for_an_outsider(cast, client_for, listing):
    response = client_for(cast.outsider).post(_url(listing), {"property": cast.outsider_property.pk})

    assert response.status_code == 404
    cast.outsider_property.refresh_from_db()
    assert cast.outsider_property.guesty_listing_id == ""


@pytest.mark.parametrize("role", ["manager", "concierge"])
def test_only_owners_may_link(cast, client_for, listing, role):
    assert client_for(cast.member(role)).post(_url(listing), {"property": cast.villa.pk}).status_code == 403
