"""The activity log's rows as its page prints them (accounts/jinja2/accounts/activity_rows.html)."""

from dataclasses import dataclass
from datetime import UTC

from django.utils import timezone
from django.utils.formats import date_format
from django.utils.text import Truncator

TIME = "j M Y, H:i T"
DETAILS_SHOWN = 200  # characters; the export has them all


@dataclass(frozen=True, slots=True)
class ActivityRow:
    utc: str  # ISO 8601, for <time datetime>
    time: str  # in the viewer's zone
    actor: str
    action: str
    description: str
    target: str
    details: str
    ip_address: str


def activity_rows(entries, viewer_timezone):
    """One ActivityRow per entry (each with `details_words`: accounts.activity.in_words)."""
    zone = viewer_timezone or UTC
    return [
        ActivityRow(
            utc=entry.created_at.astimezone(UTC).isoformat(),
            time=date_format(timezone.localtime(entry.created_at, zone), TIME),
            actor=entry.actor_label,
            action=entry.action,
            description=str(entry.description),
            target=entry.target_label,
            details=Truncator(entry.details_words).chars(DETAILS_SHOWN) if entry.details_words else "",
            ip_address=entry.ip_address or "",
        )
        for entry in entries
    ]
