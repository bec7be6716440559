"""What a long list's rows show, prepared once per page rather than once per row.

A row template that reverses a URL, formats two dates, looks up two choice labels and
translates its column labels does each of those 25 or 50 times a page; these helpers do
the page's share of that work once, so the rows are plain strings to print.
"""

from django.urls import reverse

from gorently.dates import local_date

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


class DateText:
    """Dates in one format of the active language (gorently.dates.local_date, which keeps each one's text)."""

    def __init__(self, fmt):
        self.fmt = fmt

    def __call__(self, day):
        return "" if day is None else local_date(day, self.fmt)
