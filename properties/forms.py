import hashlib

from django import forms
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import UploadedFile
from django.utils.translation import gettext_lazy as _
from django_countries import countries

from gorently import timezones
from gorently.forms import RowsField
from gorently.images import clean_image
from gorently.placeholders import PlaceholderValidator
from properties.models import (
    GUIDE_PLACEHOLDERS,
    GUIDE_SECRET_PLACEHOLDERS,
    ICONS,
    Brand,
    Property,
    SectionKind,
    Visibility,
)

MAX_IMAGE_BYTES = 5 * 1024 * 1024
HOST_TEXT_LIMIT = 20_000  # characters of one text in one language: a long guide page, not a book


def _cleaned_image(upload, *, name, longest_side):
    """A newly uploaded image re-encoded without metadata (GPS in a cover photo's EXIF) and at a sane size.

    Its name comes from its content (`cover-<sha256>.jpg`), and so do its variants' (properties.pictures):
    an address never shows other bytes, so browsers and CDNs may keep each file for good.
    Anything else (the image already saved, a cleared one) passes through unchanged.
    """
    if not isinstance(upload, UploadedFile):
        return upload
    if upload.size > MAX_IMAGE_BYTES:
        raise ValidationError(_("Images must be 5 MB or smaller."))
    cleaned = clean_image(upload.read(), name=name, longest_side=longest_side).content
    payload = cleaned.read()
    extension = cleaned.name.rpartition(".")[2]
    return ContentFile(payload, name=f"{name}-{hashlib.sha256(payload).hexdigest()[:16]}.{extension}")


class ImagePicker(forms.ClearableFileInput):
    """The stored picture shown, a file button, a live preview of the picked file (app.js) and a remove box."""

    template_name = "forms/widgets/image_picker.html"

    def __init__(self, *, kind, empty_text, remove_label, preview_alt, attrs=None):
        super().__init__(attrs={"accept": "image/*", **(attrs or {})})
        self.kind, self.empty_text, self.preview_alt = kind, empty_text, preview_alt
        self.clear_checkbox_label = remove_label

    def get_context(self, name, value, attrs):
        context = super().get_context(name, value, attrs)
        preview = ""
        if self.is_initial(value):
            ready = getattr(value, "variants_ready", False)
            preview = value.variant_url(480, "WEBP") if ready else value.url
        context["widget"].update(
            kind=self.kind, empty_text=self.empty_text, preview_url=preview, preview_alt=self.preview_alt
        )
        return context


def _zone_choices(zones):
    return [(zone.name, zone.label) for zone in zones]


class TimezoneSelect(forms.Select):
    """Each zone's option says its country (`data-country`), so app.js can list the chosen country's first."""

    def create_option(self, name, value, label, selected, index, subindex=None, attrs=None):
        option = super().create_option(name, value, label, selected, index, subindex, attrs)
        zone = self.zones.get(value)
        if zone is not None:
            option["attrs"]["data-country"] = zone.country
            option["attrs"]["data-rank"] = zone.rank
        return option


def timezone_choices(country="", current=""):
    """Canonical zones, the country's first (in a group named after it); a current old name stays offered.

    `country` is an ISO 3166 code ("ES"); `current`, the zone the property has now.
    """
    zones = timezones.all_zones()
    first = timezones.zones_of(country)
    choices = [("", "---------")]
    if current and current not in {zone.name for zone in zones} and timezones.is_known_zone(current):
        # A zone saved before the list was cleaned up ("US/Eastern"): still valid, until the host picks another.
        choices.append((current, _("%(zone)s (old name)") % {"zone": current.replace("_", " ")}))
    if not first:
        return choices + _zone_choices(zones)
    rest = [zone for zone in zones if zone not in first]
    return choices + [(countries.name(country), _zone_choices(first)), (_("All time zones"), _zone_choices(rest))]


class PropertyForm(forms.ModelForm):
    timezone = forms.ChoiceField(label=_("Time zone"), widget=TimezoneSelect)

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
            "secrets_days_after_checkout",
            "contact_name",
            "contact_phone",
            "contact_whatsapp",
            "contact_email",
        ]
        widgets = {
            "check_in_time": forms.TimeInput(attrs={"type": "time"}, format="%H:%M"),
            "check_out_time": forms.TimeInput(attrs={"type": "time"}, format="%H:%M"),
            # Encrypted at rest; shown to guests only in guide sections that unlock.
            "wifi_password": forms.TextInput(attrs={"autocomplete": "off", "spellcheck": "false"}),
            "door_code": forms.TextInput(attrs={"autocomplete": "off", "spellcheck": "false"}),
            "cover_photo": ImagePicker(
                kind="cover",
                empty_text=_("No cover photo yet"),
                remove_label=_("Remove cover photo"),
                preview_alt=_("Cover photo"),
            ),
        }
        help_texts = {
            "cover_photo": _("A landscape photo works best: guests see it across their phone, cropped to fit."),
            "guesty_listing_id": _("Filled in when you connect Guesty; leave blank otherwise."),
            "wifi_name": _("Guides fill it in where a section says {wifi_name}."),
            "wifi_password": _("Stored encrypted. Shown only in guide sections that unlock after check-in."),
            "door_code": _("Stored encrypted. Shown only in guide sections that unlock after check-in."),
        }

    def __init__(self, *args, organization, **kwargs):
        super().__init__(*args, **kwargs)
        # Only the host account's own forms; empty means the account's default form.
        field = self.fields["checkin_form"]
        field.queryset = field.queryset.filter(organization=organization)
        field.empty_label = _("Default form")
        self.fields["secrets_days_after_checkout"].required = False  # blank: the default, the check-out day
        self._order_timezones()

    def _order_timezones(self):
        """The chosen country's zones first: the posted one, else the property's (app.js reorders on change)."""
        country = self.data.get(self.add_prefix("country")) if self.is_bound else self.initial.get("country")
        country = str(country or "").upper()
        field = self.fields["timezone"]
        field.choices = timezone_choices(country if country in countries else "", current=self.initial.get("timezone"))
        field.widget.zones = {zone.name: zone for zone in timezones.all_zones()}
        field.widget.attrs.update({"data-zones-for": self["country"].auto_id, "data-zones-rest": _("All time zones")})

    def clean_secrets_days_after_checkout(self):
        return self.cleaned_data.get("secrets_days_after_checkout") or 0

    def clean_cover_photo(self):
        return _cleaned_image(self.cleaned_data.get("cover_photo"), name="cover", longest_side=2400)


class BrandForm(forms.ModelForm):
    class Meta:
        model = Brand
        fields = ["primary_color", "accent_color", "font", "logo"]
        widgets = {
            "primary_color": forms.TextInput(attrs={"type": "color"}),
            "accent_color": forms.TextInput(attrs={"type": "color"}),
            "logo": ImagePicker(
                kind="logo", empty_text=_("No logo yet"), remove_label=_("Remove logo"), preview_alt=_("Logo")
            ),
        }
        help_texts = {
            "logo": _("PNG with a transparent background looks best. Guests see it in the top bar of every page."),
        }

    def clean_logo(self):
        return _cleaned_image(self.cleaned_data.get("logo"), name="logo", longest_side=1024)


# --- Guide editor ----------------------------------------------------------------


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
                max_length=HOST_TEXT_LIMIT,
                validators=[PlaceholderValidator(GUIDE_PLACEHOLDERS + GUIDE_SECRET_PLACEHOLDERS)],
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
            rows.append(
                (code, name, title, body, bool(title.value() or body.value()), bool(title.errors or body.errors))
            )
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
