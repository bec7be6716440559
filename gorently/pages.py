"""Rendering a host page the django-htmx way: one view answers both the browser and htmx."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import render
from django.utils.cache import patch_vary_headers

from gorently.forms import error_text


def render_page(request, template, context, *, partial=None, status=200):
    """The `partial` of `template` for an htmx request, else the whole page.

    A history-restore request (htmx lost its cached snapshot) gets the whole page,
    since htmx puts the answer in place of the page's body. `Vary: HX-Request`
    keeps caches from serving one answer for the other.
    """
    htmx = getattr(request, "htmx", None)
    wants_fragment = partial and htmx and not htmx.history_restore_request
    response = render(request, f"{template}#{partial}" if wants_fragment else template, context, status=status)
    patch_vary_headers(response, ["HX-Request"])
    return response


def run_and_report(request, action, done):
    """Run a service call (`action()`) for a button: its refusal, or `done`, is the message the next page shows."""
    try:
        action()
    except ValidationError as error:
        messages.error(request, error_text(error))
        return False
    messages.success(request, done)
    return True
