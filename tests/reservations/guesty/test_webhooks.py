"""`POST /webhooks/guesty/<key>/`: verified, stored once, applied by fetching the reservation; stale ones: no-ops."""

import json
import time

import pytest
from django.urls import reverse

from reservations.guesty.models import IssueKind, SyncIssue, WebhookDelivery
from reservations.guesty.services.connection import webhook_url
from reservations.models import Reservation
from tests.reservations.guesty.conftest import stay, sync


@pytest.fixture
def deliver(client, connected, fake_guesty, django_capture_on_commit_callbacks):
    """Send Guesty's signed event to the app, as Guesty would; the response (the task runs at commit)."""
    url = webhook_url(connected)
    path = reverse("guesty_webhook", args=[connected.webhook_key])

    def send(event, reservation_id, *, body=None, headers=None, **kwargs):
        signed_body, signed_headers = fake_guesty.signed_webhook(url, event, reservation_id, **kwargs)
        headers = {**{k: v for k, v in signed_headers.items() if k.lower() != "content-type"}, **(headers or {})}
        with django_capture_on_commit_callbacks(execute=True):
            return client.post(path, data=body or signed_body, content_type="application/json", headers=headers)

    return send


@pytest.fixture
def held(cast, imported, listing, fake_guesty):
    booked = stay(fake_guesty, listing, days_ahead=5)
    sync(cast.organization, "backfill")
    return booked


def test_the_webhook_is_registered_with_its_secret_when_the_host_connects(connected, fake_guesty):
    assert connected.webhook_id
    assert connected.webhook_secret == fake_guesty.webhook_secret(webhook_url(connected))


@pytest.mark.parametrize("event", ["reservation.created.v2", "reservation.new"])
def test_a_new_booking_arrives_by_webhook(cast, imported, listing, fake_guesty, deliver, event):
    booked = stay(fake_guesty, listing)

    response = deliver(event, booked["_id"])

    assert response.status_code == 200
    assert Reservation.objects.get(external_id=booked["_id"]).property == imported
    assert WebhookDelivery.objects.get().outcome == "applied"


@pytest.mark.parametrize("event", ["reservation.updated.v2", "reservation.updated"])
def test_a_change_is_fetched_from_guesty_not_read_from_the_payload(held, fake_guesty, deliver, event):
    fake_guesty.update_reservation(held["_id"], status="canceled")
    fake_guesty.reset_log()

    deliver(event, held["_id"])

    assert Reservation.objects.get(external_id=held["_id"]).status == "canceled"
    assert fake_guesty.request_count("/v1/reservations-v3") == 1


def test_a_repeated_delivery_is_processed_once(held, fake_guesty, deliver):
    fake_guesty.update_reservation(held["_id"], guestsCount=4)
    fake_guesty.reset_log()

    first = deliver("reservation.updated.v2", held["_id"], msg_id="msg_same")
    second = deliver("reservation.updated.v2", held["_id"], msg_id="msg_same")

    assert (first.status_code, second.status_code) == (200, 200)
    assert second.json() == {"received": True, "duplicate": True}
    assert WebhookDelivery.objects.count() == 1
    assert fake_guesty.request_count("/v1/reservations-v3") == 1


def test_an_event_older_than_what_is_stored_changes_nothing_and_costs_no_request(held, fake_guesty, deliver):
    old = held["lastUpdatedAt"]
    fake_guesty.update_reservation(held["_id"], guestsCount=4)
    deliver("reservation.updated.v2", held["_id"])  # the newer state is applied
    fake_guesty.reset_log()

    deliver("reservation.updated.v2", held["_id"], published_at=old)  # a late delivery of an older change

    assert Reservation.objects.get(external_id=held["_id"]).guests_count == 4
    assert WebhookDelivery.objects.filter(outcome="stale").count() == 1
    assert fake_guesty.request_count("/v1/reservations-v3") == 0


def test_events_in_any_order_end_in_guestys_latest_state(held, fake_guesty, deliver):
    first = fake_guesty.update_reservation(held["_id"], guestsCount=3)
    fake_guesty.update_reservation(held["_id"], guestsCount=5)

    deliver("reservation.updated.v2", held["_id"])  # the later event arrives first
    deliver("reservation.updated.v2", held["_id"], published_at=first["lastUpdatedAt"])

    assert Reservation.objects.get(external_id=held["_id"]).guests_count == 5


def test_a_booking_for_a_listing_not_imported_is_an_issue(cast, connected, fake_guesty, deliver):
    elsewhere = fake_guesty.add_listing(title="Unknown")
    booked = stay(fake_guesty, elsewhere)

    deliver("reservation.created.v2", booked["_id"])

    assert SyncIssue.objects.get(organization=cast.organization).kind == IssueKind.UNKNOWN_LISTING
    assert not Reservation.objects.filter(external_id=booked["_id"]).exists()


@pytest.mark.parametrize(
    "headers",
    [
        {"svix-signature": "v1,AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA="},
        {"svix-signature": "garbage"},
        {"svix-signature": ""},
        {"svix-id": ""},
        {"svix-timestamp": str(int(time.time()) - 3600)},
    ],
    ids=["wrong signature", "malformed signature", "no signature", "no id", "an hour old"],
)
def test_a_bad_or_old_signature_is_refused_and_nothing_is_stored(held, deliver, headers):
    response = deliver("reservation.updated.v2", held["_id"], headers=headers)

    assert response.status_code == 401
    assert not WebhookDelivery.objects.exists()


def test_a_changed_body_no_longer_matches_its_signature(held, deliver):
    forged = json.dumps({"event": "reservation.updated.v2", "reservationId": "someone-elses"}).encode()

    assert deliver("reservation.updated.v2", held["_id"], body=forged).status_code == 401
    assert not WebhookDelivery.objects.exists()


def test_an_unknown_address_answers_404(client, connected):
    response = client.post("/webhooks/guesty/not-a-key/", data=b"{}", content_type="application/json")

    assert response.status_code == 404


def test_other_events_are_acknowledged_and_ignored(connected, fake_guesty, client):
    from standardwebhooks.webhooks import Webhook

    body = json.dumps({"event": "listing.updated", "listing": {"_id": "x"}})
    sign_id, when = "msg_listing", int(time.time())
    from datetime import UTC, datetime

    signature = Webhook(connected.webhook_secret).sign(sign_id, datetime.fromtimestamp(when, UTC), body)
    response = client.post(
        reverse("guesty_webhook", args=[connected.webhook_key]),
        data=body,
        content_type="application/json",
        headers={"svix-id": sign_id, "svix-timestamp": str(when), "svix-signature": signature},
    )

    assert response.status_code == 200
    assert WebhookDelivery.objects.get().outcome == "ignored"
