"""An upload costs bounded work: a huge body is refused unread, and one POST decodes a bounded number of pixels.

Findings: a 1.6 GB POST of sixteen 100 MB files was read to temporary disk before "too large"
was answered; one POST filling 20 upload slots took 15–24 s of CPU.
"""

import io
import time

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from PIL import Image

from reservations.checkin.services.submissions import document_input, start_checkin

pytestmark = pytest.mark.django_db


def test_a_body_over_the_limit_is_refused_before_it_is_read(client, portal, settings):
    settings.MAX_REQUEST_MB = 100
    url = reverse("portal:step", args=[portal.portal_token, "documents"])

    started = time.perf_counter()
    # Claims 1.6 GB; the test client holds a few bytes, so reading the body would fail loudly.
    response = client.post(
        url, data=b"x" * 10, content_type="multipart/form-data; boundary=b", CONTENT_LENGTH=str(1_600_000_000)
    )

    assert response.status_code == 413
    assert "more than 100 MB" in response.content.decode()
    assert time.perf_counter() - started < 1


@pytest.fixture
def party_of_six_at_documents(portal):
    submission = start_checkin(reservation=portal, language="en")
    submission.party_size, submission.step = 6, "documents"
    submission.save()
    return submission


def big_png():
    """A 24-megapixel PNG of a few dozen kilobytes: the most pixels accepted, the cheapest to send."""
    buffer = io.BytesIO()
    Image.new("RGB", (6000, 4000), (200, 30, 30)).save(buffer, "PNG")
    return buffer.getvalue()


def test_twelve_large_photos_in_one_post_decode_a_bounded_number_of_pixels(client, party_of_six_at_documents):
    data = big_png()
    files = {
        document_input(guest, "document_photo", side): SimpleUploadedFile(f"{guest}{side}.png", data, "image/png")
        for guest in range(6)
        for side in ("front", "back")
    }
    url = reverse("portal:step", args=[party_of_six_at_documents.reservation.portal_token, "documents"])

    started = time.perf_counter()
    response = client.post(url, files)
    elapsed = time.perf_counter() - started

    page = response.content.decode()
    assert response.status_code == 400
    # 120 megapixels a request: five of these are cleaned, the rest are refused without being decoded.
    assert page.count("Too many large photos at once: send this one again on its own.") >= 7
    assert elapsed < 4
