"""The sync buttons: check for changes now, full import, refresh listings and fields."""

import pytest
from django.urls import reverse
from pytest_django.asserts import assertContains, assertRedirects

from reservations.guesty.models import ConnectionStatus, SyncRun, SyncStatus
from tests.reservations.guesty.views.conftest import make_run

pytestmark = pytest.mark.django_db

URL = reverse("guesty:sync")


@pytest.mark.parametrize(
    "kind, message",
    [
        ("reconcile", "Checking Guesty for changes."),
        ("backfill", "Full import started"),
        ("listings", "Refreshing the listings and custom fields from Guesty."),
    ],
)
def test_queues_the_sync_asked_for(cast, client_for, guesty, django_capture_on_commit_callbacks, kind, message):
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        response = client_for(cast.owner).post(URL, {"kind": kind}, follow=True)

    assertRedirects(response, reverse("guesty:integration"))
    assertContains(response, message)
    run = SyncRun.objects.get(organization=cast.organization)
    assert (run.kind, run.status, run.trigger) == (kind, SyncStatus.QUEUED, "owner@seaside.test")
    assert len(callbacks) == 1
    # The page now follows it.
    assertContains(response, 'hx-trigger="every 2s"')


def test_a_sync_already_waiting_is_not_queued_twice(cast, client_for, guesty):
    make_run(cast.organization, kind="reconcile", status=SyncStatus.QUEUED)

    client_for(cast.owner).post(URL, {"kind": "reconcile"})

    assert SyncRun.objects.filter(organization=cast.organization).count() == 1


def test_a_connection_that_does_not_work_syncs_nothing(cast, client_for, guesty):
    guesty.status = ConnectionStatus.FAILED
    guesty.save()

    response = client_for(cast.owner).post(URL, {"kind": "reconcile"}, follow=True)

    assertContains(response, "Connect Guesty first: the connection is not working yet.")
    assert not SyncRun.objects.exists()


@pytest.mark.parametrize("kind", ["connect", "write_back", "anything", ""])
def test_only_the_hosts_sync_kinds_can_be_started(cast, client_for, guesty, kind):
    response = client_for(cast.owner).post(URL, {"kind": kind})

    assertContains(response, "Choose what to sync.", status_code=400)
    assert not SyncRun.objects.exists()


def test_an_owner_of_another_account_syncs_only_their_own(cast, client_for, guesty):
    response = client_for(cast.outsider).post(URL, {"kind": "reconcile"}, follow=True)

    assertContains(response, "Connect Guesty first")
    assert not SyncRun.objects.exists()


@pytest.mark.parametrize("role", ["manager", "concierge"])
def test_only_owners_may_sync(cast, client_for, guesty, role):
    assert client_for(cast.member(role)).post(URL, {"kind": "reconcile"}).status_code == 403
    assert not SyncRun.objects.exists()
