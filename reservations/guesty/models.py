"""Guesty sync: one connection per host account, what it mirrors of Guesty, and the record of every run and mismatch.

The client secret, the access token and the webhook signing secret are encrypted at rest.
Listings and custom fields are kept as Guesty last described them, so the host's pages
never wait on Guesty: tasks refresh them.
"""

import secrets

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from gorently.fields import EncryptedTextField
from gorently.models import TimeStampedModel


def new_webhook_key():
    # The account-specific part of the webhook's address: unguessable, so a stranger cannot even probe it.
    return secrets.token_urlsafe(24)


class ConnectionStatus(models.TextChoices):
    CHECKING = "checking", _("Checking")
    CONNECTED = "connected", _("Connected")
    FAILED = "failed", _("Not working")
    DISCONNECTING = "disconnecting", _("Disconnecting")


class GuestyConnection(TimeStampedModel):
    organization = models.OneToOneField("accounts.Organization", on_delete=models.CASCADE, related_name="guesty")
    client_id = models.CharField(_("client id"), max_length=200)
    client_secret = EncryptedTextField(_("client secret"))
    account_id = models.CharField(_("Guesty account"), max_length=64, blank=True)
    status = models.CharField(max_length=20, choices=ConnectionStatus.choices, default=ConnectionStatus.CHECKING)
    status_message = models.TextField(blank=True)
    checked_at = models.DateTimeField(null=True, blank=True)
    # Guesty grants 5 tokens per key per 24 hours: one is kept here and shared by every process.
    access_token = EncryptedTextField(blank=True)
    token_expires_at = models.DateTimeField(null=True, blank=True)
    tokens_requested = models.PositiveIntegerField(default=0)
    webhook_key = models.CharField(max_length=64, unique=True, default=new_webhook_key, editable=False)
    webhook_id = models.CharField(max_length=64, blank=True)
    webhook_secret = EncryptedTextField(blank=True)
    reconcile_every_minutes = models.PositiveSmallIntegerField(
        _("check Guesty for missed changes every (minutes)"),
        default=15,
        validators=[MinValueValidator(5), MaxValueValidator(1440)],
    )
    next_reconcile_at = models.DateTimeField(null=True, blank=True, db_index=True)

    def __str__(self):
        return f"Guesty connection of {self.organization}"

    @property
    def is_connected(self):
        return self.status == ConnectionStatus.CONNECTED


class RateBudget(models.Model):
    """Guesty's request limits, shared by every worker of an account (see guesty.ratelimit).

    Kept apart from the connection so a slow token request, which holds the connection's row,
    never stalls the requests that already have a token.
    """

    connection = models.OneToOneField(GuestyConnection, on_delete=models.CASCADE, related_name="rate_budget")
    # The moments (seconds since the epoch) of the latest requests, oldest first: the second and minute windows.
    recent = models.JSONField(default=list)
    # Requests per minute over the last hour, {minute start: count}: the hour window.
    per_minute = models.JSONField(default=dict)
    # Guesty answered 429: nobody asks again before this moment.
    paused_until = models.FloatField(default=0)

    def __str__(self):
        return f"Rate budget of {self.connection}"


class SyncKind(models.TextChoices):
    CONNECT = "connect", _("Connection check")
    LISTINGS = "listings", _("Listings")
    BACKFILL = "backfill", _("Full import")
    RECONCILE = "reconcile", _("Check for changes")
    WEBHOOK = "webhook", _("Changes sent by Guesty")
    WRITE_BACK = "write_back", _("Check-in answers to Guesty")
    FETCH = "fetch", _("Reservations read again")


class SyncStatus(models.TextChoices):
    QUEUED = "queued", _("Waiting")
    RUNNING = "running", _("Running")
    SUCCEEDED = "succeeded", _("Done")
    FAILED = "failed", _("Failed")


ACTIVE_SYNC = (SyncStatus.QUEUED, SyncStatus.RUNNING)


class SyncRun(models.Model):
    """One pass of work against Guesty, with what it counted; a run that died keeps its cursor to resume."""

    organization = models.ForeignKey("accounts.Organization", on_delete=models.CASCADE, related_name="+")
    kind = models.CharField(max_length=20, choices=SyncKind.choices)
    status = models.CharField(max_length=20, choices=SyncStatus.choices, default=SyncStatus.QUEUED)
    trigger = models.CharField(max_length=80, blank=True, help_text="Who or what asked for it.")
    created_at = models.DateTimeField(auto_now_add=True)
    started_at = models.DateTimeField(null=True, blank=True)
    heartbeat_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)
    pages = models.PositiveIntegerField(default=0)
    created = models.PositiveIntegerField(default=0)
    updated = models.PositiveIntegerField(default=0)
    unchanged = models.PositiveIntegerField(default=0)
    skipped = models.PositiveIntegerField(default=0)
    failed = models.PositiveIntegerField(default=0)
    requests = models.PositiveIntegerField(default=0, help_text="Requests made to Guesty.")
    resumed = models.PositiveSmallIntegerField(default=0)
    # Where to go on after a crash, e.g. {"skip": 1200}.
    cursor = models.JSONField(default=dict, blank=True)
    error = models.TextField(blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["organization", "-created_at"], name="syncrun_org_recent")]

    def __str__(self):
        return f"{self.get_kind_display()} #{self.pk}"

    @property
    def is_active(self):
        return self.status in ACTIVE_SYNC

    @property
    def duration(self):
        if self.started_at and self.finished_at:
            return self.finished_at - self.started_at
        return None


class IssueKind(models.TextChoices):
    UNKNOWN_LISTING = "unknown_listing", _("Listing not imported")
    INVALID_RESERVATION = "invalid_reservation", _("Reservation could not be read")
    UNKNOWN_FIELD = "unknown_field", _("Guesty field missing")
    INCOMPATIBLE_TYPE = "incompatible_type", _("Field types do not match")
    NOT_AN_OPTION = "not_an_option", _("Answer is not one of Guesty's options")
    REJECTED = "rejected", _("Guesty refused the values")


# Kinds a write-back retry can settle; the others are settled by fetching the reservation again.
WRITE_BACK_ISSUES = (IssueKind.UNKNOWN_FIELD, IssueKind.INCOMPATIBLE_TYPE, IssueKind.NOT_AN_OPTION, IssueKind.REJECTED)


class SyncIssue(models.Model):
    """Something Guesty and GoRently did not agree on, kept until fixed and in history after.

    One open row per subject (kind, Guesty reservation, Guesty field): seeing it again counts
    an occurrence instead of adding a row.
    """

    organization = models.ForeignKey("accounts.Organization", on_delete=models.CASCADE, related_name="+")
    run = models.ForeignKey(SyncRun, on_delete=models.SET_NULL, null=True, blank=True, related_name="issues")
    kind = models.CharField(max_length=30, choices=IssueKind.choices)
    message = models.TextField()
    reservation = models.ForeignKey(
        "reservations.Reservation", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    guesty_reservation_id = models.CharField(max_length=64, blank=True)
    guesty_listing_id = models.CharField(max_length=64, blank=True)
    field_key = models.CharField(max_length=50, blank=True)
    guesty_field_id = models.CharField(max_length=64, blank=True)
    # A guest's answer can be identity data: encrypted like the answers themselves.
    value = EncryptedTextField(blank=True)
    guesty_answer = models.TextField(blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    last_seen_at = models.DateTimeField(auto_now_add=True)
    occurrences = models.PositiveIntegerField(default=1)
    resolved_at = models.DateTimeField(null=True, blank=True)
    resolution = models.CharField(max_length=200, blank=True)

    class Meta:
        ordering = ["-last_seen_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["organization", "kind", "guesty_reservation_id", "guesty_field_id", "field_key"],
                condition=models.Q(resolved_at__isnull=True),
                name="one_open_issue_per_subject",
            )
        ]
        indexes = [models.Index(fields=["organization", "resolved_at"], name="syncissue_org_open")]

    def __str__(self):
        return f"{self.get_kind_display()}: {self.message[:60]}"

    @property
    def is_open(self):
        return self.resolved_at is None


class WebhookDelivery(models.Model):
    """A webhook Guesty sent, stored once by its `svix-id` so a repeat is recognised and dropped."""

    organization = models.ForeignKey("accounts.Organization", on_delete=models.CASCADE, related_name="+")
    message_id = models.CharField(max_length=100)
    event = models.CharField(max_length=60)
    guesty_reservation_id = models.CharField(max_length=64, blank=True)
    # When Guesty says the change happened (v2 `publishedAt`, else the reservation's `lastUpdatedAt`).
    published_at = models.DateTimeField(null=True, blank=True)
    received_at = models.DateTimeField(auto_now_add=True)
    processed_at = models.DateTimeField(null=True, blank=True)
    outcome = models.CharField(max_length=40, blank=True)

    class Meta:
        ordering = ["-received_at", "-id"]
        constraints = [models.UniqueConstraint(fields=["organization", "message_id"], name="one_delivery_per_message")]
        indexes = [models.Index(fields=["organization", "processed_at"], name="webhook_org_pending")]
        verbose_name_plural = "webhook deliveries"

    def __str__(self):
        return f"{self.event} {self.guesty_reservation_id}"


class GuestyListing(models.Model):
    """A listing as Guesty last described it; the host imports it as a property, links it, or leaves it out."""

    organization = models.ForeignKey("accounts.Organization", on_delete=models.CASCADE, related_name="+")
    listing_id = models.CharField(max_length=64)
    title = models.CharField(max_length=255, blank=True)
    nickname = models.CharField(max_length=255, blank=True)
    address = models.CharField(max_length=255, blank=True)
    city = models.CharField(max_length=120, blank=True)
    country = models.CharField(max_length=2, blank=True)
    timezone = models.CharField(max_length=64, blank=True)
    accommodates = models.PositiveSmallIntegerField(null=True, blank=True)
    check_in_time = models.TimeField(null=True, blank=True)
    check_out_time = models.TimeField(null=True, blank=True)
    active = models.BooleanField(default=True)
    # The host chose not to bring it in: its reservations are skipped, not reported.
    ignored = models.BooleanField(default=False)
    seen_at = models.DateTimeField()

    class Meta:
        ordering = ["nickname", "title", "listing_id"]
        constraints = [
            models.UniqueConstraint(fields=["organization", "listing_id"], name="one_row_per_guesty_listing")
        ]

    def __str__(self):
        return self.name

    @property
    def name(self):
        return self.nickname or self.title or self.listing_id


class GuestyField(models.Model):
    """A Guesty reservation custom field as last listed; `deleted_at` once Guesty no longer lists it."""

    organization = models.ForeignKey("accounts.Organization", on_delete=models.CASCADE, related_name="+")
    field_id = models.CharField(max_length=64)
    display_name = models.CharField(max_length=255)
    key = models.CharField(max_length=255, blank=True)
    type = models.CharField(max_length=20)
    options = models.JSONField(default=list, blank=True)
    seen_at = models.DateTimeField()
    deleted_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["display_name", "field_id"]
        constraints = [models.UniqueConstraint(fields=["organization", "field_id"], name="one_row_per_guesty_field")]

    def __str__(self):
        return self.display_name
