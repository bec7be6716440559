"""Connecting: the credentials are stored (the secret encrypted, never shown again) and a check is queued."""

import pytest
from django.db import connection as database
from django.urls import reverse
from pytest_django.asserts import assertContains, assertRedirects

from accounts.models import ActivityLog
from reservations.guesty.models import ConnectionStatus, GuestyConnection, SyncRun
from tests.reservations.guesty.views.conftest import SECRET

pytestmark = pytest.mark.django_db

URL = reverse("guesty:connect")
PAGE = reverse("guesty:integration")


def test_stores_the_credentials_and_queues_a_check(cast, client_for, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        response = client_for(cast.owner).post(URL, {"client_id": " client-seaside ", "client_secret": SECRET})

    assertRedirects(response, PAGE)
    connection = GuestyConnection.objects.get(organization=cast.organization)
    assert connection.client_id == "client-seaside"
    assert connection.client_secret == SECRET
    assert connection.status == ConnectionStatus.CHECKING
    assert SyncRun.objects.get(organization=cast.organization).kind == "connect"
    assert len(callbacks) == 1  # the check's task, run by a worker (not in this test)
    assert ActivityLog.objects.filter(organization=cast.organization, action="guesty.connected").exists()


def test_the_secret_never_appears_on_any_page_afterwards(cast, client_for):
    client = client_for(cast.owner)

    response = client.post(URL, {"client_id": "client-seaside", "client_secret": SECRET}, follow=True)

    assertContains(response, "Credentials saved. Checking them with Guesty…")
    assertContains(response, "Checking")
    assert SECRET not in response.content.decode()
    for name in ("guesty:integration", "guesty:listings", "guesty:fields", "guesty:issues"):
        assert SECRET not in client.get(reverse(name)).content.decode()
    assert SECRET not in client.get(reverse("guesty:progress"), headers={"HX-Request": "true"}).content.decode()


def test_the_stored_secret_is_encrypted(cast, client_for):
    client_for(cast.owner).post(URL, {"client_id": "client-seaside", "client_secret": SECRET})

    with database.cursor() as cursor:
        cursor.execute("SELECT client_secret FROM guesty_guestyconnection")
        (stored,) = cursor.fetchone()
    assert SECRET not in stored


def test_an_empty_client_id_is_refused_and_nothing_is_stored(cast, client_for):
    response = client_for(cast.owner).post(URL, {"client_id": "  ", "client_secret": SECRET})

    assertContains(response, "This field is required.", status_code=400)
    assert SECRET not in response.content.decode()  # not echoed back into the password field either
    assert not GuestyConnection.objects.exists()
    assert not SyncRun.objects.exists()


def test_a_missing_secret_is_refused(cast, client_for):
    response = client_for(cast.owner).post(URL, {"client_id": "client-seaside", "client_secret": ""})

    assertContains(response, "Client secret: This field is required.", status_code=400)
    assert not GuestyConnection.objects.exists()


def test_replacing_credentials_checks_them_again(cast, client_for, guesty):
    response = client_for(cast.owner).post(URL, {"client_id": "client-new", "client_secret": "another-secret"})

    assertRedirects(response, PAGE)
    guesty.refresh_from_db()
    assert guesty.client_id == "client-new"
    assert guesty.client_secret == "another-secret"
    assert guesty.status == ConnectionStatus.CHECKING
    assert guesty.access_token == ""  # the old credentials' token is dropped


@pytest.mark.parametrize("role", ["manager", "concierge"])
def test_only_owners_may_connect(cast, client_for, role):
    response = client_for(cast.member(role)).post(URL, {"client_id": "x", "client_secret": "y"})

    assert response.status_code == 403
    assert not GuestyConnection.objects.exists()


def test_an_owner_connects_their_own_account_only(cast, client_for, guesty):
    client_for(cast.outsider).post(URL, {"client_id": "client-rival", "client_secret": "rival-secret"})

    guesty.refresh_from_db()
    assert guesty.client_id == "client-seaside"
    assert GuestyConnection.objects.get(organization=cast.outsider.organization).client_id == "client-rival"
