"""Your profile: a member's own name and time zone (every role, each their own)."""

import pytest
from django.urls import reverse
from pytest_django.asserts import assertContains, assertNotContains

from gorently.timezones import canonical_zones

pytestmark = pytest.mark.django_db

URL = reverse("accounts:profile")


@pytest.mark.parametrize("role", ["owner", "manager", "concierge"])
def test_every_member_sets_their_own_time_zone(cast, client_for, role):
    member = cast.member(role)

    response = client_for(member).post(URL, {"full_name": "Carla Díaz", "timezone": "Europe/Madrid"}, follow=True)

    assertContains(response, "Profile saved.")
    member.user.refresh_from_db()
    assert (member.user.full_name, member.user.timezone) == ("Carla Díaz", "Europe/Madrid")


def test_it_changes_only_the_persons_own_profile(cast, client_for):
    client_for(cast.concierge).post(URL, {"full_name": "Carla", "timezone": "Asia/Tokyo"})

    for member in (cast.owner, cast.manager):
        member.user.refresh_from_db()
        assert member.user.timezone == "UTC"


def test_the_zone_starts_as_utc_and_the_page_offers_the_canonical_zones(cast, client_for):
    response = client_for(cast.concierge).get(URL)

    assertContains(response, '<option value="UTC" selected>UTC</option>', html=True)
    assertContains(response, '<option value="America/New_York">America/New York</option>', html=True)
    assertNotContains(response, 'value="US/Eastern"')  # an old alias of New York


@pytest.mark.parametrize("zone", ["Mars/Olympus_Mons", "US/Eastern", "", "Europe/Madrid\x00"])
def test_a_zone_not_in_the_list_is_refused(cast, client_for, zone):
    response = client_for(cast.owner).post(URL, {"full_name": "", "timezone": zone})

    assert response.status_code == 400
    cast.owner.user.refresh_from_db()
    assert cast.owner.user.timezone == "UTC"


def test_the_user_menu_links_to_it(cast, client_for):
    assertContains(client_for(cast.concierge).get(reverse("dashboard")), f'<a href="{URL}">Your profile</a>', html=True)


def test_canonical_zones_are_each_place_once_under_its_current_name():
    zones = canonical_zones()

    assert zones[0] == "UTC"
    assert {"Europe/Madrid", "Europe/Rome", "Europe/Lisbon", "Atlantic/Canary", "America/New_York"} <= set(zones)
    assert not {"US/Eastern", "GB", "Etc/GMT+5", "posixrules", "Asia/Calcutta"} & set(zones)
    assert zones[1:] == sorted(zones[1:])


def test_a_zone_this_system_no_longer_knows_reads_as_utc(cast):
    user = cast.owner.user
    user.timezone = "Nowhere/Gone"

    assert user.tz.key == "UTC"
