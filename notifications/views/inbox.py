"""The member's conversations, unread first, each leading to its stay; owners also see the unassigned messages."""

from django.views.decorators.http import require_safe

from accounts.permissions import Rule, host_view
from gorently.pages import render_page
from notifications.selectors import inbox_of, unassigned_of

UNASSIGNED_SHOWN = 50


@host_view()
@require_safe
def inbox(request):
    membership = request.membership
    owner = membership.can(Rule.MANAGE_ACCOUNT)
    context = {
        "conversations": inbox_of(membership),
        "unassigned": list(unassigned_of(membership)[:UNASSIGNED_SHOWN]) if owner else None,
    }
    return render_page(request, "notifications/inbox.html", context)
