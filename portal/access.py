"""The guest portal's gate: a token opens one reservation; scanning for tokens gets an address throttled."""

from functools import wraps

from django.http import Http404

from gorently.throttle import count_miss, refused
from reservations.selectors import reservation_for_token


def guest_portal(view):
    """Resolve the token (404 if it opens nothing) and throttle each address, stricter on wrong tokens."""

    @wraps(view)
    def wrapped(request, token, *args, **kwargs):
        if (refusal := refused(request, group="portal")) is not None:
            return refusal
        reservation = reservation_for_token(token)
        if reservation is None:
            count_miss(request)
            raise Http404
        return view(request, reservation, *args, **kwargs)

    return wrapped
