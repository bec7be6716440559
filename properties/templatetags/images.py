"""`{% picture %}`: a cover photo or logo as a `<picture>` of its sized variants (properties.pictures).

    {% picture property.cover_photo sizes="100vw" class="portal-cover" alt="" %}
    {% picture brand.logo box="160x40" class="portal-logo" alt=organization.name %}

`sizes` tells the browser how wide the image is shown, so it downloads the variant that fills that
width at the screen's pixel density; `box="WxH"` is for a logo fitted into a box: its shown width is
worked out from its proportions and written as `sizes`, `width` and `height`. Until a new upload's
variants exist, `until_ready="original"` (host pages) shows the stored file and `until_ready="none"`
(guest pages, the default) nothing. Any other keyword becomes an attribute of the `<img>`.
"""

from django import template
from django.template.loader import render_to_string

register = template.Library()


def _fit(box, width, height):
    """The size (CSS px) at which a `width`×`height` picture fits in a `box` ("160x40")."""
    box_width, box_height = (int(n) for n in box.split("x"))
    scale = min(box_width / width, box_height / height)
    return max(1, round(width * scale)), max(1, round(height * scale))


@register.simple_tag
def picture(file, sizes="100vw", box=None, until_ready="none", **attrs):
    if not file or not file.field.widths:
        return ""
    width, height = file.width, file.height
    if box:
        width, height = _fit(box, width, height)
        sizes = f"{width}px"
    attrs.setdefault("alt", "")
    attrs.setdefault("decoding", "async")
    if not file.variants_ready:
        if until_ready != "original":
            return ""
        context = {"src": file.url, "width": width, "height": height, "attrs": sorted(attrs.items())}
        return render_to_string("properties/_picture.html", context)
    fallback = file.field.fallback_type
    context = {
        "sources": file.sources(),
        "src": file.variant_url(640),
        "srcset": file.srcset(fallback),
        "sizes": sizes,
        "width": width,
        "height": height,
        "attrs": sorted(attrs.items()),
    }
    return render_to_string("properties/_picture.html", context)


@register.filter
def variant_url(file, min_width):
    """One variant's address, e.g. for an email or a preview: `{{ brand.logo|variant_url:320 }}`."""
    if not file:
        return ""
    return file.variant_url(int(min_width), "WEBP") if file.variants_ready else file.url
