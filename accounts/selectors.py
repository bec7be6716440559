from django.db.models import Count

from accounts.models import ActivityLog, ApiKey, Invitation, Membership, User
from gorently.access import get_or_404
from gorently.compiled import CompiledQuery

SESSION_KEY = "organization_id"


def current_membership(request, memberships=None):
    """The membership the user works in now: the one chosen in the session, else their first.

    `memberships`: the user's (`memberships_of`) when already loaded, as the middleware shares
    them with the account switcher: one query for both.
    """
    user = request.user
    if not user.is_authenticated:
        return None
    memberships = membership_list_of(user) if memberships is None else list(memberships)
    for membership in memberships:
        membership.user = user  # loaded already: no join, no query
    chosen = request.session.get(SESSION_KEY)
    for membership in memberships:
        if membership.organization_id == chosen:
            return membership
    return min(memberships, key=lambda m: (m.created_at, m.pk), default=None)


def _memberships_of(user_id):
    return Membership.objects.filter(user_id=user_id).select_related("organization").order_by("organization__name")


def memberships_of(user):
    return _memberships_of(user.pk)


# Read on every signed-in page (accounts.middleware): compiled once per connection (gorently.compiled),
# 1.05 ms to 0.3.
_MEMBERSHIPS = CompiledQuery(_memberships_of)


def membership_list_of(user):
    """The user's memberships with their host accounts, by account name, read into a list (memberships_of)."""
    return _MEMBERSHIPS.all(user.pk)


def team_of(actor):
    """Members of the current host account with their assigned properties (two queries)."""
    return (
        Membership.objects.filter(organization=actor.organization)
        .select_related("user")
        .prefetch_related("properties")
        .order_by("user__email")
    )


def pending_invitations_of(actor):
    return (
        Invitation.objects.pending()
        .filter(organization=actor.organization)
        .select_related("invited_by")
        .annotate(property_count=Count("properties"))
    )


def get_member_for(actor, member_id):
    return get_or_404(team_of(actor), pk=member_id)


def get_invitation_for(actor, invitation_id):
    return get_or_404(Invitation.objects.filter(organization=actor.organization), pk=invitation_id)


def api_keys_of(actor):
    """The host account's API keys, revoked ones too, newest first, with their properties (two queries)."""
    return (
        ApiKey.objects.filter(organization=actor.organization)
        .select_related("created_by")
        .prefetch_related("properties")
        .order_by("-created_at", "-pk")
    )


def api_key_for(actor, pk):
    """One of the account's API keys; another account's, or none, is 404."""
    return get_or_404(ApiKey.objects.filter(organization=actor.organization), pk=pk)


def invitation_by_token(raw_token):
    """A pending invitation for the token in an accept link, or None."""
    return (
        Invitation.objects.pending()
        .select_related("organization")
        .filter(token_hash=Invitation.hash(raw_token or ""))
        .first()
    )


def activity_of(reader, *, action="", actor="", date_from=None, date_to=None, query=""):
    """The host account's log, newest first, filtered (`actor`: part of who did it)."""
    rows = ActivityLog.objects.filter(organization=reader.organization).select_related("actor_user")
    if action:
        rows = rows.filter(action__startswith=action)
    if actor:
        rows = rows.filter(actor_label__icontains=actor)
    if date_from:
        rows = rows.filter(created_at__date__gte=date_from)
    if date_to:
        rows = rows.filter(created_at__date__lte=date_to)
    if query:
        rows = rows.filter(target_label__icontains=query)
    return rows


def activity_actions_of(actor):
    return (
        ActivityLog.objects.filter(organization=actor.organization)
        .order_by("action")
        .values_list("action", flat=True)
        .distinct()
    )


def user_exists(email):
    return User.objects.filter(email__iexact=email).exists()
