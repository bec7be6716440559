"""The public guide, reached by a property's guide token: only sections for everyone, never a secret.

Like the guest portal, a wrong token (or an archived property) is a plain 404, every
request counts towards the IP's rate limit, and wrong tokens count towards the same
lock-out as wrong portal links.
"""

import qrcode
import qrcode.image.svg
from django.shortcuts import render
from django.urls import reverse
from django.utils.safestring import mark_safe

from gorently.throttle import secret_link
from gorently.translations import active_language
from properties.models import Visibility
from properties.selectors import branding_of, guide_for, property_for_guide_token, sections_of

# A wrong token (or an archived property) is a plain 404; misses count towards the portal's lock-out.
public_guide = secret_link(property_for_guide_token, group="guide")


def public_url(request, property):
    return request.build_absolute_uri(reverse("guide:public", args=[property.guide_token]))


def qr_svg(data):
    """The QR code of `data` as inline SVG markup (one path, drawn here: no external service)."""
    image = qrcode.make(data, image_factory=qrcode.image.svg.SvgPathImage, border=2)
    return mark_safe(image.to_string(encoding="unicode"))


@public_guide
def public(request, property):
    every = list(sections_of(property))
    sections = guide_for(property, language=active_language(), public=True, sections=every)
    has_private = any(section.visibility != Visibility.ALWAYS for section in every)
    context = {**branding_of(property), "sections": sections, "has_private": has_private}
    return render(request, "guide/public.html", context)


@public_guide
def print_page(request, property):
    """A sheet for the host to print and leave in the property: the public guide's QR code and address."""
    url = public_url(request, property)
    return render(request, "guide/print.html", {**branding_of(property), "url": url, "qr": qr_svg(url)})
