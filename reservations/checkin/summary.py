"""A check-in's answers as the guest and the host read them back: step by step, labelled, translated."""

from django.utils import translation
from django.utils.dateparse import parse_date
from django.utils.translation import gettext as _

from gorently.dates import local_date
from gorently.phones import international
from gorently.translations import localized
from reservations.checkin.countries import country_names
from reservations.checkin.fields import FieldType
from reservations.checkin.models import DocumentKind
from reservations.checkin.selectors import documents_of, typed_signatures_of
from reservations.checkin.steps import fields_for, signature_fields, steps_for


def display_value(spec, value, language):
    if value in (None, "", []):
        return "—"
    kind = spec.type
    if kind in (FieldType.CHOICE, FieldType.MULTICHOICE):  # labels for the choices only, not every row
        labels = {str(o["value"]): localized(o.get("label"), language) or str(o["value"]) for o in spec.options}
        if kind == FieldType.CHOICE:
            return labels.get(str(value), value)
        return ", ".join(labels.get(str(v), v) for v in value)
    if kind == FieldType.COUNTRY:
        return country_names(translation.get_language()).get(value, value)  # the active language's names
    if kind == FieldType.YESNO:
        return _("Yes") if value else _("No")
    if kind == FieldType.AGREEMENT:
        return _("Accepted") if value else _("Not accepted")
    if kind == FieldType.PHONE:
        return international(value)
    if kind == FieldType.DATE:
        return _readable_date(value)
    return str(value)


def _readable_date(value):
    """An ISO date as people write it in the active language (19 March 1997, 19 de marzo de 1997)."""
    try:
        day = parse_date(str(value))
    except ValueError:
        day = None
    return local_date(day) if day else str(value)


def signatures_of(submission, language, documents=None):
    """Each signature given, drawn or typed: [{label, document, typed, signed_at, signed_from}].

    `document` is the drawn signature's GuestDocument (None when typed); `typed` the name the guest
    typed (empty when drawn), with when (`signed_at`, a datetime) and from which client address.
    """
    documents = documents_of(submission) if documents is None else documents
    typed = typed_signatures_of(submission)
    signatures = []
    for spec in signature_fields(submission.form_version.specs):
        drawn = documents.get((None, spec.key, DocumentKind.SIGNATURE))
        signature = typed.get(spec.key)
        if drawn is None and signature is None:
            continue
        signatures.append(
            {
                "label": localized(spec.label, language),
                "document": drawn,
                "typed": signature.name if signature and drawn is None else "",
                "signed_at": signature.signed_at if signature and drawn is None else None,
                "signed_from": signature.signed_from if signature and drawn is None else "",
            }
        )
    return signatures


def summary_of(submission, language):
    """[{title, rows: [(label, value)], documents: [...], signatures: [...]}] for each step with answers.

    `documents` are the files received (on the agreement, the drawn signatures); `signatures`, on the
    agreement only, every signature drawn or typed (see `signatures_of`).
    """
    specs = submission.form_version.specs
    answers = submission.answers
    guests = answers.get("guests", [])
    documents = documents_of(submission)
    sections = []
    for step in steps_for(specs, submission.party_size):
        if step.slug in ("review", "documents"):
            continue
        if step.guest_index is not None:
            given = guests[step.guest_index] if step.guest_index < len(guests) else {}
        else:
            given = answers.get("reservation", {})
        rows = [
            (localized(spec.label, language), display_value(spec, given.get(spec.key), language))
            for spec in fields_for(step, specs)
        ]
        if step.slug == "details":
            rows.insert(0, (_("Guests"), str(submission.party_size)))
        files = [
            doc
            for (guest_index, _key, _kind), doc in documents.items()
            if guest_index == step.guest_index and step.guest_index is not None
        ]
        signatures = []
        if step.slug == "agreement":
            files = [doc for (_g, _k, kind), doc in documents.items() if kind == DocumentKind.SIGNATURE]
            signatures = signatures_of(submission, language, documents)
        sections.append(
            {
                "title": str(step.title),
                "slug": step.slug,
                "rows": rows,
                "documents": files,
                "signatures": signatures,
                "guest_index": step.guest_index,
            }
        )
    reservation_files = [
        doc
        for (guest_index, _k, kind), doc in documents.items()
        if guest_index is None and kind != DocumentKind.SIGNATURE
    ]
    if reservation_files and sections:
        sections[0]["documents"] = reservation_files
    return sections
