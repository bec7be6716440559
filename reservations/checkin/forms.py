"""Forms of the check-in form builder: a form's name, and one field with its translations."""

from django import forms
from django.core.exceptions import ValidationError
from django.utils.text import slugify
from django.utils.translation import gettext_lazy as _

from gorently.placeholders import PlaceholderValidator
from reservations.checkin.fields import AGREEMENT_PLACEHOLDERS, CHOICE_TYPES, FieldScope, FieldType
from reservations.checkin.models import field_key


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

    # Settings that apply to some field types only: the builder shows them for these types (all without JS).
    type_sections = {
        name: " ".join(sorted(types))
        for name, types in {
            "options": CHOICE_TYPES,
            "length": {FieldType.TEXT, FieldType.TEXTAREA, FieldType.NUMBER},
            "pattern": {FieldType.TEXT, FieldType.TEXTAREA, FieldType.PHONE},
            "files": {FieldType.DOCUMENT},
            "agreement": {FieldType.AGREEMENT},
        }.items()
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
                max_length=20_000,
                validators=[PlaceholderValidator(AGREEMENT_PLACEHOLDERS)],
                widget=forms.Textarea(attrs={"rows": 5}),
                help_text=_("Placeholders filled in for each stay: %(names)s.")
                % {"names": " ".join(f"{{{name}}}" for name in AGREEMENT_PLACEHOLDERS)}
                if english
                else None,
            )
            if not english:
                self.fields[f"options_{code}"] = forms.CharField(
                    label=_("Options (%(language)s)") % {"language": name},
                    required=False,
                    widget=forms.Textarea(attrs={"rows": 4}),
                    help_text=_("One per line, in the order of the English options. Blank: English."),
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
            "options": "\n".join(f"{option['value']}|{option['label'].get('en', '')}" for option in field.options),
        }
        for prefix, values in (("label", field.label), ("help", field.help_text), ("agreement", field.agreement_text)):
            initial |= {f"{prefix}_{code}": text for code, text in (values or {}).items()}
        codes = {code for option in field.options for code in option["label"] if code != "en"}
        for code in codes:
            initial[f"options_{code}"] = "\n".join(option["label"].get(code, "") for option in field.options)
        return initial

    def language_rows(self):
        """(language name, label, hint, agreement) bound fields, one row per language."""
        return [
            (name, self[f"label_{code}"], self[f"help_{code}"], self[f"agreement_{code}"])
            for code, name in self.languages
        ]

    def option_translations(self):
        """The bound `options_<lang>` fields, one per guest language but English."""
        return [self[f"options_{code}"] for code, _name in self.languages if code != "en"]

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
        """Options with their labels in every language: the translations typed here, line by line in the
        English order; for a language the form does not show, what the option had when its English was the same."""
        before = {option["value"]: option["label"] for option in existing or []}
        shown = {code for code, _name in self.languages}
        options = []
        for position, option in enumerate(self.cleaned_data["options"]):
            kept = before.get(option["value"]) or {}
            labels = {
                code: text
                for code, text in kept.items()
                if code not in shown and kept.get("en") == option["label"]["en"]
            }
            labels["en"] = option["label"]["en"]
            for code in shown - {"en"}:
                lines = (self.cleaned_data.get(f"options_{code}") or "").splitlines()
                text = lines[position].strip() if position < len(lines) else ""
                if text:
                    labels[code] = text
            options.append({"value": option["value"], "label": labels})
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
        }
