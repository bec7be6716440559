"""Check-in's background work: the daily retention purge of identity data."""

import logging
from datetime import UTC, timedelta

from django.tasks import task
from django.utils import timezone

from reservations.checkin.services.retention import purge_expired_documents

logger = logging.getLogger(__name__)


def next_purge_at(now=None):
    """Tomorrow at 03:00 UTC: the daily purge runs when few guests are online."""
    now = (now or timezone.now()).astimezone(UTC)
    return (now + timedelta(days=1)).replace(hour=3, minute=0, second=0, microsecond=0)


@task
def purge_guest_documents_daily():
    """Purge identity data past the retention period, then queue tomorrow's run.

    `manage.py schedule_tasks` starts the chain; the next run is queued even if
    this one fails, so one bad day does not stop the purge for good.
    """
    try:
        purges = purge_expired_documents()
    finally:
        if purge_guest_documents_daily.get_backend().supports_defer:
            purge_guest_documents_daily.using(run_after=next_purge_at()).enqueue()
        else:  # an immediate backend would run "tomorrow's" purge now, forever
            logger.info("The task backend cannot defer tasks: schedule the guest document purge with cron instead.")
    return f"purged {len(purges)} check-ins"
