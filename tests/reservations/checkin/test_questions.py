"""What the question templates draw: the same for a guest in the portal and for the host's preview."""

from django.utils import translation

from properties.models import GUIDE_PLACEHOLDERS, GUIDE_SECRET_PLACEHOLDERS
from properties.selectors import placeholders
from reservations.checkin.fields import AGREEMENT_PLACEHOLDERS, FieldSpec
from reservations.checkin.questions import (
    agreement_values,
    document_field,
    question,
    sample_agreement_values,
)
from reservations.selectors import stay_of

AGREEMENT = FieldSpec.from_dict(
    {
        "key": "rental_agreement",
        "type": "agreement",
        "scope": "reservation",
        "label": {"en": "I accept", "es": "Acepto"},
        "agreement": {"en": "I, {guest_name}, stay at {property_name} from {check_in}. <b>{unknown}</b>"},
    }
)


def test_an_agreement_is_filled_for_the_stay_and_escaped(cast):
    q = question(
        AGREEMENT, name="f-rental_agreement", language="en", agreement=agreement_values(cast.villa_reservation)
    )

    assert "I, Ana Villa, stay at Villa Mar from" in q["agreement"]
    assert "&lt;b&gt;{unknown}&lt;/b&gt;" in q["agreement"]


def test_the_stay_and_the_preview_fill_exactly_the_placeholders_hosts_are_told_about(cast):
    assert set(agreement_values(cast.villa_reservation)) == set(AGREEMENT_PLACEHOLDERS)
    assert set(sample_agreement_values("Seaside Stays", "es")) == set(AGREEMENT_PLACEHOLDERS)


def test_the_guide_fills_exactly_the_placeholders_hosts_are_told_about(cast):
    values = placeholders(cast.villa, stay_of(cast.villa_reservation), include_secrets=False)

    assert set(values) == set(GUIDE_PLACEHOLDERS) | set(GUIDE_SECRET_PLACEHOLDERS)
    assert {values[name] for name in GUIDE_SECRET_PLACEHOLDERS} == {"••••"}


def test_a_question_speaks_the_guests_language():
    with translation.override("es"):
        q = question(AGREEMENT, name="f-x", language="es", agreement={})

    assert q["label"] == "Acepto"


def test_a_document_has_a_front_and_a_back_each_with_its_input_and_accepted_files():
    spec = FieldSpec.from_dict({"key": "passport", "type": "document", "scope": "every_guest", "file_types": ["pdf"]})

    field = document_field(
        spec, names={"front": "doc-0-front", "back": "doc-0-back"}, language="en", uploaded={"front"}
    )

    assert [(side["name"], side["uploaded"], side["accept"]) for side in field["sides"]] == [
        ("doc-0-front", True, "application/pdf"),
        ("doc-0-back", False, "application/pdf"),
    ]
