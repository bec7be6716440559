"""Guest pages stay light on a weak connection.

HTML + CSS + JS of a check-in step or the guide under 100 KB; the guest's first page, with a real
phone photo as its cover and a logo, under 150 KB counting the image bytes a phone downloads.
"""

import re
from pathlib import Path

import pytest
from django.contrib.staticfiles import finders
from django.core.files.storage import default_storage
from django.urls import reverse

from tests.photos import upload_cover, upload_logo

BUDGET = 100 * 1024
BUDGET_WITH_IMAGES = 150 * 1024
PHONE_WIDTH, PHONE_DPR = 390, 3  # an iPhone 14 or 15: 390 CSS px wide, 3 device pixels per CSS px
ROOT_FONT_SIZE = 16  # px, for `rem` in `sizes`


def _assets(html):
    """Stylesheets and scripts the page loads, read from the app's static files."""
    paths = re.findall(r'<link rel="stylesheet" href="/static/([^"]+)"', html)
    paths += re.findall(r'<script src="/static/([^"]+)"', html)
    return paths


def test_each_check_in_step_weighs_under_100_kb(client, portal):
    client.get(reverse("portal:start", args=[portal.portal_token]))
    client.post(reverse("portal:step", args=[portal.portal_token, "details"]), {"party_size": "2"})
    for slug in ("details", "guest-1"):
        html = client.get(reverse("portal:step", args=[portal.portal_token, slug])).content.decode()
        assets = _assets(html)
        assert "css/guest.css" in assets and "js/portal.js" in assets
        total = len(html.encode()) + sum(Path(finders.find(path)).stat().st_size for path in assets)
        assert total < BUDGET, f"{slug}: {total} bytes"


def test_a_full_guide_weighs_under_100_kb(client, portal, cast):
    """Ten sections of a few paragraphs, one with a dozen places: still light."""
    from properties.models import SectionKind
    from properties.services import add_place, create_section

    paragraph = "Lorem ipsum dolor sit amet, **consectetur** adipiscing elit, sed do eiusmod tempor. " * 4
    for number in range(9):
        create_section(
            actor=cast.owner,
            property=portal.property,
            title={"en": f"Section {number}"},
            body={"en": "\n\n".join([paragraph] * 3)},
        )
    places = create_section(actor=cast.owner, property=portal.property, kind=SectionKind.RECOMMENDATIONS)
    for number in range(12):
        add_place(
            actor=cast.owner,
            section=places,
            name=f"Place {number}",
            category="Restaurant",
            address=f"Carrer de la Reina {number}, Valencia",
            link="https://example.com/",
            note={"en": "Good paella and a view of the sea, book ahead at weekends."},
        )

    html = client.get(reverse("portal:guide", args=[portal.portal_token])).content.decode()

    assert html.count("<details") == 10
    assets = _assets(html)
    assert "css/guest.css" in assets and "js/portal.js" in assets
    total = len(html.encode()) + sum(Path(finders.find(path)).stat().st_size for path in assets)
    assert total < BUDGET, f"guide: {total} bytes"


# --- What a phone downloads from a <picture> ----------------------------------------------------
#
# The browser takes the first <source> whose `type` it supports (every current phone browser shows
# AVIF and WebP; the <img>'s own srcset is for the rest). From its `sizes`, the first entry whose
# media condition holds at the viewport's width (or the last, which has none) gives the slot's width
# in CSS px. From its `srcset`, it picks the narrowest candidate at least slot × device-pixel-ratio
# pixels wide, or the widest if none is (Chromium and WebKit without a cache or data saver).


def _css_px(length, viewport_width):
    number, unit = re.fullmatch(r"([\d.]+)(px|vw|rem)", length.strip()).groups()
    return float(number) * {"px": 1, "vw": viewport_width / 100, "rem": ROOT_FONT_SIZE}[unit]


def _slot_width(sizes, viewport_width):
    for entry in sizes.split(","):
        condition = re.fullmatch(r"\((min|max)-width:\s*([\d.]+(?:px|rem))\)\s+(.+)", entry.strip())
        if condition is None:
            return _css_px(entry, viewport_width)
        kind, limit, length = condition.groups()
        limit = _css_px(limit, viewport_width)
        if (viewport_width >= limit) if kind == "min" else (viewport_width <= limit):
            return _css_px(length, viewport_width)
    raise AssertionError(f"no entry of sizes={sizes!r} applies")


def _pick(srcset, needed_px):
    candidates = sorted((int(width.removesuffix("w")), url) for url, width in (c.split() for c in srcset.split(",")))
    return next((url for width, url in candidates if width >= needed_px), candidates[-1][1])


def _downloaded_images(html, viewport_width=PHONE_WIDTH, dpr=PHONE_DPR):
    """The address of each picture a phone downloads for this page."""
    urls = []
    for picture in re.findall(r"<picture>.*?</picture>", html, re.S):
        source = re.search(r'<source type="image/(?:avif|webp)" srcset="([^"]+)" sizes="([^"]+)">', picture)
        srcset, sizes = source.groups()
        urls.append(_pick(srcset, _slot_width(sizes, viewport_width) * dpr))
    outside = re.sub(r"<picture>.*?</picture>", "", html, flags=re.S)
    urls += re.findall(r'<img[^>]* src="(/media/[^"]+)"', outside)
    return urls


def test_the_picking_rule_is_the_browsers():
    srcset = "/a/100w 100w, /a/400w 400w, /a/800w 800w, /a/1200w 1200w, /a/1600w 1600w"
    assert _slot_width("(min-width: 48rem) 48rem, 100vw", 390) == 390
    assert _slot_width("(min-width: 48rem) 48rem, 100vw", 1366) == 768
    assert _pick(srcset, 390 * 3) == "/a/1200w"
    assert _pick(srcset, 390 * 2) == "/a/800w"
    assert _pick(srcset, 48 * 2) == "/a/100w"
    assert _pick(srcset, 4000) == "/a/1600w"


def test_the_guests_first_page_with_a_phone_photo_and_a_logo_weighs_under_150_kb(
    client, cast, client_for, django_capture_on_commit_callbacks
):
    host = client_for(cast.owner)
    with django_capture_on_commit_callbacks(execute=True):
        upload_cover(host, cast.villa)  # a 4000×3000 phone photo, 1.2 MB
        upload_logo(host)
    client.logout()

    html = client.get(reverse("portal:home", args=[cast.villa_reservation.portal_token])).content.decode()

    assets = _assets(html)
    images = _downloaded_images(html)
    cast.villa.refresh_from_db()
    assert len(images) == 2 and images[0].endswith("/480w.webp") and images[1].endswith("/1200w.avif")
    weights = {"html": len(html.encode())}
    weights |= {path: Path(finders.find(path)).stat().st_size for path in assets}
    weights |= {url: default_storage.size(url.removeprefix("/media/")) for url in images}
    total = sum(weights.values())
    stored_photo = cast.villa.cover_photo.size
    report = ", ".join(f"{name} {size / 1024:.1f} KB" for name, size in weights.items())
    print(
        f"\nguest's first page: {total / 1024:.1f} KB ({report}); the stored photo alone: {stored_photo / 1024:.0f} KB"
    )
    assert total < BUDGET_WITH_IMAGES, f"{total} bytes: {report}"
    assert stored_photo > BUDGET_WITH_IMAGES, "the photo served as stored would not fit: the variants are what fits"


@pytest.mark.parametrize("viewport_width, dpr, expected", [(390, 2, "800w.avif"), (390, 1, "400w.avif")])
def test_phones_with_fewer_pixels_download_less(
    client, cast, client_for, django_capture_on_commit_callbacks, viewport_width, dpr, expected
):
    with django_capture_on_commit_callbacks(execute=True):
        upload_cover(client_for(cast.owner), cast.villa)
    client.logout()

    html = client.get(reverse("portal:home", args=[cast.villa_reservation.portal_token])).content.decode()

    assert _downloaded_images(html, viewport_width, dpr)[0].endswith(expected)
