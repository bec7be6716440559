"""What the question templates (templates/checkin/_question.html, _document.html, _signature.html) need
to draw a field: label, input, value, error, in the guest's language.

The guest portal and the builder's preview both draw questions from here, so the
host previews exactly what guests will see.
"""

from datetime import date, timedelta

from django.utils import translation
from django.utils.html import escape, linebreaks
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from gorently.dates import local_date
from gorently.placeholders import fill_placeholders
from gorently.translations import localized
from reservations.checkin.countries import country_options
from reservations.checkin.fields import INPUT_TYPES, FieldType
from reservations.checkin.models import DOCUMENT_SIDES, DocumentKind

# Browser autofill hints for the standard fields.
AUTOCOMPLETE = {
    "first_name": "given-name",
    "last_name": "family-name",
    "email": "email",
    "phone": "tel",
    "date_of_birth": "bday",
    "nationality": "country",
}
SIDE_LABELS = {DocumentKind.FRONT: gettext_lazy("Front"), DocumentKind.BACK: gettext_lazy("Back (if it has one)")}


def agreement_values(reservation):
    """The agreement's placeholders (fields.AGREEMENT_PLACEHOLDERS) for a stay."""
    return {
        "guest_name": reservation.guest_name,
        "property_name": reservation.property.name,
        "check_in": local_date(reservation.check_in),
        "check_out": local_date(reservation.check_out),
        "host_name": reservation.organization.name,
    }


def sample_agreement_values(host_name, language):
    """Made-up values for the builder's preview, dates in the guest's language."""
    check_in = date.today() + timedelta(days=14)
    with translation.override(language):
        return {
            "guest_name": "Alex Morgan",
            "property_name": _("Your property"),
            "check_in": local_date(check_in),
            "check_out": local_date(check_in + timedelta(days=3)),
            "host_name": host_name,
        }


def agreement_html(spec, values, language):
    """The agreement text with its placeholders filled in, escaped, in paragraphs."""
    return mark_safe(linebreaks(escape(fill_placeholders(localized(spec.agreement, language), values))))


def question(spec, *, name, language, value=None, error=None, agreement=None):
    """One answerable question; `agreement` holds the placeholder values for an agreement's text."""
    options = [(str(o["value"]), localized(o.get("label"), language) or str(o["value"])) for o in spec.options]
    if spec.type == FieldType.YESNO:
        options = [("yes", _("Yes")), ("no", _("No"))]
        value = {True: "yes", False: "no"}.get(value, value)
    return {
        "name": name,
        "id": "id_" + name,
        "type": spec.type,
        "input_type": INPUT_TYPES.get(spec.type, "text"),
        "label": localized(spec.label, language) or spec.key,
        "help": localized(spec.help, language),
        "required": spec.required,
        "value": value if value is not None else "",
        "values": value if isinstance(value, list) else [],
        "error": error,
        "options": options,
        "country_options": country_options(value, translation.get_language()) if spec.type == FieldType.COUNTRY else "",
        "autocomplete": AUTOCOMPLETE.get(spec.key, "off"),
        "agreement": agreement_html(spec, agreement or {}, language) if spec.type == FieldType.AGREEMENT else "",
        "max": spec.max,
        "min": spec.min,
    }


def document_field(spec, *, names, language, uploaded=(), errors=None, files=None, filenames=None):
    """A document question: its label and one upload tile per side; `names` maps a side to its input name.

    `files` maps a side already uploaded to what its tile shows ({"url": a thumbnail, "is_image",
    "remove_url"}; the portal builds the links); `filenames` maps an input name to the name of the
    file just refused there, so the error says which file it is about.
    """
    errors, files, filenames = errors or {}, files or {}, filenames or {}
    return {
        "label": localized(spec.label, language),
        "help": localized(spec.help, language),
        "sides": [
            {
                "name": names[kind],
                "id": "id_" + names[kind],
                "kind": kind,
                "label": SIDE_LABELS[kind],
                "uploaded": kind in uploaded or kind in files,
                "file": files.get(kind),
                "error": errors.get(names[kind]),
                "filename": filenames.get(names[kind], ""),
                "accept": spec.accept,
                "camera": "image" in spec.file_types,  # a phone opens its camera straight away
                "required": spec.required and kind == DocumentKind.FRONT,
            }
            for kind in DOCUMENT_SIDES
        ],
    }


def signature_pad(
    spec, *, name, language, signed=False, error=None, typed="", drawn_url="", mode="draw", typed_first=False
):
    """A signature, drawn on a canvas or typed as the guest's full name.

    `typed` is the name in the typed input, `drawn_url` where the stored drawn signature is shown,
    `mode` the way offered first ("draw" or "type"). With `typed_first` (the portal), the page
    starts with the typed signature, which works without JavaScript; the portal's script then
    offers both, in `mode`. The builder's preview shows what a guest with JavaScript sees.
    """
    return {
        "name": name,
        "id": "id_" + name,
        "typed_name": name + "-typed",
        "label": localized(spec.label, language),
        "signed": signed,
        "error": error,
        "typed": typed,
        "drawn_url": drawn_url,
        "mode": mode if mode in ("draw", "type") else "draw",
        "typed_first": typed_first,
    }
