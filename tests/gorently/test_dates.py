"""Days as each language writes them: its own pattern, and month and weekday names in lower case where it says so."""

from datetime import date

import pytest
from django.utils import translation

from gorently.dates import day_with_weekday, local_date

DAY = date(2026, 12, 1)


@pytest.mark.parametrize(
    ("language", "written"),
    [
        ("en", "Tuesday, 1 December 2026"),
        ("es", "martes, 1 de diciembre de 2026"),
        ("de", "Dienstag, 1. Dezember 2026"),
        ("it", "martedì, 1 dicembre 2026"),
        ("pt", "terça-feira, 1 de dezembro de 2026"),
    ],
)
def test_a_day_with_its_weekday(language, written):
    with translation.override(language):
        assert day_with_weekday(DAY) == written


@pytest.mark.parametrize(
    ("language", "written"), [("es", "mar 1 dic 2026"), ("it", "mar 1 dic 2026"), ("de", "Di 1 Dez 2026")]
)
def test_short_names_follow_the_same_rule(language, written):
    with translation.override(language):
        assert local_date(DAY, "D j M Y") == written


def test_a_day_written_in_one_language_is_written_anew_in_another():
    written = {}
    for language in ("en", "es", "pt", "pt-br", "en"):
        with translation.override(language):
            written[language] = local_date(DAY, "l j F")

    assert written == {
        "en": "Tuesday 1 December",
        "es": "martes 1 diciembre",
        "pt": "terça-feira 1 dezembro",
        "pt-br": "terça-feira 1 dezembro",
    }
