"""Reservation reads: who sees which reservation, the searchable list, and today's board."""

from datetime import UTC, date, datetime, timedelta

import pytest
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.utils import timezone

from accounts.permissions import Role
from properties.models import Property
from reservations.forms import ReservationFilterForm
from reservations.models import CheckinStatus, ReservationStatus
from reservations.selectors import (
    DEFAULT_SORT,
    SORTS,
    get_reservation_for,
    reservations_of,
    search_reservations,
    today_board,
    upcoming_reservations_of_property,
)
from reservations.services import update_reservation
from tests.factories import MembershipFactory, OrganizationFactory, PropertyFactory, ReservationFactory

# --- Who sees what -------------------------------------------------------------------------------


def test_an_owner_sees_every_reservation_of_their_account(cast):
    assert set(reservations_of(cast.owner)) == {cast.villa_reservation, cast.loft_reservation}


@pytest.mark.parametrize("role", ["manager", "concierge"])
def test_a_manager_or_concierge_sees_the_reservations_of_assigned_properties(cast, role):
    assert list(reservations_of(cast.member(role))) == [cast.villa_reservation]


def test_an_outsider_sees_none_of_the_casts_reservations(cast):
    assert list(reservations_of(cast.outsider)) == [cast.outsider_reservation]


def test_reservations_of_an_archived_property_stay_visible(cast):
    cast.villa.archived_at = timezone.now()
    cast.villa.save()

    assert list(reservations_of(cast.manager)) == [cast.villa_reservation]


def test_a_member_with_no_assigned_property_sees_no_reservation(cast):
    assert list(reservations_of(MembershipFactory(organization=cast.organization, role=Role.CONCIERGE))) == []


@pytest.mark.parametrize("role", ["owner", "manager", "concierge"])
def test_a_visible_reservation_is_found(cast, role):
    assert get_reservation_for(cast.member(role), cast.villa_reservation.pk) == cast.villa_reservation


@pytest.mark.parametrize(
    ("role", "pk"),
    [
        ("owner", lambda cast: cast.outsider_reservation.pk),
        ("manager", lambda cast: cast.loft_reservation.pk),
        ("concierge", lambda cast: cast.loft_reservation.pk),
        ("owner", lambda cast: 999_999),
        ("owner", lambda cast: "abc"),
    ],
    ids=["other-account", "unassigned-manager", "unassigned-concierge", "missing", "garbage"],
)
def test_a_reservation_the_member_may_not_see_looks_missing(cast, role, pk):
    with pytest.raises(Http404):
        get_reservation_for(cast.member(role), pk(cast))


def test_a_concierge_sees_an_assigned_reservation_but_may_not_change_it(cast):
    reservation = get_reservation_for(cast.concierge, cast.villa_reservation.pk)

    with pytest.raises(PermissionDenied):
        update_reservation(actor=cast.concierge, reservation=reservation, guest_name="Someone Else")
    reservation.refresh_from_db()
    assert reservation.guest_name == "Ana Villa"


def test_a_manager_changes_an_assigned_reservation(cast):
    reservation = get_reservation_for(cast.manager, cast.villa_reservation.pk)

    update_reservation(actor=cast.manager, reservation=reservation, guest_name="Ana María Villa")

    reservation.refresh_from_db()
    assert reservation.guest_name == "Ana María Villa"


def test_upcoming_reservations_of_a_property_skip_past_and_canceled_stays(cast):
    today = timezone.localdate(timezone=cast.villa.tz)
    current = ReservationFactory(property=cast.villa, check_in=today - timedelta(days=2), check_out=today)
    ReservationFactory(property=cast.villa, check_in=today - timedelta(days=5), check_out=today - timedelta(days=1))
    ReservationFactory(property=cast.villa, status=ReservationStatus.CANCELED)

    upcoming = list(upcoming_reservations_of_property(cast.manager, cast.villa))

    assert upcoming == [current, cast.villa_reservation]


# --- Searching and filtering ---------------------------------------------------------------------


@pytest.mark.parametrize(
    "query",
    [
        lambda r: "ANA vil",
        lambda r: r.confirmation_code.lower(),
        lambda r: r.confirmation_code[-3:],
        lambda r: r.guest_email.upper(),
    ],
    ids=["name", "code", "part-of-code", "email"],
)
def test_search_finds_a_reservation_by_name_code_or_email_in_any_case(cast, query):
    assert list(search_reservations(cast.owner, q=query(cast.villa_reservation))) == [cast.villa_reservation]


def test_search_never_finds_another_accounts_reservation(cast):
    assert list(search_reservations(cast.owner, q="Otto")) == []
    assert list(search_reservations(cast.manager, q="Lars")) == []


@pytest.fixture
def stays(cast):
    """Three more villa stays, each differing from the cast's villa stay in one filterable way."""
    base = cast.villa_reservation.check_in
    return {
        "canceled": ReservationFactory(property=cast.villa, check_in=base, status=ReservationStatus.CANCELED),
        "checked_in": ReservationFactory(property=cast.villa, check_in=base, checkin_status=CheckinStatus.COMPLETED),
        "later": ReservationFactory(property=cast.villa, check_in=base + timedelta(days=30)),
    }


@pytest.mark.parametrize(
    ("filters", "expected"),
    [
        (lambda cast: {"property": cast.loft}, {"loft"}),
        (lambda cast: {"status": ReservationStatus.CANCELED}, {"canceled"}),
        (lambda cast: {"checkin_status": CheckinStatus.COMPLETED}, {"checked_in"}),
        (lambda cast: {"arrival_from": cast.villa_reservation.check_in + timedelta(days=1)}, {"later"}),
        (
            lambda cast: {"arrival_to": cast.villa_reservation.check_in},
            {"villa", "loft", "canceled", "checked_in"},
        ),
        (
            lambda cast: {"property": cast.villa, "status": ReservationStatus.CONFIRMED},
            {"villa", "checked_in", "later"},
        ),
    ],
    ids=["property", "status", "checkin-status", "arrival-from", "arrival-to", "combined"],
)
def test_each_filter_narrows_the_list(cast, stays, filters, expected):
    named = stays | {"villa": cast.villa_reservation, "loft": cast.loft_reservation}

    rows = set(search_reservations(cast.owner, **filters(cast)))

    assert rows == {named[name] for name in expected}


@pytest.fixture
def sortable(db):
    """Four stays whose order differs for every sort key and direction."""
    organization = OrganizationFactory()
    owner = MembershipFactory(organization=organization, role=Role.OWNER)
    attic = PropertyFactory(organization=organization, name="Attic")
    beach = PropertyFactory(organization=organization, name="Beach")

    def stay(property, day_in, day_out, guest, code):
        return ReservationFactory(
            property=property,
            check_in=date(2030, 1, day_in),
            check_out=date(2030, 1, day_out),
            guest_name=guest,
            confirmation_code=code,
        )

    return owner, {
        "A": stay(beach, 1, 6, "Bruno", "K-3"),
        "B": stay(attic, 2, 5, "Carla", "K-4"),
        "C": stay(beach, 3, 8, "Alba", "K-2"),
        "D": stay(attic, 4, 7, "Dario", "K-1"),
    }


# Every key gives a different order of the four stays, so no key can pass for another.
SORT_ORDERS = {
    "arrival": "ABCD",
    "-arrival": "DCBA",
    "departure": "BADC",
    "-departure": "CDAB",
    "guest": "CABD",
    "-guest": "DBAC",
    "code": "DCAB",
    "-code": "BACD",
    "property": "BDAC",
    "-property": "CADB",
}


@pytest.mark.parametrize(("sort", "order"), SORT_ORDERS.items())
def test_each_sort_key_orders_the_list(sortable, sort, order):
    owner, stays = sortable

    assert list(search_reservations(owner, sort=sort)) == [stays[name] for name in order]


def test_every_sort_key_is_specified_and_distinct():
    assert set(SORT_ORDERS) == set(SORTS)
    assert len(set(SORT_ORDERS.values())) == len(SORT_ORDERS)


@pytest.mark.parametrize("sort", ["bogus", "", "check_in; drop table"])
def test_an_unknown_sort_falls_back_to_latest_arrival_first(sortable, sort):
    owner, stays = sortable

    assert DEFAULT_SORT == "-arrival"
    assert list(search_reservations(owner, sort=sort)) == [stays[name] for name in "DCBA"]


# --- The filter form -----------------------------------------------------------------------------


def filter_form(cast, data):
    return ReservationFilterForm(data, properties=Property.objects.filter(organization=cast.organization))


def test_the_filter_form_turns_valid_input_into_filters(cast):
    form = filter_form(
        cast,
        {
            "q": "ana",
            "property": str(cast.villa.pk),
            "status": "confirmed",
            "checkin_status": "not_started",
            "arrival_from": "2030-01-01",
            "arrival_to": "2030-12-31",
            "sort": "guest",
        },
    )

    assert form.filters() == {
        "q": "ana",
        "property": cast.villa,
        "status": "confirmed",
        "checkin_status": "not_started",
        "arrival_from": date(2030, 1, 1),
        "arrival_to": date(2030, 12, 31),
        "sort": "guest",
    }


def test_the_filter_form_ignores_a_malformed_date_a_foreign_property_and_an_unknown_sort(cast):
    form = filter_form(
        cast,
        {"q": "lars", "arrival_from": "31/02/2030", "property": str(cast.outsider_property.pk), "sort": "bogus"},
    )

    filters = form.filters()

    assert filters == {"q": "lars", "sort": DEFAULT_SORT}
    assert list(search_reservations(cast.owner, **filters)) == [cast.loft_reservation]


def test_an_empty_filter_form_lists_everything_latest_arrival_first(cast):
    assert filter_form(cast, {}).filters() == {"sort": DEFAULT_SORT}


# --- Today's board -------------------------------------------------------------------------------


# Kiritimati is UTC+14 and Honolulu UTC-10: at 20:00 UTC Kiritimati is already on the next day,
# at 03:00 UTC Honolulu is still on the previous one. Either way one property's "today" is not UTC's.
@pytest.fixture(
    params=[datetime(2090, 6, 15, 20, 0, tzinfo=UTC), datetime(2090, 6, 15, 3, 0, tzinfo=UTC)],
    ids=["kiritimati-ahead", "honolulu-behind"],
)
def frozen_now(request, monkeypatch):
    monkeypatch.setattr(timezone, "now", lambda: request.param)
    return request.param


def test_the_board_buckets_arrivals_and_departures_in_each_propertys_time_zone(cast, frozen_now):
    expected = {"arrivals_today": set(), "arrivals_tomorrow": set(), "departures_today": set()}
    expected["departures_tomorrow"] = set()
    local_days = set()
    for zone in ("Pacific/Kiritimati", "Pacific/Honolulu"):
        property = PropertyFactory(organization=cast.organization, timezone=zone)
        today = timezone.localdate(timezone=property.tz)
        local_days.add(today)

        def stay(check_in, check_out, property=property, **fields):
            return ReservationFactory(property=property, check_in=check_in, check_out=check_out, **fields)

        expected["arrivals_today"].add(stay(today, today + timedelta(days=5)))
        expected["arrivals_tomorrow"].add(stay(today + timedelta(days=1), today + timedelta(days=5)))
        expected["departures_today"].add(stay(today - timedelta(days=5), today))
        expected["departures_tomorrow"].add(stay(today - timedelta(days=5), today + timedelta(days=1)))
        # Neither arriving nor leaving today or tomorrow, or canceled:
        stay(today - timedelta(days=1), today + timedelta(days=5))
        stay(today + timedelta(days=2), today + timedelta(days=5))
        stay(today - timedelta(days=5), today + timedelta(days=2))
        stay(today, today + timedelta(days=5), status=ReservationStatus.CANCELED)
    assert timezone.now().date() in local_days and len(local_days) == 2

    board = today_board(cast.owner)

    assert {bucket: set(board[bucket]) for bucket in expected} == expected


def test_the_board_shows_only_the_members_properties(cast, frozen_now):
    today = timezone.localdate(timezone=cast.villa.tz)
    villa = ReservationFactory(property=cast.villa, check_in=today, check_out=today + timedelta(days=2))
    ReservationFactory(property=cast.loft, check_in=today, check_out=today + timedelta(days=2))
    ReservationFactory(property=cast.outsider_property, check_in=today, check_out=today + timedelta(days=2))

    board = today_board(cast.manager)

    # (The cast's own stays, near the real today, are decades before the frozen "now".)
    assert board["arrivals_today"] == [villa]
    assert list(board["checkins_pending"]) == [villa]
    assert board["in_house"] == 1


def test_pending_check_ins_leave_out_completed_and_canceled_ones(cast, frozen_now):
    today = frozen_now.date()
    pending = ReservationFactory(property=cast.villa, check_in=today + timedelta(days=1))
    ReservationFactory(property=cast.villa, check_in=today, checkin_status=CheckinStatus.COMPLETED)
    ReservationFactory(property=cast.villa, check_in=today, status=ReservationStatus.CANCELED)
    ReservationFactory(property=cast.villa, check_in=today + timedelta(days=8))

    board = today_board(cast.manager)

    assert list(board["checkins_pending"]) == [pending]
