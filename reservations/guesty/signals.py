"""A completed check-in queues the write-back of its mapped answers to Guesty."""

from django.dispatch import receiver

from reservations.checkin.services.submissions import checkin_submitted
from reservations.guesty.models import ConnectionStatus, GuestyConnection, SyncKind
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
