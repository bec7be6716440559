"""Check-in's background work: telling the host a guest checked in, and the daily retention purge."""

import logging
from datetime import UTC, timedelta

from django.conf import settings
from django.core.mail import send_mail
from django.db.models import Q
from django.tasks import task
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone

from accounts.models import Membership
from accounts.permissions import Role
from reservations.checkin.models import CheckinSubmission
from reservations.checkin.services.retention import purge_expired_documents

logger = logging.getLogger(__name__)


@task
def notify_host_of_checkin(submission_id):
    """Email the owners, and the managers of the property, that a guest completed check-in."""
    submission = (
        CheckinSubmission.objects.select_related("reservation__property", "organization")
        .filter(pk=submission_id, submitted_at__isnull=False)
        .first()
    )
    if submission is None:
        return "skipped: not submitted"
    reservation = submission.reservation
    recipients = sorted(
        Membership.objects.filter(organization=submission.organization)
        .filter(Q(role=Role.OWNER) | Q(role=Role.MANAGER, properties=reservation.property))
        .values_list("user__email", flat=True)
        .distinct()
    )
    context = {
        "reservation": reservation,
        "submission": submission,
        "url": settings.SITE_URL + reverse("reservations:detail", args=[reservation.pk]),
    }
    send_mail(
        subject=render_to_string("checkin/email/checkin_completed_subject.txt", context).strip(),
        message=render_to_string("checkin/email/checkin_completed.txt", context),
        from_email=None,
        recipient_list=recipients,
    )
    return f"sent to {len(recipients)}"


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
