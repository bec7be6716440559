"""Country names in a guest's language, read once per language and process.

django_countries translates and sorts its ~250 names on every pass over `countries`: a country
question's options, and every country answer read back, would each pay for that again.
"""

from functools import cache

from django.utils import translation
from django.utils.html import escape
from django.utils.safestring import mark_safe
from django_countries import countries


@cache
def country_names(language):
    """{code: name} of every country in `language`, in that language's alphabetical order."""
    with translation.override(language):
        return dict(countries)


@cache
def _escaped(language):
    return tuple((code, escape(name)) for code, name in country_names(language).items())


def country_options(value, language):
    """A country question's <option>s in `language`, `value` selected, as one string: looped over in the
    template, 250 rows cost milliseconds on every guest's step. Codes are two capital letters: nothing to escape."""
    return mark_safe(
        "".join(
            f'<option value="{code}"{" selected" if code == value else ""}>{name}</option>'
            for code, name in _escaped(language)
        )
    )
