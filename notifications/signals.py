"""A completed check-in is confirmed to the guest, when the host turned that automation on."""

from django.dispatch import receiver

from notifications.models import Automation, Event
from notifications.services.automations import Due, send_once
from reservations.checkin.services.submissions import checkin_submitted


@receiver(checkin_submitted)
def confirm_checkin(sender, submission, **kwargs):
    reservation = submission.reservation
    automation = Automation.objects.filter(
        organization_id=reservation.organization_id, event=Event.CHECKIN_COMPLETED, enabled=True
    ).first()
    if automation is not None:
        send_once(Due(automation, reservation, "once"))
