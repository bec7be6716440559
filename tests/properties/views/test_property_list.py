"""The properties list: what each member sees, active or archived."""

import pytest
from django.urls import reverse
from django.utils import timezone
from pytest_django.asserts import assertContains, assertNotContains

from tests.factories import PropertyFactory

pytestmark = pytest.mark.django_db

URL = reverse("properties:list")


@pytest.fixture
def archived(cast):
    return PropertyFactory(organization=cast.organization, name="Closed Cottage", archived_at=timezone.now())


def test_an_owner_sees_every_active_property(archived, cast, client_for):
    response = client_for(cast.owner).get(URL)

    assertContains(response, "Villa Mar")
    assertContains(response, "Old Town Loft")
    assertNotContains(response, "Closed Cottage")
    assertNotContains(response, "Rival House")
    assertContains(response, "Add property")


@pytest.mark.parametrize("role", ["manager", "concierge"])
def test_others_see_only_their_assigned_properties(cast, client_for, role):
    response = client_for(cast.member(role)).get(URL)

    assertContains(response, "Villa Mar")
    assertNotContains(response, "Old Town Loft")
    assertNotContains(response, "Rival House")
    assertNotContains(response, "Add property")


def test_the_archived_view_lists_only_archived_properties(archived, cast, client_for):
    response = client_for(cast.owner).get(URL, {"archived": "1"})

    assertContains(response, "Archived properties")
    assertContains(response, "Closed Cottage")
    assertNotContains(response, "Villa Mar")


def test_another_accounts_archived_property_is_never_listed(cast, client_for):
    PropertyFactory(organization=cast.outsider.organization, name="Rival Ruin", archived_at=timezone.now())

    response = client_for(cast.owner).get(URL, {"archived": "1"})

    assertNotContains(response, "Rival Ruin")
    assertContains(response, "No archived properties")


def test_a_manager_sees_an_archived_property_only_if_assigned(archived, cast, client_for):
    response = client_for(cast.manager).get(URL, {"archived": "1"})

    assertNotContains(response, "Closed Cottage")
    cast.manager.properties.add(archived)
    assertContains(client_for(cast.manager).get(URL, {"archived": "1"}), "Closed Cottage")


def test_shows_the_location_times_and_capacity(cast, client_for):
    response = client_for(cast.manager).get(URL)

    assertContains(response, "Valencia, Spain")
    assertContains(response, "15:00 / 11:00")
    assertContains(response, "Europe/Madrid")


def test_a_member_without_properties_is_told_so(cast, client_for):
    cast.concierge.properties.clear()

    assertContains(client_for(cast.concierge).get(URL), "No properties assigned to you")


def test_an_owner_without_properties_is_invited_to_add_one(cast, client_for):
    client = client_for(cast.outsider)
    cast.outsider_property.archived_at = timezone.now()
    cast.outsider_property.save()

    assertContains(client.get(URL), "No properties yet")
