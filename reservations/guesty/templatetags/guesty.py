"""Template helpers of the Guesty pages: status badges in the shared tones, run durations, the navigation's count."""

from django import template
from django.utils.html import format_html

from gorently.badges import cached_count
from reservations.guesty.models import ConnectionStatus, SyncStatus
from reservations.guesty.selectors import open_issue_count

register = template.Library()

# The shared meanings (gorently.templatetags.ui): green done, amber under way, red stopped, grey waiting.
TONES = {
    ConnectionStatus.CONNECTED: "success",
    ConnectionStatus.CHECKING: "warning",
    ConnectionStatus.FAILED: "danger",
    ConnectionStatus.DISCONNECTING: "neutral",
    SyncStatus.QUEUED: "neutral",
    SyncStatus.RUNNING: "warning",
    SyncStatus.SUCCEEDED: "success",
    SyncStatus.FAILED: "danger",
}


@register.simple_tag
def guesty_badge(value, label):
    """`{% guesty_badge run.status run.get_status_display %}`: a connection's or a run's status."""
    return format_html('<span class="badge badge-{}">{}</span>', TONES.get(value, "neutral"), label)


@register.filter
def duration(delta):
    """A run's length as people say it: 45 s, 3 min 12 s, 2 h 5 min."""
    if delta is None:
        return ""
    seconds = max(0, round(delta.total_seconds()))
    if seconds < 60:
        return f"{seconds} s"
    minutes, seconds = divmod(seconds, 60)
    if minutes < 60:
        return f"{minutes} min {seconds} s" if seconds else f"{minutes} min"
    hours, minutes = divmod(minutes, 60)
    return f"{hours} h {minutes} min" if minutes else f"{hours} h"


@register.simple_tag(takes_context=True)
def open_guesty_issues(context):
    """The open sync issues of the signed-in owner's account (a COUNT, kept a while); 0 for anyone else.

    A Guesty page that counted them already (`open_issues`) is not asked again.
    """
    membership = context.get("membership")
    can = context.get("can")
    if membership is None or can is None or not can.manage_integrations:
        return 0
    counted = context.get("open_issues")
    if isinstance(counted, int):
        return counted
    organization = membership.organization
    return cached_count(
        "sync_issues", organization.pk, "", lambda: open_issue_count(organization), page=context.render_context
    )
