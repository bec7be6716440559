"""Sending a message to a guest: WhatsApp or SMS through Twilio, or email.

WhatsApp's rule: free-form text only within 24 hours of the guest's last message; outside it, only
an approved template (a Twilio Content SID with its variables). A message is stored first and sent
by a task, so a page never waits on Twilio; a transient failure is tried again later, a permanent one
is shown with Twilio's code and a plain explanation, and a failed WhatsApp message falls back to SMS
or email as the account chooses.
"""

from datetime import timedelta

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.activity import record_action
from notifications.models import Channel, Direction, Message, MessagingSettings, OptOut
from notifications.twilio_api import messaging_enabled

WINDOW = timedelta(hours=24)


def settings_of(organization):
    return MessagingSettings.objects.filter(organization=organization).first() or MessagingSettings(
        organization=organization
    )


def address_of(reservation, channel):
    """The guest's address on a channel: `whatsapp:+E164`, `+E164`, or the email address ("" when unknown)."""
    if channel == Channel.EMAIL:
        return reservation.guest_email or ""
    phone = str(reservation.guest_phone or "")
    if not phone:
        return ""
    return f"whatsapp:{phone}" if channel == Channel.WHATSAPP else phone


def sender_for(organization, channel):
    own = settings_of(organization)
    if channel == Channel.WHATSAPP:
        return own.whatsapp_from or settings.TWILIO_WHATSAPP_FROM
    if channel == Channel.SMS:
        return own.sms_from or settings.TWILIO_SMS_FROM
    return settings.DEFAULT_FROM_EMAIL


def best_channel(reservation, *, content_sid=""):
    """The channel a message about the stay goes by, or None when the guest can't be reached: WhatsApp when
    it may go (an approved template, or the guest wrote in the last day), else SMS, else email."""
    phone = address_of(reservation, Channel.SMS)
    if phone and messaging_enabled():
        window = in_whatsapp_window(reservation.organization, address_of(reservation, Channel.WHATSAPP))
        return Channel.WHATSAPP if content_sid or window else Channel.SMS
    return Channel.EMAIL if reservation.guest_email else None


def in_whatsapp_window(organization, address, *, now=None):
    """The guest wrote to us on WhatsApp within the last 24 hours: free-form text may go to them."""
    now = now or timezone.now()
    return Message.objects.filter(
        organization=organization,
        direction=Direction.INBOUND,
        channel=Channel.WHATSAPP,
        sender=address,
        created_at__gte=now - WINDOW,
    ).exists()


def opted_out(organization, address, channel):
    contact = address.removeprefix("whatsapp:")
    return OptOut.objects.filter(organization=organization, contact=contact, channel=channel).exists()


def send(
    *,
    actor,
    reservation,
    channel,
    body="",
    subject="",
    content_sid="",
    content_variables=None,
    automated=False,
    fallback_for=None,
    request=None,
):
    """Store a message to the reservation's guest and queue its sending; raises ValidationError when it can't go.

    `body` is the text (for a WhatsApp template: its text as the guest will read it, kept for the
    conversation and for a fallback). Automated messages skip a guest who opted out.
    """
    organization = reservation.organization
    if channel in (Channel.WHATSAPP, Channel.SMS) and not messaging_enabled():
        raise ValidationError(_("WhatsApp and SMS are off on this installation: send an email instead."))
    address = address_of(reservation, channel)
    if not address:
        raise ValidationError(
            _("This guest has no email address.") if channel == Channel.EMAIL else _("This guest has no phone number.")
        )
    if automated and opted_out(organization, address, channel):
        raise ValidationError(_("This guest asked not to get automated messages on this channel."))
    if channel == Channel.WHATSAPP and not content_sid and not in_whatsapp_window(organization, address):
        raise ValidationError(
            _("The guest has not written on WhatsApp in the last 24 hours: only an approved template can be sent.")
        )
    if not body.strip() and not content_sid:
        raise ValidationError(_("Write a message."))
    with transaction.atomic():
        message = Message.objects.create(
            organization=organization,
            reservation=reservation,
            direction=Direction.OUTBOUND,
            channel=channel,
            to=address,
            sender=sender_for(organization, channel),
            subject=subject[:200],
            body=body,
            content_sid=content_sid,
            content_variables=content_variables or {},
            author=actor.log_identity().label[:200],
            fallback_for=fallback_for,
        )
        record_action(actor, "message.sent", target=reservation, request=request, channel=channel, message=message.pk)
        from notifications.tasks import deliver

        transaction.on_commit(lambda: deliver.enqueue(message.pk))
    return message


def fall_back(message):
    """A WhatsApp message failed: send its text by SMS or email, as the account chose; once per message."""
    if message.channel != Channel.WHATSAPP or message.reservation is None:
        return None
    choice = settings_of(message.organization).fallback
    if choice == "none":
        return None
    from notifications.actors import automation

    try:
        return send(
            actor=automation(message.organization, "Fallback"),
            reservation=message.reservation,
            channel=Channel.SMS if choice == "sms" else Channel.EMAIL,
            body=message.body,
            subject=message.subject or _("A message about your stay"),
            fallback_for=message,
        )
    except (ValidationError, IntegrityError):  # no number or email, SMS off, or already fallen back
        return None


def set_status(message, status, *, error_code="", error_message=""):
    """Move a message's status forward only; True when it moved."""
    from notifications.models import STATUS_RANK

    lower = [name for name, rank in STATUS_RANK.items() if rank < STATUS_RANK[status]]
    moved = Message.objects.filter(pk=message.pk, status__in=lower).update(
        status=status,
        error_code=error_code[:20] if error_code else "",
        error_message=error_message[:500],
        updated_at=timezone.now(),
    )
    if moved:
        message.status, message.error_code, message.error_message = status, error_code, error_message
    return bool(moved)
