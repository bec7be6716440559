"""Markdown written by hosts, made safe for guests' pages.

Rendered with markdown-it (raw HTML disabled), then cleaned by nh3 with a short
allow-list, so no host can put script, event handlers or `javascript:` links on a
guest's page.
"""

from functools import lru_cache

import nh3
from django.utils.safestring import mark_safe
from markdown_it import MarkdownIt

_markdown = MarkdownIt("commonmark", {"html": False, "linkify": False, "breaks": True}).enable("table")
ALLOWED_TAGS = {"p", "br", "strong", "em", "ul", "ol", "li", "a", "h3", "h4", "blockquote", "code", "hr", "table",
                "thead", "tbody", "tr", "th", "td"}  # fmt: skip
ALLOWED_ATTRIBUTES = {"a": {"href", "title"}}


# The same text always gives the same HTML, and a guide's sections are drawn again on every visit: 2 ms of
# a public guide's page (8 sections). Kept per process: a host's text is at most 20,000 characters
# (HOST_TEXT_LIMIT), so 128 of the longest possible entries would hold about 8 MB; a usual guide's, a few
# kilobytes each.
@lru_cache(maxsize=128)
def render_markdown(text):
    html = _markdown.render(text or "")
    clean = nh3.clean(
        html,
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes={"http", "https", "mailto", "tel"},
        link_rel="noopener noreferrer nofollow",
    )
    return mark_safe(clean)
