"""Faults: 429 storms, 5xx bursts and a crash halfway lose nothing and write nothing twice."""

from datetime import timedelta

import pytest
import requests
from django.utils import timezone

from reservations.guesty.models import RateBudget, SyncRun, WebhookDelivery
from reservations.guesty.services.runs import queue_run
from reservations.models import Reservation
from tests.reservations.guesty.conftest import stay, sync


@pytest.fixture
def many(cast, imported, listing, fake_guesty):
    """230 stays (three pages), as Guesty holds them: what every run below must end with."""
    booked = [stay(fake_guesty, listing, days_ahead=day % 120, nights=1 + day % 5) for day in range(230)]
    return {(b["_id"], b["checkInDateLocalized"], b["checkOutDateLocalized"]) for b in booked}


def held(organization):
    rows = Reservation.objects.filter(organization=organization).exclude(external_id="")
    return {
        (ext, str(arrival), str(departure))
        for ext, arrival, departure in rows.values_list("external_id", "check_in", "check_out")
    }


class GuestyGoesDown(requests.Session):
    """Guesty stops answering after `after` requests (a crash, as far as the sync can tell)."""

    def __init__(self, after):
        super().__init__()
        self.left = after

    def request(self, method, url, **kwargs):
        self.left -= 1
        if self.left < 0:
            raise requests.ConnectionError("Guesty is down")
        return super().request(method, url, **kwargs)


def test_a_429_storm_ends_in_the_same_state_as_a_clean_run(cast, many, fake_guesty):
    fake_guesty.set_rate_limits(per_second=60, per_minute=10000, per_hour=100000)

    run = sync(cast.organization, "backfill")

    assert run.status == "succeeded", run.error
    assert RateBudget.objects.get().paused_until > 0  # Guesty did say "wait", and was obeyed
    assert held(cast.organization) == many


def test_5xx_bursts_lose_nothing(cast, many, fake_guesty):
    fake_guesty.fail_next(3, status=503)

    run = sync(cast.organization, "backfill")

    assert run.status == "succeeded", run.error
    assert held(cast.organization) == many


def test_a_sync_that_dies_halfway_resumes_where_it_stopped(cast, many, fake_guesty, settings):
    settings.GUESTY_RETRIES = 0

    first = sync(cast.organization, "backfill", session=GuestyGoesDown(after=150))

    assert first.status == "failed"
    assert "did not answer" in first.error
    assert first.cursor["skip"] == 100  # page one is stored; page two died on its way
    assert len(held(cast.organization)) == 100

    fake_guesty.reset_log()
    second = sync(cast.organization, "backfill")

    assert second.status == "succeeded", second.error
    assert second.resumed == 1
    searches = [query for _method, path, query in fake_guesty.requests if path == "/v1/reservations-v3/search"]
    assert searches[0]["skip"] == "100"  # not from the start
    assert held(cast.organization) == many
    assert Reservation.objects.exclude(external_id="").count() == len(many)
    dead = SyncRun.objects.get(pk=first.pk)
    assert dead.cursor == {} and f"Resumed by run #{second.pk}" in dead.error


def test_a_run_is_not_started_twice_while_one_of_its_kind_is_running(cast, imported):
    from reservations.guesty.services.engine import execute

    busy = SyncRun.objects.create(
        organization=cast.organization, kind="backfill", status="running", heartbeat_at=timezone.now()
    )
    waiting = queue_run(organization=cast.organization, kind="backfill", trigger="test")

    assert execute(waiting.pk) is None
    waiting.refresh_from_db()
    assert waiting.status == "queued"
    assert busy.pk != waiting.pk


def test_a_queued_run_whose_task_was_lost_does_not_block_new_ones(cast, imported):
    lost = queue_run(organization=cast.organization, kind="reconcile", trigger="test")
    SyncRun.objects.filter(pk=lost.pk).update(created_at=timezone.now() - timedelta(hours=1))

    fresh = queue_run(organization=cast.organization, kind="reconcile", trigger="test")

    assert fresh.pk != lost.pk
    assert SyncRun.objects.get(pk=lost.pk).status == "failed"


def test_webhooks_a_dead_worker_left_unprocessed_are_applied_by_the_next_reconciliation(
    cast, imported, listing, fake_guesty
):
    long_ago = timezone.now() - timedelta(days=30)
    booked = stay(fake_guesty, listing, days_ahead=300, created_at=long_ago)  # outside both windows
    WebhookDelivery.objects.create(
        organization=cast.organization,
        message_id="msg_left_behind",
        event="reservation.created.v2",
        guesty_reservation_id=booked["_id"],
    )

    sync(cast.organization, "reconcile")

    assert Reservation.objects.filter(external_id=booked["_id"]).exists()
    assert WebhookDelivery.objects.get().outcome == "applied"
