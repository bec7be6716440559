"""Checking and cleaning guest uploads: the file's content decides its type, never its name.

Images are re-encoded, which drops EXIF and other metadata (camera, GPS position);
PDFs are kept as they are after a signature check. HEIC, the format iPhones and
many Android phones shoot in, is read (pillow-heif) and stored as JPEG, which
every host's browser can show.
"""

import base64
import binascii
import io
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.utils.translation import gettext as _
from PIL import Image, ImageOps, UnidentifiedImageError
from pillow_heif import register_heif_opener

register_heif_opener()

# Enough for a 12-megapixel phone photo; refuses decompression bombs long before memory runs out.
MAX_PIXELS = 40_000_000
IMAGE_FORMATS = {"JPEG": ("image/jpeg", ".jpg"), "PNG": ("image/png", ".png"), "WEBP": ("image/webp", ".webp")}
STORED_AS = {"HEIF": "JPEG"}  # read, but kept in a format browsers show
PHOTO_FORMATS = (*IMAGE_FORMATS, *STORED_AS)


@dataclass
class CleanFile:
    content: ContentFile
    content_type: str
    size: int


def clean_document(upload, *, allowed=("image", "pdf"), max_mb=10):
    """A checked, metadata-free copy of an uploaded identity document."""
    if upload.size > max_mb * 1024 * 1024:
        raise ValidationError(_("This file is too large: the limit is %(n)d MB.") % {"n": max_mb})
    data = upload.read()
    if data.startswith(b"%PDF-"):
        if "pdf" not in allowed:
            raise ValidationError(_("Upload a photo (JPEG or PNG), not a PDF."))
        return CleanFile(ContentFile(data, name="document.pdf"), "application/pdf", len(data))
    if "image" not in allowed:
        raise ValidationError(_("Upload a PDF file."))
    return _clean_image(data, name="document")


def clean_signature(data_url):
    """A drawn signature sent by the canvas as a PNG data URL; refuses an empty drawing."""
    prefix = "data:image/png;base64,"
    if not data_url or not data_url.startswith(prefix) or len(data_url) > 2_000_000:
        raise ValidationError(_("Sign in the box with your finger or mouse."))
    try:
        data = base64.b64decode(data_url[len(prefix) :], validate=True)
    except (binascii.Error, ValueError):
        raise ValidationError(_("Sign in the box with your finger or mouse.")) from None
    cleaned = _clean_image(data, name="signature", formats={"PNG"})
    with Image.open(io.BytesIO(cleaned.content.read())) as image:
        cleaned.content.seek(0)
        alpha = image.convert("RGBA").getchannel("A")
        if alpha.getbbox() is None:
            raise ValidationError(_("Sign in the box with your finger or mouse."))
    return cleaned


def _clean_image(data, *, name, formats=PHOTO_FORMATS):
    invalid = ValidationError(_("This file is not a photo we can read. Upload a JPEG, PNG or PDF."))
    try:
        with Image.open(io.BytesIO(data)) as probe:
            image_format = probe.format
            if image_format not in formats:
                raise invalid
            if probe.width * probe.height > MAX_PIXELS:
                raise ValidationError(_("This image is too large. Take a smaller photo."))
            probe.verify()
        with Image.open(io.BytesIO(data)) as image:
            image = ImageOps.exif_transpose(image)
            image_format = STORED_AS.get(image_format, image_format)
            content_type, extension = IMAGE_FORMATS[image_format]
            if image_format == "JPEG" and image.mode not in ("RGB", "L"):
                image = image.convert("RGB")
            out = io.BytesIO()
            # Saving without exif/icc/pnginfo arguments writes pixels only: the metadata is gone.
            image.save(out, format=image_format, **({"quality": 88} if image_format != "PNG" else {}))
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError, Image.DecompressionBombError):
        raise invalid from None
    payload = out.getvalue()
    return CleanFile(ContentFile(payload, name=name + extension), content_type, len(payload))
