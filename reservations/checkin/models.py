"""Online check-in: the forms hosts build, and the check-ins guests fill in.

A form's fields are edited freely; guests answer a frozen `FormVersion` (a JSON
snapshot, read back as `FieldSpec`s), so changing a form never changes what an
earlier submission meant.
"""

import secrets

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator, RegexValidator
from django.db import models
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _

from gorently import encrypted_files
from gorently.fields import EncryptedJSONField
from gorently.models import TimeStampedModel
from gorently.storage import private_storage
from reservations.checkin.fields import (
    CHOICE_TYPES,
    DEFAULT_FILE_TYPES,
    FieldScope,
    FieldSpec,
    FieldType,
    host_pattern,
    specs_of,
)


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
                host_pattern(self.pattern)
            except ValueError:
                errors["pattern"] = _(
                    "This is not a regular expression we can use: check it, and leave out "
                    "look-arounds like (?=…) and back-references like \\1."
                )
        if errors:
            raise ValidationError(errors)

    def spec(self):
        """The field as frozen into a form version."""
        return FieldSpec(
            key=self.key,
            type=FieldType(self.type),
            scope=FieldScope(self.scope),
            label=self.label,
            help=self.help_text,
            required=self.required,
            options=self.options,
            min=self.min_value,
            max=self.max_value,
            pattern=self.pattern,
            file_types=tuple(self.file_types or DEFAULT_FILE_TYPES),
            max_mb=self.max_file_mb,
            agreement=self.agreement_text,
            sensitive=self.sensitive or self.type == FieldType.DOCUMENT,
            guesty_field_id=self.guesty_custom_field_id,
        )


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

    @cached_property
    def specs(self):
        """The frozen fields, typed: read once an instance, as a version never changes (a check-in step
        asked for them four times)."""
        return tuple(specs_of(self.schema))


class CheckinSubmission(TimeStampedModel):
    """A reservation's online check-in: answers saved step by step, then submitted.

    Answers are encrypted at rest; they follow the frozen form version they were
    given, whatever the host changes in the form afterwards:
    {"reservation": {key: value}, "guests": [{key: value}, ...]} (guest 0 is the main guest).
    """

    organization = models.ForeignKey("accounts.Organization", on_delete=models.CASCADE, related_name="+")
    reservation = models.OneToOneField("reservations.Reservation", on_delete=models.CASCADE, related_name="checkin")
    form_version = models.ForeignKey(FormVersion, on_delete=models.PROTECT, related_name="submissions")
    answers = EncryptedJSONField(default=dict)
    party_size = models.PositiveSmallIntegerField(default=1)
    # The furthest step reached, so a returning guest resumes there.
    step = models.CharField(max_length=40, blank=True)
    language = models.CharField(max_length=8, default="en")
    submitted_at = models.DateTimeField(null=True, blank=True)
    reopened_at = models.DateTimeField(null=True, blank=True)
    purged_at = models.DateTimeField(null=True, blank=True)

    def __str__(self):
        return f"Check-in of {self.reservation}"

    @property
    def is_submitted(self):
        return self.submitted_at is not None


class DocumentKind(models.TextChoices):
    FRONT = "front", _("Front")
    BACK = "back", _("Back")
    SIGNATURE = "signature", _("Signature")


DOCUMENT_SIDES = (DocumentKind.FRONT, DocumentKind.BACK)


def document_path(instance, filename):
    # Random names: nothing about the guest leaks through a path.
    return f"checkins/{instance.organization_id}/{secrets.token_hex(16)}{filename[filename.rfind('.') :]}"


class GuestDocument(TimeStampedModel):
    """An identity document image/PDF or a drawn signature, kept encrypted in private storage.

    `content_type` and `size` describe the plaintext. Write with `store`, read with `read`.
    """

    organization = models.ForeignKey("accounts.Organization", on_delete=models.CASCADE, related_name="+")
    submission = models.ForeignKey(CheckinSubmission, on_delete=models.CASCADE, related_name="documents")
    guest_index = models.PositiveSmallIntegerField(null=True, blank=True, help_text="None for the reservation.")
    field_key = models.CharField(max_length=50)
    kind = models.CharField(max_length=20, choices=DocumentKind.choices)
    file = models.FileField(storage=private_storage, upload_to=document_path, max_length=200)
    content_type = models.CharField(max_length=100)
    size = models.PositiveIntegerField()
    encrypted = models.BooleanField(
        default=False,
        help_text="The stored file is a Fernet token (FIELD_ENCRYPTION_KEY). False for files stored before "
        "encryption until `manage.py encrypt_guest_documents` encrypts them.",
    )

    class Meta:
        ordering = ["guest_index", "field_key", "kind"]

    def __str__(self):
        return f"{self.field_key} {self.kind} ({self.content_type})"

    def store(self, content):
        """Write `content` (a File of the plaintext) to private storage, encrypted. The row is not saved."""
        self.file.save(content.name, encrypted_files.encrypted_content(content), save=False)
        self.encrypted = True

    def read(self):
        """The plaintext bytes of the stored file.

        Raises FileNotFoundError when the file is gone, and `encrypted_files.UnreadableFile`
        when no key in FIELD_ENCRYPTION_KEY decrypts it.
        """
        data = encrypted_files.read(self.file.storage, self.file.name)
        return encrypted_files.decrypt(data) if self.encrypted else data
