"""Check-in forms: what the guest portal asks, built by the host from typed fields.

A form's fields are edited freely; guests answer a frozen `FormVersion` (a JSON
snapshot), so changing a form never changes what an earlier submission meant.
"""

import re

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator, RegexValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from gorently.models import TimeStampedModel


class FieldType(models.TextChoices):
    TEXT = "text", _("Short text")
    TEXTAREA = "textarea", _("Long text")
    EMAIL = "email", _("Email")
    PHONE = "phone", _("Phone")
    DATE = "date", _("Date")
    NUMBER = "number", _("Number")
    COUNTRY = "country", _("Country")
    CHOICE = "choice", _("Single choice")
    MULTICHOICE = "multichoice", _("Multiple choice")
    YESNO = "yesno", _("Yes / no")
    DOCUMENT = "document", _("Identity document (front and back)")
    SIGNATURE = "signature", _("Signature")
    AGREEMENT = "agreement", _("Rental agreement acceptance")


# Types whose answer is a file kept in private storage.
FILE_TYPES = {FieldType.DOCUMENT, FieldType.SIGNATURE}
# Types that need a list of options.
CHOICE_TYPES = {FieldType.CHOICE, FieldType.MULTICHOICE}


class FieldScope(models.TextChoices):
    RESERVATION = "reservation", _("Once per reservation")
    MAIN_GUEST = "main_guest", _("Main guest only")
    EVERY_GUEST = "every_guest", _("Every guest in the party")


class CheckinForm(TimeStampedModel):
    organization = models.ForeignKey("accounts.Organization", on_delete=models.CASCADE, related_name="checkin_forms")
    name = models.CharField(_("name"), max_length=120)
    is_default = models.BooleanField(
        _("default form"), default=False, help_text=_("Used by every property that has no form of its own.")
    )

    class Meta:
        ordering = ["-is_default", "name"]
        constraints = [
            models.UniqueConstraint(
                fields=["organization"], condition=models.Q(is_default=True), name="one_default_checkin_form"
            )
        ]

    def __str__(self):
        return self.name


field_key = RegexValidator(
    r"^[a-z][a-z0-9_]{0,49}$", _("Use lowercase letters, digits and underscores, starting with a letter.")
)


class FormField(models.Model):
    organization = models.ForeignKey("accounts.Organization", on_delete=models.CASCADE, related_name="+")
    form = models.ForeignKey(CheckinForm, on_delete=models.CASCADE, related_name="fields")
    position = models.PositiveIntegerField(default=0)
    key = models.CharField(_("key"), max_length=50, validators=[field_key])
    type = models.CharField(_("type"), max_length=20, choices=FieldType.choices)
    # Translations: {"en": "...", "es": "..."}; English is required, the others fall back to it.
    label = models.JSONField(_("label"), default=dict)
    help_text = models.JSONField(_("help text"), default=dict, blank=True)
    required = models.BooleanField(_("required"), default=True)
    scope = models.CharField(_("asked"), max_length=20, choices=FieldScope.choices, default=FieldScope.MAIN_GUEST)
    # Choices: [{"value": "passport", "label": {"en": "Passport", ...}}, ...]
    options = models.JSONField(_("options"), default=list, blank=True)
    # Length for text, value for numbers.
    min_value = models.IntegerField(_("minimum"), null=True, blank=True)
    max_value = models.IntegerField(_("maximum"), null=True, blank=True)
    pattern = models.CharField(_("pattern (regular expression)"), max_length=200, blank=True)
    file_types = models.JSONField(_("allowed files"), default=list, blank=True)
    max_file_mb = models.PositiveSmallIntegerField(
        _("largest file (MB)"), default=10, validators=[MinValueValidator(1), MaxValueValidator(20)]
    )
    agreement_text = models.JSONField(_("agreement text"), default=dict, blank=True)
    sensitive = models.BooleanField(
        _("identity data"), default=False, help_text=_("Deleted with the documents after the retention period.")
    )
    guesty_custom_field_id = models.CharField(_("Guesty custom field id"), max_length=64, blank=True)

    class Meta:
        ordering = ["position", "id"]
        constraints = [models.UniqueConstraint(fields=["form", "key"], name="unique_field_key_per_form")]

    def __str__(self):
        return self.label.get("en") or self.key

    def clean(self):
        super().clean()
        errors = {}
        if not (self.label or {}).get("en", "").strip():
            errors["label"] = _("An English label is required.")
        if self.type in CHOICE_TYPES and not self.options:
            errors["options"] = _("Add at least one option.")
        if self.type == FieldType.AGREEMENT and not (self.agreement_text or {}).get("en", "").strip():
            errors["agreement_text"] = _("Write the agreement in English at least.")
        if self.min_value is not None and self.max_value is not None and self.min_value > self.max_value:
            errors["max_value"] = _("The maximum must not be below the minimum.")
        if self.pattern:
            try:
                re.compile(self.pattern)
            except re.error:
                errors["pattern"] = _("This is not a valid regular expression.")
        if errors:
            raise ValidationError(errors)

    def spec(self):
        """The field as frozen into a form version."""
        return {
            "key": self.key,
            "type": self.type,
            "label": self.label,
            "help": self.help_text,
            "required": self.required,
            "scope": self.scope,
            "options": self.options,
            "min": self.min_value,
            "max": self.max_value,
            "pattern": self.pattern,
            "file_types": self.file_types or ["image", "pdf"],
            "max_mb": self.max_file_mb,
            "agreement": self.agreement_text,
            "sensitive": self.sensitive or self.type == FieldType.DOCUMENT,
            "guesty_field_id": self.guesty_custom_field_id,
        }


class FormVersion(models.Model):
    """An immutable snapshot of a form's fields, answered by submissions."""

    form = models.ForeignKey(CheckinForm, on_delete=models.PROTECT, related_name="versions")
    number = models.PositiveIntegerField()
    schema = models.JSONField()
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["form", "-number"]
        constraints = [models.UniqueConstraint(fields=["form", "number"], name="unique_form_version")]

    def __str__(self):
        return f"{self.form} v{self.number}"
