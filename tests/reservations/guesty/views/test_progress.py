"""The running sync's progress: a fragment the integration page polls every 2 s while something runs."""

import pytest
from django.urls import reverse
from django.utils import timezone
from pytest_django.asserts import assertContains, assertNotContains

from reservations.guesty.models import SyncStatus
from tests.reservations.guesty.views.conftest import HTMX, make_run

pytestmark = pytest.mark.django_db

URL = reverse("guesty:progress")


def test_answers_htmx_with_the_progress_fragment_that_keeps_polling(cast, client_for, guesty):
    make_run(
        cast.organization,
        kind="reconcile",
        status=SyncStatus.RUNNING,
        started_at=timezone.now(),
        pages=2,
        created=3,
        updated=4,
        unchanged=50,
        skipped=1,
        failed=2,
        requests=9,
    )

    response = client_for(cast.owner).get(URL, headers=HTMX)

    body = response.content.decode()
    assert body.lstrip().startswith('<section id="progress"')
    assert "<html" not in body
    assert "HX-Request" in response["Vary"]
    assertContains(response, 'hx-trigger="every 2s"')
    assertContains(response, "Check for changes")
    for label, number in [("Pages read", 2), ("New", 3), ("Updated", 4), ("Unchanged", 50), ("Failed", 2)]:
        assertContains(response, f'<dt class="stat-label">{label}</dt><dd class="stat-value">{number}</dd>')
    assertContains(response, "Requests to Guesty")


def test_a_waiting_sync_says_it_starts_in_a_moment(cast, client_for, guesty):
    make_run(cast.organization, kind="backfill", status=SyncStatus.QUEUED)

    response = client_for(cast.owner).get(URL, headers=HTMX)

    assertContains(response, "Waiting for its turn")
    assertContains(response, 'hx-trigger="every 2s"')


def test_stops_polling_when_nothing_runs_and_refreshes_status_and_history(cast, client_for, guesty):
    make_run(cast.organization, kind="backfill", created=12, trigger="owner@seaside.test")

    response = client_for(cast.owner).get(URL, headers=HTMX)

    body = response.content.decode()
    assert body.lstrip().startswith('<section id="progress" hidden')
    assertNotContains(response, "hx-trigger")
    assertContains(response, 'id="status" aria-labelledby="status-title" hx-swap-oob="true"')
    assertContains(response, 'id="runs" aria-labelledby="runs-title" hx-swap-oob="true"')
    assertContains(response, "12 new")
    assertContains(response, "The sync has finished.")
    assert "<html" not in body


def test_a_browser_gets_the_whole_integration_page(cast, client_for, guesty):
    response = client_for(cast.owner).get(URL)

    assertContains(response, "<html")
    assertContains(response, "Connection")


def test_a_history_restore_gets_the_whole_page(cast, client_for, guesty):
    response = client_for(cast.owner).get(URL, headers=HTMX | {"HX-History-Restore-Request": "true"})

    assertContains(response, "<html")


def test_an_owner_of_another_account_follows_only_their_own_syncs(cast, client_for, guesty):
    make_run(cast.organization, status=SyncStatus.RUNNING, created=77)

    response = client_for(cast.outsider).get(URL, headers=HTMX)

    assertNotContains(response, "hx-trigger")
    assertNotContains(response, "77")


@pytest.mark.parametrize("role", ["manager", "concierge"])
def test_only_owners_may_follow_it(cast, client_for, role):
    assert client_for(cast.member(role)).get(URL, headers=HTMX).status_code == 403


def test_polling_costs_few_queries(cast, client_for, guesty, django_assert_max_num_queries):
    make_run(cast.organization, status=SyncStatus.RUNNING)
    client = client_for(cast.owner)

    with django_assert_max_num_queries(6):
        client.get(URL, headers=HTMX)
