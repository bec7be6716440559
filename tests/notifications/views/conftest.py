"""Messages made directly for the host pages; sending goes through the fake Twilio (tests/notifications/conftest.py)."""

import pytest

from notifications.models import Channel, Direction, Message, MessageStatus

HTMX = {"HX-Request": "true"}


@pytest.fixture
def say():
    """`say(reservation, "Hola")`: the guest's WhatsApp message, stored as the inbound webhook would store it."""

    def make(reservation, body="Hola", *, channel=Channel.WHATSAPP, direction=Direction.INBOUND, **fields):
        phone = str(reservation.guest_phone or "+34600999888")
        address = f"whatsapp:{phone}" if channel == Channel.WHATSAPP else phone
        inbound = direction == Direction.INBOUND
        return Message.objects.create(
            organization=reservation.organization,
            reservation=reservation,
            direction=direction,
            channel=channel,
            to="whatsapp:+14155238886" if inbound else address,
            sender=address if inbound else "whatsapp:+14155238886",
            body=body,
            status=MessageStatus.RECEIVED if inbound else fields.pop("status", MessageStatus.SENT),
            author=reservation.guest_name if inbound else "owner@seaside.test",
            **fields,
        )

    return make
