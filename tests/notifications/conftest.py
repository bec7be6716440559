"""A guest with a phone number and an email address (the fake Twilio: tests/fake_providers.py)."""

import pytest


@pytest.fixture
def guest(cast):
    reservation = cast.villa_reservation
    reservation.guest_phone = "+34600111222"
    reservation.guest_email = "marta@example.com"
    reservation.save()
    return reservation
