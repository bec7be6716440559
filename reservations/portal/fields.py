"""What the portal template needs to draw each question: label, input type, value, error, in the guest's language."""

from django.utils.formats import date_format
from django.utils.html import escape, linebreaks
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django_countries import countries

from reservations.checkin.answers import localized

# Browser autofill hints for the standard fields.
AUTOCOMPLETE = {
    "first_name": "given-name",
    "last_name": "family-name",
    "email": "email",
    "phone": "tel",
    "date_of_birth": "bday",
    "nationality": "country",
}
INPUT_TYPES = {"text": "text", "email": "email", "phone": "tel", "date": "date", "number": "number"}


class _Blank(dict):
    def __missing__(self, key):
        return "{" + key + "}"


def fill_placeholders(text, values):
    """The host's text with {guest_name}-style placeholders filled; unknown ones stay as written."""
    try:
        return text.format_map(_Blank(values))
    except (ValueError, IndexError, AttributeError):
        return text  # A stray brace in the host's text: show it as written.


def agreement_html(spec, reservation, language):
    """The agreement text with its placeholders filled in, escaped, in paragraphs."""
    values = {
        "guest_name": reservation.guest_name,
        "property_name": reservation.property.name,
        "check_in": date_format(reservation.check_in),
        "check_out": date_format(reservation.check_out),
        "host_name": reservation.organization.name,
    }
    return mark_safe(linebreaks(escape(fill_placeholders(localized(spec.get("agreement"), language), values))))


def field_view(spec, *, name, value, error, language, reservation):
    options = [
        (str(o["value"]), localized(o.get("label"), language) or str(o["value"])) for o in spec.get("options") or []
    ]
    if spec["type"] == "yesno":
        options = [("yes", _("Yes")), ("no", _("No"))]
        value = {True: "yes", False: "no"}.get(value, value)
    if spec["type"] == "country":
        options = list(countries)
    return {
        "name": name,
        "id": "id_" + name,
        "type": spec["type"],
        "input_type": INPUT_TYPES.get(spec["type"], "text"),
        "label": localized(spec.get("label"), language) or spec["key"],
        "help": localized(spec.get("help"), language),
        "required": bool(spec.get("required")),
        "value": value if value is not None else "",
        "values": value if isinstance(value, list) else [],
        "error": error,
        "options": options,
        "autocomplete": AUTOCOMPLETE.get(spec["key"], "off"),
        "agreement": agreement_html(spec, reservation, language) if spec["type"] == "agreement" else "",
        "max": spec.get("max"),
        "min": spec.get("min"),
    }
