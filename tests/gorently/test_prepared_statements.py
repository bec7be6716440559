"""On PostgreSQL a connection plans a query it keeps asking once, not on every request (issue 14, "Performance")."""

import pytest
from django.db import connection
from django.urls import reverse

from gorently.planning import planned_for_values
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


def _prepared_reading_reservations():
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT statement FROM pg_prepared_statements WHERE statement LIKE '%%reservations_reservation%%'"
        )
        return [statement for (statement,) in cursor.fetchall()]


def test_the_lists_search_is_planned_for_each_term_while_the_plain_list_is_prepared(cast, client_for):
    client = client_for(cast.owner)
    for term in ["ana", "bo", "cy", "di", "ed", "flo", "gus", "hal"]:
        client.get(reverse("reservations:list"), {"q": term})
        client.get(reverse("reservations:list"))

    prepared = _prepared_reading_reservations()
    assert any("IN (SELECT" in statement for statement in prepared)  # the plain list's page
    assert not [statement for statement in prepared if "search_text" in statement]


def test_statements_are_prepared_again_after_a_block_planned_for_its_values_even_one_that_failed():
    connection.ensure_connection()
    before = connection.connection.prepare_threshold

    with pytest.raises(ZeroDivisionError), planned_for_values():
        assert connection.connection.prepare_threshold is None
        1 / 0  # noqa: B018

    assert before == connection.connection.prepare_threshold == 5
