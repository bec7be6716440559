"""The daily guest document purge: it runs the purge and queues its own next run."""

from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.core.management import call_command
from django.tasks import TaskResultStatus
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from reservations.checkin import tasks
from reservations.checkin.models import CheckinSubmission
from reservations.checkin.tasks import next_purge_at, purge_guest_documents_daily
from tests.factories import CheckinSubmissionFactory, GuestDocumentFactory, ReservationFactory

DATABASE_TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}


@pytest.fixture(autouse=True)
def private_media(settings, tmp_path):
    settings.STORAGES = {
        **settings.STORAGES,
        "private": {
            "BACKEND": "gorently.storage.PrivateFileSystemStorage",
            "OPTIONS": {"location": tmp_path / "private-media", "base_url": None},
        },
    }


@pytest.fixture
def database_tasks(db, settings):
    settings.TASKS = DATABASE_TASKS


@pytest.fixture
def expired_checkin(cast):
    today = timezone.now().date()
    reservation = ReservationFactory(
        property=cast.villa, check_in=today - timedelta(days=60), check_out=today - timedelta(days=57)
    )
    submission = CheckinSubmissionFactory(reservation=reservation)
    GuestDocumentFactory(submission=submission)
    return submission


def _queued():
    return DBTaskResult.objects.filter(task_path=purge_guest_documents_daily.module_path)


@pytest.mark.parametrize(
    ("now", "expected"),
    [
        (datetime(2026, 3, 10, 2, 0, tzinfo=UTC), datetime(2026, 3, 11, 3, 0, tzinfo=UTC)),
        (datetime(2026, 3, 10, 3, 0, 5, tzinfo=UTC), datetime(2026, 3, 11, 3, 0, tzinfo=UTC)),
        (datetime(2026, 12, 31, 22, 0, tzinfo=UTC), datetime(2027, 1, 1, 3, 0, tzinfo=UTC)),
        # 23:30 in New York is already 04:30 UTC the next day.
        (datetime(2026, 3, 10, 23, 30, tzinfo=ZoneInfo("America/New_York")), datetime(2026, 3, 12, 3, 0, tzinfo=UTC)),
    ],
)
def test_the_next_run_is_tomorrow_at_three_utc(now, expected):
    assert next_purge_at(now) == expected


def test_the_daily_task_purges_and_queues_itself_for_tomorrow(database_tasks, expired_checkin):
    assert purge_guest_documents_daily.call() == "purged 1 check-ins"
    assert CheckinSubmission.objects.get(pk=expired_checkin.pk).purged_at is not None
    [queued] = _queued()
    assert queued.status == TaskResultStatus.READY
    assert queued.run_after == next_purge_at()
    assert queued.run_after.astimezone(UTC).time().isoformat() == "03:00:00"
    assert queued.task.func is purge_guest_documents_daily.func


def test_a_failed_purge_still_queues_tomorrows_run(database_tasks, monkeypatch):
    def broken(**kwargs):
        raise RuntimeError("database hiccup")

    monkeypatch.setattr(tasks, "purge_expired_documents", broken)
    with pytest.raises(RuntimeError):
        purge_guest_documents_daily.call()
    assert _queued().filter(status=TaskResultStatus.READY).count() == 1


def test_with_an_immediate_backend_it_runs_once_and_does_not_loop(expired_checkin):
    result = purge_guest_documents_daily.enqueue()
    assert result.status == TaskResultStatus.SUCCESSFUL
    assert result.return_value == "purged 1 check-ins"
    assert not _queued().exists()


def test_schedule_tasks_queues_the_purge_once(database_tasks, capsys):
    call_command("schedule_tasks")
    call_command("schedule_tasks")
    [queued] = _queued()
    assert queued.status == TaskResultStatus.READY
    out = capsys.readouterr().out
    assert "purge_guest_documents_daily: queued" in out
    assert "purge_guest_documents_daily: already scheduled." in out


def test_schedule_tasks_does_not_count_finished_runs(database_tasks):
    call_command("schedule_tasks")
    _queued().update(status=TaskResultStatus.SUCCESSFUL, finished_at=timezone.now())
    call_command("schedule_tasks")
    assert _queued().filter(status=TaskResultStatus.READY).count() == 1


def test_a_run_in_progress_counts_but_one_left_running_by_a_dead_worker_does_not(database_tasks):
    call_command("schedule_tasks")
    _queued().update(status=TaskResultStatus.RUNNING, started_at=timezone.now() - timedelta(minutes=5))
    call_command("schedule_tasks")
    assert _queued().count() == 1
    _queued().update(started_at=timezone.now() - timedelta(hours=3))
    call_command("schedule_tasks")
    assert _queued().filter(status=TaskResultStatus.READY).count() == 1


def test_schedule_tasks_leaves_an_immediate_backend_alone(db, capsys):
    call_command("schedule_tasks")
    assert "cannot defer tasks; not scheduled" in capsys.readouterr().out
    assert not _queued().exists()
