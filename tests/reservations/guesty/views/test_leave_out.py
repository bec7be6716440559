"""Leaving a listing out (its reservations are skipped, not reported) and taking it back."""

import pytest
from django.urls import reverse
from pytest_django.asserts import assertContains, assertRedirects

from tests.reservations.guesty.views.conftest import make_listing

pytestmark = pytest.mark.django_db


@pytest.fixture
def listing(cast, guesty):
    return make_listing(cast.organization, "L-1", "Owner's flat")


def _url(listing):
    return reverse("guesty:leave_out", args=[listing.pk])


def test_leaves_the_listing_out(cast, client_for, listing):
    response = client_for(cast.owner).post(_url(listing), {"left_out": "1"}, follow=True)

    assertRedirects(response, reverse("guesty:listings"))
    assertContains(response, "Owner&#x27;s flat is left out: its reservations are skipped.")
    listing.refresh_from_db()
    assert listing.ignored


def test_takes_it_back(cast, client_for, listing):
    listing.ignored = True
    listing.save()

    response = client_for(cast.owner).post(_url(listing), {"left_out": "0"}, follow=True)

    assertContains(response, "is taken back in.")
    listing.refresh_from_db()
    assert not listing.ignored


def test_another_accounts_listing_does_not_exist_for_an_outsider(cast, client_for, listing):
    assert client_for(cast.outsider).post(_url(listing), {"left_out": "1"}).status_code == 404
    listing.refresh_from_db()
    assert not listing.ignored


@pytest.mark.parametrize("role", ["manager", "concierge"])
def test_only_owners_may_leave_listings_out(cast, client_for, listing, role):
    assert client_for(cast.member(role)).post(_url(listing), {"left_out": "1"}).status_code == 403
