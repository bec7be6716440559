import colorsys
import zoneinfo
from datetime import time

from django.core.validators import MaxValueValidator, MinValueValidator, RegexValidator
from django.db import models
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _
from django_countries.fields import CountryField
from phonenumber_field.modelfields import PhoneNumberField

from gorently.fields import EncryptedTextField
from gorently.models import TimeStampedModel
from gorently.timezones import validate_timezone
from properties.models.guide import map_link, new_guide_token
from properties.pictures import SizedPictureField

# Variant widths (px). Covers: a 48 px thumbnail, then phones at 1x/2x/3x (390 px wide) and desktops.
COVER_WIDTHS = [100, 400, 800, 1200, 1600]
# Logos sit in boxes up to 224 px wide (the QR sheet), 160 px in the portal's bar: 1x to 3x.
LOGO_WIDTHS = [160, 320, 480, 640]


class PropertyQuerySet(models.QuerySet):
    def active(self):
        return self.filter(archived_at__isnull=True)


class Property(TimeStampedModel):
    organization = models.ForeignKey("accounts.Organization", on_delete=models.CASCADE, related_name="properties")
    name = models.CharField(_("name"), max_length=120)
    address = models.CharField(_("address"), max_length=255, blank=True)
    city = models.CharField(_("city"), max_length=120, blank=True)
    country = CountryField(_("country"), blank=True)
    timezone = models.CharField(_("time zone"), max_length=64, default="UTC", validators=[validate_timezone])
    check_in_time = models.TimeField(_("check-in from"), default=time(15, 0))
    check_out_time = models.TimeField(_("check-out by"), default=time(11, 0))
    max_guests = models.PositiveSmallIntegerField(
        _("maximum guests"), default=4, validators=[MinValueValidator(1), MaxValueValidator(50)]
    )
    cover_photo = SizedPictureField(
        _("cover photo"),
        upload_to="properties/covers/",
        blank=True,
        width_field="cover_photo_width",
        height_field="cover_photo_height",
        variants_field="cover_photo_variants_of",
        widths=COVER_WIDTHS,
        file_types=["AVIF", "WEBP", "JPEG"],
    )
    cover_photo_width = models.PositiveIntegerField(null=True, blank=True, editable=False)
    cover_photo_height = models.PositiveIntegerField(null=True, blank=True, editable=False)
    # The stored cover whose variants exist (a task writes them after an upload): "ready" when equal.
    cover_photo_variants_of = models.CharField(max_length=100, blank=True, editable=False)
    guesty_listing_id = models.CharField(_("Guesty listing id"), max_length=64, blank=True)
    checkin_form = models.ForeignKey(
        "checkin.CheckinForm",
        verbose_name=_("check-in form"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="properties",
        help_text=_("Leave empty to use your default form."),
    )
    wifi_name = models.CharField(_("Wi-Fi network"), max_length=64, blank=True)
    wifi_password = EncryptedTextField(_("Wi-Fi password"), blank=True)
    door_code = EncryptedTextField(_("door code"), blank=True, help_text=_("Shown only in sections that unlock."))
    secrets_days_after_checkout = models.PositiveSmallIntegerField(
        _("sections that unlock stay open after check-out (days)"),
        default=0,
        validators=[MaxValueValidator(14)],
        help_text=_("0: until the end of the check-out day. The door code and Wi-Fi password hide again after."),
    )
    # Who guests reach about this property; blank: the host account's contact.
    contact_name = models.CharField(_("contact name"), max_length=80, blank=True)
    contact_phone = PhoneNumberField(_("contact phone"), blank=True)
    contact_whatsapp = PhoneNumberField(_("WhatsApp"), blank=True)
    contact_email = models.EmailField(_("contact email"), blank=True)
    # The public guide's address: shareable, shows no secret section.
    guide_token = models.CharField(max_length=32, unique=True, default=new_guide_token, editable=False)
    archived_at = models.DateTimeField(null=True, blank=True)

    objects = PropertyQuerySet.as_manager()

    class Meta:
        ordering = ["name"]
        verbose_name_plural = "properties"
        constraints = [
            models.UniqueConstraint(
                fields=["organization", "guesty_listing_id"],
                condition=~models.Q(guesty_listing_id=""),
                name="unique_guesty_listing_per_org",
                violation_error_message=_("Another of your properties already uses this Guesty listing id."),
            )
        ]

    def __str__(self):
        return self.name

    @property
    def is_archived(self):
        return self.archived_at is not None

    @property
    def tz(self):
        return zoneinfo.ZoneInfo(self.timezone)

    @property
    def postal_address(self):
        """Street, city and country on one line: what a map search or a calendar needs to find the place."""
        return ", ".join(filter(None, [self.address, self.city, self.country.name]))

    CONTACT_FIELDS = ("contact_name", "contact_phone", "contact_whatsapp", "contact_email")

    @property
    def contact(self):
        """Who guests reach about this stay: the property's own contact, else the host account's; None without."""
        for source in (self, self.organization):
            if any(getattr(source, name) for name in self.CONTACT_FIELDS):
                return {name.removeprefix("contact_"): getattr(source, name) for name in self.CONTACT_FIELDS}
        return None

    @property
    def directions_url(self):
        return map_link(self.postal_address) if self.address else ""


# --- Brand colours: text on a brand colour must stay readable (WCAG 2.x contrast) ---------------


def _channel(value):
    c = value / 255
    return c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4


def relative_luminance(hex_colour):
    r, g, b = (int(hex_colour.lstrip("#")[i : i + 2], 16) for i in (0, 2, 4))
    return 0.2126 * _channel(r) + 0.7152 * _channel(g) + 0.0722 * _channel(b)


def contrast_ratio(a, b):
    la, lb = sorted((relative_luminance(a), relative_luminance(b)), reverse=True)
    return (la + 0.05) / (lb + 0.05)


# Pure black, not a softer near-black: only black guarantees 4.5:1 on every colour (worst case 4.58:1).
DARK_TEXT, LIGHT_TEXT = "#000000", "#ffffff"


def readable_text_on(hex_colour):
    """White or near-black, whichever contrasts more with the colour (WCAG 2.x)."""
    if contrast_ratio(hex_colour, LIGHT_TEXT) >= contrast_ratio(hex_colour, DARK_TEXT):
        return LIGHT_TEXT
    return DARK_TEXT


# Guest pages put links on white panels and on the page's own background (tokens.css --grey-50), the darker of the two.
GUEST_PAGE_BACKGROUND = "#f8f9fb"
LINK_CONTRAST = 4.5  # WCAG AA for body text


def darkened_to_contrast(hex_colour, background=LIGHT_TEXT, target=LINK_CONTRAST):
    """The colour itself if it reads on the background, else the same hue made darker until it does.

    Darkens in HLS (same hue and saturation, less lightness): a pale yellow becomes a deep ochre, not a grey.
    Each channel only falls as the lightness does, so the first step that reaches the target is the lightest one.
    """
    if contrast_ratio(hex_colour, background) >= target:
        return hex_colour
    r, g, b = (int(hex_colour.lstrip("#")[i : i + 2], 16) / 255 for i in (0, 2, 4))
    hue, lightness, saturation = colorsys.rgb_to_hls(r, g, b)
    for step in range(round(lightness * 100), -1, -1):
        rgb = colorsys.hls_to_rgb(hue, step / 100, saturation)
        candidate = "#" + "".join(f"{round(c * 255):02x}" for c in rgb)
        if contrast_ratio(candidate, background) >= target:
            return candidate
    return DARK_TEXT  # lightness 0 is black, which always passes; kept for safety


hex_colour = RegexValidator(r"^#[0-9a-fA-F]{6}$", _("Use a colour like #1a6b5c."))


class Font(models.TextChoices):
    """Curated fonts: system stacks only, so guest pages load no font files."""

    SYSTEM = "system", "System UI"
    HUMANIST = "humanist", "Humanist sans"
    GEOMETRIC = "geometric", "Geometric sans"
    SERIF = "serif", "Classic serif"
    ROUNDED = "rounded", "Rounded"
    MONO = "mono", "Monospace"


FONT_STACKS = {
    Font.SYSTEM: 'system-ui, -apple-system, "Segoe UI", Roboto, sans-serif',
    Font.HUMANIST: 'Seravek, "Gill Sans Nova", Ubuntu, Calibri, "DejaVu Sans", source-sans-pro, sans-serif',
    Font.GEOMETRIC: 'Avenir, Montserrat, Corbel, "URW Gothic", source-sans-pro, sans-serif',
    Font.SERIF: 'Charter, "Bitstream Charter", "Sitka Text", Cambria, Georgia, serif',
    Font.ROUNDED: 'ui-rounded, "Hiragino Maru Gothic ProN", Quicksand, Comfortaa, Manjari, "Arial Rounded MT", '
    "Calibri, source-sans-pro, sans-serif",
    Font.MONO: 'ui-monospace, "Cascadia Code", "Source Code Pro", Menlo, Consolas, "DejaVu Sans Mono", monospace',
}


class Brand(TimeStampedModel):
    """Colours, logo and font. One per host account (property empty); a property may override it."""

    organization = models.ForeignKey("accounts.Organization", on_delete=models.CASCADE, related_name="brands")
    property = models.OneToOneField(Property, null=True, blank=True, on_delete=models.CASCADE, related_name="brand")
    primary_color = models.CharField(_("primary colour"), max_length=7, default="#1a6b5c", validators=[hex_colour])
    accent_color = models.CharField(_("accent colour"), max_length=7, default="#e0a526", validators=[hex_colour])
    logo = SizedPictureField(
        _("logo"),
        upload_to="brands/logos/",
        blank=True,
        width_field="logo_width",
        height_field="logo_height",
        variants_field="logo_variants_of",
        widths=LOGO_WIDTHS,
        file_types=["WEBP", "PNG"],  # PNG: the fallback keeps a logo's transparency
    )
    logo_width = models.PositiveIntegerField(null=True, blank=True, editable=False)
    logo_height = models.PositiveIntegerField(null=True, blank=True, editable=False)
    logo_variants_of = models.CharField(max_length=100, blank=True, editable=False)
    font = models.CharField(_("font"), max_length=20, choices=Font.choices, default=Font.SYSTEM)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["organization"], condition=models.Q(property__isnull=True), name="one_account_brand"
            )
        ]

    def __str__(self):
        return f"Brand of {self.property or self.organization}"

    def font_stack(self):
        return FONT_STACKS[Font(self.font)]

    # `property` is a field of Brand here, hence cached_property.
    @cached_property
    def primary_text(self):
        """The text colour that reads on the primary colour (buttons, the header)."""
        return readable_text_on(self.primary_color)

    @cached_property
    def accent_text(self):
        return readable_text_on(self.accent_color)

    @cached_property
    def link_colour(self):
        """The primary colour as link text on guest pages (--brand-ink): darkened if too pale to read on white."""
        return darkened_to_contrast(self.primary_color, background=GUEST_PAGE_BACKGROUND)
