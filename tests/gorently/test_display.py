"""What long lists print, prepared once (gorently.display)."""

import datetime

from django.utils import translation
from django.utils.formats import date_format

from gorently.display import DateText

DAY = datetime.date(2026, 12, 1)


def test_a_date_reads_as_djangos_date_format_in_the_active_language():
    for language in ("en", "es", "de"):
        with translation.override(language):
            assert DateText("D j M Y")(DAY) == date_format(DAY, "D j M Y")


def test_a_date_kept_in_one_language_is_not_shown_in_another():
    with translation.override("en"):
        english = DateText("D j M Y")(DAY)
    with translation.override("es"):
        spanish = DateText("D j M Y")(DAY)

    assert (english, spanish) == ("Tue 1 Dec 2026", "mar 1 Dic 2026")


def test_each_format_is_kept_apart_and_no_date_is_blank():
    assert (DateText("j M")(DAY), DateText("D j M Y")(DAY), DateText("j M")(None)) == ("1 Dec", "Tue 1 Dec 2026", "")
