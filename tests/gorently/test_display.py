"""What long lists print, prepared once (gorently.display)."""

import datetime

from django.utils import translation

from gorently.display import DateText

DAY = datetime.date(2026, 12, 1)


def test_a_list_writes_its_dates_in_its_format_and_the_active_language():
    with translation.override("es"):
        spanish = DateText("D j M Y")(DAY)

    assert (DateText("j M")(DAY), DateText("D j M Y")(DAY), spanish) == ("1 Dec", "Tue 1 Dec 2026", "mar 1 dic 2026")


def test_a_row_without_a_date_shows_none():
    assert DateText("D j M Y")(None) == ""
