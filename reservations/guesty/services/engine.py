"""Running a sync: one entry point for tasks, the web pages' "sync now" and `manage.py sync_guesty`."""

import logging
from datetime import timedelta

from django.utils import timezone

from accounts.activity import record_action
from reservations.guesty.client import GuestyClient, GuestyError
from reservations.guesty.models import ConnectionStatus, GuestyConnection, SyncKind, SyncRun, SyncStatus
from reservations.guesty.services import connection as connections
from reservations.guesty.services import fields, listings, reservations, writeback
from reservations.guesty.services.context import SyncContext
from reservations.guesty.services.runs import claim, finish, sync_actor
from reservations.models import Reservation

logger = logging.getLogger(__name__)

# Created, updated or failed: worth a line in the activity log (quiet runs are in the run history only).
NOTEWORTHY = ("created", "updated", "failed")


def execute(run_id, *, session=None, progress=None):
    """Claim and run a queued run; None when it was not this worker's to run."""
    run = claim(run_id)
    if run is None:
        return None
    connection = GuestyConnection.objects.filter(organization_id=run.organization_id).first()
    usable = connection is not None and (
        connection.status == ConnectionStatus.CONNECTED
        or (run.kind == SyncKind.CONNECT and connection.status != ConnectionStatus.DISCONNECTING)
    )
    if not usable:
        finish(
            run, error="Guesty is not connected, or the connection is not working: check it on the integration page."
        )
        return run
    client = GuestyClient(connection, session=session)
    context = SyncContext(run, client, progress=progress)
    try:
        _dispatch(context, connection)
    except GuestyError as error:
        finish(run, client=client, error=str(error))
        logger.info("Guesty sync run %s failed: %s", run.pk, error)
    except Exception:
        finish(run, client=client, error="Stopped on an unexpected error (logged); the next run goes on from here.")
        raise
    else:
        finish(run, client=client)
    finally:
        _log(run)
    return run


def _dispatch(context, connection):
    run = context.run
    if run.kind == SyncKind.CONNECT:
        connections.check(context)
    elif run.kind == SyncKind.LISTINGS:
        listings.refresh_listings(context)
        fields.refresh_fields(context)
    elif run.kind == SyncKind.BACKFILL:
        reservations.backfill(context)
        _schedule_next(connection)
    elif run.kind == SyncKind.RECONCILE:
        if not connection.webhook_secret:
            connections.register_webhook(context.client)
        reservations.reconcile(context, since=_last_reconciled(run))
        reservations.process_webhooks(context)  # any a dead worker left behind
        _schedule_next(connection)
    elif run.kind == SyncKind.WEBHOOK:
        reservations.process_webhooks(context)
    elif run.kind == SyncKind.FETCH:
        reservations.fetch_by_ids(context, run.cursor.get("ids") or [])
    elif run.kind == SyncKind.WRITE_BACK:
        reservation = Reservation.objects.filter(
            organization=run.organization, pk=run.cursor.get("reservation")
        ).first()
        if reservation is not None:
            writeback.write_back(context, reservation)


def _last_reconciled(run):
    """New bookings are looked for since the last good reconciliation began, with an hour's overlap."""
    last = (
        SyncRun.objects.filter(
            organization_id=run.organization_id, kind=SyncKind.RECONCILE, status=SyncStatus.SUCCEEDED
        )
        .order_by("-started_at")
        .values_list("started_at", flat=True)
        .first()
    )
    return (last - timedelta(hours=1)) if last else timezone.now() - timedelta(days=2)


def _schedule_next(connection):
    connection.next_reconcile_at = timezone.now() + timedelta(minutes=connection.reconcile_every_minutes)
    GuestyConnection.objects.filter(pk=connection.pk).update(next_reconcile_at=connection.next_reconcile_at)


def _log(run):
    if (
        run.status == SyncStatus.FAILED
        or run.kind in (SyncKind.CONNECT, SyncKind.BACKFILL)
        or any(getattr(run, name) for name in NOTEWORTHY)
    ):
        record_action(
            sync_actor(run.organization),
            "guesty.sync_failed" if run.status == SyncStatus.FAILED else "guesty.sync_finished",
            target=run,
            kind=run.kind,
            created=run.created,
            updated=run.updated,
            failed=run.failed,
            error=run.error,
        )
