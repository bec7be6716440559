"""Every guest page, in every guest language, shows no English where the catalogue has a translation.

A page is rendered in each language; the English of every translated message (long enough not to
be an ordinary word, like "Email") must not appear in its text. A template string left out of the
catalogue, a view that formats English before the language is set, or a gettext call at import time
shows up here.
"""

import gettext
import re
from html import unescape
from pathlib import Path

import pytest
from django.urls import reverse

from properties.models import SectionKind, Visibility
from properties.services import create_section
from reservations.checkin.services.submissions import start_checkin, submit_checkin
from tests.checkins import fill_in_everything

LOCALE = Path(__file__).resolve().parent.parent / "locale"
LANGUAGES = ["es", "fr", "de", "it", "pt"]
SHORTEST = 12  # characters: shorter messages are too often ordinary words shared by languages


def translated_english(language):
    """The English messages this language's catalogue translates to something else."""
    with open(LOCALE / language / "LC_MESSAGES" / "django.mo", "rb") as mo:
        catalogue = gettext.GNUTranslations(mo)
    english = set()
    for msgid, msgstr in catalogue._catalog.items():
        if isinstance(msgid, tuple):  # plural forms: (msgid, n)
            msgid = msgid[0]
        if "\x04" in msgid:  # with a context
            msgid = msgid.split("\x04", 1)[1]
        if msgid and msgstr and msgid != msgstr and len(msgid) >= SHORTEST and "%(" not in msgid:
            english.add(msgid)
    return english


def visible_text(html):
    html = re.sub(r"(?s)<(script|style)[^>]*>.*?</\1>", " ", html)
    text = unescape(re.sub(r"<[^>]+>", " ", html))
    return re.sub(r"\s+", " ", text)


@pytest.fixture
def pages(portal, cast):
    """Every page a guest can reach, for a stay whose check-in is under way and one whose check-in is done."""
    create_section(actor=cast.owner, property=portal.property, kind=SectionKind.WIFI, title={"en": "Wi-Fi"})
    create_section(
        actor=cast.owner,
        property=portal.property,
        kind=SectionKind.ARRIVAL,
        visibility=Visibility.AFTER_CHECKIN,
        title={"en": "Door code"},
    )
    submission = start_checkin(reservation=portal, language="en")
    submission.step = "review"
    submission.save()
    token = portal.portal_token
    urls = [reverse("portal:home", args=[token]), reverse("portal:guide", args=[token])]
    urls += [
        reverse("portal:step", args=[token, step])
        for step in ("details", "guest-1", "guest-2", "documents", "agreement")
    ]
    fill_in_everything(submission)
    urls.append(reverse("portal:step", args=[token, "review"]))
    urls += [
        reverse("guide:public", args=[portal.property.guide_token]),
        reverse("guide:print", args=[portal.property.guide_token]),
    ]
    return urls, submission


@pytest.mark.django_db
@pytest.mark.parametrize("language", LANGUAGES)
def test_no_guest_page_shows_english_a_translation_exists_for(client, pages, language):
    urls, submission = pages
    english = translated_english(language)
    assert len(english) > 50, "the catalogue's translated messages were not found"
    client.cookies.load({"django_language": language})
    left = {}
    done = reverse("portal:done", args=[submission.reservation.portal_token])
    for url in [*urls, done]:
        if url == done:
            submit_checkin(submission=submission, notify=False)
        response = client.get(url)
        assert response.status_code == 200, url
        text = visible_text(response.content.decode())
        found = sorted(message for message in english if message in text)
        if found:
            left[url] = found
    assert left == {}, f"{language}: English left on guest pages: {left}"
