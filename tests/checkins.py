"""Checking a reservation in through the real services, as the portal does: for tests that need a check-in."""

import base64
import io

from django.core.files.uploadedfile import SimpleUploadedFile
from django.http import QueryDict
from django.utils.datastructures import MultiValueDict
from PIL import Image

from reservations.checkin.services.submissions import save_step, steps_of


def png_bytes(size=(40, 30), colour=(200, 30, 30), **save_options):
    """A small photo, as a guest's ID upload."""
    buffer = io.BytesIO()
    Image.new("RGB", size, colour).save(buffer, format="PNG", **save_options)
    return buffer.getvalue()


def signature_data_url():
    """What the portal's signature canvas sends: a PNG data URL with a drawn line."""
    buffer = io.BytesIO()
    image = Image.new("RGBA", (60, 20), (0, 0, 0, 0))
    for x in range(10, 50):
        image.putpixel((x, 10), (0, 0, 0, 255))
    image.save(buffer, format="PNG")
    return "data:image/png;base64," + base64.b64encode(buffer.getvalue()).decode()


MAIN_GUEST = {
    "f-first_name": "Anastasia",
    "f-last_name": "García",
    "f-nationality": "ES",
    "f-date_of_birth": "1990-04-01",
    "f-document_type": "passport",
    "f-document_number": "X1234567",
    "f-email": "anastasia@example.com",
    "f-phone": "+34 612 345 678",
}
OTHER_GUEST = {
    "f-first_name": "Luis",
    "f-last_name": "García",
    "f-nationality": "ES",
    "f-date_of_birth": "1988-11-20",
    "f-document_type": "id_card",
    "f-document_number": "Y7654321",
}


def form_data(values):
    data = QueryDict(mutable=True)
    for name, value in values.items():
        data.setlist(name, value if isinstance(value, list) else [value])
    return data


def photo(name="id.png"):
    return SimpleUploadedFile(name, png_bytes(), content_type="image/png")


def uploads(files):
    """{input name: file} as the request's FILES."""
    return MultiValueDict({name: [file] for name, file in (files or {}).items()})


def not_a_photo(name="passport.jpg"):
    """A text file named like a photo."""
    return SimpleUploadedFile(name, b"just some text, not a photo", content_type="image/jpeg")


def document_uploads(*guest_indexes):
    return {f"doc-{g}-document_photo-front": photo() for g in guest_indexes}


def save(submission, slug, values=None, files=None, request=None):
    """Save one step as the portal does; returns {input name: message}."""
    submission.refresh_from_db()
    step = next(s for s in steps_of(submission) if s.slug == slug)
    errors = save_step(
        submission=submission,
        step=step,
        data=form_data(values or {}),
        files=uploads(files),
        language="en",
        request=request,
    )
    submission.refresh_from_db()
    return errors


def fill_in_everything(submission, party_size=2):
    people = [MAIN_GUEST, OTHER_GUEST, *({**OTHER_GUEST, "f-first_name": f"Guest{n}"} for n in range(3, 7))]
    people = people[:party_size]
    steps = [
        ("details", {"party_size": str(party_size), "f-arrival_time": "17:30"}, None),
        *((f"guest-{n}", person, None) for n, person in enumerate(people, start=1)),
        ("documents", None, document_uploads(*range(party_size))),
        ("agreement", {"f-rental_agreement": "on", "sig-signature": signature_data_url()}, None),
    ]
    for slug, values, files in steps:
        assert save(submission, slug, values, files) == {}, slug
