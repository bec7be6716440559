"""Messages to and from guests (WhatsApp and SMS through Twilio, email), and who asked not to get them.

Every message sent or received is a `Message` row. A status only moves forward (`STATUS_RANK`):
a late or repeated delivery callback changes nothing.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _

from gorently.models import TimeStampedModel


class Channel(models.TextChoices):
    WHATSAPP = "whatsapp", "WhatsApp"
    SMS = "sms", "SMS"
    EMAIL = "email", _("Email")


class Direction(models.TextChoices):
    OUTBOUND = "out", _("Sent")
    INBOUND = "in", _("Received")


class MessageStatus(models.TextChoices):
    QUEUED = "queued", _("Queued")
    SENDING = "sending", _("Sending")
    SENT = "sent", _("Sent")
    DELIVERED = "delivered", _("Delivered")
    READ = "read", _("Read")
    UNDELIVERED = "undelivered", _("Not delivered")
    FAILED = "failed", _("Failed")
    RECEIVED = "received", _("Received")


# How far along each status is. Failures rank above "sent" (Twilio reports them after it) but a
# message already delivered or read never goes back to failed.
STATUS_RANK = {
    MessageStatus.QUEUED: 0,
    MessageStatus.SENDING: 1,
    MessageStatus.SENT: 2,
    MessageStatus.UNDELIVERED: 3,
    MessageStatus.FAILED: 3,
    MessageStatus.DELIVERED: 4,
    MessageStatus.READ: 5,
    MessageStatus.RECEIVED: 5,
}
FAILED_STATUSES = (MessageStatus.FAILED, MessageStatus.UNDELIVERED)


class Message(models.Model):
    # Empty only for a guest's message to a shared number that matched no reservation (staff see those).
    organization = models.ForeignKey(
        "accounts.Organization", on_delete=models.CASCADE, null=True, blank=True, related_name="+"
    )
    # Empty for a guest's message no reservation could be found for (the "unassigned" list).
    reservation = models.ForeignKey(
        "reservations.Reservation", on_delete=models.CASCADE, null=True, blank=True, related_name="messages"
    )
    direction = models.CharField(max_length=3, choices=Direction.choices)
    channel = models.CharField(max_length=10, choices=Channel.choices)
    to = models.CharField(max_length=200)
    sender = models.CharField(max_length=200, blank=True)
    subject = models.CharField(max_length=200, blank=True)
    body = models.TextField(blank=True)
    # A WhatsApp template (Twilio Content SID) and the values of its variables, when one was sent.
    content_sid = models.CharField(max_length=64, blank=True)
    content_variables = models.JSONField(default=dict, blank=True)
    status = models.CharField(max_length=20, choices=MessageStatus.choices, default=MessageStatus.QUEUED)
    provider_sid = models.CharField(max_length=64, blank=True)
    error_code = models.CharField(max_length=20, blank=True)
    error_message = models.CharField(max_length=500, blank=True)
    # Who sent it: a team member's email, "Automation: …", or the guest's name for inbound messages.
    author = models.CharField(max_length=200, blank=True)
    # The message this one replaced after it failed (WhatsApp → SMS → email).
    fallback_for = models.OneToOneField(
        "self", on_delete=models.SET_NULL, null=True, blank=True, related_name="fallback"
    )
    read_at = models.DateTimeField(null=True, blank=True)
    # Sending attempts, for the backoff after a transient failure.
    attempts = models.PositiveSmallIntegerField(default=0)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["created_at", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["provider_sid"], condition=~models.Q(provider_sid=""), name="one_message_per_provider_sid"
            )
        ]
        indexes = [
            models.Index(fields=["reservation", "created_at"], name="message_conversation"),
            models.Index(fields=["organization", "direction", "read_at"], name="message_unread"),
            models.Index(fields=["organization", "to", "channel"], name="message_contact"),
        ]

    def __str__(self):
        return f"{self.get_direction_display()} {self.get_channel_display()} {self.to}"

    @property
    def failed(self):
        return self.status in FAILED_STATUSES


class OptOut(models.Model):
    """A guest who sent STOP on a channel: no automated message goes to them there until they send START."""

    organization = models.ForeignKey("accounts.Organization", on_delete=models.CASCADE, related_name="+")
    contact = models.CharField(max_length=200, help_text="E.164 phone number or email address.")
    channel = models.CharField(max_length=10, choices=Channel.choices)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["organization", "contact", "channel"], name="one_opt_out_per_contact")
        ]

    def __str__(self):
        return f"{self.contact} opted out of {self.channel}"


class MessagingSettings(TimeStampedModel):
    """How a host account reaches guests: the fallback when WhatsApp fails, and the quiet hours."""

    organization = models.OneToOneField("accounts.Organization", on_delete=models.CASCADE, related_name="messaging")
    fallback = models.CharField(
        _("when WhatsApp fails"),
        max_length=10,
        choices=[("sms", _("Send an SMS")), ("email", _("Send an email")), ("none", _("Do nothing"))],
        default="sms",
    )
    # This account's own senders; blank: the platform's (TWILIO_WHATSAPP_FROM, TWILIO_SMS_FROM).
    whatsapp_from = models.CharField(_("WhatsApp sender"), max_length=40, blank=True)
    sms_from = models.CharField(_("SMS sender"), max_length=40, blank=True)
    quiet_from = models.TimeField(_("quiet hours from"), default="21:00")
    quiet_until = models.TimeField(_("quiet hours until"), default="08:00")

    def __str__(self):
        return f"Messaging of {self.organization}"


class Event(models.TextChoices):
    BOOKING_CONFIRMED = "booking_confirmed", _("Booking confirmed: the portal link")
    CHECKIN_REMINDER = "checkin_reminder", _("Check-in reminder")
    CHECKIN_COMPLETED = "checkin_completed", _("Check-in completed: confirmation to the guest")
    ARRIVAL_ACCESS = "arrival_access", _("Arrival day: access details")
    EXTRA_PURCHASED = "extra_purchased", _("Extras ordered: receipt to the guest")
    EXTRA_APPROVED = "extra_approved", _("Extras approved: to the guest")
    EXTRA_DECLINED = "extra_declined", _("Extras declined: to the guest")
    THANK_YOU = "thank_you", _("After check-out: thank you")
    TEAM_CHECKIN_COMPLETED = "team_checkin_completed", _("Check-in completed: email the team")
    TEAM_EXTRA_PURCHASED = "team_extra_purchased", _("Extras ordered: email the team")
    MANUAL = "manual", _("Sent by hand")


# Messages to the host's own team, by email, in GoRently's words (not worded per guest language).
TEAM_EVENTS = frozenset({Event.TEAM_CHECKIN_COMPLETED, Event.TEAM_EXTRA_PURCHASED})
# Answers to something a guest just did go unless the host turns them off; scheduled ones wait to be turned on.
ON_BY_DEFAULT = frozenset({Event.EXTRA_PURCHASED, Event.EXTRA_APPROVED, Event.EXTRA_DECLINED} | TEAM_EVENTS)


class MessageTemplate(TimeStampedModel):
    """A host's wording of a message for one event and language (GoRently's own wording otherwise).

    Placeholders are names in braces ({guest_name}, {portal_link}…: notifications.placeholders). A
    WhatsApp template approved in Twilio is named by its Content SID, with the placeholders that fill
    its variables {{1}}, {{2}}… in order.
    """

    organization = models.ForeignKey("accounts.Organization", on_delete=models.CASCADE, related_name="+")
    event = models.CharField(max_length=30, choices=Event.choices)
    language = models.CharField(max_length=8)
    subject = models.CharField(_("email subject"), max_length=200, blank=True)
    body = models.TextField(_("text"))
    content_sid = models.CharField(_("WhatsApp template (Twilio Content SID)"), max_length=64, blank=True)
    content_variables = models.JSONField(
        _("placeholders for the template's variables, in order"), default=list, blank=True
    )

    class Meta:
        ordering = ["event", "language"]
        constraints = [
            models.UniqueConstraint(
                fields=["organization", "event", "language"], name="one_template_per_event_language"
            )
        ]

    def __str__(self):
        return f"{self.get_event_display()} ({self.language})"


class Automation(TimeStampedModel):
    """An automated message a host turns on, and when it goes."""

    organization = models.ForeignKey("accounts.Organization", on_delete=models.CASCADE, related_name="+")
    event = models.CharField(max_length=30, choices=Event.choices)
    enabled = models.BooleanField(_("on"), default=False)
    # Reminders: days before arrival to start; thank-you: days after check-out.
    days = models.PositiveSmallIntegerField(_("days"), default=3)
    # Local hour (the property's time zone) it goes at, for the day-based ones.
    hour = models.PositiveSmallIntegerField(_("at (hour)"), default=10)
    # Reminders: at most this many, one a day.
    max_times = models.PositiveSmallIntegerField(_("at most (times)"), default=2)

    class Meta:
        ordering = ["event"]
        constraints = [models.UniqueConstraint(fields=["organization", "event"], name="one_automation_per_event")]

    def __str__(self):
        return self.get_event_display()

    @classmethod
    def unsaved(cls, organization_id, event):
        """What an account has until its host saves the automation: on or off by event."""
        return cls(organization_id=organization_id, event=event, enabled=event in ON_BY_DEFAULT)

    @classmethod
    def of(cls, organization_id, event):
        return cls.objects.filter(organization_id=organization_id, event=event).first() or cls.unsaved(
            organization_id, event
        )


class Occurrence(models.Model):
    """One automated sending, claimed before it is sent: the unique constraint makes it happen once,
    however many schedulers or workers run at the same time."""

    organization = models.ForeignKey("accounts.Organization", on_delete=models.CASCADE, related_name="+")
    reservation = models.ForeignKey("reservations.Reservation", on_delete=models.CASCADE, related_name="+")
    event = models.CharField(max_length=30, choices=Event.choices)
    # Which one of the event's sendings: "once", or the day for daily reminders.
    key = models.CharField(max_length=40, default="once")
    message = models.ForeignKey(Message, on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    outcome = models.CharField(max_length=300, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["reservation", "event", "key"], name="one_sending_per_occurrence")
        ]

    def __str__(self):
        return f"{self.event} {self.key} for reservation {self.reservation_id}"
