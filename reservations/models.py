import secrets

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models.functions import Concat, Upper
from django.utils.translation import gettext_lazy as _
from phonenumber_field.modelfields import PhoneNumberField

from gorently.models import TimeStampedModel

SEARCH_SEPARATOR = "\x1f"  # between the values of Reservation.search_text


def new_portal_token():
    # 32 bytes = 256 bits of randomness, URL-safe.
    return secrets.token_urlsafe(32)


class ReservationStatus(models.TextChoices):
    INQUIRY = "inquiry", _("Inquiry")
    RESERVED = "reserved", _("Reserved")
    CONFIRMED = "confirmed", _("Confirmed")
    CANCELED = "canceled", _("Canceled")
    CLOSED = "closed", _("Closed")


class CheckinStatus(models.TextChoices):
    NOT_STARTED = "not_started", _("Not started")
    IN_PROGRESS = "in_progress", _("In progress")
    COMPLETED = "completed", _("Completed")


class Channel(models.TextChoices):
    DIRECT = "direct", _("Direct")
    AIRBNB = "airbnb", "Airbnb"
    BOOKING = "booking", "Booking.com"
    VRBO = "vrbo", "Vrbo"
    GUESTY = "guesty", "Guesty"
    OTHER = "other", _("Other")


class Reservation(TimeStampedModel):
    # No index of its own: every index in Meta starts with the account, and a count within it reads one of
    # those (the arrival index, which carries the search column) without reading the table.
    organization = models.ForeignKey(
        "accounts.Organization", on_delete=models.CASCADE, related_name="reservations", db_index=False
    )
    property = models.ForeignKey("properties.Property", on_delete=models.PROTECT, related_name="reservations")
    confirmation_code = models.CharField(_("confirmation code"), max_length=40)
    channel = models.CharField(_("channel"), max_length=20, choices=Channel.choices, default=Channel.DIRECT)
    status = models.CharField(
        _("status"), max_length=20, choices=ReservationStatus.choices, default=ReservationStatus.CONFIRMED
    )
    check_in = models.DateField(_("check-in"))
    check_out = models.DateField(_("check-out"))
    guests_count = models.PositiveSmallIntegerField(
        _("guests"), default=1, validators=[MinValueValidator(1), MaxValueValidator(50)]
    )
    guest_name = models.CharField(_("main guest"), max_length=150)
    guest_email = models.EmailField(_("guest email"), blank=True)
    guest_phone = PhoneNumberField(_("guest phone"), blank=True)
    # The language the host knows the guest speaks; blank: the guest's browser decides. The guest's own
    # pick in the portal wins over both (portal.access).
    guest_language = models.CharField(_("guest language"), max_length=8, blank=True, default="")
    checkin_status = models.CharField(
        _("check-in"), max_length=20, choices=CheckinStatus.choices, default=CheckinStatus.NOT_STARTED
    )
    checkin_completed_at = models.DateTimeField(null=True, blank=True)
    # How many checked in online, beside `guests_count`, how many were booked: the host sees any difference.
    party_checked_in = models.PositiveSmallIntegerField(null=True, blank=True)
    # Unique by a constraint (Meta), not unique=True: on PostgreSQL that also builds a second, LIKE-ready
    # index (varchar_pattern_ops) that no query needs, 37 MB at 200,000 stays, updated on every insert.
    portal_token = models.CharField(max_length=64, default=new_portal_token, editable=False)
    portal_revoked_at = models.DateTimeField(null=True, blank=True)
    external_id = models.CharField(_("external id"), max_length=64, blank=True, help_text="Guesty reservation id.")
    # Guesty's `lastUpdatedAt` of the version stored here: an older version arriving late changes nothing.
    external_updated_at = models.DateTimeField(null=True, blank=True, editable=False)
    external_guest_id = models.CharField(max_length=64, blank=True, editable=False)
    notes = models.TextField(_("internal notes"), blank=True)
    # What the list's search looks in (selectors.search_reservations), upper-cased once when written: one
    # LIKE per row rather than an UPPER and a LIKE for each of three columns. The unit separator between
    # the values is a character nobody types, so a search never matches across two of them.
    search_text = models.GeneratedField(
        expression=Upper(
            Concat(
                "guest_name",
                models.Value(SEARCH_SEPARATOR),
                "confirmation_code",
                models.Value(SEARCH_SEPARATOR),
                "guest_email",
                output_field=models.TextField(),
            )
        ),
        output_field=models.TextField(),
        db_persist=True,
    )

    class Meta:
        ordering = ["-check_in", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["organization", "confirmation_code"],
                name="unique_confirmation_code",
                violation_error_message=_("Another reservation already has this confirmation code."),
            ),
            models.UniqueConstraint(
                fields=["organization", "external_id"], condition=~models.Q(external_id=""), name="unique_external_id"
            ),
            models.UniqueConstraint(fields=["portal_token"], name="unique_portal_token"),
            models.CheckConstraint(
                condition=models.Q(check_out__gt=models.F("check_in")), name="check_out_after_check_in"
            ),
        ]
        indexes = [
            # Each list order within an account, ending in the id its ties are broken by (selectors.SORTS),
            # so a page is read in order from the index rather than sorted from all the account's rows.
            # It carries the search column, so a search in the default order finds its page's ids in the
            # index alone (an index-only scan, with gorently.paging reading the rows by id).
            models.Index(
                fields=["organization", "check_in", "id"], include=["search_text"], name="reservation_org_arrival"
            ),
            models.Index(fields=["organization", "property", "check_in"], name="reservation_property_arrival"),
            models.Index(fields=["organization", "check_out", "id"], name="reservation_org_departure"),
            models.Index(fields=["organization", "guest_name", "id"], name="reservation_org_guest"),
            models.Index(fields=["organization", "id"], name="reservation_org_id"),  # the API's newest first
        ]
        # On PostgreSQL, migration 0008_search_text adds a trigram index of `search_text` for the list's search.

    def __str__(self):
        return f"{self.confirmation_code} — {self.guest_name}"

    def clean(self):
        super().clean()
        if self.check_in and self.check_out and self.check_out <= self.check_in:
            raise ValidationError({"check_out": _("Check-out must be after check-in.")})
        if self.property_id and self.organization_id and self.property.organization_id != self.organization_id:
            raise ValidationError({"property": _("Choose one of your properties.")})
        if self.property_id and self.guests_count and self.guests_count > self.property.max_guests:
            raise ValidationError(
                {"guests_count": _("This property sleeps at most %(n)s guests.") % {"n": self.property.max_guests}}
            )

    def party_differs(self):
        """The online check-in named another number of guests than the booking."""
        return self.party_checked_in is not None and self.party_checked_in != self.guests_count

    def nights(self):
        return (self.check_out - self.check_in).days


class Guest(TimeStampedModel):
    """A person staying under a reservation; the main guest is one of them."""

    organization = models.ForeignKey("accounts.Organization", on_delete=models.CASCADE, related_name="+")
    reservation = models.ForeignKey(Reservation, on_delete=models.CASCADE, related_name="guests")
    is_main = models.BooleanField(default=False)
    first_name = models.CharField(_("first name"), max_length=80)
    last_name = models.CharField(_("last name"), max_length=80, blank=True)
    email = models.EmailField(_("email"), blank=True)
    phone = PhoneNumberField(_("phone"), blank=True)

    class Meta:
        ordering = ["-is_main", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["reservation"], condition=models.Q(is_main=True), name="one_main_guest_per_reservation"
            )
        ]

    def __str__(self):
        return f"{self.first_name} {self.last_name}".strip()
