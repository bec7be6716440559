"""Texts hosts write in several languages: {"en": "...", "es": "..."}."""


def localized(texts, language):
    """The text in `language`, falling back to English (always present), else empty."""
    texts = texts or {}
    return texts.get(language) or texts.get("en") or ""
