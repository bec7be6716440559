"""The Guesty sync's background work: runs, write-backs, the reconciliation schedule, disconnecting."""

import logging
from datetime import timedelta

from django.db import transaction
from django.tasks import task
from django.utils import timezone

from reservations.guesty.client import GuestyClient
from reservations.guesty.models import ConnectionStatus, GuestyConnection, SyncKind, SyncRun, SyncStatus
from reservations.guesty.services import connection as connections
from reservations.guesty.services.engine import execute
from reservations.guesty.services.runs import queue_run

logger = logging.getLogger(__name__)

SCHEDULE_EVERY = timedelta(minutes=1)


# A run that found another of its kind busy tries again this much later.
BUSY_RETRY = timedelta(seconds=30)


@task
def run_sync(run_id):
    run = execute(run_id)
    if run is not None:
        return f"{run.kind} {run.status}"
    if run_sync.get_backend().supports_defer and SyncRun.objects.filter(pk=run_id, status=SyncStatus.QUEUED).exists():
        run_sync.using(run_after=timezone.now() + BUSY_RETRY).enqueue(run_id)
        return "another run of its kind is busy: tried again in 30 s"
    return "not run: finished, or another run of its kind is busy"


@task
def reconcile_due():
    """Queue a reconciliation for every connection whose interval has passed, then come back in a minute.

    `manage.py schedule_tasks` starts the chain (as for the document purge).
    """
    try:
        now = timezone.now()
        due = GuestyConnection.objects.filter(status=ConnectionStatus.CONNECTED, next_reconcile_at__lte=now)
        for connection in due.select_related("organization"):
            with transaction.atomic():
                # Claimed by moving the next time on: two schedulers never queue the same reconciliation.
                claimed = GuestyConnection.objects.filter(
                    pk=connection.pk, next_reconcile_at=connection.next_reconcile_at
                ).update(next_reconcile_at=now + timedelta(minutes=connection.reconcile_every_minutes))
                if claimed:
                    queue_run(organization=connection.organization, kind=SyncKind.RECONCILE, trigger="Schedule")
    finally:
        if reconcile_due.get_backend().supports_defer:
            reconcile_due.using(run_after=timezone.now() + SCHEDULE_EVERY).enqueue()
        else:
            logger.info("The task backend cannot defer tasks: run `manage.py sync_guesty` from cron instead.")
    return "checked"


@task
def forget_connection(organization_id):
    connection = GuestyConnection.objects.filter(
        organization_id=organization_id, status=ConnectionStatus.DISCONNECTING
    ).first()
    if connection is None:
        return "nothing to forget"
    connections.forget(GuestyClient(connection))
    return "forgotten"
