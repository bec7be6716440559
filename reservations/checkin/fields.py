"""The one typed description of a check-in question, used by the builder, the portal, the summary and the record.

A host edits `FormField` rows; guests answer a frozen copy of them (a `FormVersion`'s
JSON schema). `FieldSpec` is that frozen field read back with its enums, so no
code compares a field's type or scope with a bare string.
"""

from dataclasses import asdict, dataclass, field
from functools import lru_cache

import re2
from django.db import models
from django.utils.translation import gettext_lazy as _


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


class FieldScope(models.TextChoices):
    RESERVATION = "reservation", _("Once per reservation")
    MAIN_GUEST = "main_guest", _("Main guest only")
    EVERY_GUEST = "every_guest", _("Every guest in the party")


# Answers that are files kept in private storage.
FILE_TYPES = frozenset({FieldType.DOCUMENT, FieldType.SIGNATURE})
# Asked together on the agreement step.
AGREEMENT_TYPES = frozenset({FieldType.AGREEMENT, FieldType.SIGNATURE})
# Questions with a list of options.
CHOICE_TYPES = frozenset({FieldType.CHOICE, FieldType.MULTICHOICE})
# The HTML input of a one-line question.
INPUT_TYPES = {
    FieldType.TEXT: "text",
    FieldType.EMAIL: "email",
    FieldType.PHONE: "tel",
    FieldType.DATE: "date",
    FieldType.NUMBER: "number",
}
# What a document field may accept, as the file picker's `accept` list.
ACCEPT = {"image": "image/jpeg,image/png,image/webp,image/heic,image/heif", "pdf": "application/pdf"}
DEFAULT_FILE_TYPES = ("image", "pdf")
# What a host may write in an agreement's text; filled in for each stay.
AGREEMENT_PLACEHOLDERS = ("guest_name", "property_name", "check_in", "check_out", "host_name")


def _pattern_options():
    options = re2.Options()
    options.log_errors = False  # a host's typo is a form error, not a line in the server log
    options.max_mem = 1 << 20  # bytes of compiled program: plenty for a field's format
    return options


@lru_cache(maxsize=512)
def host_pattern(pattern):
    """A host's answer format, compiled by RE2, whose matching takes time linear in the answer's length.

    Python's `re` backtracks: `^(a+)+$` against 28 `a`s and a `!` holds a worker for seconds.
    RE2 has no back-references or look-arounds, the features that need backtracking.
    Raises ValueError for a pattern RE2 cannot compile.
    """
    try:
        return re2.compile(pattern, _pattern_options())
    except re2.error as error:
        raise ValueError(str(error)) from None


@dataclass(frozen=True)
class FieldSpec:
    key: str
    type: FieldType
    scope: FieldScope
    label: dict = field(default_factory=dict)
    help: dict = field(default_factory=dict)
    required: bool = True
    options: list = field(default_factory=list)  # [{"value": "passport", "label": {"en": "Passport"}}]
    min: int | None = None  # length for text, value for numbers
    max: int | None = None
    pattern: str = ""
    file_types: tuple = DEFAULT_FILE_TYPES
    max_mb: int = 10
    agreement: dict = field(default_factory=dict)
    sensitive: bool = False  # deleted with the documents after the retention period
    guesty_field_id: str = ""

    @classmethod
    def from_dict(cls, data):
        """A field as a form version froze it (older versions may lack newer keys)."""
        known = {name: data[name] for name in cls.__dataclass_fields__ if name in data and data[name] is not None}
        known["type"] = FieldType(data["type"])
        known["scope"] = FieldScope(data["scope"])
        known["file_types"] = tuple(data.get("file_types") or DEFAULT_FILE_TYPES)
        return cls(**known)

    def as_dict(self):
        """The JSON a form version stores."""
        data = asdict(self)
        data["type"], data["scope"] = str(self.type), str(self.scope)
        data["file_types"] = list(self.file_types)
        return data

    @property
    def accept(self):
        return ",".join(ACCEPT[kind] for kind in self.file_types if kind in ACCEPT)

    def option_values(self):
        return [str(option["value"]) for option in self.options]


def specs_of(schema):
    """A form version's stored schema as typed fields."""
    return [FieldSpec.from_dict(data) for data in schema]
