"""Who calls the API and what they may do: an API key (`Authorization: Bearer gr_…`) or a signed-in member.

Either way the caller is an actor (an `ApiKey` acts as itself, a session as the membership), so the
API reads through the same selectors and writes through the same services as the pages. A read-only
key writing is 403; each view names the rule its reads and writes need; requests are counted per key.
"""

from django.utils.translation import gettext_lazy as _
from rest_framework import exceptions, permissions, throttling
from rest_framework.authentication import BaseAuthentication, get_authorization_header

from accounts.api_keys import key_for
from accounts.models import ApiKey, ApiKeyScope
from accounts.permissions import Rule


class ApiKeyAuthentication(BaseAuthentication):
    def authenticate(self, request):
        words = get_authorization_header(request).split()
        if not words or words[0].lower() != b"bearer":
            return None
        if len(words) != 2:
            raise exceptions.AuthenticationFailed(_("Send the key as: Authorization: Bearer gr_…"))
        key = key_for(words[1].decode("latin-1"))
        if key is None:
            raise exceptions.AuthenticationFailed(_("This API key is unknown or has been revoked."))
        request._request.membership = None  # a key never acts as the browser's signed-in member
        return None, key

    def authenticate_header(self, request):
        return 'Bearer realm="api"'


def actor_of(request):
    """The API key, or the signed-in member's membership; None for anyone else."""
    if isinstance(request.auth, ApiKey):
        return request.auth
    if request.user is not None and request.user.is_authenticated:
        return request.membership or None
    return None


class ActsForTheAccount(permissions.BasePermission):
    """An actor whom the view's rule allows; writes need a read-and-write key."""

    def has_permission(self, request, view):
        actor = actor_of(request)
        if actor is None:
            raise exceptions.NotAuthenticated(_("Send an API key: Authorization: Bearer gr_…"))
        if getattr(view, "action_map", None) is not None and getattr(view, "action", None) is None:
            return True  # a method the endpoint has not: DRF answers 405
        writing = request.method not in permissions.SAFE_METHODS
        if writing and isinstance(actor, ApiKey) and actor.scope != ApiKeyScope.WRITE:
            raise exceptions.PermissionDenied(_("This API key is read-only."))
        rule = getattr(view, "action_rules", {}).get(getattr(view, "action", None))
        rule = rule or (getattr(view, "write_rule", None) if writing else getattr(view, "read_rule", Rule.VIEW))
        if rule is None or not actor.can(rule):
            raise exceptions.PermissionDenied(_("This key or role may not do this."))
        return True


class PerKeyThrottle(throttling.SimpleRateThrottle):
    """API_RATE_LIMIT requests per key (or per member, or per address before authentication)."""

    scope = "api"

    def get_cache_key(self, request, view):
        if isinstance(request.auth, ApiKey):
            ident = f"key:{request.auth.prefix}"
        elif request.user is not None and request.user.is_authenticated:
            ident = f"user:{request.user.pk}"
        else:
            ident = self.get_ident(request)
        return self.cache_format % {"scope": self.scope, "ident": ident}
