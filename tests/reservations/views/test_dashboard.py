"""The dashboard ("Today"): arrivals and departures in each property's own time zone."""

import re
from datetime import UTC, date, datetime

import pytest
from django.urls import reverse
from django.utils import timezone
from pytest_django.asserts import assertContains

from reservations.models import CheckinStatus, ReservationStatus
from tests.factories import PropertyFactory, ReservationFactory

pytestmark = pytest.mark.django_db

URL = reverse("dashboard")
# 20:00 in London: already tomorrow on Kiritimati (UTC+14), still today in Madrid (UTC+2).
NOW = datetime(2031, 5, 10, 20, 0, tzinfo=UTC)
TODAY, TOMORROW, DAY_AFTER = date(2031, 5, 10), date(2031, 5, 11), date(2031, 5, 12)


@pytest.fixture(autouse=True)
def frozen_now(monkeypatch):
    monkeypatch.setattr(timezone, "now", lambda: NOW)


@pytest.fixture
def kiritimati(cast):
    return PropertyFactory(organization=cast.organization, name="Line Islands Hut", timezone="Pacific/Kiritimati")


def _section(response, section_id):
    """The names listed in one card of the board."""
    body = response.content.decode()
    card = re.search(rf'aria-labelledby="{section_id}">(.*?)</section>', body, re.S).group(1)
    return re.findall(r'<a href="/reservations/\d+/">([^<]+)</a>', card)


def _stat(response, label):
    body = response.content.decode()
    return int(re.search(rf'<div class="stat-value">(\d+)</div><div class="stat-label">{label}<', body).group(1))


def test_greets_the_member(cast, client_for):
    cast.manager.user.full_name = "Mila Manager"
    cast.manager.user.save()

    assertContains(client_for(cast.manager).get(URL), "Hello, Mila Manager")


def test_an_arrival_today_is_under_arriving_today(cast, client_for):
    ReservationFactory(property=cast.villa, guest_name="Tara Today", check_in=TODAY, check_out=DAY_AFTER)
    ReservationFactory(property=cast.villa, guest_name="Tom Tomorrow", check_in=TOMORROW, check_out=DAY_AFTER)

    response = client_for(cast.owner).get(URL)

    assert _section(response, "arr-today") == ["Tara Today"]
    assert _section(response, "arr-tomorrow") == ["Tom Tomorrow"]
    assert _stat(response, "Arrivals today") == 1


def test_today_is_the_propertys_today(kiritimati, cast, client_for):
    # On Kiritimati it is already the 11th; the stay starting on the 10th arrived yesterday there.
    ReservationFactory(property=kiritimati, guest_name="Kai Local Today", check_in=TOMORROW, check_out=DAY_AFTER)
    ReservationFactory(property=kiritimati, guest_name="Kim UTC Today", check_in=TODAY, check_out=DAY_AFTER)
    ReservationFactory(property=cast.villa, guest_name="Mar Madrid Today", check_in=TODAY, check_out=DAY_AFTER)

    response = client_for(cast.owner).get(URL)

    assert sorted(_section(response, "arr-today")) == ["Kai Local Today", "Mar Madrid Today"]
    assert "Kim UTC Today" not in _section(response, "arr-tomorrow")
    assert "Kim UTC Today" not in _section(response, "arr-today")


def test_departures_today_and_tomorrow(cast, client_for):
    ReservationFactory(property=cast.villa, guest_name="Lena Leaving", check_in=date(2031, 5, 7), check_out=TODAY)
    ReservationFactory(property=cast.villa, guest_name="Leo Later", check_in=date(2031, 5, 7), check_out=TOMORROW)

    response = client_for(cast.owner).get(URL)

    assert _section(response, "dep-today") == ["Lena Leaving"]
    assert _section(response, "dep-tomorrow") == ["Leo Later"]
    assert _stat(response, "Stays in house") == 1


def test_canceled_stays_are_not_shown(cast, client_for):
    ReservationFactory(
        property=cast.villa,
        guest_name="Carla Canceled",
        check_in=TODAY,
        check_out=DAY_AFTER,
        status=ReservationStatus.CANCELED,
    )

    response = client_for(cast.owner).get(URL)

    assert _section(response, "arr-today") == []
    assert "Carla Canceled" not in response.content.decode()
    assert _stat(response, "Arrivals today") == 0


def test_check_ins_to_chase_leaves_out_completed_ones(cast, client_for):
    ReservationFactory(
        property=cast.villa, guest_name="Nina Not Started", check_in=DAY_AFTER, check_out=date(2031, 5, 14)
    )
    ReservationFactory(
        property=cast.villa,
        guest_name="Cora Completed",
        check_in=DAY_AFTER,
        check_out=date(2031, 5, 14),
        checkin_status=CheckinStatus.COMPLETED,
    )

    response = client_for(cast.owner).get(URL)

    assert _section(response, "pending-title") == ["Nina Not Started"]
    assert _stat(response, "Check-ins to chase \\(7 days\\)") == 1


def test_a_manager_sees_only_their_properties(cast, client_for):
    ReservationFactory(property=cast.villa, guest_name="Vera Villa", check_in=TODAY, check_out=DAY_AFTER)
    ReservationFactory(property=cast.loft, guest_name="Lou Loft", check_in=TODAY, check_out=DAY_AFTER)
    ReservationFactory(property=cast.outsider_property, guest_name="Rita Rival", check_in=TODAY, check_out=DAY_AFTER)

    response = client_for(cast.manager).get(URL)

    assert _section(response, "arr-today") == ["Vera Villa"]


def test_an_empty_day_says_nothing_is_due(cast, client_for):
    response = client_for(cast.concierge).get(URL)

    assert response.content.decode().count("Nothing.") == 5
