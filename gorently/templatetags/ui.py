from django import template
from django.utils.html import format_html

register = template.Library()

# One colour per meaning, everywhere: green done, amber under way, red stopped, blue booked, grey waiting.
BADGE_TONES = {
    "completed": "success",
    "accepted": "success",
    "in_progress": "warning",
    "pending": "warning",
    "confirmed": "info",
    "canceled": "danger",
    "revoked": "danger",
    "expired": "danger",
    "archived": "neutral",
}


@register.simple_tag
def badge(value, label):
    """A status badge: `{% badge reservation.status reservation.get_status_display %}`."""
    tone = BADGE_TONES.get(value, "neutral")
    return format_html('<span class="badge badge-{}">{}</span>', tone, label)


@register.simple_tag
def sort_link(current, key):
    """The sort value a column header links to: ascending first, then toggles."""
    return f"-{key}" if current == key else key
