"""Pictures for tests: a phone-sized photo that compresses like a real one, and a logo with transparency."""

import io
import random
from functools import cache

from PIL import Image, ImageDraw, ImageFilter


@cache
def phone_photo(width=4000, height=3000, *, seed=7, quality=90):
    """A JPEG of a white house by the sea, as a phone takes it (4000×3000): skies, shapes, texture and grain.

    Flat colours would compress to nothing; the texture (noise at a few pixels' scale, like foliage,
    sand and water) keeps detail in every downscaled variant, as in a real photo.
    """
    rnd = random.Random(seed)
    w, h = width, height
    sky = Image.linear_gradient("L").resize((w, h))
    image = Image.merge(
        "RGB", (sky.point(lambda v: 70 + v // 3), sky.point(lambda v: 130 + v // 3), sky.point(lambda v: 215 + v // 12))
    )
    draw = ImageDraw.Draw(image)
    horizon = int(h * 0.55)
    sun = int(w * 0.72), int(h * 0.10)
    draw.ellipse((*sun, sun[0] + w // 10, sun[1] + w // 10), fill=(255, 236, 180))
    for _ in range(9):  # clouds
        x, y = rnd.randrange(w), rnd.randrange(int(h * 0.35))
        draw.ellipse((x, y, x + rnd.randint(w // 10, w // 4), y + rnd.randint(h // 30, h // 12)), fill=(244, 246, 250))
    sea = Image.linear_gradient("L").resize((w, h - horizon))
    image.paste(
        Image.merge(
            "RGB",
            (sea.point(lambda v: 20 + v // 8), sea.point(lambda v: 90 + v // 5), sea.point(lambda v: 150 + v // 6)),
        ),
        (0, horizon),
    )
    for _ in range(600):  # waves
        x, y = rnd.randrange(w), rnd.randrange(horizon, h)
        draw.line((x, y, x + rnd.randint(20, 120), y), fill=(200, 225, 240), width=rnd.randint(2, 6))
    hills = [(0, h * 0.62), (w * 0.25, h * 0.48), (w * 0.55, h * 0.66), (w, h * 0.58), (w, h), (0, h)]
    draw.polygon(hills, fill=(96, 128, 70))
    draw.polygon([(0, h), (0, h * 0.8), (w * 0.6, h * 0.74), (w, h * 0.86), (w, h)], fill=(214, 196, 150))
    hx, hy = int(w * 0.18), int(h * 0.52)
    draw.rectangle((hx, hy, hx + int(w * 0.28), hy + int(h * 0.2)), fill=(246, 244, 238))
    draw.polygon(
        [(hx - 40, hy), (hx + int(w * 0.14), hy - int(h * 0.12)), (hx + int(w * 0.28) + 40, hy)], fill=(178, 80, 52)
    )
    for i in range(4):
        wx = hx + 60 + i * int(w * 0.065)
        draw.rectangle((wx, hy + 90, wx + int(w * 0.035), hy + 90 + int(h * 0.06)), fill=(52, 92, 130))
    draw.rectangle((hx + int(w * 0.12), hy + int(h * 0.1), hx + int(w * 0.16), hy + int(h * 0.2)), fill=(120, 72, 40))
    for _ in range(60):  # bushes
        x, y = rnd.randrange(w), rnd.randrange(int(h * 0.74), int(h * 0.86))
        r = rnd.randint(30, 110)
        draw.ellipse((x - r, y - r, x + r, y + r), fill=(50 + rnd.randint(0, 40), 100 + rnd.randint(0, 50), 40))
    image = image.filter(ImageFilter.GaussianBlur(2))
    texture = Image.effect_noise((w // 6, h // 6), 48).resize((w, h), Image.Resampling.BICUBIC)
    image = Image.blend(image, Image.merge("RGB", [texture] * 3), 0.14)
    grain = Image.effect_noise((w, h), 10)
    image = Image.blend(image, Image.merge("RGB", [grain] * 3), 0.05)
    out = io.BytesIO()
    image.save(out, "JPEG", quality=quality)
    return out.getvalue()


@cache
def logo_png(width=600, height=200):
    """A wordmark-like logo: a coloured badge and bars on a transparent background."""
    image = Image.new("RGBA", (width, height), (0, 0, 0, 0))
    draw = ImageDraw.Draw(image)
    draw.rounded_rectangle((0, 0, height, height), radius=height // 4, fill=(224, 165, 38, 255))
    draw.ellipse((height // 4, height // 4, height * 3 // 4, height * 3 // 4), fill=(255, 255, 255, 255))
    for i, length in enumerate((0.9, 0.7, 0.5)):
        top = height // 5 + i * height // 4
        draw.rounded_rectangle(
            (height + height // 5, top, height + height // 5 + int((width - height * 1.3) * length), top + height // 7),
            radius=height // 14,
            fill=(224, 165, 38, 255) if i == 0 else (200, 212, 208, 255),
        )
    out = io.BytesIO()
    image.save(out, "PNG")
    return out.getvalue()


def property_form(property, **overrides):
    """The property edit form as a host posts it, unchanged but for `overrides`."""
    data = {
        "name": property.name,
        "address": property.address,
        "city": property.city,
        "country": str(property.country),
        "timezone": property.timezone,
        "check_in_time": property.check_in_time.strftime("%H:%M"),
        "check_out_time": property.check_out_time.strftime("%H:%M"),
        "max_guests": str(property.max_guests),
        "guesty_listing_id": property.guesty_listing_id,
    }
    return data | overrides


def upload_cover(client, property, photo=None, *, name="IMG_0042.jpg"):
    """A host uploads a cover photo on the property's edit page (run inside captured on-commit callbacks)."""
    from django.core.files.uploadedfile import SimpleUploadedFile
    from django.urls import reverse

    upload = SimpleUploadedFile(name, photo or phone_photo(), content_type="image/jpeg")
    return client.post(reverse("properties:edit", args=[property.pk]), property_form(property, cover_photo=upload))


def upload_logo(client, logo=None, *, property=None):
    """A host uploads a logo on the account's (or a property's) branding page."""
    from django.core.files.uploadedfile import SimpleUploadedFile
    from django.urls import reverse

    url = reverse("properties:branding", args=[property.pk]) if property else reverse("properties:account_branding")
    upload = SimpleUploadedFile("logo.png", logo or logo_png(), content_type="image/png")
    data = {"primary_color": "#1a6b5c", "accent_color": "#e0a526", "font": "system", "logo": upload}
    return client.post(url, data)
