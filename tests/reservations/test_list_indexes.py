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


@pytest.mark.parametrize("column", ["guest_name", "confirmation_code", "guest_email"])
def test_the_search_has_a_trigram_index_per_column(column):
    with connection.cursor() as cursor:
        cursor.execute("SELECT indexdef FROM pg_indexes WHERE indexname = %s", [f"reservation_search_{column}"])
        (definition,) = cursor.fetchone()

    # The expression Django's icontains compares, UPPER(column::text).
    assert f"USING gin (upper(({column})::text) gin_trgm_ops)" in definition


@pytest.mark.parametrize("sort", [s for s in SORTS if "property" not in s])
def test_each_order_reads_a_page_from_an_index_without_sorting(cast, sort):
    plan = _plan(list_page_rows(cast.owner, sort=sort)[:25], "seqscan", "sort")

    assert "Sort" not in plan.replace("Sort Key", "")
