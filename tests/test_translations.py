"""The guest portal is translated in full; the host dashboard stays English on purpose.

Guest-facing means: an entry of locale/<lang>/LC_MESSAGES/django.po with a reference
in one of GUEST_SOURCES. A new guest string left untranslated (or fuzzy) fails here,
and so does a .po edited without recompiling its .mo (CI has no gettext tools, so the
compiled catalogues are committed).
"""

import gettext
import json
import re
from dataclasses import dataclass, field
from pathlib import Path

import pytest

LOCALE_DIR = Path(__file__).resolve().parent.parent / "locale"
LANGUAGES = ["es", "fr", "de", "it", "pt"]
GUEST_SOURCES = (
    "templates/portal/",
    "templates/guide/",
    "templates/checkin/_",  # the question templates the portal (and the builder's preview) draw guests' questions with
    "portal/",
    "payments/services/checkout.py",  # its refusals are shown on the guest's extras page
    "reservations/checkin/answers.py",
    "reservations/checkin/questions.py",
    "reservations/checkin/steps.py",
    "reservations/checkin/summary.py",
    "reservations/checkin/uploads.py",
    "reservations/checkin/services/submissions.py",
    "properties/selectors.py",
    "properties/views/public_guide.py",
    "gorently/throttle.py",
    "gorently/images.py",
    "gorently/middleware.py",
)

KEY_MESSAGES = [
    "Start check-in",
    "Online check-in",
    "Save and continue",
    "Please check your answers",
    "Send my check-in",
    "You’re checked in",
    "Rental agreement",
    "This field is required.",
    "Enter an email address like name@example.com.",
    "Sign in the box with your finger or mouse.",
    "Step %(n)s of %(total)s",
    "Your guide",
    "Complete your online check-in to see this.",
    "Scan for the house guide",
]


@dataclass
class Entry:
    """One message of a .po file: its keywords (msgid, msgstr[0], ...), references and flags."""

    fields: dict[str, str] = field(default_factory=dict)
    references: list[str] = field(default_factory=list)
    flags: set[str] = field(default_factory=set)

    @property
    def msgid(self):
        return self.fields.get("msgid", "")

    @property
    def msgstrs(self):
        return [text for keyword, text in self.fields.items() if keyword.startswith("msgstr")]

    @property
    def translated(self):
        return "fuzzy" not in self.flags and bool(self.msgstrs) and all(self.msgstrs)

    @property
    def guest_facing(self):
        return any(reference.startswith(GUEST_SOURCES) for reference in self.references)


def parse_po(path):
    """The entries of a .po file, header and obsolete (#~) entries left out."""
    entries, entry, keyword = [], Entry(), None
    for line in path.read_text(encoding="utf-8").splitlines():
        line = line.strip()
        if not line or line.startswith("#~"):
            continue
        starts_entry = line.startswith("#") or line.startswith(("msgctxt ", "msgid "))
        if starts_entry and any(k.startswith("msgstr") for k in entry.fields):
            entries.append(entry)
            entry, keyword = Entry(), None
        if line.startswith("#:"):
            entry.references += line[2:].split()
        elif line.startswith("#,"):
            entry.flags |= {flag.strip() for flag in line[2:].split(",")}
        elif line.startswith("#"):
            continue  # translator or extracted comment
        elif line.startswith('"'):
            entry.fields[keyword] += json.loads(line)  # continuation of the previous keyword
        else:
            keyword, _, text = line.partition(" ")
            entry.fields[keyword] = json.loads(text)
    entries.append(entry)
    return [e for e in entries if e.msgid]


def po_path(language):
    return LOCALE_DIR / language / "LC_MESSAGES" / "django.po"


def compiled(language):
    with open(LOCALE_DIR / language / "LC_MESSAGES" / "django.mo", "rb") as mo:
        return gettext.GNUTranslations(mo)


def guest_entries(language):
    return [e for e in parse_po(po_path(language)) if e.guest_facing]


@pytest.mark.parametrize("language", LANGUAGES)
def test_key_guest_messages_are_translated_in_the_compiled_catalogue(language):
    catalogue = compiled(language)
    untranslated = [msgid for msgid in KEY_MESSAGES if catalogue.gettext(msgid) == msgid]
    assert not untranslated, f"{language}: {untranslated}"
    english = ("%(n)s file received", "%(n)s files received")
    assert all(catalogue.ngettext(*english, n) not in english for n in (1, 2))


@pytest.mark.parametrize("language", LANGUAGES)
def test_no_guest_facing_message_is_left_untranslated(language):
    entries = guest_entries(language)
    assert "Start check-in" in {e.msgid for e in entries}, "the parser found no guest-facing entries"
    untranslated = [e.msgid for e in entries if not e.translated]
    assert not untranslated, f"{language}: translate these guest-facing messages: {untranslated}"


@pytest.mark.parametrize("language", LANGUAGES)
def test_translations_keep_the_placeholders(language):
    """An unknown name would raise KeyError when rendered; a dropped one loses information."""
    placeholders = re.compile(r"%\(\w+\)[sd]")
    for entry in guest_entries(language):
        english = set(placeholders.findall(entry.msgid + entry.fields.get("msgid_plural", "")))
        for text in entry.msgstrs:
            used = set(placeholders.findall(text))
            if "msgid_plural" in entry.fields:
                assert used <= english, f"{language}: {entry.msgid!r} -> {text!r}"  # "One file" is fine
            else:
                assert used == english, f"{language}: {entry.msgid!r} -> {text!r}"


@pytest.mark.parametrize("language", LANGUAGES)
def test_compiled_catalogue_is_up_to_date(language):
    """Run `manage.py compilemessages --ignore=.venv` after editing a .po, and commit the .mo."""
    catalogue = compiled(language)
    for entry in guest_entries(language):
        if not entry.translated:
            continue
        msgid, context = entry.msgid, entry.fields.get("msgctxt")
        if "msgid_plural" in entry.fields:
            found = [catalogue.ngettext(msgid, entry.fields["msgid_plural"], n) for n in (1, 2)]
            expected = [entry.fields["msgstr[0]"], entry.fields["msgstr[1]"]]
        else:
            found = catalogue.pgettext(context, msgid) if context else catalogue.gettext(msgid)
            expected = entry.fields["msgstr"]
        assert found == expected, f"{language}: django.mo is stale for {msgid!r}"
