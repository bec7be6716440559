"""Texts hosts write in several languages: {"en": "...", "es": "..."}, and the language a page is in."""

from django.utils.translation import get_language


def localized(texts, language):
    """The text in `language`, falling back to English (always present), else empty."""
    texts = texts or {}
    return texts.get(language) or texts.get("en") or ""


def active_language():
    """The active language's code without its region: "pt" for "pt-br"."""
    return (get_language() or "en").split("-")[0]
