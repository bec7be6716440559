import pytest

from properties.checkin_forms import ensure_default_form


@pytest.fixture
def portal(cast):
    """The villa reservation's portal, with the account's standard form."""
    ensure_default_form(cast.organization)
    reservation = cast.villa_reservation
    reservation.guests_count = 2
    reservation.save()
    return reservation
