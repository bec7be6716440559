"""On PostgreSQL a connection plans a query it keeps asking once, not on every request (issue 14, "Performance")."""

import pytest
from django.db import connection

from reservations.models import Reservation

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.skipif(connection.vendor != "postgresql", reason="prepared statements are PostgreSQL's"),
]

# A query no page asks, so that only these tests can have prepared it.
SHAPE = (
    'SELECT "reservations_reservation"."portal_revoked_at" AS "portal_revoked_at", '
    '"reservations_reservation"."guest_language" AS "guest_language" FROM'
)


def _ask(times, token_prefix):
    for n in range(times):
        list(
            Reservation.objects.filter(portal_token=f"{token_prefix}-{n}").values_list(
                "portal_revoked_at", "guest_language"
            )
        )


def _prepared():
    with connection.cursor() as cursor:
        cursor.execute("SELECT statement FROM pg_prepared_statements")
        return [statement for (statement,) in cursor.fetchall() if statement.startswith(SHAPE)]


def test_a_query_asked_again_and_again_is_prepared_once_whatever_its_values():
    _ask(2, "early")
    assert _prepared() == []  # a query asked once or twice is not worth preparing

    _ask(6, "later")

    assert len(_prepared()) == 1
    assert '"reservations_reservation"."portal_token" = $1' in _prepared()[0]
