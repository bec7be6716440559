"""Connecting, checking and disconnecting: the secret stays secret, the webhook follows the connection."""

from accounts.models import ActivityLog
from reservations.guesty.models import ConnectionStatus, GuestyConnection, GuestyField, GuestyListing
from reservations.guesty.services.connection import connect, disconnect, webhook_url
from tests.reservations.guesty.conftest import CLIENT_ID, CLIENT_SECRET, sync


def test_connecting_checks_the_credentials_and_mirrors_listings_and_fields(cast, fake_guesty):
    fake_guesty.populate(listings=3, reservations=0)

    connect(actor=cast.owner, client_id=CLIENT_ID, client_secret=CLIENT_SECRET)
    run = sync(cast.organization, "connect")

    connection = GuestyConnection.objects.get(organization=cast.organization)
    assert run.status == "succeeded", run.error
    assert connection.status == ConnectionStatus.CONNECTED
    assert connection.account_id == "acc_1"
    assert GuestyListing.objects.filter(organization=cast.organization).count() == 3
    assert GuestyField.objects.filter(organization=cast.organization).count() == 7
    assert connection.next_reconcile_at is not None


def test_wrong_credentials_leave_the_connection_failed_with_the_reason(cast, fake_guesty):
    connect(actor=cast.owner, client_id=CLIENT_ID, client_secret="not-it")

    run = sync(cast.organization, "connect")

    connection = GuestyConnection.objects.get(organization=cast.organization)
    assert run.status == "failed"
    assert connection.status == ConnectionStatus.FAILED
    assert "did not accept this client id and secret" in connection.status_message


def test_a_webhook_secret_guesty_is_slow_to_issue_is_waited_for(cast, fake_guesty):
    fake_guesty.secret_delay(2)
    connect(actor=cast.owner, client_id=CLIENT_ID, client_secret=CLIENT_SECRET)

    sync(cast.organization, "connect")

    connection = GuestyConnection.objects.get(organization=cast.organization)
    assert connection.webhook_secret == fake_guesty.webhook_secret(webhook_url(connection))


def test_connecting_again_replaces_the_webhook_instead_of_adding_one(cast, connected, fake_guesty):
    from reservations.guesty.client import GuestyClient

    sync(cast.organization, "connect")

    hooks = GuestyClient(GuestyConnection.objects.get(pk=connected.pk)).get("/webhooks")
    assert [hook["url"] for hook in hooks] == [webhook_url(connected)]


def test_the_secret_is_never_in_the_activity_log(cast, connected):
    entries = ActivityLog.objects.filter(organization=cast.organization)

    assert entries.exists()
    assert all(CLIENT_SECRET not in str(entry.details) for entry in entries)


def test_disconnecting_removes_the_webhook_at_guesty_then_the_connection(
    cast, connected, fake_guesty, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        assert disconnect(actor=cast.owner)

    assert not GuestyConnection.objects.filter(organization=cast.organization).exists()
    assert any(method == "DELETE" for method, path, _q in fake_guesty.requests if path.startswith("/v1/webhooks/"))
    assert ActivityLog.objects.filter(action="guesty.disconnected").exists()


def test_runs_do_nothing_once_disconnected(cast, connected):
    GuestyConnection.objects.filter(pk=connected.pk).update(status=ConnectionStatus.DISCONNECTING)

    run = sync(cast.organization, "reconcile")

    assert run.status == "failed"
    assert "not connected" in run.error


def test_an_imported_listing_becomes_a_property_as_guesty_describes_it(cast, connected, fake_guesty):
    from datetime import time

    from reservations.guesty.services.listings import import_listings

    listing = fake_guesty.add_listing(
        title="Casa Azul with pool",
        city="Sevilla",
        timezone="Europe/Madrid",
        accommodates=6,
        defaultCheckInTime="16:00",
        defaultCheckOutTime="10:30",
    )
    sync(cast.organization, "listings")

    (property,) = import_listings(actor=cast.owner, listing_ids=[listing["_id"]])

    assert (property.name, property.city, property.timezone, property.max_guests) == (
        "Casa Azul with pool",
        "Sevilla",
        "Europe/Madrid",
        6,
    )
    assert (property.check_in_time, property.check_out_time) == (time(16, 0), time(10, 30))
    assert property.guesty_listing_id == listing["_id"]


def test_refreshing_listings_re_imports_what_guesty_changed(cast, imported, listing, fake_guesty):
    fake_guesty.update_listing(listing["_id"], title="Casa Azul renovated", timezone="Atlantic/Canary")

    sync(cast.organization, "listings")

    imported.refresh_from_db()
    assert (imported.name, imported.timezone) == ("Casa Azul renovated", "Atlantic/Canary")
