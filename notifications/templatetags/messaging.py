from django import template

from gorently.badges import cached_count
from notifications.selectors import unread_count

register = template.Library()


@register.simple_tag(takes_context=True)
def unread_messages(context):
    """Guests' messages not read yet in the signed-in member's stays (a COUNT, kept a while); 0 without a member."""
    membership = context.get("membership")
    if membership is None or getattr(membership, "organization_id", None) is None:
        return 0
    return cached_count(
        "unread",
        membership.organization_id,
        membership.pk,
        lambda: unread_count(membership),
        page=context.render_context,
    )
