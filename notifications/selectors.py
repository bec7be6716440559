"""Reads for messaging: a stay's conversation, unread counts, the unassigned list."""

from datetime import timedelta

from django.db.models import Q
from django.utils import timezone

from gorently.access import get_or_404
from notifications.models import Automation, Direction, Message, MessageTemplate, OptOut
from reservations.models import Reservation, ReservationStatus
from reservations.selectors import reservations_of


def _visible(actor):
    messages = Message.objects.filter(organization=actor.organization)
    if not actor.sees_all_properties:
        messages = messages.filter(
            reservation__property__in=actor.visible_properties(actor.organization.properties.all())
        )
    return messages


def conversation_of(actor, reservation, *, after=None):
    """The stay's messages, oldest first (the caller resolved the reservation for the actor)."""
    messages = _visible(actor).filter(reservation=reservation)
    if after is not None:
        messages = messages.filter(pk__gt=after)
    return list(messages.order_by("created_at", "id"))


def messages_of(actor):
    """The messages of every stay the actor sees (a guest's message that matched no stay is not one of them)."""
    return _visible(actor).exclude(reservation=None)


def unread_count(actor):
    """Guests' messages nobody in the team has read yet, in the stays the actor sees."""
    return _visible(actor).filter(direction=Direction.INBOUND, read_at=None).count()


def unassigned_of(actor):
    """Guests' messages to this account's senders that matched no stay (owners see them)."""
    return Message.objects.filter(organization=actor.organization, reservation=None).order_by("-created_at")


def unassigned_message_for(actor, pk):
    """One of the account's unassigned messages; 404 for any other id."""
    return get_or_404(unassigned_of(actor), pk=pk)


# A message that matched no stay is most likely from a guest staying now or soon.
LIKELY_AHEAD, LIKELY_BEHIND = timedelta(days=14), timedelta(days=7)


def likely_stays_of(actor):
    """The stays a guest writing now is likely to be on: in progress, arriving within two weeks, just left."""
    today = timezone.localdate()
    return (
        reservations_of(actor)
        .exclude(status=ReservationStatus.CANCELED)
        .filter(check_in__lte=today + LIKELY_AHEAD, check_out__gte=today - LIKELY_BEHIND)
        .select_related("property")
        .order_by("check_in", "pk")
    )


def stay_by_code(actor, code):
    """The actor's stay with this confirmation code (any case), or None."""
    return reservations_of(actor).filter(confirmation_code__iexact=code.strip()).first()


def opt_outs_of(reservation):
    contacts = [str(reservation.guest_phone or ""), reservation.guest_email or ""]
    return list(
        OptOut.objects.filter(organization_id=reservation.organization_id).filter(
            Q(contact__in=[c for c in contacts if c])
        )
    )


# --- The messages pages ---------------------------------------------------------------------------

INBOX_SIZE = 200


def inbox_of(actor, *, limit=INBOX_SIZE):
    """The actor's conversations (one per stay) with their latest message, unread ones first, then the newest.

    Two queries whatever the number of stays: the latest message and unread count per stay, then those messages.
    Each message carries `unread` (the stay's unread count).
    """
    from django.db.models import Case, Count, IntegerField, Max, When

    rows = list(
        _visible(actor)
        .exclude(reservation=None)
        .values("reservation")
        .annotate(
            last_id=Max("id"),
            unread=Count("id", filter=Q(direction=Direction.INBOUND, read_at=None)),
        )
        .annotate(waiting=Case(When(unread__gt=0, then=1), default=0, output_field=IntegerField()))
        .order_by("-waiting", "-last_id")[:limit]
    )
    latest = Message.objects.select_related("reservation__property").in_bulk([row["last_id"] for row in rows])
    conversations = []
    for row in rows:
        message = latest.get(row["last_id"])
        if message is not None:
            message.unread = row["unread"]
            conversations.append(message)
    return conversations


def whatsapp_templates_of(organization):
    """The events for which the account has an approved WhatsApp template (a Content SID), in event order."""
    from notifications.models import MessageTemplate

    return sorted(
        set(
            MessageTemplate.objects.filter(organization=organization)
            .exclude(content_sid="")
            .values_list("event", flat=True)
        )
    )


# The account's messaging configuration, for its settings pages (owners).


def automations_of(actor):
    """The account's automations by event (events never switched on have no row yet)."""
    return {automation.event: automation for automation in Automation.objects.filter(organization=actor.organization)}


def templates_of(actor):
    """The account's own wordings by (event, language)."""
    return {
        (template.event, template.language): template
        for template in MessageTemplate.objects.filter(organization=actor.organization)
    }


def template_of(actor, event, language):
    return MessageTemplate.objects.filter(organization=actor.organization, event=event, language=language).first()


def next_stay_of(actor):
    """The next stay the actor sees, for previews; None without one."""
    stays = Reservation.objects.filter(
        organization=actor.organization,
        property__in=actor.visible_properties(actor.organization.properties.all()),
        check_in__gte=timezone.localdate(),
    )
    return (
        stays.exclude(status=ReservationStatus.CANCELED)
        .select_related("property", "organization")
        .order_by("check_in")
        .first()
    )
