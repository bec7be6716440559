"""The sync settings: how often GoRently checks Guesty for changes the webhook missed."""

import pytest
from django.urls import reverse
from pytest_django.asserts import assertContains, assertRedirects

from accounts.models import ActivityLog

pytestmark = pytest.mark.django_db

URL = reverse("guesty:settings")


def test_saves_the_interval_and_plans_the_next_check(cast, client_for, guesty):
    response = client_for(cast.owner).post(URL, {"reconcile_every_minutes": "60"}, follow=True)

    assertRedirects(response, reverse("guesty:integration"))
    assertContains(response, "Sync settings saved.")
    assertContains(response, "Every 60 minutes")
    guesty.refresh_from_db()
    assert guesty.reconcile_every_minutes == 60
    assert guesty.next_reconcile_at is not None
    assert ActivityLog.objects.filter(action="guesty.settings_changed").exists()


@pytest.mark.parametrize(
    "value, message",
    [
        ("4", "Ensure this value is greater than or equal to 5."),
        ("1441", "Ensure this value is less than or equal to 1440."),
        ("often", "Enter a whole number."),
        ("", "This field is required."),
    ],
)
def test_an_interval_out_of_range_is_refused_and_nothing_changes(cast, client_for, guesty, value, message):
    response = client_for(cast.owner).post(URL, {"reconcile_every_minutes": value})

    assertContains(response, message, status_code=400)
    guesty.refresh_from_db()
    assert guesty.reconcile_every_minutes == 15
    assert not ActivityLog.objects.filter(action="guesty.settings_changed").exists()


def test_without_a_connection_there_is_nothing_to_set(cast, client_for):
    response = client_for(cast.owner).post(URL, {"reconcile_every_minutes": "30"}, follow=True)

    assertContains(response, "Connect Guesty first.")


def test_an_owner_of_another_account_changes_only_their_own(cast, client_for, guesty):
    client_for(cast.outsider).post(URL, {"reconcile_every_minutes": "30"})

    guesty.refresh_from_db()
    assert guesty.reconcile_every_minutes == 15


@pytest.mark.parametrize("role", ["manager", "concierge"])
def test_only_owners_may_change_them(cast, client_for, guesty, role):
    assert client_for(cast.member(role)).post(URL, {"reconcile_every_minutes": "30"}).status_code == 403
