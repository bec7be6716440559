"""The reservations list's indexes on PostgreSQL: each order and the search read one account's rows only.

The orders' plans are checked with sequential scans and sorts turned off, as on a large account where
reading a page in index order wins; bench/RESULTS.md measures them on 200,000 reservations.
"""

import pytest
from django.db import connection

from reservations.selectors import SORTS, list_page_rows

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.skipif(connection.vendor != "postgresql", reason="pg_trgm is PostgreSQL's"),
]


def _plan(queryset, *off):
    sql, params = queryset.query.sql_with_params()
    with connection.cursor() as cursor:
        for setting in off:
            cursor.execute(f"SET LOCAL enable_{setting} = off")
        cursor.execute(f"EXPLAIN {sql}", params)
        return "\n".join(row[0] for row in cursor.fetchall())


def test_the_search_has_one_trigram_index_of_the_text_it_compares():
    with connection.cursor() as cursor:
        cursor.execute("SELECT indexname, indexdef FROM pg_indexes WHERE indexname LIKE 'reservation_search%%'")
        indexes = dict(cursor.fetchall())

    assert list(indexes) == ["reservation_search_text"]
    assert "USING gin (search_text gin_trgm_ops)" in indexes["reservation_search_text"]


def test_a_search_compares_one_column_written_upper_case(cast):
    plan = _plan(list_page_rows(cast.owner, q="garcia")[:25], "seqscan")

    assert "search_text ~~" in plan
    assert "upper((guest_name" not in plan


@pytest.mark.parametrize("sort", [s for s in SORTS if "property" not in s])
def test_each_order_reads_a_page_from_an_index_without_sorting(cast, sort):
    plan = _plan(list_page_rows(cast.owner, sort=sort)[:25], "seqscan", "sort")

    assert "Sort" not in plan.replace("Sort Key", "")


def test_a_search_in_the_default_order_finds_its_page_in_the_arrival_index_alone(cast):
    with connection.cursor() as cursor:
        cursor.execute("SELECT indexdef FROM pg_indexes WHERE indexname = 'reservation_org_arrival'")
        (definition,) = cursor.fetchone()
    plan = _plan(list_page_rows(cast.owner, q="garcia").values("pk")[:26], "seqscan", "bitmapscan", "sort")

    assert "(organization_id, check_in, id) INCLUDE (search_text)" in definition
    assert "Index Only Scan Backward using reservation_org_arrival" in plan


def test_the_search_column_is_sampled_widely_enough_to_guess_how_common_a_term_is():
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT attstattarget FROM pg_attribute WHERE attrelid = 'reservations_reservation'::regclass "
            "AND attname = 'search_text'"
        )
        assert cursor.fetchone() == (1000,)


def _indexes_of_reservations():
    with connection.cursor() as cursor:
        cursor.execute("SELECT indexname, indexdef FROM pg_indexes WHERE tablename = 'reservations_reservation'")
        return dict(cursor.fetchall())


def test_no_index_repeats_what_another_already_gives():
    definitions = _indexes_of_reservations().values()

    assert not [d for d in definitions if d.endswith("USING btree (organization_id)")]  # all start with it
    assert not [d for d in definitions if "pattern_ops" in d]  # nothing searches a token by its start
