"""The digital guidebook: sections per property, or shared by the account across properties.

Bodies are Markdown in each guest language; they are rendered and sanitised at
display time (properties.selectors.guide_for), never stored as HTML.
"""

import secrets
from urllib.parse import quote_plus

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from gorently.models import TimeStampedModel


def map_link(address):
    """A map search for an address (opens the phone's map app), or nothing without one."""
    return f"https://www.google.com/maps/search/?api=1&query={quote_plus(address)}" if address else ""


class SectionKind(models.TextChoices):
    ARRIVAL = "arrival", _("Arrival and access")
    WIFI = "wifi", _("Wi-Fi")
    HOUSE_RULES = "house_rules", _("House rules")
    PARKING = "parking", _("Parking")
    APPLIANCES = "appliances", _("Appliances")
    CHECKOUT = "checkout", _("Check-out")
    EMERGENCY = "emergency", _("Emergency contacts")
    RECOMMENDATIONS = "recommendations", _("Local recommendations")
    FREE = "free", _("Other")


class Visibility(models.TextChoices):
    ALWAYS = "always", _("Always (also on the public guide)")
    AFTER_CHECKIN = "after_checkin", _("After the guest completed check-in")
    ARRIVAL_WINDOW = "arrival_window", _("After check-in, from some hours before arrival until check-out")


# What a host may write in a section's text; the secrets are filled in only in sections that unlock.
GUIDE_PLACEHOLDERS = (
    "guest_first_name",
    "check_in_time",
    "check_out_time",
    "property_name",
    "property_address",
    "wifi_name",
)
GUIDE_SECRET_PLACEHOLDERS = ("wifi_password", "door_code")

ICONS = {
    "key": "🔑",
    "wifi": "📶",
    "rules": "📜",
    "parking": "🅿️",
    "appliance": "🔌",
    "bag": "🧳",
    "sos": "🚨",
    "pin": "📍",
    "info": "ℹ️",
    "food": "🍽️",
    "beach": "🏖️",
    "bus": "🚌",
}
KIND_ICONS = {
    SectionKind.ARRIVAL: "key",
    SectionKind.WIFI: "wifi",
    SectionKind.HOUSE_RULES: "rules",
    SectionKind.PARKING: "parking",
    SectionKind.APPLIANCES: "appliance",
    SectionKind.CHECKOUT: "bag",
    SectionKind.EMERGENCY: "sos",
    SectionKind.RECOMMENDATIONS: "pin",
    SectionKind.FREE: "info",
}


class GuideSection(TimeStampedModel):
    organization = models.ForeignKey("accounts.Organization", on_delete=models.CASCADE, related_name="guide_sections")
    # Empty for a shared section, which appears in the guides of `shared_with`.
    property = models.ForeignKey(
        "properties.Property", null=True, blank=True, on_delete=models.CASCADE, related_name="guide_sections"
    )
    shared_with = models.ManyToManyField("properties.Property", blank=True, related_name="shared_guide_sections")
    kind = models.CharField(_("kind"), max_length=20, choices=SectionKind.choices, default=SectionKind.FREE)
    title = models.JSONField(_("title"), default=dict)
    body = models.JSONField(_("text"), default=dict, blank=True)
    icon = models.CharField(
        _("icon"), max_length=20, choices=[(k, f"{v} {k}") for k, v in ICONS.items()], default="info"
    )
    position = models.PositiveIntegerField(default=0)
    visibility = models.CharField(
        _("who sees it"), max_length=20, choices=Visibility.choices, default=Visibility.ALWAYS
    )
    unlock_hours_before = models.PositiveSmallIntegerField(
        _("hours before arrival"), default=24, validators=[MinValueValidator(0), MaxValueValidator(336)]
    )

    class Meta:
        ordering = ["position", "id"]

    def __str__(self):
        return self.title.get("en") or self.get_kind_display()

    def is_secret(self):
        return self.visibility != Visibility.ALWAYS

    def emoji(self):
        return ICONS.get(self.icon, ICONS["info"])


class GuidePlace(models.Model):
    """A local recommendation inside a recommendations section."""

    organization = models.ForeignKey("accounts.Organization", on_delete=models.CASCADE, related_name="+")
    section = models.ForeignKey(GuideSection, on_delete=models.CASCADE, related_name="places")
    name = models.CharField(_("name"), max_length=120)
    category = models.CharField(_("category"), max_length=60, blank=True)
    address = models.CharField(_("address"), max_length=255, blank=True)
    link = models.URLField(_("website"), blank=True)
    note = models.JSONField(_("note"), default=dict, blank=True)
    position = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["position", "id"]

    def __str__(self):
        return self.name

    @property
    def map_url(self):
        return map_link(self.address)


def new_guide_token():
    return secrets.token_urlsafe(16)
