"""A guest's message filed under their reservation, and the STOP / START keywords honoured."""

from datetime import timedelta

from django.db.models import Q
from django.utils import timezone

from accounts.activity import record
from notifications.models import Channel, Direction, Message, MessageStatus, MessagingSettings, OptOut
from reservations.models import Reservation, ReservationStatus

# Opt-out and opt-in words, in the portal's languages (SMS carriers' usual list, and its equivalents).
STOP_WORDS = frozenset(
    {
        "stop",
        "stopall",
        "unsubscribe",
        "cancel",
        "end",
        "quit",
        "baja",
        "parar",
        "arret",
        "arrêt",
        "stopp",
        "abmelden",
        "annulla",
        "fermare",
        "sair",
    }
)
START_WORDS = frozenset({"start", "unstop", "yes", "alta", "inicio", "commencer", "anmelden", "inizia", "iniciar"})


def receive(fields):
    """File one inbound message (Twilio's form fields); returns the Message."""
    sender = fields.get("From", "")
    channel = Channel.WHATSAPP if sender.startswith("whatsapp:") else Channel.SMS
    phone = sender.removeprefix("whatsapp:")
    own = account_of_sender(fields.get("To", ""))
    reservation = most_relevant_reservation(phone, organization=own)
    # Unmatched, it is the account's whose own number it was sent to (else only platform staff see it).
    organization = reservation.organization if reservation else own
    message = Message.objects.create(
        organization=organization,
        reservation=reservation,
        direction=Direction.INBOUND,
        channel=channel,
        to=fields.get("To", ""),
        sender=sender,
        body=fields.get("Body", "")[:5000],
        status=MessageStatus.RECEIVED,
        provider_sid=fields.get("MessageSid", "")[:64],
        author=(fields.get("ProfileName") or (reservation.guest_name if reservation else phone))[:200],
    )
    word = fields.get("Body", "").strip().lower().strip(".!")
    if organization is not None and word in STOP_WORDS:
        OptOut.objects.get_or_create(organization=organization, contact=phone, channel=channel)
    elif organization is not None and word in START_WORDS:
        OptOut.objects.filter(organization=organization, contact=phone, channel=channel).delete()
    record(action="message.received", organization=organization, target=reservation, details={"channel": channel})
    return message


def account_of_sender(address):
    """The account that has `address` (`whatsapp:+E164` or `+E164`) as its own sender; None for the platform's."""
    if not address:
        return None
    own = MessagingSettings.objects.filter(Q(whatsapp_from=address) | Q(sms_from=address)).select_related(
        "organization"
    )
    found = own.first()
    return found.organization if found else None


def most_relevant_reservation(phone, *, organization=None, now=None):
    """The guest's stay a message is most likely about: one in progress, else the next, else the latest past.

    Written to an account's own number, only that account's stays are considered."""
    if not phone:
        return None
    today = timezone.localdate(now)
    stays = Reservation.objects.filter(guest_phone=phone, check_out__gte=today - timedelta(days=30))
    if organization is not None:
        stays = stays.filter(organization=organization)
    stays = list(stays.exclude(status=ReservationStatus.CANCELED).select_related("organization")[:50])

    def relevance(stay):
        if stay.check_in <= today <= stay.check_out:
            return (0, 0)
        if stay.check_in > today:
            return (1, (stay.check_in - today).days)  # the next one first
        return (2, (today - stay.check_out).days)  # else the latest one

    return min(stays, key=relevance, default=None)
