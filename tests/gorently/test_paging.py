"""CappedPaginator: long lists counted only up to a cap, paging on past it."""

import pytest

from gorently.paging import CappedPaginator
from reservations.models import Reservation
from tests.factories import ReservationFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def twelve(cast):
    ReservationFactory.create_batch(12 - Reservation.objects.count(), property=cast.villa)
    return Reservation.objects.order_by("pk")


def test_within_the_cap_it_counts_and_pages_as_djangos_paginator(twelve):
    paginator = CappedPaginator(twelve, 5, cap=20)

    assert (paginator.count, paginator.capped, paginator.num_pages) == (12, False, 3)
    last = paginator.get_page(3)
    assert (len(last), last.has_next(), last.start_index(), last.end_index()) == (2, False, 11, 12)


def test_past_the_cap_the_count_stops_one_past_it(twelve):
    paginator = CappedPaginator(twelve, 5, cap=8)

    assert (paginator.count, paginator.capped) == (9, True)


def test_past_the_cap_pages_go_on_to_the_last_row(twelve):
    paginator = CappedPaginator(twelve, 5, cap=4)

    pages = [paginator.get_page(n) for n in (1, 2, 3)]

    assert [row.pk for page in pages for row in page] == list(twelve.values_list("pk", flat=True))
    assert [page.has_next() for page in pages] == [True, True, False]
    assert (pages[2].start_index(), pages[2].end_index()) == (11, 12)


@pytest.mark.parametrize("number", ["9", "abc", "0", "-1", None])
def test_past_the_cap_a_page_past_the_end_or_no_page_number_answers_the_first(twelve, number):
    page = CappedPaginator(twelve, 5, cap=4).get_page(number)

    assert page.number == 1
    assert list(page) == list(twelve[:5])


def test_the_count_reads_no_more_than_the_cap_in_one_unordered_query(twelve, django_assert_num_queries):
    paginator = CappedPaginator(twelve, 5, cap=4)

    with django_assert_num_queries(1) as captured:
        assert paginator.count == 5

    (sql,) = [query["sql"] for query in captured.captured_queries]
    assert "LIMIT 5" in sql
    assert "ORDER BY" not in sql


@pytest.mark.parametrize(("cap", "number"), [(20, 2), (4, 2)], ids=["within the cap", "past the cap"])
def test_a_page_is_one_query_that_picks_its_ids_before_it_reads_the_rows(
    twelve, django_assert_num_queries, cap, number
):
    paginator = CappedPaginator(twelve, 5, cap=cap)
    paginator.count  # noqa: B018 (counted apart)

    with django_assert_num_queries(1) as captured:
        page = list(paginator.page(number))

    assert [row.pk for row in page] == list(twelve.values_list("pk", flat=True)[5:10])
    (sql,) = [query["sql"] for query in captured.captured_queries]
    assert "IN (SELECT" in sql
    assert "OFFSET 5" in sql


@pytest.mark.parametrize("number", ["1", None, "abc"], ids=["page 1", "no page", "not a page"])
def test_a_list_that_fits_on_its_first_page_is_read_in_one_query_and_counted_by_its_length(
    twelve, django_assert_num_queries, number
):
    paginator = CappedPaginator(twelve, 12, cap=100)

    with django_assert_num_queries(1) as captured:
        page = paginator.get_page(number)

    assert [row.pk for row in page] == list(twelve.values_list("pk", flat=True))
    assert (paginator.count, paginator.num_pages, page.has_next()) == (12, 1, False)
    assert "COUNT" not in captured.captured_queries[0]["sql"]


def test_an_empty_list_is_one_query_too(twelve, django_assert_num_queries):
    paginator = CappedPaginator(twelve.filter(pk=0), 5)

    with django_assert_num_queries(1):
        page = paginator.get_page(1)

    assert (list(page), paginator.count, paginator.num_pages) == ([], 0, 1)


@pytest.mark.parametrize(("cap", "capped"), [(20, False), (4, True)], ids=["within the cap", "past the cap"])
def test_a_full_first_page_reads_its_rows_then_counts(twelve, django_assert_num_queries, cap, capped):
    paginator = CappedPaginator(twelve, 5, cap=cap)

    with django_assert_num_queries(2) as captured:
        page = paginator.get_page("1")

    assert [row.pk for row in page] == list(twelve.values_list("pk", flat=True)[:5])
    assert (paginator.capped, page.has_next(), page.end_index()) == (capped, True, 5)
    assert "COUNT" in captured.captured_queries[1]["sql"]


def test_orphans_that_would_fill_the_first_page_join_it_without_a_count(twelve, django_assert_num_queries):
    paginator = CappedPaginator(twelve, 10, orphans=2)

    with django_assert_num_queries(1):
        page = paginator.get_page(1)

    assert (len(page), page.has_next(), paginator.num_pages) == (12, False, 1)
