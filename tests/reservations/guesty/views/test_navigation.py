"""The way in: an "Integrations" entry for owners with the count of open sync issues, and the empty reservation list."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from pytest_django.asserts import assertContains, assertNotContains

from accounts.permissions import Role
from reservations.guesty.models import SyncIssue
from reservations.guesty.services.issues import resolve
from tests.factories import MembershipFactory
from tests.reservations.guesty.views.conftest import make_issue

pytestmark = pytest.mark.django_db

ENTRY = f'<a class="nav-with-count" href="{reverse("guesty:integration")}"'


def test_owners_find_integrations_in_the_navigation_with_the_open_issues(cast, client_for):
    make_issue(cast.organization, guesty_reservation_id="r1")
    make_issue(cast.organization, guesty_reservation_id="r2")
    make_issue(cast.organization, guesty_reservation_id="r3", resolved_at=timezone.now())
    make_issue(cast.outsider.organization, guesty_reservation_id="r4")

    response = client_for(cast.owner).get(reverse("dashboard"))

    assertContains(response, ENTRY)
    assertContains(response, '<span class="nav-count">2<span class="visually-hidden"> open sync issues</span></span>')


def test_no_open_issues_no_count(cast, client_for):
    response = client_for(cast.owner).get(reverse("dashboard"))

    assertContains(response, ENTRY)
    assertNotContains(response, "nav-count")


def test_the_entry_is_current_on_every_guesty_page(cast, client_for):
    for name in ("guesty:integration", "guesty:listings", "guesty:fields", "guesty:issues"):
        assertContains(client_for(cast.owner).get(reverse(name)), f'{ENTRY} aria-current="page"')


@pytest.mark.parametrize("role", ["manager", "concierge"])
def test_others_do_not_see_it(cast, client_for, role):
    make_issue(cast.organization, guesty_reservation_id="r1")

    assertNotContains(client_for(cast.member(role)).get(reverse("dashboard")), "Integrations")


@pytest.mark.parametrize("role, counts", [("owner", 1), ("manager", 0), ("concierge", 0)])
def test_the_count_costs_one_query_and_only_for_owners(cast, client_for, role, counts):
    make_issue(cast.organization, guesty_reservation_id="r1")
    client = client_for(cast.member(role))

    with CaptureQueriesContext(connection) as queries:
        client.get(reverse("reservations:list"))

    issue_queries = [q["sql"] for q in queries.captured_queries if "guesty_syncissue" in q["sql"]]
    assert len(issue_queries) == counts
    assert all("COUNT(" in sql for sql in issue_queries)


def test_a_guesty_page_that_counts_the_issues_is_not_counted_again(cast, client_for):
    make_issue(cast.organization, guesty_reservation_id="r1")
    client = client_for(cast.owner)

    for name in ("guesty:integration", "guesty:issues"):
        with CaptureQueriesContext(connection) as queries:
            response = client.get(reverse(name))
        counts = [q for q in queries.captured_queries if "guesty_syncissue" in q["sql"] and "COUNT(" in q["sql"]]
        assert len(counts) == 1
        assertContains(response, '<span class="nav-count">1<')


def test_an_empty_reservation_list_offers_owners_to_connect_guesty(cast, client_for):
    newcomer = MembershipFactory(role=Role.OWNER)

    response = client_for(newcomer).get(reverse("reservations:list"))

    assertContains(response, "No reservations yet")
    assertContains(response, f'<a class="btn btn-secondary" href="{reverse("guesty:integration")}">Connect Guesty</a>')


def test_managers_are_not_offered_to_connect_guesty(cast, client_for):
    cast.villa_reservation.delete()

    response = client_for(cast.manager).get(reverse("reservations:list"))

    assertContains(response, "No reservations yet")
    assertNotContains(response, "Connect Guesty</a>")


def test_the_open_issues_count_follows_an_issue_reported_and_resolved(cast, client_for):
    client = client_for(cast.owner)
    assertNotContains(client.get(reverse("dashboard")), "nav-count")  # counted and kept

    make_issue(cast.organization, guesty_reservation_id="r1")
    assertContains(client.get(reverse("dashboard")), '<span class="nav-count">1<')

    resolve(SyncIssue.objects.filter(organization=cast.organization), "Fixed in Guesty")
    assertNotContains(client.get(reverse("dashboard")), "nav-count")
