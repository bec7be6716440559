"""Messaging for the Seaside Stays demo: automations on, a short WhatsApp conversation to look at, and a
message from a number no stay matched, for the owner to file.

Idempotent: the messages are written once; the automations are only switched on.
"""

from datetime import timedelta

from django.core.management.base import BaseCommand
from django.db import transaction
from django.utils import timezone

from accounts.models import Organization
from notifications.models import Automation, Channel, Direction, Event, Message, MessageStatus
from reservations.models import Reservation, ReservationStatus

ON = [
    (Event.BOOKING_CONFIRMED, {}),
    (Event.CHECKIN_REMINDER, {"days": 3, "hour": 10, "max_times": 2}),
    (Event.CHECKIN_COMPLETED, {}),
    (Event.ARRIVAL_ACCESS, {"hour": 10}),
    (Event.THANK_YOU, {"days": 1, "hour": 11}),
]


class Command(BaseCommand):
    help = "Switch on the demo's automated messages; add a WhatsApp conversation and an unassigned message."

    def handle(self, *args, **options):
        organization = Organization.objects.get(slug="seaside-stays")
        with transaction.atomic():
            for event, timing in ON:
                Automation.objects.update_or_create(
                    organization=organization, event=event, defaults={"enabled": True, **timing}
                )
            stay = (
                Reservation.objects.filter(
                    organization=organization, status=ReservationStatus.CONFIRMED, check_in__gt=timezone.localdate()
                )
                .exclude(guest_phone="")
                .order_by("check_in")
                .first()
            )
            if not Message.objects.filter(organization=organization, reservation=None).exists():
                Message.objects.create(
                    organization=organization,
                    direction=Direction.INBOUND,
                    channel=Channel.SMS,
                    to="+15005550006",
                    sender="+447911123456",
                    body="Hello, this is Tom's partner: we'll be the ones arriving on Friday. Is parking included?",
                    status=MessageStatus.RECEIVED,
                    author="+447911123456",
                )
            if stay is None or Message.objects.filter(reservation=stay).exists():
                self.stdout.write("Messages: automations on.")
                return
            phone = f"whatsapp:{stay.guest_phone}"
            then = timezone.now() - timedelta(hours=3)
            for minutes, direction, body, author in (
                (0, Direction.INBOUND, "Hi! Could we arrive around 13:00 instead of 16:00?", stay.guest_name),
                (6, Direction.OUTBOUND, "Hello! The house is ready from 14:00 that day: see you then.", "Demo owner"),
                (9, Direction.INBOUND, "Perfect, thank you!", stay.guest_name),
            ):
                inbound = direction == Direction.INBOUND
                message = Message.objects.create(
                    organization=organization,
                    reservation=stay,
                    direction=direction,
                    channel=Channel.WHATSAPP,
                    to="whatsapp:+14155238886" if inbound else phone,
                    sender=phone if inbound else "whatsapp:+14155238886",
                    body=body,
                    status=MessageStatus.RECEIVED if inbound else MessageStatus.READ,
                    author=author,
                )
                Message.objects.filter(pk=message.pk).update(created_at=then + timedelta(minutes=minutes))
        self.stdout.write(f"Messages: automations on; a WhatsApp conversation with {stay.guest_name}.")
