"""What a guest just did, answered by the automations the host keeps on: check-in completed, extras ordered,
approved or declined; to the guest by their best channel, to the team by email. And a guest's message
received, or removed, refreshes the navigation's unread count."""

from django.db import transaction
from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver

from gorently import badges
from notifications.defaults import order_status_for
from notifications.models import Automation, Direction, Event, Message
from notifications.rendering import language_of
from notifications.services.automations import Due, send_once
from notifications.tasks import tell_team
from reservations.checkin.services.submissions import checkin_submitted
from reservations.signals import extras_order_changed

EXTRAS_EVENTS = {
    "purchased": Event.EXTRA_PURCHASED,
    "approved": Event.EXTRA_APPROVED,
    "declined": Event.EXTRA_DECLINED,
}


@receiver(checkin_submitted)
def checkin_completed(sender, submission, notify=True, **kwargs):
    if not notify:
        return
    reservation = submission.reservation
    automation = Automation.of(reservation.organization_id, Event.CHECKIN_COMPLETED)
    if automation.enabled:
        send_once(Due(automation, reservation, "once"))
    _tell_team(reservation, Event.TEAM_CHECKIN_COMPLETED)


@receiver(extras_order_changed)
def extras_changed(sender, reservation, order_id, change, awaiting_approval, extras, **kwargs):
    automation = Automation.of(reservation.organization_id, EXTRAS_EVENTS[change])
    if automation.enabled:
        status = order_status_for(awaiting_approval, language_of(reservation))
        send_once(Due(automation, reservation, f"order-{order_id}"), values={"extras": extras, "order_status": status})
    if change == "purchased":
        _tell_team(reservation, Event.TEAM_EXTRA_PURCHASED, extras=extras, awaiting_approval=awaiting_approval)


def _tell_team(reservation, event, **details):
    if Automation.of(reservation.organization_id, event).enabled:
        transaction.on_commit(lambda: tell_team.enqueue(reservation.pk, event.value, **details))


@receiver([post_save, post_delete], sender=Message)
def unread_changed(sender, instance, **kwargs):
    if instance.direction == Direction.INBOUND:
        badges.changed(instance.organization_id)
