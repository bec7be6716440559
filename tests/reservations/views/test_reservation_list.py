"""The reservations list: search, filters, sorting, pages, htmx, and a query count that stays flat."""

import re
from datetime import date, timedelta

import pytest
from django.urls import reverse
from pytest_django.asserts import assertContains, assertNotContains

from accounts.permissions import Role
from reservations.models import CheckinStatus, ReservationStatus
from tests.factories import MembershipFactory, PropertyFactory, ReservationFactory

pytestmark = pytest.mark.django_db

URL = reverse("reservations:list")
HTMX = {"HX-Request": "true"}
# Queries for one page of the list, however many reservations there are: session, user, the
# person's memberships (the current one and the account switcher's), the property filter's
# choices (which also name the rows' properties), the count (up to 1,001) and the page of rows.
# The navigation's counts are kept from an earlier page (gorently.badges).
LIST_QUERIES = 6
# ...and one more to check the property chosen as a filter.
FILTERED_LIST_QUERIES = 7


def _guests(response):
    """The guest names in the table, top to bottom."""
    return re.findall(r'<td class="primary-cell"><a href="[^"]+">([^<]+)</a>', response.content.decode())


@pytest.fixture
def stays(cast):
    """Three more stays at Seaside Stays, distinct in every column the list sorts and filters by."""
    # Years before the cast's stays (a week from today), so arrival filters and sorts see them apart.
    today = date(2020, 7, 1)
    return {
        "bea": ReservationFactory(
            property=cast.villa,
            guest_name="Bea Brandt",
            guest_email="bea@mail.test",
            confirmation_code="CODE-B",
            check_in=today,
            check_out=today + timedelta(days=9),
            status=ReservationStatus.INQUIRY,
        ),
        "carl": ReservationFactory(
            property=cast.loft,
            guest_name="Carl Castro",
            guest_email="carl@mail.test",
            confirmation_code="CODE-C",
            check_in=today + timedelta(days=3),
            check_out=today + timedelta(days=5),
            checkin_status=CheckinStatus.COMPLETED,
        ),
        "dora": ReservationFactory(
            property=cast.villa,
            guest_name="Dora Diaz",
            guest_email="dora@other.test",
            confirmation_code="CODE-A",
            check_in=today + timedelta(days=20),
            check_out=today + timedelta(days=21),
            status=ReservationStatus.CANCELED,
        ),
    }


# --- Who sees what ---------------------------------------------------------------------------


def test_an_owner_sees_every_reservation_of_the_account(stays, cast, client_for):
    names = _guests(client_for(cast.owner).get(URL))

    assert sorted(names) == ["Ana Villa", "Bea Brandt", "Carl Castro", "Dora Diaz", "Lars Loft"]


@pytest.mark.parametrize("role", ["manager", "concierge"])
def test_others_see_only_their_properties_reservations(stays, cast, client_for, role):
    response = client_for(cast.member(role)).get(URL)

    assert sorted(_guests(response)) == ["Ana Villa", "Bea Brandt", "Dora Diaz"]
    assertNotContains(response, "Lars Loft")
    assertNotContains(response, "Otto Outsider")


def test_a_manager_cannot_reach_the_loft_by_filtering_or_searching_for_it(stays, cast, client_for):
    client = client_for(cast.manager)

    assert "Lars Loft" not in _guests(client.get(URL, {"property": cast.loft.pk}))
    assert _guests(client.get(URL, {"q": "Lars"})) == []
    assert _guests(client.get(URL, {"q": "Otto"})) == []


def test_the_property_filter_offers_only_visible_properties(cast, client_for):
    response = client_for(cast.manager).get(URL)

    assertContains(response, f'<option value="{cast.villa.pk}">Villa Mar</option>')
    assertNotContains(response, "Old Town Loft")
    assertNotContains(response, "Rival House")


def test_only_managers_and_owners_are_offered_to_add_one(cast, client_for):
    assertContains(client_for(cast.manager).get(URL), "Add reservation")
    assertNotContains(client_for(cast.concierge).get(URL), "Add reservation")


# --- Search and filters ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("q", "expected"),
    [
        ("bea", ["Bea Brandt"]),
        ("CASTRO", ["Carl Castro"]),
        ("code-a", ["Dora Diaz"]),
        ("CODE-", ["Dora Diaz", "Carl Castro", "Bea Brandt"]),
        ("other.test", ["Dora Diaz"]),
        ("carl@mail", ["Carl Castro"]),
        ("castrocode", []),
        ("castro code", []),
        ("%", []),
        ("b_a", []),
    ],
    ids=[
        "name",
        "name-case",
        "code",
        "code-prefix",
        "email-domain",
        "email",
        "across-values",
        "across-values-spaced",
        "percent-literally",
        "underscore-literally",
    ],
)
def test_searches_by_guest_name_code_or_email(stays, cast, client_for, q, expected):
    assert _guests(client_for(cast.owner).get(URL, {"q": q})) == expected


def test_filters_by_property(stays, cast, client_for):
    assert sorted(_guests(client_for(cast.owner).get(URL, {"property": cast.loft.pk}))) == [
        "Carl Castro",
        "Lars Loft",
    ]


def test_filters_by_status(stays, cast, client_for):
    client = client_for(cast.owner)

    assert _guests(client.get(URL, {"status": "canceled"})) == ["Dora Diaz"]
    assert _guests(client.get(URL, {"status": "inquiry"})) == ["Bea Brandt"]


def test_filters_by_checkin_status(stays, cast, client_for):
    assert _guests(client_for(cast.owner).get(URL, {"checkin_status": "completed"})) == ["Carl Castro"]


def test_filters_by_arrival_range(stays, cast, client_for):
    client = client_for(cast.owner)

    between = _guests(client.get(URL, {"arrival_from": "2020-07-01", "arrival_to": "2020-07-04"}))
    from_only = _guests(client.get(URL, {"arrival_from": "2020-07-05", "q": "code-"}))
    to_only = _guests(client.get(URL, {"arrival_to": "2020-07-03"}))

    assert between == ["Carl Castro", "Bea Brandt"]
    assert from_only == ["Dora Diaz"]
    assert to_only == ["Bea Brandt"]


def test_filters_combine(stays, cast, client_for):
    params = {"property": cast.villa.pk, "status": "inquiry", "q": "b"}

    assert _guests(client_for(cast.owner).get(URL, params)) == ["Bea Brandt"]


@pytest.mark.parametrize(
    "params",
    [
        {"arrival_from": "not-a-date"},
        {"arrival_to": "2026-02-30"},
        {"property": "abc"},
        {"property": "999999"},
        {"status": "lost"},
        {"checkin_status": "<script>"},
    ],
)
def test_an_invalid_filter_is_ignored_not_an_error(stays, cast, client_for, params):
    response = client_for(cast.owner).get(URL, params)

    assert response.status_code == 200
    assert len(_guests(response)) == 5


def test_another_accounts_property_as_filter_shows_nothing_of_theirs(cast, client_for):
    response = client_for(cast.owner).get(URL, {"property": cast.outsider_property.pk})

    assertNotContains(response, "Otto Outsider")


# --- Sorting -------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("sort", "expected"),
    [
        ("guest", ["Ana Villa", "Bea Brandt", "Carl Castro", "Dora Diaz"]),
        ("-guest", ["Dora Diaz", "Carl Castro", "Bea Brandt", "Ana Villa"]),
        ("code", ["Dora Diaz", "Bea Brandt", "Carl Castro", "Ana Villa"]),
        ("-code", ["Ana Villa", "Carl Castro", "Bea Brandt", "Dora Diaz"]),
        ("arrival", ["Bea Brandt", "Carl Castro", "Dora Diaz", "Ana Villa"]),
        ("-arrival", ["Ana Villa", "Dora Diaz", "Carl Castro", "Bea Brandt"]),
        ("departure", ["Carl Castro", "Bea Brandt", "Dora Diaz", "Ana Villa"]),
        ("-departure", ["Ana Villa", "Dora Diaz", "Bea Brandt", "Carl Castro"]),
        ("property", ["Carl Castro", "Bea Brandt", "Dora Diaz", "Ana Villa"]),
        ("-property", ["Ana Villa", "Dora Diaz", "Bea Brandt", "Carl Castro"]),
    ],
)
def test_sorts_by_each_column(stays, cast, client_for, sort, expected):
    # Ana Villa's stay (the cast's) is the latest, and its code "HM…" sorts after "CODE-…".
    cast.loft_reservation.delete()

    names = _guests(client_for(cast.owner).get(URL, {"sort": sort}))

    assert names == expected


def test_sorts_by_arrival_newest_first_by_default(stays, cast, client_for):
    cast.loft_reservation.delete()
    cast.villa_reservation.delete()

    assert _guests(client_for(cast.owner).get(URL)) == ["Dora Diaz", "Carl Castro", "Bea Brandt"]


def test_an_unknown_sort_falls_back_to_the_default(stays, cast, client_for):
    client = client_for(cast.owner)

    response = client.get(URL, {"sort": "password"})

    assert response.status_code == 200
    assert _guests(response) == _guests(client.get(URL))


def test_the_sorted_column_is_marked_and_its_link_reverses_the_order(stays, cast, client_for):
    response = client_for(cast.owner).get(URL, {"sort": "guest", "status": "confirmed"})

    body = response.content.decode()
    assert re.search(r'<th scope="col" aria-sort="ascending"><a href="\?status=confirmed&amp;sort=-guest">Guest<', body)
    assert 'href="?status=confirmed&amp;sort=arrival">Arrival<' in body


# --- Pages ---------------------------------------------------------------------------------------


@pytest.fixture
def thirty(cast):
    """Thirty more stays at the villa: 31 with the cast's, two pages."""
    start = date(2020, 1, 1)
    return [
        ReservationFactory(property=cast.villa, guest_name=f"Guest {n:02d}", check_in=start + timedelta(days=n))
        for n in range(30)
    ]


def test_shows_25_per_page_with_a_link_to_the_next(thirty, cast, client_for):
    response = client_for(cast.manager).get(URL, {"sort": "guest"})

    names = _guests(response)
    assert len(names) == 25
    assert names[0] == "Ana Villa"
    assertContains(response, "Page 1 of 2")
    assertContains(response, 'href="?sort=guest&amp;page=2"')


def test_the_second_page_has_the_rest(thirty, cast, client_for):
    response = client_for(cast.manager).get(URL, {"sort": "guest", "page": 2})

    assert _guests(response) == [f"Guest {n:02d}" for n in range(24, 30)]
    assertContains(response, "26–31 of 31")


@pytest.mark.parametrize(("page", "shown"), [("999", "Page 2 of 2"), ("abc", "Page 1 of 2"), ("-1", "Page 2 of 2")])
def test_a_page_out_of_range_or_malformed_still_shows_a_page(thirty, cast, client_for, page, shown):
    response = client_for(cast.manager).get(URL, {"page": page})

    assertContains(response, shown)


def test_a_list_longer_than_the_count_goes_says_more_than_and_pages_on(thirty, cast, client_for, monkeypatch):
    monkeypatch.setattr("gorently.paging.COUNT_CAP", 10)  # 1,000 in use
    client = client_for(cast.manager)

    first = client.get(URL, {"sort": "guest"})
    second = client.get(URL, {"sort": "guest", "page": 2})

    assertContains(first, "1–25 of more than 10")
    assertContains(first, 'href="?sort=guest&amp;page=2"')
    assertNotContains(first, "Page 1 of")
    assert _guests(second) == [f"Guest {n:02d}" for n in range(24, 30)]
    assertContains(second, "26–31 of more than 10")
    assertNotContains(second, 'rel="next"')


def test_each_row_shows_its_stay_escaped(cast, client_for):
    stay = ReservationFactory(
        property=cast.villa, guest_name="Zoë <Zed>", check_in=date(2031, 3, 3), status=ReservationStatus.CONFIRMED
    )

    response = client_for(cast.owner).get(URL, {"q": "Zoë"})

    row = re.search(r"<tr>\s*<td class=\"primary-cell\">.*?</tr>", response.content.decode(), re.S).group(0)
    assert f'<a href="{reverse("reservations:detail", args=[stay.pk])}">Zoë &lt;Zed&gt;</a>' in row
    assert f'<td data-label="Property">{cast.villa.name}</td>' in row
    assert '<td data-label="Arrival" class="nowrap">Mon 3 Mar 2031</td>' in row
    assert '<td data-label="Departure" class="nowrap">Thu 6 Mar 2031</td>' in row
    assert f'<td data-label="Code"><code>{stay.confirmation_code}</code></td>' in row
    assert '<span class="badge badge-info">Confirmed</span>' in row
    assert '<span class="badge badge-neutral">Not started</span>' in row


def test_a_search_counts_its_matches_up_to_a_hundred(cast, client_for):
    ReservationFactory.create_batch(101, property=cast.villa, guest_name="Common Name")

    response = client_for(cast.owner).get(URL, {"q": "common"})

    assertContains(response, "1–25 of more than 100")
    assert len(_guests(response)) == 25


def test_page_links_keep_the_filters(thirty, cast, client_for):
    response = client_for(cast.manager).get(URL, {"q": "Guest", "sort": "arrival"})

    assertContains(response, 'href="?q=Guest&amp;sort=arrival&amp;page=2"')


# --- htmx and no-JS ------------------------------------------------------------------------------


def test_an_htmx_request_gets_only_the_results(stays, cast, client_for):
    response = client_for(cast.owner).get(URL, {"q": "bea"}, headers=HTMX)

    body = response.content.decode()
    assert body.lstrip().startswith('<div id="results"')
    assert "<html" not in body
    assert 'role="search"' not in body
    assert _guests(response) == ["Bea Brandt"]


def test_without_javascript_a_plain_get_renders_the_whole_page_filtered(stays, cast, client_for):
    response = client_for(cast.owner).get(URL, {"q": "bea", "status": "inquiry"})

    body = response.content.decode()
    assert "<html" in body
    assert 'role="search"' in body
    assert 'name="q" id="id_q" value="bea"' in body
    assert '<option value="inquiry" selected>' in body
    assert "<noscript><button" in body
    assert _guests(response) == ["Bea Brandt"]


# --- Empty states --------------------------------------------------------------------------------


def test_an_account_without_reservations_says_none_yet(db, client_for):
    newcomer = MembershipFactory(role=Role.OWNER)
    PropertyFactory(organization=newcomer.organization)

    response = client_for(newcomer).get(URL)

    assertContains(response, "No reservations yet")
    assertNotContains(response, "No reservations match")


def test_a_search_without_results_says_nothing_matches(cast, client_for):
    response = client_for(cast.owner).get(URL, {"q": "nobody-by-this-name"})

    assertContains(response, "No reservations match")
    assertContains(response, "Clear filters")
    assertNotContains(response, "No reservations yet")


# --- Query count -------------------------------------------------------------------------------


@pytest.mark.parametrize("count", [10, 200])
def test_the_number_of_queries_does_not_grow_with_the_reservations(
    cast, client_for, django_assert_max_num_queries, count
):
    ReservationFactory.create_batch(count, property=cast.villa)
    client = client_for(cast.owner)
    client.get(URL)

    with django_assert_max_num_queries(LIST_QUERIES):
        response = client.get(URL)

    # The cast's two stays, and the new ones, 25 to a page.
    assert len(_guests(response)) == min(count + 2, 25)


@pytest.mark.parametrize("count", [10, 200])
def test_the_number_of_queries_stays_flat_for_a_manager_with_filters(
    cast, client_for, django_assert_max_num_queries, count
):
    ReservationFactory.create_batch(count, property=cast.villa, guest_name="Same Name")
    client = client_for(cast.manager)
    client.get(URL)

    with django_assert_max_num_queries(FILTERED_LIST_QUERIES):
        response = client.get(URL, {"q": "same", "property": cast.villa.pk, "sort": "property"})

    assert _guests(response) == ["Same Name"] * min(count, 25)


# --- The filters on a phone ------------------------------------------------------------------------


def test_the_filters_button_counts_the_filters_in_use_and_leaves_them_unfolded(cast, client_for):
    response = client_for(cast.owner).get(URL, {"q": "ana", "status": "confirmed", "property": cast.villa.pk})

    assertContains(response, ">Filters (2)</button>")
    assertContains(response, 'aria-expanded="true"')
    assertNotContains(response, "data-start-folded")


def test_without_filters_in_use_they_start_folded_on_a_phone(cast, client_for):
    response = client_for(cast.owner).get(URL, {"q": "ana"})

    assertContains(response, ">Filters</button>")
    assertContains(response, "data-start-folded")
