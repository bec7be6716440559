"""Answers read back to the guest (review) and shown to the host: in words, not as stored."""

import pytest
from django.utils import translation

from reservations.checkin.fields import FieldSpec
from reservations.checkin.summary import display_value

CHOICES = {"options": [{"value": "passport", "label": {"en": "Passport", "es": "Pasaporte"}}, {"value": "id_card"}]}


@pytest.mark.parametrize(
    ("spec", "value", "language", "shown"),
    [
        ({"type": "text"}, "", "en", "—"),
        ({"type": "multichoice"}, [], "en", "—"),
        ({"type": "date"}, "1997-03-19", "en", "19 March 1997"),
        ({"type": "date"}, "1997-03-19", "es", "19 de marzo de 1997"),
        ({"type": "date"}, "1997-02-30", "en", "1997-02-30"),  # kept from before a validation rule: shown as is
        ({"type": "choice", **CHOICES}, "passport", "es", "Pasaporte"),
        ({"type": "choice", **CHOICES}, "id_card", "es", "id_card"),
        ({"type": "choice", **CHOICES}, "gone", "en", "gone"),  # an option removed since the guest answered
        ({"type": "multichoice", **CHOICES}, ["passport", "id_card"], "en", "Passport, id_card"),
        ({"type": "country"}, "ES", "en", "Spain"),
        ({"type": "country"}, "ES", "de", "Spanien"),
        ({"type": "yesno"}, True, "en", "Yes"),
        ({"type": "yesno"}, False, "fr", "Non"),
        ({"type": "agreement"}, True, "es", "Aceptado"),
        ({"type": "number"}, 3, "en", "3"),
    ],
)
def test_each_answer_reads_as_words_in_the_guests_language(spec, value, language, shown):
    field = FieldSpec.from_dict({"key": "question", "scope": "main_guest", **spec})
    with translation.override(language):
        assert display_value(field, value, language) == shown
