"""Photos people upload, made safe and small: the content decides the format, never the name.

Every image is decoded within bounds and re-encoded from its pixels alone, so nothing
else survives: no EXIF (camera, GPS position), XMP, ICC profile or comment. Work and
memory per image are bounded before decoding: the byte size is checked by the caller,
the pixel count here from the header, and JPEGs are decoded straight at a reduced scale
(`draft`), so a 50-megapixel photo costs what a 12-megapixel one does. The stored copy
is scaled down to about `longest_side` pixels: enough to read an ID or fill a phone screen.

HEIC, what iPhones and many Android phones shoot, is read (pillow-heif) and stored as
JPEG, which every browser shows.
"""

import io
import math
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.utils.translation import gettext as _
from PIL import Image, ImageOps, UnidentifiedImageError
from pillow_heif import register_heif_opener

register_heif_opener()

# Decoded in full, an image costs width × height × 4 bytes: 24 MP (an iPhone's default HEIC) is 96 MB.
# JPEGs decode at a fraction of their size, so larger ones cost less than that.
MAX_PIXELS = 24_000_000
MAX_JPEG_PIXELS = 64_000_000
Image.MAX_IMAGE_PIXELS = MAX_JPEG_PIXELS  # Pillow's own decompression-bomb guard, as a backstop
IMAGE_FORMATS = {"JPEG": ("image/jpeg", ".jpg"), "PNG": ("image/png", ".png"), "WEBP": ("image/webp", ".webp")}
STORED_AS = {"HEIF": "JPEG"}  # read, but kept in a format browsers show
PHOTO_FORMATS = (*IMAGE_FORMATS, *STORED_AS)


class DecodeBudget:
    """Pixels one request may decode, shared by all its photos, so no single POST holds a worker long."""

    def __init__(self, pixels):
        self.left = pixels

    def spend(self, pixels):
        if pixels > self.left:
            raise ValidationError(
                _("Too many large photos at once: send this one again on its own."), code="over_budget"
            )
        self.left -= pixels


@dataclass
class CleanFile:
    content: ContentFile
    content_type: str
    size: int


def clean_image(data, *, name, longest_side, formats=PHOTO_FORMATS, budget=None):
    """A re-encoded, metadata-free copy of the image in `data`, at most `longest_side` pixels long.

    With a `budget` (DecodeBudget), the pixels decoded are charged to it first.
    """
    invalid = ValidationError(_("This file is not a photo we can read. Upload a JPEG or PNG."), code="unreadable")
    try:
        with Image.open(io.BytesIO(data)) as image:
            if image.format not in formats:
                raise invalid
            limit = MAX_JPEG_PIXELS if image.format == "JPEG" else MAX_PIXELS
            if image.width * image.height > limit:
                raise ValidationError(_("This image is too large. Take a smaller photo."))
            stored_format = STORED_AS.get(image.format, image.format)
            scale = min(1, longest_side / max(image.size))
            image.draft("RGB", (round(image.width * scale), round(image.height * scale)))  # JPEG: decode at 1/2…1/8
            if budget is not None:
                budget.spend(image.width * image.height)  # the size it will decode at, after draft
            image.load()
            ImageOps.exif_transpose(image, in_place=True)  # no second copy of a full-size image
            pixels = _shrunk(image, longest_side)
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError, Image.DecompressionBombError):
        raise invalid from None
    if stored_format == "JPEG" and pixels.mode not in ("RGB", "L"):
        pixels = pixels.convert("RGB")
    content_type, extension = IMAGE_FORMATS[stored_format]
    payload = _encode(pixels, stored_format)
    return CleanFile(ContentFile(payload, name=name + extension), content_type, len(payload))


def _shrunk(image, longest_side):
    """At most `longest_side` long. Far larger: an integer reduction, which needs no full-size scratch copy."""
    ratio = max(image.size) / longest_side
    if ratio > 1.5:
        image = image.reduce(math.ceil(ratio))
    elif ratio > 1:
        image = image.resize(_fitted(image.size, longest_side), Image.Resampling.LANCZOS)
    return image


def _fitted(size, longest_side):
    scale = longest_side / max(size)
    return max(1, round(size[0] * scale)), max(1, round(size[1] * scale))


def _encode(image, image_format):
    # A copy keeps only the pixels and mode; without exif/icc/comment arguments nothing else is written.
    clean = image.copy()
    clean.info = {}
    out = io.BytesIO()
    clean.save(out, format=image_format, **({"quality": 88} if image_format != "PNG" else {}))
    return out.getvalue()
