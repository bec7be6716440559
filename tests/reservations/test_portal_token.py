"""A portal token opens one stay only: no two reservations share one, on any database."""

import pytest
from django.db import IntegrityError, transaction

from tests.factories import ReservationFactory

pytestmark = pytest.mark.django_db


def test_two_stays_never_share_a_portal_token(cast):
    taken = cast.villa_reservation.portal_token

    with pytest.raises(IntegrityError), transaction.atomic():
        ReservationFactory(property=cast.villa, portal_token=taken)
