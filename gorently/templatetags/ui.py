from django import template
from django.utils.html import format_html

from gorently.dates import day_with_weekday

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


@register.filter
def weekday_date(day):
    """`{{ reservation.check_in|weekday_date }}`: Monday, 7 December 2026 (see gorently.dates)."""
    return day_with_weekday(day) if day else ""
