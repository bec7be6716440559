"""A completed check-in queues the write-back of its mapped answers to Guesty; a sync issue recorded or
changed refreshes the navigation's count."""

from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver

from gorently import badges
from reservations.checkin.services.submissions import checkin_submitted
from reservations.guesty.models import ConnectionStatus, GuestyConnection, SyncIssue, SyncKind
from reservations.guesty.services.runs import queue_run


@receiver(checkin_submitted)
def write_answers_to_guesty(sender, submission, **kwargs):
    reservation = submission.reservation
    if not reservation.external_id:
        return
    connected = GuestyConnection.objects.filter(
        organization_id=reservation.organization_id, status=ConnectionStatus.CONNECTED
    ).exists()
    if connected:
        queue_run(
            organization=reservation.organization,
            kind=SyncKind.WRITE_BACK,
            trigger="Check-in completed",
            cursor={"reservation": reservation.pk},
        )


@receiver([post_save, post_delete], sender=SyncIssue)
def issues_changed(sender, instance, **kwargs):
    badges.changed(instance.organization_id)
