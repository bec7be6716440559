"""GoRently's own wording: every event in every guest language, with the same placeholders as the English."""

import re

import pytest
from django.conf import settings

from notifications.defaults import DEFAULTS, default_for, order_status_for
from notifications.models import TEAM_EVENTS, Event
from notifications.placeholders import NAMES


def names(text):
    return set(re.findall(r"\{(\w+)\}", text))


@pytest.mark.parametrize("event", [event for event in Event.values if event not in TEAM_EVENTS])
def test_every_guest_event_speaks_every_guest_language_with_the_same_placeholders(event):
    english_subject, english_text = DEFAULTS[event]["en"]
    for language, _name in settings.LANGUAGES:
        subject, text = default_for(event, language)
        assert language in DEFAULTS[event], language
        assert (names(subject), names(text)) == (names(english_subject), names(english_text)), language
        assert names(subject + text) <= set(NAMES)


@pytest.mark.parametrize("awaiting_approval", [True, False])
def test_an_orders_status_reads_in_every_guest_language(awaiting_approval):
    texts = {order_status_for(awaiting_approval, language) for language, _name in settings.LANGUAGES}
    assert len(texts) == len(settings.LANGUAGES)
