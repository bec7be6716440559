"""Rendering a host page the django-htmx way: one view answers both the browser and htmx."""

from django.shortcuts import render
from django.utils.cache import patch_vary_headers


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
