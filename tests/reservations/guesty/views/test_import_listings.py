"""Importing listings: each ticked one becomes a property, its reservations follow; the others may be left out."""

import pytest
from django.urls import reverse
from pytest_django.asserts import assertContains, assertRedirects

from properties.models import Property
from reservations.guesty.models import GuestyListing, SyncRun
from tests.reservations.guesty.views.conftest import make_listing

pytestmark = pytest.mark.django_db

URL = reverse("guesty:import_listings")


@pytest.fixture
def listings(cast, guesty):
    return [
        make_listing(
            cast.organization,
            "L-1",
            "Casa Azul",
            city="Sevilla",
            country="ES",
            timezone="Europe/Madrid",
            accommodates=6,
        ),  # fmt: skip
        make_listing(cast.organization, "L-2", "Casa Verde"),
        make_listing(cast.organization, "L-3", "Casa Roja"),
    ]


def test_imports_the_ticked_listings_as_properties_and_brings_their_stays(
    cast, client_for, listings, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=False):
        response = client_for(cast.owner).post(URL, {"listings": ["L-1"]}, follow=True)

    assertRedirects(response, reverse("guesty:listings"))
    assertContains(response, "1 listing imported; its reservations are on their way.")
    property = Property.objects.get(organization=cast.organization, guesty_listing_id="L-1")
    assert (property.name, property.city, property.timezone, property.max_guests) == (
        "Casa Azul",
        "Sevilla",
        "Europe/Madrid",
        6,
    )
    assert SyncRun.objects.filter(organization=cast.organization, kind="backfill").exists()
    assertContains(response, '<span class="badge badge-success">Imported</span>')


def test_leaving_the_others_out_marks_them_ignored(cast, client_for, listings):
    client_for(cast.owner).post(URL, {"listings": ["L-1", "L-2"], "leave_out_others": "on"})

    ignored = dict(GuestyListing.objects.values_list("listing_id", "ignored"))
    assert ignored == {"L-1": False, "L-2": False, "L-3": True}


def test_without_leaving_out_the_others_stay_new(cast, client_for, listings):
    client_for(cast.owner).post(URL, {"listings": ["L-1"]})

    assert not GuestyListing.objects.filter(ignored=True).exists()


def test_nothing_ticked_is_refused(cast, client_for, listings):
    response = client_for(cast.owner).post(URL, {"leave_out_others": "on"})

    assertContains(response, "Tick the listings to import.", status_code=400)
    assert not GuestyListing.objects.filter(ignored=True).exists()
    assert not Property.objects.exclude(guesty_listing_id="").exists()


def test_an_unknown_listing_id_is_refused_and_nothing_is_imported(cast, client_for, listings):
    response = client_for(cast.owner).post(URL, {"listings": ["L-1", "L-NOPE"]})

    assertContains(response, "L-NOPE is not one of your Guesty listings", status_code=400)
    assertContains(response, "Nothing was imported", status_code=400)
    # The ticks are kept for another try.
    assertContains(response, 'value="L-1" form="import-form" id="listing-', status_code=400)
    assert not Property.objects.filter(guesty_listing_id="L-1").exists()
    assert not SyncRun.objects.exists()


def test_another_accounts_listing_cannot_be_imported(cast, client_for, listings):
    make_listing(cast.outsider.organization, "L-RIVAL", "Rival Listing")

    response = client_for(cast.owner).post(URL, {"listings": ["L-RIVAL"]})

    assert response.status_code == 400
    assert not Property.objects.filter(guesty_listing_id="L-RIVAL").exists()


@pytest.mark.parametrize("role", ["manager", "concierge"])
def test_only_owners_may_import(cast, client_for, listings, role):
    assert client_for(cast.member(role)).post(URL, {"listings": ["L-1"]}).status_code == 403
    assert not Property.objects.filter(guesty_listing_id="L-1").exists()
