"""The guest portal's gate: a token opens one reservation; scanning for tokens gets an address throttled.

The pages speak the guest's language: their own pick in the portal (Django's language
cookie) first, else the one the host set on the reservation, else their browser's.
"""

from functools import wraps

from django.conf import settings
from django.utils import translation

from gorently.throttle import secret_link
from reservations.selectors import reservation_for_token


def _in_the_guests_language(view):
    @wraps(view)
    def wrapped(request, reservation, *args, **kwargs):
        chosen_by_guest = settings.LANGUAGE_COOKIE_NAME in request.COOKIES
        language = reservation.guest_language
        if chosen_by_guest or language not in dict(settings.LANGUAGES):
            return view(request, reservation, *args, **kwargs)
        with translation.override(language):
            request.LANGUAGE_CODE = language
            response = view(request, reservation, *args, **kwargs)
        response.headers.setdefault("Content-Language", language)  # LocaleMiddleware keeps it
        return response

    return wrapped


def guest_portal(view):
    return secret_link(reservation_for_token, group="portal", private=True)(_in_the_guests_language(view))
