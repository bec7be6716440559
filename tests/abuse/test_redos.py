"""A host's answer format cannot hold a worker: patterns run in RE2, in time linear in the answer.

Finding: the pattern `^(a+)+$` and an answer of 28 `a`s and a `!` took 11 s with Python's `re`.
"""

import time

import pytest
from django.core.exceptions import ValidationError

from reservations.checkin.answers import clean_answer
from reservations.checkin.fields import FieldSpec
from reservations.checkin.services.forms import add_field

# Classic catastrophic-backtracking patterns and the answers that trigger them (as long as answers may be).
EVIL = [
    (r"^(a+)+$", "a" * 28 + "!"),
    (r"^(a+)+$", "a" * 199 + "!"),
    (r"^(a|aa)+$", "a" * 199 + "!"),
    (r"^(a|a?)+$", "a" * 199 + "!"),
    (r"^(.*a){20}$", "a" * 199 + "!"),
    (r"^(([a-z])+.)+[A-Z]([a-z])+$", "a" * 199 + "!"),
    (r"^(\w+\s?)*$", "word " * 39 + "!"),
]


def spec(pattern, kind="text"):
    return FieldSpec.from_dict({"key": "code", "type": kind, "scope": "main_guest", "pattern": pattern})


@pytest.mark.parametrize(("pattern", "answer"), EVIL)
def test_an_evil_pattern_answers_at_once(pattern, answer):
    started = time.perf_counter()
    with pytest.raises(ValidationError):
        clean_answer(spec(pattern), answer)

    assert time.perf_counter() - started < 0.05


def test_a_long_answer_to_a_long_form_question_is_just_as_quick():
    started = time.perf_counter()
    with pytest.raises(ValidationError):
        clean_answer(spec(r"^(a|aa)+$", kind="textarea"), "a" * 1999 + "!")

    assert time.perf_counter() - started < 0.05


def test_ordinary_formats_still_work():
    assert clean_answer(spec(r"^[A-Za-z0-9 -]{4,30}$"), "X1234567") == "X1234567"
    assert clean_answer(spec(r"^([01]?[0-9]|2[0-3]):[0-5][0-9]$"), "17:30") == "17:30"


@pytest.mark.parametrize("pattern", [r"(a)\1", r"(?=a)a", r"(?<!x)a", "([unclosed"])
def test_the_builder_refuses_a_pattern_that_needs_backtracking_or_is_broken(cast, pattern):
    with pytest.raises(ValidationError) as refused:
        add_field(actor=cast.owner, form=cast.form, key="code", type="text", label={"en": "Code"}, pattern=pattern)

    assert "regular expression we can use" in refused.value.message_dict["pattern"][0]
    assert not cast.form.fields.filter(key="code").exists()


def test_a_pattern_saved_before_the_check_never_blocks_a_guest():
    assert clean_answer(spec(r"(a)\1"), "anything") == "anything"
