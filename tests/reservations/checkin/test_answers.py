"""A guest's answer to each type of question is cleaned, or refused with a message in plain words.

`clean_answer` takes what the browser posted (a string, or a list for a
multiple choice) and returns the value to store; whatever is posted, it never
fails with anything but a ValidationError.
"""

import pytest
from django.core.exceptions import ValidationError
from hypothesis import given
from hypothesis import strategies as st

from reservations.checkin.answers import TEXT_LIMITS, clean_answer
from reservations.checkin.fields import FieldSpec, FieldType

OPTIONS = [
    {"value": "passport", "label": {"en": "Passport"}},
    {"value": "id_card", "label": {"en": "National ID card"}},
    {"value": "driving_licence", "label": {"en": "Driving licence"}},
]


def spec(kind, **attrs):
    """A frozen field as a form version holds it; required unless told otherwise."""
    return FieldSpec.from_dict(
        {
            "key": "question",
            "type": kind,
            "scope": "main_guest",
            "required": True,
            "label": {"en": "Question"},
            "help": {},
            "options": OPTIONS if kind in ("choice", "multichoice") else [],
            "min": None,
            "max": None,
            "pattern": "",
            "agreement": {"en": "I agree."} if kind == "agreement" else {},
        }
        | attrs
    )


def refused(field, raw):
    """The message a guest reads when the answer is refused."""
    with pytest.raises(ValidationError) as error:
        clean_answer(field, raw)
    return error.value.messages[0]


# --- Short and long text -------------------------------------------------------------


def test_text_is_kept_without_surrounding_spaces():
    assert clean_answer(spec("text"), "  Ana María  ") == "Ana María"


@pytest.mark.parametrize("kind", ["text", "textarea"])
def test_text_longer_than_the_type_allows_is_refused(kind):
    limit = TEXT_LIMITS[kind]

    assert clean_answer(spec(kind), "x" * limit) == "x" * limit
    assert refused(spec(kind), "x" * (limit + 1)) == f"Use at most {limit} characters."


def test_the_host_can_set_a_shorter_maximum_but_not_a_longer_one():
    assert refused(spec("text", max=5), "abcdef") == "Use at most 5 characters."
    assert refused(spec("text", max=10_000), "x" * 201) == "Use at most 200 characters."


def test_text_shorter_than_the_minimum_is_refused():
    assert refused(spec("text", min=3), "ab") == "Use at least 3 characters."
    assert clean_answer(spec("text", min=3), "abc") == "abc"


def test_text_must_match_the_hosts_pattern():
    document_number = spec("text", pattern=r"^[A-Za-z0-9 -]{4,30}$")

    assert clean_answer(document_number, "X1234567") == "X1234567"
    assert refused(document_number, "X1") == "This doesn’t look right. Check the format and try again."
    assert refused(document_number, "X12345<script>") == "This doesn’t look right. Check the format and try again."


def test_a_broken_pattern_is_the_hosts_mistake_and_does_not_block_the_guest():
    assert clean_answer(spec("text", pattern="([unclosed"), "anything") == "anything"


def test_null_characters_are_refused():
    assert refused(spec("textarea"), "line\x00break") == "Remove the invisible characters from this answer."


# --- Email ---------------------------------------------------------------------------------


def test_an_email_address_is_kept_with_its_domain_in_lower_case():
    assert clean_answer(spec("email"), " Ana.Garcia@Example.COM ") == "Ana.Garcia@example.com"


@pytest.mark.parametrize("raw", ["ana", "ana@", "@example.com", "ana@example", "ana garcia@example.com", "a" * 400])
def test_something_that_is_not_an_email_address_is_refused(raw):
    assert refused(spec("email"), raw) == "Enter an email address like name@example.com."


# --- Phone -------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("raw", "e164"),
    [
        ("+34 612 345 678", "+34612345678"),
        ("+34612345678", "+34612345678"),
        ("0034 612 345 678", "+34612345678"),
        ("+44 20 7946 0958", "+442079460958"),
        ("+1 (415) 555-2671", "+14155552671"),
    ],
)
def test_a_phone_number_is_stored_in_e164(raw, e164):
    assert clean_answer(spec("phone"), raw) == e164


@pytest.mark.parametrize("raw", ["612 345 678", "(415) 555-2671", "34612345678"])
def test_a_phone_number_without_a_country_code_is_refused(raw):
    assert refused(spec("phone"), raw) == "Start with the country code, e.g. +44."


@pytest.mark.parametrize("raw", ["+1 555", "+999 123456", "+34 123", "00", "+", "+34 612 345 678 999 999", "+34 abc"])
def test_a_number_that_cannot_exist_is_refused(raw):
    assert refused(spec("phone"), raw) == "Enter a valid phone number with its country code."


# --- Date --------------------------------------------------------------------------------------


@pytest.mark.parametrize("raw", ["1990-04-01", "1900-01-01", "2100-12-31"])
def test_an_iso_date_is_kept(raw):
    assert clean_answer(spec("date"), raw) == raw


@pytest.mark.parametrize("raw", ["01/04/1990", "1 April 1990", "1990-02-30", "1990-13-01", "yesterday"])
def test_a_date_in_another_format_or_that_does_not_exist_is_refused(raw):
    assert refused(spec("date"), raw) == "Enter a date like 2026-07-31."


@pytest.mark.parametrize("raw", ["1899-12-31", "2101-01-01", "0001-01-01", "9999-12-31"])
def test_a_date_out_of_range_is_refused(raw):
    assert refused(spec("date"), raw) == "Enter a real date."


# --- Number ------------------------------------------------------------------------------------


@pytest.mark.parametrize(("raw", "value"), [("3", 3), ("-0", 0), ("2.5", "2.5"), ("2,5", "2.5"), ("1e12", 10**12)])
def test_a_number_is_kept_whole_when_it_is_whole(raw, value):
    assert clean_answer(spec("number"), raw) == value


@pytest.mark.parametrize(
    "raw", ["three", "1.2.3", "NaN", "nan", "sNaN", "Infinity", "-inf", "1e13", "-1e400", "10E999999", "1e999999999"]
)
def test_what_is_not_a_finite_reasonable_number_is_refused(raw):
    assert refused(spec("number"), raw) == "Enter a number."


def test_a_number_must_be_within_the_hosts_bounds():
    children = spec("number", min=0, max=4)

    assert clean_answer(children, "0") == 0
    assert clean_answer(children, "4") == 4
    assert refused(children, "-1") == "Enter 0 or more."
    assert refused(children, "4.5") == "Enter 4 or less."


# --- Country, choice, multiple choice, yes/no ----------------------------------------------------


def test_a_country_is_stored_as_its_upper_case_code():
    assert clean_answer(spec("country"), "es") == "ES"
    assert clean_answer(spec("country"), "GB") == "GB"


@pytest.mark.parametrize("raw", ["XX", "Spain", "ESP", "E"])
def test_an_unknown_country_is_refused(raw):
    assert refused(spec("country"), raw) == "Choose a country from the list."


def test_a_choice_must_be_one_of_the_options():
    assert clean_answer(spec("choice"), "passport") == "passport"
    assert refused(spec("choice"), "Passport") == "Choose from the options shown."
    assert refused(spec("choice"), "birth_certificate") == "Choose from the options shown."


def test_a_choice_posted_twice_keeps_the_last_value():
    assert clean_answer(spec("choice"), ["passport", "id_card"]) == "id_card"


def test_a_multiple_choice_keeps_every_option_chosen():
    assert clean_answer(spec("multichoice"), ["passport", " id_card "]) == ["passport", "id_card"]


def test_a_multiple_choice_with_an_unknown_option_is_refused():
    assert refused(spec("multichoice"), ["passport", "library_card"]) == "Choose from the options shown."


def test_a_multiple_choice_posted_as_a_single_string_counts_as_unanswered():
    assert refused(spec("multichoice"), "passport") == "This field is required."
    assert clean_answer(spec("multichoice", required=False), "passport") == []


@pytest.mark.parametrize(("raw", "value"), [("yes", True), ("YES", True), ("no", False), (" No ", False)])
def test_yes_or_no(raw, value):
    assert clean_answer(spec("yesno"), raw) is value


@pytest.mark.parametrize("raw", ["maybe", "true", "1", "sí"])
def test_anything_but_yes_or_no_is_refused(raw):
    assert refused(spec("yesno"), raw) == "Answer yes or no."


# --- Agreement ----------------------------------------------------------------------------------


@pytest.mark.parametrize("raw", ["on", "yes", "true", "1", "ON"])
def test_a_ticked_agreement_is_accepted(raw):
    assert clean_answer(spec("agreement"), raw) is True


@pytest.mark.parametrize("raw", [None, "", "off", "no"])
def test_a_required_agreement_must_be_ticked(raw):
    assert refused(spec("agreement"), raw) == "You need to accept the agreement to check in."


@pytest.mark.parametrize("raw", [None, "", "off"])
def test_an_optional_agreement_left_unticked_is_false(raw):
    assert clean_answer(spec("agreement", required=False), raw) is False


# --- Blanks --------------------------------------------------------------------------------------

ANSWERABLE = ["text", "textarea", "email", "phone", "date", "number", "country", "choice", "yesno"]


@pytest.mark.parametrize("kind", [*ANSWERABLE, "multichoice"])
@pytest.mark.parametrize("raw", [None, "", "   ", [], [""]])
def test_a_required_question_left_blank_is_refused(kind, raw):
    assert refused(spec(kind), raw) == "This field is required."


@pytest.mark.parametrize("kind", ANSWERABLE)
@pytest.mark.parametrize("raw", [None, "", "   ", []])
def test_an_optional_question_left_blank_is_none(kind, raw):
    assert clean_answer(spec(kind, required=False), raw) is None


@pytest.mark.parametrize("raw", [None, [], ["", "  "]])
def test_an_optional_multiple_choice_left_blank_is_an_empty_list(raw):
    assert clean_answer(spec("multichoice", required=False), raw) == []


@pytest.mark.parametrize("kind", ["document", "signature"])
def test_a_file_question_cannot_be_answered_with_text(kind):
    assert refused(spec(kind), "hello") == "This question cannot be answered here."


# --- Whatever is posted: a value or a ValidationError, never a crash ------------------------------

KINDS = [str(kind) for kind in FieldType]
SPECS = st.builds(
    spec,
    kind=st.sampled_from(KINDS),
    required=st.booleans(),
    min=st.one_of(st.none(), st.integers(-5, 50)),
    max=st.one_of(st.none(), st.integers(-5, 5000)),
    pattern=st.sampled_from(["", r"^[A-Za-z0-9 -]{4,30}$", r"^([01]?[0-9]|2[0-3]):[0-5][0-9]$", "(["]),
)
# Text of any kind: control characters, right-to-left marks, emoji, and now and then a huge string.
TEXTS = st.one_of(
    st.text(),
    st.text(alphabet=st.characters(codec="utf-8", categories=["Cc", "Cf", "Zs", "Nd"])),
    st.text(min_size=5_000, max_size=20_000),
    st.sampled_from(["NaN", "-Infinity", "sNaN", "1e999999999", "1" * 5000, "00", "+", "\x00", "yes", "passport"]),
)
RAWS = st.one_of(st.none(), TEXTS, st.lists(TEXTS, max_size=5))


def _value_or_validation_error(field, raw):
    try:
        value = clean_answer(field, raw)
    except ValidationError as error:
        assert error.messages and all(message.strip() for message in error.messages)
        return
    assert value is None or isinstance(value, str | int | bool | list)


@given(field=SPECS, raw=RAWS)
def test_any_posted_value_gives_a_value_or_a_validation_error(field, raw):
    _value_or_validation_error(field, raw)


@pytest.mark.parametrize("kind", KINDS)
@given(raw=RAWS)
def test_every_field_type_survives_any_text(kind, raw):
    _value_or_validation_error(spec(kind), raw)
    _value_or_validation_error(spec(kind, required=False), raw)
