"""Phone numbers as the host reads and dials them (gorently.phones, the `phone` template filter)."""

import pytest
from django.template import Context, Template
from phonenumber_field.phonenumber import PhoneNumber

from gorently.phones import international, tel_uri


@pytest.mark.parametrize(
    ("stored", "shown", "uri"),
    [
        ("+34600123456", "+34 600 12 34 56", "tel:+34600123456"),
        ("+34 612 345 678", "+34 612 34 56 78", "tel:+34612345678"),  # as a guest typed it at check-in
        ("+33612345678", "+33 6 12 34 56 78", "tel:+33612345678"),
        ("+14155552671", "+1 415-555-2671", "tel:+14155552671"),
        (PhoneNumber.from_string("+351912345678"), "+351 912 345 678", "tel:+351912345678"),
    ],
)
def test_a_number_is_shown_in_the_international_format_and_dialled_in_e164(stored, shown, uri):
    assert international(stored) == shown
    assert tel_uri(stored) == uri


@pytest.mark.parametrize("stored", ["612 345 678", "call me", "+", "123", "9" * 60])
def test_something_that_is_no_number_is_shown_as_it_is_and_not_dialled(stored):
    assert international(stored) == stored
    assert tel_uri(stored) == ""


@pytest.mark.parametrize("stored", [None, ""])
def test_no_number_is_nothing(stored):
    assert international(stored) == ""
    assert tel_uri(stored) == ""


def _render(value):
    return Template("{% load ui %}{{ value|phone }}").render(Context({"value": value}))


def test_the_filter_makes_a_tel_link():
    assert _render("+34600123456") == '<a href="tel:+34600123456" class="nowrap">+34 600 12 34 56</a>'


def test_the_filter_escapes_what_it_cannot_link():
    assert _render("<b>555</b>") == "&lt;b&gt;555&lt;/b&gt;"
    assert _render("") == ""
