"""Who is asking, and whether they are asking too much: the client's address and per-address limits.

Guest links and the public guide are secrets in a URL, so a scanner guessing them is
locked out after PORTAL_MISS_LIMIT misses; every request also counts towards
PORTAL_RATE_LIMIT per address.
"""

import ipaddress
from functools import lru_cache, wraps

from django.conf import settings
from django.core.cache import cache
from django.http import Http404
from django.shortcuts import render
from django.utils.cache import patch_cache_control
from django.utils.translation import gettext as _
from django_ratelimit.core import is_ratelimited

MISS_WINDOW = 600  # seconds


@lru_cache
def _trusted_networks(proxies):
    return tuple(ipaddress.ip_network(proxy, strict=False) for proxy in proxies)


def _address(value):
    try:
        return ipaddress.ip_address(value)
    except ValueError:
        return None


def _is_trusted_proxy(address):
    return address is not None and any(
        address in network for network in _trusted_networks(tuple(settings.TRUSTED_PROXIES))
    )


def client_ip(request):
    """The address of whoever sent the request.

    REMOTE_ADDR, unless it is one of TRUSTED_PROXIES: then the nearest address in
    X-Forwarded-For that is not a trusted proxy, read from the right, since each
    proxy appends the address it saw. Whatever a client writes into the header
    itself stands to the left of that and is never believed.
    """
    remote = request.META.get("REMOTE_ADDR", "")
    if not _is_trusted_proxy(_address(remote)):
        return remote
    for hop in reversed(request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")):
        address = _address(hop.strip())
        if address is None:  # proxies write addresses: this came from the client, and so does all to its left
            return remote
        if not _is_trusted_proxy(address):
            return str(address)
    return remote


def _miss_key(request):
    return f"portal-miss:{client_ip(request)}"


def too_many(request):
    return render(
        request,
        "portal/error.html",
        {"title": _("Too many requests"), "message": _("Please wait a few minutes and try again.")},
        status=429,
    )


def refused(request, group):
    """The 429 page if this address guessed too many secret links or sends too many requests (this one counts)."""
    if cache.get(_miss_key(request), 0) >= settings.PORTAL_MISS_LIMIT:
        return too_many(request)
    if is_ratelimited(request, group=group, key="ip", rate=settings.PORTAL_RATE_LIMIT, increment=True):
        return too_many(request)
    return None


def count_miss(request):
    """A secret link that opened nothing: one more towards this address's lock-out."""
    cache.add(_miss_key(request), 0, MISS_WINDOW)
    cache.incr(_miss_key(request))


def secret_link(opens, *, group, private=False):
    """A view reached by a secret token in its URL: `opens(token)` finds what the token opens, or None.

    Every request counts towards the address's rate limit; a token that opens nothing is a
    plain 404 and one more miss towards its lock-out. The view gets what the token opened.
    `private` pages are never stored by a browser or a cache: on a shared device the back
    button must not show the next person someone else's stay.
    """

    def decorate(view):
        @wraps(view)
        def wrapped(request, token, *args, **kwargs):
            if (refusal := refused(request, group=group)) is not None:
                return refusal
            found = opens(token)
            if found is None:
                count_miss(request)
                raise Http404
            response = view(request, found, *args, **kwargs)
            if private:
                patch_cache_control(response, no_store=True, private=True)
            return response

        return wrapped

    return decorate
