"""The guest portal's gate: a token opens one reservation; scanning for tokens gets an IP throttled."""

from functools import wraps

from django.conf import settings
from django.core.cache import cache
from django.http import Http404
from django.shortcuts import render
from django.utils.translation import gettext as _
from django_ratelimit.core import is_ratelimited

from reservations.checkin.selectors import reservation_for_token

MISS_WINDOW = 600  # seconds


def _client_ip(request):
    return request.META.get("REMOTE_ADDR", "")


def _miss_key(request):
    return f"portal-miss:{_client_ip(request)}"


def too_many(request):
    return render(
        request,
        "portal/error.html",
        {"title": _("Too many requests"), "message": _("Please wait a few minutes and try again.")},
        status=429,
    )


def refused(request, group="portal"):
    """The 429 page if this IP scanned for tokens or sends too many requests (this one counts), else None."""
    if cache.get(_miss_key(request), 0) >= settings.PORTAL_MISS_LIMIT:
        return too_many(request)
    if is_ratelimited(request, group=group, key="ip", rate=settings.PORTAL_RATE_LIMIT, increment=True):
        return too_many(request)
    return None


def count_miss(request):
    """A token that opened nothing: one more towards this IP's lock-out (portal and public guide alike)."""
    cache.add(_miss_key(request), 0, MISS_WINDOW)
    cache.incr(_miss_key(request))


def guest_portal(view):
    """Resolve the token (404 if it opens nothing) and throttle each IP, with a stricter limit on wrong tokens."""

    @wraps(view)
    def wrapped(request, token, *args, **kwargs):
        if (refusal := refused(request)) is not None:
            return refusal
        reservation = reservation_for_token(token)
        if reservation is None:
            count_miss(request)
            raise Http404
        request.portal_reservation = reservation
        return view(request, reservation, *args, **kwargs)

    return wrapped
