"""The integration page: how to connect, the connection's state, the sync buttons, the running sync and the history."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone
from pytest_django.asserts import assertContains, assertNotContains

from reservations.guesty.models import ConnectionStatus, SyncStatus
from tests.reservations.guesty.views.conftest import SECRET, make_issue, make_run

pytestmark = pytest.mark.django_db

URL = reverse("guesty:integration")


def test_not_connected_it_explains_where_to_find_the_credentials(cast, client_for):
    response = client_for(cast.owner).get(URL)

    assertContains(response, "<title>Guesty · GoRently</title>")
    assertContains(response, "Connect Guesty")
    assertContains(response, "Integrations → API &amp; Webhooks")
    assertContains(response, "New secret token")
    assertContains(response, f'action="{reverse("guesty:connect")}"')
    assertContains(response, 'type="password" name="client_secret"')
    assertNotContains(response, "Check for changes now")


@pytest.mark.parametrize("role", ["manager", "concierge"])
def test_only_owners_may_open_it(cast, client_for, role):
    assert client_for(cast.member(role)).get(URL).status_code == 403


def test_connected_it_shows_the_state_and_the_sync_buttons(cast, client_for, guesty):
    response = client_for(cast.owner).get(URL)

    assertContains(response, "Connected")
    assertContains(response, "acc_seaside")
    assertContains(response, "client-seaside")
    for button in ("Test connection", "Check for changes now", "Full import", "Refresh listings and fields"):
        assertContains(response, button)
    assertContains(response, 'name="kind" value="reconcile"')
    assertContains(response, 'name="kind" value="backfill"')
    assertContains(response, 'name="kind" value="listings"')
    assertContains(response, 'name="reconcile_every_minutes" value="15"')
    assertContains(response, "Replace credentials")


def test_the_secrets_are_never_in_the_page(cast, client_for, guesty):
    html = client_for(cast.owner).get(URL).content.decode()

    assert SECRET not in html
    assert guesty.webhook_secret not in html
    assert guesty.access_token not in html
    assert guesty.webhook_key not in html


def test_disconnecting_asks_first_without_javascript(cast, client_for, guesty):
    response = client_for(cast.owner).get(URL)

    # A <details> holds the button: one click opens it, a second one disconnects.
    html = response.content.decode()
    details = html[html.index("<summary>Disconnect Guesty…</summary>") :]
    assert details.index(f'action="{reverse("guesty:disconnect")}"') < details.index("</details>")


def test_a_failed_connection_says_why_in_plain_words(cast, client_for, guesty):
    guesty.status = ConnectionStatus.FAILED
    guesty.status_message = "Guesty did not accept this client id and secret."
    guesty.save()

    response = client_for(cast.owner).get(URL)

    assertContains(response, "Not working")
    assertContains(response, "Guesty did not accept this client id and secret.")
    assertContains(response, "Test connection")
    assertNotContains(response, "Check for changes now")


def test_while_checking_it_says_so_and_offers_no_sync(cast, client_for, guesty):
    guesty.status = ConnectionStatus.CHECKING
    guesty.save()

    response = client_for(cast.owner).get(URL)

    assertContains(response, "GoRently is checking the credentials with Guesty.")
    assertNotContains(response, "Check for changes now")


def test_links_to_listings_field_mapping_and_issues_with_the_open_count(cast, client_for, guesty):
    make_issue(cast.organization, guesty_reservation_id="r1")
    make_issue(cast.organization, guesty_reservation_id="r2")
    make_issue(cast.organization, guesty_reservation_id="r3", resolved_at=timezone.now())
    make_issue(cast.outsider.organization, guesty_reservation_id="r4")

    response = client_for(cast.owner).get(URL)

    assertContains(response, reverse("guesty:listings"))
    assertContains(response, reverse("guesty:fields"))
    assertContains(response, f'href="{reverse("guesty:issues")}">Issues <span class="badge badge-danger">2<')


def test_a_running_sync_polls_for_its_progress(cast, client_for, guesty):
    make_run(
        cast.organization,
        kind="backfill",
        status=SyncStatus.RUNNING,
        started_at=timezone.now(),
        pages=3,
        created=41,
        updated=7,
        requests=12,
    )

    response = client_for(cast.owner).get(URL)

    assertContains(response, f'hx-get="{reverse("guesty:progress")}" hx-trigger="every 2s"')
    assertContains(response, "Full import")
    assertContains(response, '<dd class="stat-value">41</dd>')
    assertContains(response, '<dd class="stat-value">12</dd>')


def test_nothing_running_nothing_polls(cast, client_for, guesty):
    make_run(cast.organization)

    assertNotContains(client_for(cast.owner).get(URL), 'hx-trigger="every 2s"')


def test_the_history_lists_the_latest_runs_with_their_outcome(cast, client_for, guesty):
    started = timezone.now() - timedelta(minutes=5)
    make_run(
        cast.organization,
        kind="reconcile",
        started_at=started,
        finished_at=started + timedelta(seconds=95),
        created=2,
        updated=5,
        unchanged=30,
        trigger="Schedule",
    )
    make_run(
        cast.organization,
        kind="listings",
        status=SyncStatus.FAILED,
        error="Guesty answered 503 five times.",
        trigger="owner@seaside.test",
    )

    response = client_for(cast.owner).get(URL)

    assertContains(response, "Recent syncs")
    assertContains(response, "1 min 35 s")
    assertContains(response, "2 new")
    assertContains(response, "5 updated")
    assertContains(response, "Schedule")
    assertContains(response, "Guesty answered 503 five times.")
    assertContains(response, '<span class="badge badge-danger">Failed</span>')


def test_the_history_keeps_to_the_last_twenty(cast, client_for, guesty):
    for number in range(25):
        make_run(cast.organization, trigger=f"run-{number:02d}")

    response = client_for(cast.owner).get(URL)

    assertContains(response, "run-24")
    assertContains(response, "run-05")
    assertNotContains(response, "run-04")


def test_an_owner_of_another_account_sees_only_their_own(cast, client_for, guesty):
    make_run(cast.organization, trigger="seaside-run")

    response = client_for(cast.outsider).get(URL)

    assertContains(response, "Connect Guesty")
    assertNotContains(response, "client-seaside")
    assertNotContains(response, "seaside-run")


@pytest.mark.parametrize("runs", [3, 20])
def test_the_number_of_queries_does_not_grow_with_the_history(
    cast, client_for, guesty, django_assert_max_num_queries, runs
):
    client = client_for(cast.owner)
    make_run(cast.organization)
    with django_assert_max_num_queries(20) as few:
        client.get(URL)

    for _ in range(runs):
        make_run(cast.organization, status=SyncStatus.FAILED, error="Timed out.")

    with django_assert_max_num_queries(len(few.captured_queries)):
        client.get(URL)
