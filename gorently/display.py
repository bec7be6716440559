"""What a long list's rows show, prepared once per page rather than once per row.

A row template that reverses a URL, formats two dates, looks up two choice labels and
translates its column labels does each of those 25 or 50 times a page; these helpers do
the page's share of that work once, so the rows are plain strings to print.
"""

from functools import lru_cache

from django.urls import reverse
from django.utils.formats import date_format
from django.utils.translation import get_language

# One colour per meaning, everywhere: green done, amber under way, red stopped, blue booked, grey waiting.
BADGE_TONES = {
    "completed": "success",
    "accepted": "success",
    "in_progress": "warning",
    "pending": "warning",
    "confirmed": "info",
    "canceled": "danger",
    "revoked": "danger",
    "expired": "danger",
    "archived": "neutral",
}
_ID = 2**62 + 1  # a number no URL holds otherwise


def badge_tone(value):
    return BADGE_TONES.get(value, "neutral")


def id_url(viewname):
    """A function from an id to the URL of `viewname` (which takes that one id): reversed once."""
    head, _, tail = reverse(viewname, args=[_ID]).rpartition(str(_ID))
    return lambda pk: f"{head}{pk}{tail}"


def labels_of(choices):
    """{value: label} of a model's choices, each label translated once into the active language."""
    return {value: str(label) for value, label in choices}


@lru_cache(maxsize=4096)
def _date_text(day, fmt, language):  # the language is part of the key: date_format translates the names
    return date_format(day, fmt)


class DateText:
    """Dates in one format of the active language.

    Django's date_format takes about 40 µs a date (each weekday and month name is a translation), and a
    page of search results shows 50 different dates. The dates people look at cluster around today, so
    each date's text is kept for the process, by format and language.
    """

    def __init__(self, fmt):
        self.fmt = fmt
        self.language = get_language()

    def __call__(self, day):
        return "" if day is None else _date_text(day, self.fmt, self.language)
