from django import template

from notifications.selectors import unread_count

register = template.Library()


@register.simple_tag(takes_context=True)
def unread_messages(context):
    """Guests' messages not read yet in the signed-in member's stays (one COUNT); 0 without a member."""
    membership = context.get("membership")
    if membership is None or getattr(membership, "organization_id", None) is None:
        return 0
    return unread_count(membership)
