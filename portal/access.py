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


def _to_show(token):
    return reservation_for_token(token, checkin=True)


def _to_save(token):
    return reservation_for_token(token, checkin=True, saving=True)


def guest_checkin(view):
    """guest_portal for the check-in's pages: the reservation comes with its check-in's form, and with its
    answers and brand to show them. A POST saves (the services read what they save) and moves on."""
    in_language = _in_the_guests_language(view)
    shown = secret_link(_to_show, group="portal", private=True)(in_language)
    saved = secret_link(_to_save, group="portal", private=True)(in_language)

    @wraps(view)
    def by_method(request, *args, **kwargs):
        return (saved if request.method == "POST" else shown)(request, *args, **kwargs)

    return by_method
