"""Disconnecting: the credentials are forgotten by a task that also removes the webhook at Guesty."""

import pytest
from django.urls import reverse
from pytest_django.asserts import assertContains, assertNotContains, assertRedirects

from accounts.models import ActivityLog
from reservations.guesty.models import ConnectionStatus

pytestmark = pytest.mark.django_db

URL = reverse("guesty:disconnect")


def test_marks_the_connection_disconnecting_and_queues_the_clean_up(
    cast, client_for, guesty, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        response = client_for(cast.owner).post(URL, follow=True)

    assertRedirects(response, reverse("guesty:integration"))
    assertContains(response, "Guesty is being disconnected. Imported properties and reservations stay.")
    guesty.refresh_from_db()
    assert guesty.status == ConnectionStatus.DISCONNECTING
    assert len(callbacks) == 1
    assert ActivityLog.objects.filter(action="guesty.disconnected").exists()
    # Nothing more to do with it meanwhile.
    assertNotContains(response, "Check for changes now")
    assertNotContains(response, "Disconnect Guesty…")


def test_not_connected_there_is_nothing_to_disconnect(cast, client_for):
    response = client_for(cast.owner).post(URL, follow=True)

    assertContains(response, "Guesty is not connected.")


def test_an_owner_of_another_account_disconnects_only_their_own(cast, client_for, guesty):
    client_for(cast.outsider).post(URL)

    guesty.refresh_from_db()
    assert guesty.status == ConnectionStatus.CONNECTED


@pytest.mark.parametrize("role", ["manager", "concierge"])
def test_only_owners_may_disconnect(cast, client_for, guesty, role):
    assert client_for(cast.member(role)).post(URL).status_code == 403
    guesty.refresh_from_db()
    assert guesty.status == ConnectionStatus.CONNECTED
