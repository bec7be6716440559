"""A stay's secrets are for that stay: they hide after check-out, and no browser keeps a portal page.

Findings: the Wi-Fi password and door code stayed visible after check-out until the link expired
(14 days); portal pages carried no `Cache-Control: no-store`, so a shared device's back button
showed the next person a stranger's stay.
"""

from datetime import date, datetime, time, timedelta

import pytest
from django.urls import reverse

from properties.models import Visibility
from properties.selectors import Stay, state_of
from properties.services import create_section
from reservations.models import CheckinStatus

pytestmark = pytest.mark.django_db

CHECK_OUT = date(2026, 7, 12)
STAY = Stay("Ana Villa", check_in=date(2026, 7, 9), check_out=CHECK_OUT, checked_in=True)


@pytest.fixture
def wifi(cast):
    return create_section(
        actor=cast.owner,
        property=cast.villa,
        visibility=Visibility.AFTER_CHECKIN,
        title={"en": "Wi-Fi"},
        body={"en": "Password {wifi_password}"},
    )


def at(property, day, clock):
    return datetime.combine(day, clock, tzinfo=property.tz)


def test_after_check_out_day_the_secrets_lock_again(cast, wifi):
    villa = cast.villa

    assert state_of(wifi, villa, STAY, at(villa, CHECK_OUT, time(23, 59))).visible
    late = state_of(wifi, villa, STAY, at(villa, CHECK_OUT + timedelta(days=1), time(0, 0)))
    assert not late.visible
    assert late.reason == "No longer available: your stay has ended."


def test_the_host_may_give_some_days_of_grace(cast, wifi):
    villa = cast.villa
    villa.secrets_days_after_checkout = 2
    villa.save()

    assert state_of(wifi, villa, STAY, at(villa, CHECK_OUT + timedelta(days=2), time(23, 0))).visible
    assert not state_of(wifi, villa, STAY, at(villa, CHECK_OUT + timedelta(days=3), time(0, 0))).visible


def test_the_portal_hides_the_password_the_day_after_check_out(client, cast, wifi, monkeypatch):
    stay = cast.villa_reservation
    stay.checkin_status = CheckinStatus.COMPLETED
    stay.save()
    cast.villa.wifi_password = "sol-y-mar-2026"
    cast.villa.save()
    day_after = datetime.combine(stay.check_out + timedelta(days=1), time(10, 0), tzinfo=cast.villa.tz)
    monkeypatch.setattr("django.utils.timezone.now", lambda: day_after)

    page = client.get(reverse("portal:guide", args=[stay.portal_token])).content.decode()

    assert "sol-y-mar-2026" not in page
    assert "No longer available: your stay has ended." in page


@pytest.mark.parametrize("page", ["home", "guide", "calendar", "start"])
def test_no_portal_page_may_be_stored_by_a_browser_or_a_cache(client, portal, page):
    response = client.get(reverse(f"portal:{page}", args=[portal.portal_token]))

    assert "no-store" in response["Cache-Control"]
    assert "private" in response["Cache-Control"]
