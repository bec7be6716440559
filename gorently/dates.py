"""Days written out for people, in the active language's own pattern and capitalisation.

"Monday, 7 December 2026", "lunes, 7 de diciembre de 2026", "Montag, 7. Dezember 2026":
each locale's DATE_FORMAT (or MONTH_DAY_FORMAT without the year) after the weekday,
rather than one pattern for all, which drops the Spanish "de" and the German dot.

Django's catalogues capitalise month and weekday names in some languages ("Dicembre",
"Dezembro", "Martedì"), but Spanish, French, Italian and Portuguese write them in lower
case inside a sentence; `local_date` does.
"""

from functools import lru_cache

from django.utils.formats import date_format
from django.utils.translation import get_language

from gorently.translations import active_language

LOWER_CASE_NAMES = {"es", "fr", "it", "pt"}
NAME_FORMATS = "lDFMNbE"  # weekday and month names, long and short


def local_date(day, fmt="DATE_FORMAT"):
    return _local_date(day, fmt, get_language())


# Django's date_format takes about 40 µs (each name is a translation) and a lower-cased day eight of them;
# a check-in step wrote six days, a page of search results fifty. The days people read cluster around
# today, so each one's text is kept for the process, by format and language.
@lru_cache(maxsize=4096)
def _local_date(day, fmt, language):  # `language`: the key, as date_format reads the active one
    text = date_format(day, fmt)
    if active_language() in LOWER_CASE_NAMES:
        for code in NAME_FORMATS:
            name = date_format(day, code)
            text = text.replace(name, name.lower())
    return text


def day_with_weekday(day, *, year=True):
    return f"{local_date(day, 'l')}, {local_date(day, 'DATE_FORMAT' if year else 'MONTH_DAY_FORMAT')}"
