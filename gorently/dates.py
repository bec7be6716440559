"""A day written out with its weekday, in the active language's own pattern.

"Monday, 7 December 2026", "lunes, 7 de diciembre de 2026", "Montag, 7. Dezember 2026":
each locale's DATE_FORMAT (or MONTH_DAY_FORMAT without the year) after the weekday,
rather than one pattern for all, which drops the Spanish "de" and the German dot.
"""

from django.utils.formats import date_format


def day_with_weekday(day, *, year=True):
    return f"{date_format(day, 'l')}, {date_format(day, 'DATE_FORMAT' if year else 'MONTH_DAY_FORMAT')}"
