"""Sync runs: queued once, claimed by one worker, counted as they go, resumed after a crash.

Every run acts as the account's sync actor (`sync_actor`): the activity log names it "Guesty sync".
"""

from datetime import timedelta

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from accounts.activity import record_action
from accounts.actors import SystemActor
from accounts.models import ActorType
from accounts.permissions import Rule, require
from reservations.guesty.models import ACTIVE_SYNC, ConnectionStatus, GuestyConnection, SyncKind, SyncRun, SyncStatus

# A running sync saves its progress after every page; silent this long, its worker is gone.
STALE_AFTER = timedelta(minutes=10)
# Runs of these kinds walk pages and can resume where a dead one stopped.
RESUMABLE = (SyncKind.BACKFILL, SyncKind.RECONCILE)
COUNTS = ("pages", "created", "updated", "unchanged", "skipped", "failed", "requests")


def sync_actor(organization):
    return SystemActor(
        organization,
        "Guesty sync",
        type=ActorType.INTEGRATION,
        rules=frozenset({Rule.EDIT_RESERVATIONS, Rule.ADD_PROPERTIES, Rule.EDIT_PROPERTIES}),
    )


def queue_run(*, organization, kind, trigger, cursor=None, enqueue=True):
    """Queue a run and its task; a run of the same kind already waiting is returned instead (for page walks
    and webhooks: one pending run does the work of many requests). Without `enqueue` no task is queued:
    the caller runs it (the terminal)."""
    from reservations.guesty.tasks import run_sync

    if kind not in (SyncKind.WRITE_BACK, SyncKind.FETCH):
        waiting = SyncRun.objects.filter(organization=organization, kind=kind, status=SyncStatus.QUEUED)
        # A run waiting longer than a worker ever takes lost its task (a worker died holding it): set aside.
        waiting.filter(created_at__lt=timezone.now() - STALE_AFTER).update(
            status=SyncStatus.FAILED, error="Its task never ran; a newer run took over.", finished_at=timezone.now()
        )
        waiting = waiting.first()
        if waiting is not None:
            return waiting
    run = SyncRun.objects.create(organization=organization, kind=kind, trigger=trigger[:80], cursor=cursor or {})
    if enqueue:
        transaction.on_commit(lambda: run_sync.enqueue(run.pk))
    return run


def claim(run_id):
    """Mark a queued run running, or None when it is not this worker's to do: finished, taken, or another run
    of its kind is busy (the waiting one then stays queued for the next pass)."""
    now = timezone.now()
    with transaction.atomic():
        run = SyncRun.objects.select_for_update().filter(pk=run_id).first()
        if run is None or run.status != SyncStatus.QUEUED:
            return None
        busy = SyncRun.objects.filter(
            organization_id=run.organization_id,
            kind=run.kind,
            status=SyncStatus.RUNNING,
            heartbeat_at__gte=now - STALE_AFTER,
        ).exclude(pk=run.pk)
        if run.kind not in (SyncKind.WRITE_BACK, SyncKind.FETCH) and busy.exists():
            return None
        if run.kind in RESUMABLE and not run.cursor:
            _take_over_dead_run(run, now)
        run.status, run.started_at, run.heartbeat_at = SyncStatus.RUNNING, now, now
        run.save()
    return run


def _take_over_dead_run(run, now):
    """Go on from the cursor of the last run of this kind that stopped halfway (failed, or its worker died)."""
    dead = (
        SyncRun.objects.filter(organization_id=run.organization_id, kind=run.kind)
        .exclude(pk=run.pk)
        .exclude(cursor={})
        .filter(status__in=[SyncStatus.FAILED, SyncStatus.RUNNING])
        .order_by("-created_at")
        .first()
    )
    if dead is None or (
        dead.status == SyncStatus.RUNNING and dead.heartbeat_at and dead.heartbeat_at >= now - STALE_AFTER
    ):
        return
    if SyncRun.objects.filter(
        organization_id=run.organization_id, kind=run.kind, status=SyncStatus.SUCCEEDED, created_at__gt=dead.created_at
    ).exists():
        return
    run.cursor, run.resumed = dead.cursor, dead.resumed + 1
    dead.status = SyncStatus.FAILED
    dead.error = dead.error or "Stopped without finishing."
    dead.cursor = {}
    dead.error += f" Resumed by run #{run.pk}."
    dead.finished_at = dead.finished_at or now
    dead.save(update_fields=["status", "error", "cursor", "finished_at"])


def save_progress(run, *, client=None):
    """Store counts and cursor after a page: the progress the host watches, and the point to resume from."""
    if client is not None:
        run.requests = client.requests_made
    run.heartbeat_at = timezone.now()
    run.save(update_fields=[*COUNTS, "cursor", "heartbeat_at"])


def finish(run, *, client=None, error=""):
    if client is not None:
        run.requests = client.requests_made
    run.status = SyncStatus.FAILED if error else SyncStatus.SUCCEEDED
    run.error = error
    if not error:
        run.cursor = {}
    run.finished_at = run.heartbeat_at = timezone.now()
    run.save()


def active_run(organization):
    """The run the integration page shows progressing: the latest waiting or running one."""
    return SyncRun.objects.filter(organization=organization, status__in=ACTIVE_SYNC).order_by("-created_at").first()


# Kinds a host (or a script) may start by hand.
STARTABLE = (SyncKind.LISTINGS, SyncKind.BACKFILL, SyncKind.RECONCILE)


def start_sync(*, actor, kind, request=None):
    """Queue a sync asked for by a person (or the terminal): refresh listings, full import, or check for changes."""
    require(actor, Rule.MANAGE_INTEGRATIONS)
    if kind not in STARTABLE:
        raise ValueError(f"A {kind} run is not started by hand.")
    connected = GuestyConnection.objects.filter(organization=actor.organization, status=ConnectionStatus.CONNECTED)
    if not connected.exists():
        raise ValidationError("Connect Guesty first: the connection is not working yet.")
    with transaction.atomic():
        run = queue_run(organization=actor.organization, kind=kind, trigger=actor.log_identity().label)
        record_action(actor, "guesty.sync_started", target=run, request=request, kind=kind)
    return run
