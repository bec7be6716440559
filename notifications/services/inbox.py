"""What the team does in the messages pages: mark a stay's messages read, pick the best channel, chase check-ins."""

from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.activity import record_action
from accounts.permissions import Rule, require
from gorently import badges
from gorently.phones import is_valid
from notifications.models import Channel, Direction, Event, Message
from notifications.services.sending import best_channel, send
from reservations.services import update_reservation


def mark_read(*, actor, reservation):
    """The guest's messages of this stay, seen by the team: none of them counts as unread any more."""
    marked = Message.objects.filter(
        organization=actor.organization, reservation=reservation, direction=Direction.INBOUND, read_at=None
    ).update(read_at=timezone.now())
    if marked:
        badges.changed(actor.organization_id)
    return marked


@transaction.atomic
def assign(*, actor, message, reservation, request=None):
    """File an unassigned message, and the sender's other unassigned ones, under a stay of the account.

    A stay without a phone number takes the sender's, so the guest's next messages find it by themselves.
    Returns how many messages were filed.
    """
    require(actor, Rule.MANAGE_ACCOUNT)
    if message.organization_id != actor.organization.pk or reservation.organization_id != actor.organization.pk:
        raise Message.DoesNotExist
    filed = Message.objects.filter(
        organization=actor.organization, reservation=None, direction=Direction.INBOUND, sender=message.sender
    ).update(reservation=reservation)
    phone = message.sender.removeprefix("whatsapp:")
    if not reservation.guest_phone and is_valid(phone):
        update_reservation(actor=actor, reservation=reservation, request=request, guest_phone=phone)
    record_action(actor, "message.assigned", target=reservation, request=request, messages=filed)
    return filed


@dataclass
class Reminded:
    sent: list = field(default_factory=list)
    failed: list = field(default_factory=list)  # (reservation, reason)


def remind(*, actor, reservations, request=None):
    """Send each guest the check-in reminder by their best channel; report who got it and who could not."""
    from notifications.rendering import render

    outcome = Reminded()
    for reservation in reservations:
        rendered = render(Event.CHECKIN_REMINDER, reservation)
        channel = best_channel(reservation, content_sid=rendered.content_sid)
        if channel is None:
            outcome.failed.append((reservation, _("no phone number or email address")))
            continue
        whatsapp = channel == Channel.WHATSAPP
        try:
            send(
                actor=actor,
                reservation=reservation,
                channel=channel,
                body=rendered.body,
                subject=rendered.subject,
                content_sid=rendered.content_sid if whatsapp else "",
                content_variables=rendered.content_variables if whatsapp else None,
                request=request,
            )
        except ValidationError as error:
            outcome.failed.append((reservation, " ".join(error.messages)))
        else:
            outcome.sent.append(reservation)
    return outcome
