"""The host navigation: drawn once per role, page and counts in each process, never another member's."""

from unittest import mock

import pytest
from django.core.cache import cache
from django.urls import reverse
from pytest_django.asserts import assertContains, assertNotContains

pytestmark = pytest.mark.django_db

TEAM = f'<a href="{reverse("accounts:team")}"'


def current(name):
    return f'<a href="{reverse(name)}" aria-current="page">'


def test_each_role_gets_its_own_links_whoever_opened_the_page_first(cast, client_for):
    assertContains(client_for(cast.owner).get(reverse("reservations:list")), TEAM)
    assertNotContains(client_for(cast.concierge).get(reverse("reservations:list")), TEAM)
    assertContains(client_for(cast.owner).get(reverse("reservations:list")), TEAM)


def test_the_current_page_is_marked_on_each_page_of_a_section(cast, client_for):
    client = client_for(cast.owner)

    assertContains(client.get(reverse("accounts:team")), current("accounts:team"))
    response = client.get(reverse("accounts:activity"))

    assertContains(response, current("accounts:activity"))
    assertNotContains(response, current("accounts:team"))


def test_every_account_of_a_role_shares_the_same_links(cast, client_for):
    """Nothing of the account is in the navigation: the outsider's owner sees their own name only in the top bar."""
    assertContains(client_for(cast.owner).get(reverse("dashboard")), cast.organization.name)

    response = client_for(cast.outsider).get(reverse("dashboard"))

    assertContains(response, TEAM)
    assertNotContains(response, cast.organization.name)


def test_a_pages_two_counts_ask_the_cache_for_the_accounts_version_once(cast, client_for):
    client = client_for(cast.owner)  # the owner sees both counts: messages and sync issues
    client.get(reverse("reservations:list"))

    with mock.patch.object(cache, "get", wraps=cache.get) as get:
        client.get(reverse("reservations:list"))

    asked = [call.args[0] for call in get.call_args_list]
    assert asked.count(f"badges:{cast.organization.pk}") == 1
    assert len([key for key in asked if key.startswith("badge:")]) == 2
