"""Checking guests' uploads: the file's content decides its type, never its name.

Photos are cleaned by gorently.images (bounded decoding, re-encoded without any
metadata, scaled to what a host needs to read an ID); PDFs are kept as they are
after a signature check.
"""

import base64
import binascii
import io
import unicodedata

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.utils.translation import gettext as _
from PIL import Image

from gorently.images import CleanFile, clean_image

# Long enough to read the smallest print on a passport page (about 400 dpi across it); a 12 MP photo
# is 4000 px long, so phones' JPEGs decode straight at half size.
DOCUMENT_SIDE = 2000
SIGNATURE_SIDE = 1200
TYPED_SIGNATURE_LENGTH = 150
JOINERS = "\u200c\u200d"  # part of how some names are written; other format and control characters are refused


def clean_document(upload, *, allowed=("image", "pdf"), max_mb=10, budget=None):
    """A checked, metadata-free copy of an uploaded identity document; photos charge `budget` (DecodeBudget)."""
    if upload.size > max_mb * 1024 * 1024:
        raise ValidationError(_("This file is too large: the limit is %(n)d MB.") % {"n": max_mb})
    data = upload.read()
    if data.startswith(b"%PDF-"):
        if "pdf" not in allowed:
            raise ValidationError(_("Upload a photo (JPEG or PNG), not a PDF."))
        return CleanFile(ContentFile(data, name="document.pdf"), "application/pdf", len(data))
    if "image" not in allowed:
        raise ValidationError(_("Upload a PDF file."))
    try:
        return clean_image(data, name="document", longest_side=DOCUMENT_SIDE, budget=budget)
    except ValidationError as error:
        if error.code == "unreadable":  # an ID may also be a PDF: say so
            raise ValidationError(_("This file is not a photo we can read. Upload a JPEG, PNG or PDF.")) from None
        raise


def clean_signature(data_url):
    """A drawn signature sent by the canvas as a PNG data URL; refuses an empty drawing."""
    prefix = "data:image/png;base64,"
    if not data_url or not data_url.startswith(prefix) or len(data_url) > 2_000_000:
        raise ValidationError(_("Sign in the box with your finger or mouse."))
    try:
        data = base64.b64decode(data_url[len(prefix) :], validate=True)
    except (binascii.Error, ValueError):
        raise ValidationError(_("Sign in the box with your finger or mouse.")) from None
    try:
        cleaned = clean_image(data, name="signature", longest_side=SIGNATURE_SIDE, formats={"PNG"})
    except ValidationError:
        raise ValidationError(_("Sign in the box with your finger or mouse.")) from None
    with Image.open(io.BytesIO(cleaned.content.read())) as image:
        cleaned.content.seek(0)
        alpha = image.convert("RGBA").getchannel("A")
        if alpha.getbbox() is None:
            raise ValidationError(_("Sign in the box with your finger or mouse."))
    return cleaned


def clean_typed_signature(text):
    """A signature typed as the guest's full name: trimmed and single-spaced, with a letter in it.

    For guests without JavaScript (no canvas to draw on), or who would rather type.
    """
    name = " ".join(str(text or "").split())
    if (
        len(name) < 2
        or len(name) > TYPED_SIGNATURE_LENGTH
        or not any(character.isalpha() for character in name)
        or any(unicodedata.category(c).startswith("C") and c not in JOINERS for c in name)
    ):
        raise ValidationError(_("Type your full name to sign."))
    return name
