"""Filling `{name}` placeholders in text a host wrote (agreements, guide sections, messages).

Only a bare name in braces is a placeholder; anything else (`{name:>99}`, `{0}`,
`{a.b}`, a stray brace) stays as written. Host text is never handed to
`str.format`, whose format specs would let a host make a page as large as they like.
"""

import re

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

PLACEHOLDER = re.compile(r"\{([a-z][a-z0-9_]{0,49})\}")
# A text fills at most this many: the output is never more than the text plus this many values.
MAX_FILLED = 200


def fill_placeholders(text, values):
    """`text` with each known `{name}` replaced by `values[name]`; unknown names stay as written."""
    filled = 0

    def fill(match):
        nonlocal filled
        if match[1] not in values or filled >= MAX_FILLED:
            return match[0]
        filled += 1
        return str(values[match[1]])

    return PLACEHOLDER.sub(fill, text or "")


class PlaceholderValidator:
    """Refuses a host's text naming a placeholder that is not one of `known` (guests would see it as typed)."""

    def __init__(self, known):
        self.known = tuple(known)

    def __call__(self, text):
        unknown = sorted({name for name in PLACEHOLDER.findall(text or "") if name not in self.known})
        if unknown:
            raise ValidationError(
                _("Unknown placeholder %(unknown)s: guests would see it as written. You can use %(known)s."),
                params={
                    "unknown": ", ".join(f"{{{name}}}" for name in unknown),
                    "known": " ".join(f"{{{name}}}" for name in self.known),
                },
                code="unknown_placeholder",
            )

    def __eq__(self, other):
        return isinstance(other, PlaceholderValidator) and self.known == other.known
