"""Guest uploads: the content decides what a file is, photos lose their metadata, signatures must be drawn."""

import base64
import io
import struct
import zlib

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import ExifTags, Image

from gorently import images
from reservations.checkin.uploads import clean_document, clean_signature, clean_typed_signature
from tests.checkins import png_bytes, signature_data_url

NOT_A_PHOTO = "This file is not a photo we can read. Upload a JPEG, PNG or PDF."
SIGN_IN_THE_BOX = "Sign in the box with your finger or mouse."
PDF = b"%PDF-1.7\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"


def upload(data, name="document.jpg", content_type="image/jpeg"):
    return SimpleUploadedFile(name, data, content_type=content_type)


def image_bytes(image_format, size=(40, 20), **save_options):
    buffer = io.BytesIO()
    Image.new("RGB", size, (10, 120, 200)).save(buffer, format=image_format, **save_options)
    return buffer.getvalue()


def phone_exif(orientation=1):
    """EXIF as a phone writes it: the camera, the orientation and where the photo was taken."""
    exif = Image.Exif()
    exif[ExifTags.Base.Make] = "PhoneCo"
    exif[ExifTags.Base.Model] = "Snapper 12"
    exif[ExifTags.Base.Orientation] = orientation
    gps = exif.get_ifd(ExifTags.IFD.GPSInfo)
    gps[ExifTags.GPS.GPSLatitudeRef] = "N"
    gps[ExifTags.GPS.GPSLatitude] = (39.0, 28.0, 12.0)
    gps[ExifTags.GPS.GPSLongitudeRef] = "W"
    gps[ExifTags.GPS.GPSLongitude] = (0.0, 22.0, 33.0)
    return exif


def opened(cleaned):
    data = cleaned.content.read()
    cleaned.content.seek(0)
    return Image.open(io.BytesIO(data)), data


def refused(call, *args, **kwargs):
    with pytest.raises(ValidationError) as error:
        call(*args, **kwargs)
    return error.value.messages[0]


def png_claiming(width, height):
    """A few hundred bytes of PNG whose header claims a huge canvas."""

    def chunk(kind, payload):
        return struct.pack(">I", len(payload)) + kind + payload + struct.pack(">I", zlib.crc32(kind + payload))

    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", zlib.compress(b"\x00" * 64))
        + chunk(b"IEND", b"")
    )


# --- Photos --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("image_format", "content_type", "extension"),
    [("JPEG", "image/jpeg", ".jpg"), ("PNG", "image/png", ".png"), ("WEBP", "image/webp", ".webp")],
)
def test_a_photo_is_accepted_and_re_encoded_in_its_own_format(image_format, content_type, extension):
    original = image_bytes(image_format)

    cleaned = clean_document(upload(original, name="passport"))

    image, data = opened(cleaned)
    assert image.format == image_format
    assert image.size == (40, 20)
    assert cleaned.content_type == content_type
    assert cleaned.content.name == "document" + extension
    assert cleaned.size == len(data)


def test_a_jpeg_loses_its_exif_camera_and_gps_position():
    original = image_bytes("JPEG", exif=phone_exif())
    assert Image.open(io.BytesIO(original)).getexif().get_ifd(ExifTags.IFD.GPSInfo)  # the photo says where it was taken

    image, data = opened(clean_document(upload(original)))

    assert dict(image.getexif()) == {}
    assert b"Exif" not in data
    assert b"PhoneCo" not in data


@pytest.mark.parametrize("image_format", ["PNG", "WEBP"])
def test_png_and_webp_lose_their_exif_too(image_format):
    original = image_bytes(image_format, exif=phone_exif())
    assert b"PhoneCo" in original

    image, data = opened(clean_document(upload(original, name="id.png")))

    assert dict(image.getexif()) == {}
    assert b"PhoneCo" not in data


def test_a_heic_photo_from_a_phone_is_stored_as_a_jpeg_without_its_metadata():
    original = image_bytes("HEIF", exif=phone_exif())
    assert b"PhoneCo" in original

    cleaned = clean_document(upload(original, name="IMG_0042.HEIC", content_type="image/heic"))

    image, data = opened(cleaned)
    assert image.format == "JPEG"
    assert image.size == (40, 20)
    assert (cleaned.content_type, cleaned.content.name) == ("image/jpeg", "document.jpg")
    assert dict(image.getexif()) == {}
    assert b"PhoneCo" not in data


def test_png_text_chunks_are_dropped():
    from PIL.PngImagePlugin import PngInfo

    info = PngInfo()
    info.add_text("Comment", "taken at 12 Calle Mayor")
    original = png_bytes(pnginfo=info)
    assert b"Calle Mayor" in original

    _image, data = opened(clean_document(upload(original, name="id.png")))

    assert b"Calle Mayor" not in data


def test_the_exif_orientation_is_applied_to_the_pixels():
    # Orientation 6: the camera was held upright, the sensor stored the photo lying on its side.
    original = image_bytes("JPEG", size=(40, 20), exif=phone_exif(orientation=6))

    image, _data = opened(clean_document(upload(original)))

    assert image.size == (20, 40)
    assert ExifTags.Base.Orientation not in image.getexif()


def test_a_cmyk_jpeg_is_converted_to_rgb():
    buffer = io.BytesIO()
    Image.new("CMYK", (10, 10), (0, 0, 0, 255)).save(buffer, format="JPEG")

    image, _data = opened(clean_document(upload(buffer.getvalue())))

    assert image.mode == "RGB"


# --- PDFs ------------------------------------------------------------------------------------


def test_a_pdf_is_kept_as_it_is_when_pdfs_are_allowed():
    cleaned = clean_document(upload(PDF, name="scan.pdf", content_type="application/pdf"))

    assert cleaned.content_type == "application/pdf"
    assert cleaned.content.read() == PDF
    assert cleaned.content.name == "document.pdf"
    assert cleaned.size == len(PDF)


def test_a_pdf_is_refused_when_only_photos_are_allowed():
    message = refused(clean_document, upload(PDF, name="scan.pdf"), allowed=("image",))

    assert message == "Upload a photo (JPEG or PNG), not a PDF."


def test_a_photo_is_refused_when_only_pdfs_are_allowed():
    assert refused(clean_document, upload(image_bytes("JPEG")), allowed=("pdf",)) == "Upload a PDF file."


def test_a_pdf_renamed_to_jpg_is_still_a_pdf():
    cleaned = clean_document(upload(PDF, name="passport.jpg", content_type="image/jpeg"))

    assert cleaned.content_type == "application/pdf"


# --- Refused files ------------------------------------------------------------------------------


def test_a_text_file_named_like_a_photo_is_refused():
    fake = upload(b"This is my passport, honestly.\n", name="passport.jpg", content_type="image/jpeg")

    assert refused(clean_document, fake) == NOT_A_PHOTO


@pytest.mark.parametrize(
    "data",
    [
        b"",
        b"\xff\xd8\xff\xe0 truncated jpeg",
        png_bytes()[:60],
        b"<svg xmlns='http://www.w3.org/2000/svg'><script>alert(1)</script></svg>",
        b"PK\x03\x04 a zip file",
    ],
    ids=["empty", "jpeg-header-only", "truncated-png", "svg", "zip"],
)
def test_broken_or_foreign_files_are_refused(data):
    assert refused(clean_document, upload(data)) == NOT_A_PHOTO


def test_a_gif_is_refused():
    assert refused(clean_document, upload(image_bytes("GIF"), name="id.gif", content_type="image/gif")) == NOT_A_PHOTO


def test_a_file_over_the_size_limit_is_refused_before_it_is_read():
    too_big = upload(b"%PDF-" + b"0" * (1024 * 1024), name="scan.pdf")

    assert refused(clean_document, too_big, max_mb=1) == "This file is too large: the limit is 1 MB."
    assert too_big.tell() == 0


def test_a_file_just_under_the_size_limit_is_accepted():
    data = b"%PDF-" + b"0" * (1024 * 1024 - 5)

    assert clean_document(upload(data, name="scan.pdf"), max_mb=1).size == 1024 * 1024


def test_an_image_with_more_pixels_than_a_phone_photo_is_refused(monkeypatch):
    monkeypatch.setattr(images, "MAX_PIXELS", 40 * 30 - 1)

    assert refused(clean_document, upload(png_bytes(size=(40, 30)))) == "This image is too large. Take a smaller photo."


def test_a_small_file_claiming_a_huge_canvas_is_refused_without_decoding_it():
    # 8000 × 6000 = 48 megapixels: over the app's limit, under Pillow's own bomb alarm.
    bomb = upload(png_claiming(8000, 6000), name="id.png")

    assert refused(clean_document, bomb) == "This image is too large. Take a smaller photo."


def test_a_decompression_bomb_is_refused():
    bomb = upload(png_claiming(20000, 20000), name="id.png")

    with pytest.raises(ValidationError):
        clean_document(bomb)


# --- Signatures --------------------------------------------------------------------------------


def test_a_drawn_signature_is_accepted_as_a_png():
    cleaned = clean_signature(signature_data_url())

    image, _data = opened(cleaned)
    assert image.format == "PNG"
    assert cleaned.content_type == "image/png"
    assert cleaned.content.name == "signature.png"


def _data_url(data, prefix="data:image/png;base64,"):
    return prefix + base64.b64encode(data).decode()


def test_a_blank_canvas_is_not_a_signature():
    buffer = io.BytesIO()
    Image.new("RGBA", (300, 100), (0, 0, 0, 0)).save(buffer, format="PNG")

    assert refused(clean_signature, _data_url(buffer.getvalue())) == SIGN_IN_THE_BOX


@pytest.mark.parametrize(
    "data_url",
    [
        "",
        None,
        "not a data url",
        _data_url(png_bytes(), prefix="data:image/jpeg;base64,"),
        _data_url(image_bytes("JPEG")),
        _data_url(image_bytes("WEBP")),
        _data_url(b"GIF89a nothing"),
        "data:image/png;base64,!!!not base64!!!",
        "data:image/png;base64,iVBORw0KGgo",  # missing padding
        "data:image/png;base64," + "A" * 2_000_000,
    ],
    ids=[
        "empty",
        "none",
        "text",
        "jpeg-prefix",
        "jpeg",
        "webp",
        "gif",
        "bad-base64",
        "unpadded",
        "too-long",
    ],
)
def test_anything_but_a_drawn_png_is_refused(data_url):
    assert refused(clean_signature, data_url) in (SIGN_IN_THE_BOX, NOT_A_PHOTO)


# --- Typed signatures ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("typed", "kept"),
    [
        ("Ana García", "Ana García"),
        ("  Jean-Luc   Picard ", "Jean-Luc Picard"),
        ("李小龍", "李小龍"),
        ("O'Neil", "O'Neil"),
    ],
)
def test_a_typed_signature_is_the_name_trimmed_and_single_spaced(typed, kept):
    assert clean_typed_signature(typed) == kept


@pytest.mark.parametrize("typed", ["", " ", "A", "1234", "---", "Ana\x00", "Ana\u202egarcía", "x" * 151, None])
def test_a_typed_signature_must_look_like_a_name(typed):
    assert refused(clean_typed_signature, typed) == "Type your full name to sign."
