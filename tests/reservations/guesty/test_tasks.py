"""The schedule: each connection's reconciliation queued once per interval, however many schedulers run."""

from datetime import timedelta

from django.utils import timezone

from reservations.guesty.models import GuestyConnection, SyncRun
from reservations.guesty.tasks import reconcile_due


def make_due(connection, minutes_ago=1):
    GuestyConnection.objects.filter(pk=connection.pk).update(
        next_reconcile_at=timezone.now() - timedelta(minutes=minutes_ago)
    )


def test_a_due_connection_gets_one_reconciliation_and_its_next_time(cast, connected):
    make_due(connected)

    reconcile_due.call()
    reconcile_due.call()  # a second scheduler, a moment later

    assert SyncRun.objects.filter(organization=cast.organization, kind="reconcile").count() == 1
    connection = GuestyConnection.objects.get(pk=connected.pk)
    assert connection.next_reconcile_at > timezone.now() + timedelta(minutes=14)


def test_a_connection_not_due_is_left_alone(cast, connected):
    reconcile_due.call()

    assert not SyncRun.objects.filter(kind="reconcile").exists()


def test_a_failed_connection_is_not_reconciled(cast, connected):
    make_due(connected)
    GuestyConnection.objects.filter(pk=connected.pk).update(status="failed")

    reconcile_due.call()

    assert not SyncRun.objects.filter(kind="reconcile").exists()
