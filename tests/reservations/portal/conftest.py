import io

import pytest
from PIL import Image

from properties.checkin_forms import ensure_default_form


@pytest.fixture
def portal(cast):
    """The villa reservation's portal, with the account's standard form."""
    ensure_default_form(cast.organization)
    reservation = cast.villa_reservation
    reservation.guests_count = 2
    reservation.save()
    return reservation


def png_bytes(size=(40, 30), colour=(200, 30, 30), **save_options):
    buffer = io.BytesIO()
    Image.new("RGB", size, colour).save(buffer, format="PNG", **save_options)
    return buffer.getvalue()


def signature_data_url():
    import base64

    buffer = io.BytesIO()
    image = Image.new("RGBA", (60, 20), (0, 0, 0, 0))
    for x in range(10, 50):
        image.putpixel((x, 10), (0, 0, 0, 255))
    image.save(buffer, format="PNG")
    return "data:image/png;base64," + base64.b64encode(buffer.getvalue()).decode()
