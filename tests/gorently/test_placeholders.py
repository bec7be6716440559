"""Host-written text with {placeholders}: names are filled in, nothing else is ever evaluated."""

from hypothesis import given
from hypothesis import strategies as st

from gorently.placeholders import fill_placeholders

VALUES = {"guest_name": "Ana", "property_name": "Villa Mar"}


def test_known_names_are_filled_and_unknown_ones_stay_as_written():
    text = "Hello {guest_name}, welcome to {property_name}. {unknown_name} stays."

    assert fill_placeholders(text, VALUES) == "Hello Ana, welcome to Villa Mar. {unknown_name} stays."


def test_a_format_spec_is_text_not_an_instruction():
    # str.format would pad this to four billion characters; here it is just what the host typed.
    text = "{property_name:>4000000000}"

    assert fill_placeholders(text, VALUES) == text


def test_indexes_attributes_and_stray_braces_stay_as_written():
    text = "{0} {guest_name.__class__} {property_name[0]} { guest_name } {{guest_name}} {"

    assert fill_placeholders(text, VALUES) == "{0} {guest_name.__class__} {property_name[0]} { guest_name } {Ana} {"


def test_an_empty_text_is_empty():
    assert fill_placeholders("", VALUES) == ""
    assert fill_placeholders(None, VALUES) == ""


@given(st.text(max_size=200))
def test_the_result_grows_only_by_the_values_filled_in(text):
    filled = fill_placeholders(text, VALUES)

    longest = max(len(v) for v in VALUES.values())
    assert len(filled) <= len(text) + text.count("{") * longest
