import zoneinfo

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.text import slugify
from django.utils.translation import gettext_lazy as _

from gorently.forms import RowsField
from properties.models import (
    ICONS,
    Brand,
    CheckinForm,
    FieldScope,
    FieldType,
    Property,
    SectionKind,
    Visibility,
)
from properties.models.checkin_form import CHOICE_TYPES, field_key

MAX_IMAGE_BYTES = 5 * 1024 * 1024
TIMEZONE_CHOICES = [("", "---------")] + [(tz, tz.replace("_", " ")) for tz in sorted(zoneinfo.available_timezones())]


def _limit_image_size(upload):
    if upload and getattr(upload, "size", 0) > MAX_IMAGE_BYTES:
        raise ValidationError(_("Images must be 5 MB or smaller."))
    return upload


class PropertyForm(forms.ModelForm):
    timezone = forms.ChoiceField(label=_("Time zone"), choices=TIMEZONE_CHOICES)

    class Meta:
        model = Property
        fields = [
            "name",
            "address",
            "city",
            "country",
            "timezone",
            "check_in_time",
            "check_out_time",
            "max_guests",
            "cover_photo",
            "guesty_listing_id",
            "checkin_form",
            "wifi_name",
            "wifi_password",
            "door_code",
        ]
        widgets = {
            "check_in_time": forms.TimeInput(attrs={"type": "time"}, format="%H:%M"),
            "check_out_time": forms.TimeInput(attrs={"type": "time"}, format="%H:%M"),
            # Encrypted at rest; shown to guests only in guide sections that unlock.
            "wifi_password": forms.TextInput(attrs={"autocomplete": "off", "spellcheck": "false"}),
            "door_code": forms.TextInput(attrs={"autocomplete": "off", "spellcheck": "false"}),
        }
        help_texts = {
            "guesty_listing_id": _("Filled in when you connect Guesty; leave blank otherwise."),
            "wifi_name": _("Guides fill it in where a section says {wifi_name}."),
            "wifi_password": _("Stored encrypted. Shown only in guide sections that unlock after check-in."),
            "door_code": _("Stored encrypted. Shown only in guide sections that unlock after check-in."),
        }

    def __init__(self, *args, checkin_forms=None, **kwargs):
        super().__init__(*args, **kwargs)
        # Only the host account's own forms; empty means the account's default form.
        field = self.fields["checkin_form"]
        field.queryset = checkin_forms if checkin_forms is not None else CheckinForm.objects.none()
        field.empty_label = _("Default form")

    def clean_cover_photo(self):
        return _limit_image_size(self.cleaned_data.get("cover_photo"))


class BrandForm(forms.ModelForm):
    class Meta:
        model = Brand
        fields = ["primary_color", "accent_color", "font", "logo"]
        widgets = {
            "primary_color": forms.TextInput(attrs={"type": "color"}),
            "accent_color": forms.TextInput(attrs={"type": "color"}),
        }

    def clean_logo(self):
        return _limit_image_size(self.cleaned_data.get("logo"))


# --- Check-in form builder -------------------------------------------------------

AGREEMENT_PLACEHOLDERS = "{guest_name} {property_name} {check_in} {check_out} {host_name}"


def guest_languages(organization):
    """The account's guest languages as (code, name), English first."""
    names = dict(settings.LANGUAGES)
    codes = ["en"] + [code for code in organization.languages if code != "en" and code in names]
    return [(code, names[code]) for code in codes]


def key_from_label(label):
    key = slugify(label).replace("-", "_")[:50].strip("_")
    return key if field_key.regex.match(key) else f"field_{key}"[:50].strip("_")


class CheckinFormNameForm(forms.Form):
    name = forms.CharField(label=_("Form name"), max_length=120)


class FormFieldForm(forms.Form):
    """One field of a check-in form. Translations come as `label_<lang>`, `help_<lang>`, `agreement_<lang>`.

    `field_attrs()` turns the input into the model's JSON shapes for the builder services.
    """

    type = forms.ChoiceField(label=_("Type"), choices=FieldType.choices)
    key = forms.CharField(
        label=_("Key"),
        max_length=50,
        required=False,
        validators=[field_key],
        help_text=_("How the answer is stored and exported, e.g. passport_number. Blank: made from the label."),
    )
    scope = forms.ChoiceField(label=_("Asked"), choices=FieldScope.choices, initial=FieldScope.MAIN_GUEST)
    required = forms.BooleanField(label=_("Guests must answer"), required=False, initial=True)
    options = forms.CharField(
        label=_("Options"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("One per line: value|English label, e.g. passport|Passport."),
    )
    min_value = forms.IntegerField(
        label=_("Minimum"), required=False, help_text=_("Length for text, value for numbers.")
    )
    max_value = forms.IntegerField(
        label=_("Maximum"), required=False, help_text=_("Length for text, value for numbers.")
    )
    pattern = forms.CharField(
        label=_("Pattern (regular expression)"),
        max_length=200,
        required=False,
        help_text=_("Answers must match it, e.g. ^[A-Z0-9]{6,9}$."),
    )
    file_types = forms.MultipleChoiceField(
        label=_("Allowed files"),
        choices=[("image", _("Photos (JPEG, PNG, HEIC)")), ("pdf", _("PDF"))],
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("None ticked allows both."),
    )
    max_file_mb = forms.IntegerField(label=_("Largest file (MB)"), min_value=1, max_value=20, required=False)
    sensitive = forms.BooleanField(
        label=_("Identity data: delete it with the documents after the retention period"), required=False
    )
    guesty_custom_field_id = forms.CharField(
        label=_("Guesty custom field id"),
        max_length=64,
        required=False,
        help_text=_("Copies the answer to this Guesty custom field."),
    )

    # Settings that apply to some field types only: the builder shows them for these types (all without JS).
    type_sections = {
        "options": "choice multichoice",
        "length": "text textarea number",
        "pattern": "text textarea phone",
        "files": "document",
        "agreement": "agreement",
    }

    def __init__(self, *args, languages, field=None, **kwargs):
        self.languages = languages
        self.instance = field
        if field is not None and "initial" not in kwargs:
            kwargs["initial"] = self._initial_from(field)
        super().__init__(*args, **kwargs)
        for code, name in languages:
            english = code == "en"
            self.fields[f"label_{code}"] = forms.CharField(
                label=_("Label (%(language)s)") % {"language": name},
                max_length=200,
                required=english,
            )
            self.fields[f"help_{code}"] = forms.CharField(
                label=_("Hint (%(language)s)") % {"language": name}, max_length=500, required=False
            )
            self.fields[f"agreement_{code}"] = forms.CharField(
                label=_("Agreement text (%(language)s)") % {"language": name},
                required=False,
                widget=forms.Textarea(attrs={"rows": 5}),
                help_text=_("Placeholders filled in for each stay: %(names)s.") % {"names": AGREEMENT_PLACEHOLDERS}
                if english
                else None,
            )

    @staticmethod
    def _initial_from(field):
        initial = {
            name: getattr(field, name)
            for name in ("type", "key", "scope", "required", "min_value", "max_value", "pattern", "file_types")
        }
        initial |= {
            "max_file_mb": field.max_file_mb,
            "sensitive": field.sensitive,
            "guesty_custom_field_id": field.guesty_custom_field_id,
            "options": "\n".join(f"{option['value']}|{option['label'].get('en', '')}" for option in field.options),
        }
        for prefix, values in (("label", field.label), ("help", field.help_text), ("agreement", field.agreement_text)):
            initial |= {f"{prefix}_{code}": text for code, text in (values or {}).items()}
        return initial

    def language_rows(self):
        """(language name, label, hint, agreement) bound fields, one row per language."""
        return [
            (name, self[f"label_{code}"], self[f"help_{code}"], self[f"agreement_{code}"])
            for code, name in self.languages
        ]

    def clean_options(self):
        options, seen = [], set()
        for line in self.cleaned_data["options"].splitlines():
            if not line.strip():
                continue
            value, _bar, label = (part.strip() for part in line.partition("|"))
            label = label or value
            value = value if field_key.regex.match(value) else slugify(value).replace("-", "_")
            if not value:
                raise ValidationError(_("“%(line)s” needs a value, e.g. passport|Passport."), params={"line": line})
            if value in seen:
                raise ValidationError(_("The value “%(value)s” is used twice."), params={"value": value})
            seen.add(value)
            options.append({"value": value, "label": {"en": label}})
        return options

    def clean(self):
        cleaned = super().clean()
        if not cleaned.get("key") and "key" not in self.errors and cleaned.get("label_en"):
            cleaned["key"] = key_from_label(cleaned["label_en"])
        kind = cleaned.get("type")
        if kind in CHOICE_TYPES and not cleaned.get("options") and "options" not in self.errors:
            self.add_error("options", _("Add at least one option."))
        if kind == FieldType.AGREEMENT and not cleaned.get("agreement_en", "").strip():
            self.add_error("agreement_en", _("Write the agreement in English at least."))
        return cleaned

    def _translations(self, prefix, existing):
        # Languages the form does not show are kept as they were; blank ones fall back to English.
        shown = {code for code, _name in self.languages}
        texts = {code: text for code, text in (existing or {}).items() if code not in shown}
        for code in shown:
            text = (self.cleaned_data.get(f"{prefix}_{code}") or "").strip()
            if text:
                texts[code] = text
        return texts

    def _options(self, existing):
        # An option whose value and English label are unchanged keeps its other translations.
        before = {option["value"]: option["label"] for option in existing or []}
        options = []
        for option in self.cleaned_data["options"]:
            label = before.get(option["value"])
            if label and label.get("en") == option["label"]["en"]:
                option = {"value": option["value"], "label": label}
            options.append(option)
        return options

    def field_attrs(self):
        """The cleaned input as keyword arguments of `add_field` / `update_field`."""
        data, field = self.cleaned_data, self.instance
        kind = data["type"]
        return {
            "key": data["key"],
            "type": kind,
            "scope": data["scope"],
            "required": data["required"],
            "label": self._translations("label", field and field.label),
            "help_text": self._translations("help", field and field.help_text),
            "options": self._options(field and field.options) if kind in CHOICE_TYPES else [],
            "min_value": data["min_value"],
            "max_value": data["max_value"],
            "pattern": data["pattern"],
            "file_types": data["file_types"] if kind == FieldType.DOCUMENT else [],
            "max_file_mb": data["max_file_mb"] or 10,
            "agreement_text": self._translations("agreement", field and field.agreement_text)
            if kind == FieldType.AGREEMENT
            else {},
            "sensitive": data["sensitive"],
            "guesty_custom_field_id": data["guesty_custom_field_id"].strip(),
        }


# --- Guide editor ----------------------------------------------------------------

# Filled in per reservation (properties.guide.placeholders); the secret ones only in sections that unlock.
GUIDE_PLACEHOLDERS = ["guest_first_name", "check_in_time", "check_out_time", "property_name", "property_address"]
GUIDE_PLACEHOLDERS += ["wifi_name"]
GUIDE_SECRET_PLACEHOLDERS = ["wifi_password", "door_code"]


def _translations(form, prefix, existing):
    """`<prefix>_<lang>` inputs as {lang: text}; languages the form does not show keep their text."""
    shown = {code for code, _name in form.languages}
    texts = {code: text for code, text in (existing or {}).items() if code not in shown}
    for code in shown:
        text = (form.cleaned_data.get(f"{prefix}_{code}") or "").strip()
        if text:
            texts[code] = text
    return texts


class GuideSectionForm(forms.Form):
    """One guide section. Title and text per guest language come as `title_<lang>` and `body_<lang>`."""

    kind = forms.ChoiceField(label=_("Kind"), choices=SectionKind.choices)
    icon = forms.ChoiceField(label=_("Icon"), choices=[(key, f"{emoji}  {key}") for key, emoji in ICONS.items()])
    visibility = forms.ChoiceField(
        label=_("Who sees it"), choices=Visibility.choices, widget=forms.RadioSelect, initial=Visibility.ALWAYS
    )
    unlock_hours_before = forms.IntegerField(
        label=_("Hours before arrival"),
        min_value=0,
        max_value=336,
        initial=24,
        help_text=_("For the last option: from how many hours before the check-in time the section opens."),
    )
    shared_with = RowsField(
        label=_("Shown in the guides of"),
        queryset=Property.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    def __init__(self, *args, languages, section=None, properties=None, **kwargs):
        self.languages = languages
        self.instance = section
        if section is not None and "initial" not in kwargs:
            kwargs["initial"] = self._initial_from(section, shared=properties is not None)
        super().__init__(*args, **kwargs)
        if properties is None:
            del self.fields["shared_with"]
        else:
            self.fields["shared_with"].queryset = properties
        for code, name in languages:
            self.fields[f"title_{code}"] = forms.CharField(
                label=_("Title (%(language)s)") % {"language": name}, max_length=120, required=code == "en"
            )
            self.fields[f"body_{code}"] = forms.CharField(
                label=_("Text (%(language)s)") % {"language": name},
                required=False,
                widget=forms.Textarea(attrs={"rows": 7 if code == "en" else 5}),
            )

    @staticmethod
    def _initial_from(section, *, shared):
        initial = {name: getattr(section, name) for name in ("kind", "icon", "visibility", "unlock_hours_before")}
        initial |= {f"title_{code}": text for code, text in (section.title or {}).items()}
        initial |= {f"body_{code}": text for code, text in (section.body or {}).items()}
        if shared:
            initial["shared_with"] = list(section.shared_with.all())
        return initial

    def language_rows(self):
        """(code, language name, title, body, translated?, has errors?) per language, English first."""
        rows = []
        for code, name in self.languages:
            title, body = self[f"title_{code}"], self[f"body_{code}"]
            rows.append((code, name, title, body, bool(title.value() or body.value()), bool(title.errors)))
        return rows

    def section_attrs(self):
        """The cleaned input as keyword arguments of `create_section` / `update_section`."""
        data, section = self.cleaned_data, self.instance
        attrs = {
            "kind": data["kind"],
            "icon": data["icon"],
            "visibility": data["visibility"],
            "unlock_hours_before": data["unlock_hours_before"],
            "title": _translations(self, "title", section and section.title),
            "body": _translations(self, "body", section and section.body),
        }
        if "shared_with" in self.fields:
            attrs["shared_with"] = list(data["shared_with"])
        return attrs


class GuidePlaceForm(forms.Form):
    """A local recommendation; its note per guest language comes as `note_<lang>`."""

    name = forms.CharField(label=_("Name"), max_length=120)
    category = forms.CharField(label=_("Category"), max_length=60, required=False)
    address = forms.CharField(
        label=_("Address"), max_length=255, required=False, help_text=_("Guests get a map link built from it.")
    )
    link = forms.URLField(label=_("Website"), required=False, assume_scheme="https")

    def __init__(self, *args, languages, place=None, **kwargs):
        self.languages = languages
        self.instance = place
        if place is not None and "initial" not in kwargs:
            kwargs["initial"] = {name: getattr(place, name) for name in ("name", "category", "address", "link")} | {
                f"note_{code}": text for code, text in (place.note or {}).items()
            }
        super().__init__(*args, **kwargs)
        for code, name in languages:
            self.fields[f"note_{code}"] = forms.CharField(
                label=_("Note (%(language)s)") % {"language": name},
                max_length=500,
                required=False,
                widget=forms.Textarea(attrs={"rows": 2}),
            )

    def english_note(self):
        return self["note_en"]

    def translated_notes(self):
        return [self[f"note_{code}"] for code, _name in self.languages if code != "en"]

    def has_translated_notes(self):
        return any(field.value() or field.errors for field in self.translated_notes())

    def place_attrs(self):
        data = self.cleaned_data
        return {
            "name": data["name"],
            "category": data["category"],
            "address": data["address"],
            "link": data["link"],
            "note": _translations(self, "note", self.instance and self.instance.note),
        }
