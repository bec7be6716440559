"""Filling `{name}` placeholders in text a host wrote (agreements, guide sections, messages).

Only a bare name in braces is a placeholder; anything else (`{name:>99}`, `{0}`,
`{a.b}`, a stray brace) stays as written. Host text is never handed to
`str.format`, whose format specs would let a host make a page as large as they like.
"""

import re

PLACEHOLDER = re.compile(r"\{([a-z][a-z0-9_]{0,49})\}")


def fill_placeholders(text, values):
    """`text` with each known `{name}` replaced by `values[name]`; unknown names stay as written."""
    return PLACEHOLDER.sub(lambda match: str(values.get(match[1], match[0])), text or "")
