"""Switching between host accounts, for a person who works in more than one."""

import pytest
from django.urls import reverse
from pytest_django.asserts import assertContains, assertNotContains, assertRedirects

from accounts.permissions import Role
from tests.factories import MembershipFactory

pytestmark = pytest.mark.django_db

URL = reverse("accounts:switch")


@pytest.fixture
def two_accounts(cast):
    """The manager of Seaside Stays is also a concierge at Rival Rentals."""
    return MembershipFactory(
        user=cast.manager.user,
        organization=cast.outsider.organization,
        role=Role.CONCIERGE,
        properties=[cast.outsider_property],
    )


def test_the_switcher_lists_both_accounts(two_accounts, cast, client_for):
    response = client_for(cast.manager).get(reverse("dashboard"))

    assertContains(response, 'id="switch-account"')
    assertContains(response, "Rival Rentals")


def test_the_switcher_is_hidden_for_a_single_account(cast, client_for):
    assertNotContains(client_for(cast.manager).get(reverse("dashboard")), 'id="switch-account"')


def test_switches_to_the_other_account(two_accounts, cast, client_for):
    client = client_for(cast.manager)

    response = client.post(URL, {"organization": cast.outsider.organization_id})

    assertRedirects(response, reverse("dashboard"))
    assert client.session["organization_id"] == cast.outsider.organization_id
    listing = client.get(reverse("reservations:list")).content.decode()
    assert "Otto Outsider" in listing
    assert "Ana Villa" not in listing


def test_switching_back_shows_the_first_account_again(two_accounts, cast, client_for):
    client = client_for(cast.manager)
    client.post(URL, {"organization": cast.outsider.organization_id})

    client.post(URL, {"organization": cast.organization.pk})

    assert client.session["organization_id"] == cast.organization.pk
    assertContains(client.get(reverse("reservations:list")), "Ana Villa")


@pytest.mark.parametrize("organization", ["other", "", "not-a-number"])
def test_an_account_they_are_not_in_is_404_and_nothing_changes(cast, client_for, organization):
    client = client_for(cast.manager)
    value = {"other": cast.outsider.organization_id}.get(organization, organization)

    response = client.post(URL, {"organization": value})

    assert response.status_code == 404
    assert client.session["organization_id"] == cast.organization.pk


def test_requires_sign_in(cast, client):
    response = client.post(URL, {"organization": cast.organization.pk})

    assertRedirects(response, f"{reverse('accounts:login')}?next={URL}", fetch_redirect_response=False)


def test_refuses_a_get(cast, client_for):
    assert client_for(cast.manager).get(URL).status_code == 405
