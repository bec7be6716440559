"""Testing the connection: the stored credentials are checked again by a task."""

import pytest
from django.urls import reverse
from pytest_django.asserts import assertContains, assertRedirects

from reservations.guesty.models import ConnectionStatus, SyncRun

pytestmark = pytest.mark.django_db

URL = reverse("guesty:test")


def test_queues_a_check_and_says_so(cast, client_for, guesty, django_capture_on_commit_callbacks):
    guesty.status = ConnectionStatus.FAILED
    guesty.save()

    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        response = client_for(cast.owner).post(URL, follow=True)

    assertRedirects(response, reverse("guesty:integration"))
    assertContains(response, "Checking the connection with Guesty…")
    guesty.refresh_from_db()
    assert guesty.status == ConnectionStatus.CHECKING
    assert SyncRun.objects.get(organization=cast.organization).kind == "connect"
    assert len(callbacks) == 1


def test_without_a_connection_there_is_nothing_to_test(cast, client_for):
    response = client_for(cast.owner).post(URL, follow=True)

    assertContains(response, "Connect Guesty first")
    assert not SyncRun.objects.exists()


def test_an_owner_of_another_account_tests_only_their_own(cast, client_for, guesty):
    client_for(cast.outsider).post(URL)

    guesty.refresh_from_db()
    assert guesty.status == ConnectionStatus.CONNECTED
    assert not SyncRun.objects.filter(organization=cast.organization).exists()


@pytest.mark.parametrize("role", ["manager", "concierge"])
def test_only_owners_may_test_it(cast, client_for, guesty, role):
    assert client_for(cast.member(role)).post(URL).status_code == 403
    assert not SyncRun.objects.exists()
