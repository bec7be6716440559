"""The fake Guesty keeps the documented protocol: tokens, paging, filters, 422s, limits, faults and signed webhooks."""

import threading
import time
from datetime import date, timedelta
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
import requests
from standardwebhooks.webhooks import Webhook

from tests.fakes.guesty import FakeGuesty

CREDENTIALS = {"client_id": "demo-client", "client_secret": "demo-secret"}


def standard_headers(svix):
    """Guesty sends Svix's header names; the standardwebhooks verifier reads the standard ones."""
    svix = {name.lower(): value for name, value in svix.items()}
    return {f"webhook-{part}": svix[f"svix-{part}"] for part in ("id", "timestamp", "signature")}


def grant(fake, **overrides):
    data = {"grant_type": "client_credentials", "scope": "open-api", **CREDENTIALS, **overrides}
    return requests.post(fake.token_url, data=data, timeout=5)


@pytest.fixture
def fake():
    with FakeGuesty(client_id="demo-client", client_secret="demo-secret", account_id="acc_1", seed=0) as fake:
        yield fake


@pytest.fixture
def api(fake):
    """A session that carries a valid token, as the app's client would."""
    session = requests.Session()
    session.headers["Authorization"] = "Bearer " + grant(fake).json()["access_token"]
    yield session
    session.close()


def test_token_grant_and_the_sixth_token_in_a_day_is_refused(fake):
    first = grant(fake)
    assert first.status_code == 200
    body = first.json()
    assert body["token_type"] == "Bearer" and body["expires_in"] == 86400 and body["scope"] == "open-api"
    assert len(body["access_token"]) >= 40
    for _ in range(4):
        assert grant(fake).status_code == 200
    sixth = grant(fake)
    assert sixth.status_code == 429
    assert sixth.json() == {"error": "too_many_requests", "error_description": "Exceeded 5 tokens per 24 hours"}
    assert fake.tokens_issued == 5


def test_token_request_errors(fake):
    assert grant(fake, scope="other").json() == {"error": "invalid_request"}
    assert grant(fake, client_secret="wrong").status_code == 401
    assert fake.tokens_issued == 0


def test_v1_needs_a_valid_token(fake, api):
    assert requests.get(fake.api_url + "/accounts/me", timeout=5).status_code == 401
    assert api.get(fake.api_url + "/accounts/me").json() == {"_id": "acc_1", "name": "Fake Guesty account"}
    fake.expire_tokens()
    answer = api.get(fake.api_url + "/accounts/me")
    assert answer.status_code == 401
    assert answer.json()["error"]["code"] == "UNAUTHORIZED"


def test_listings_paging_counts_every_match(fake, api):
    for _ in range(30):
        fake.add_listing()
    first = api.get(fake.api_url + "/listings").json()
    second = api.get(fake.api_url + "/listings", params={"skip": 25, "fields": "title"}).json()
    assert (len(first["results"]), first["count"], first["limit"], first["skip"]) == (25, 30, 25, 0)
    assert len(second["results"]) == 5 and second["count"] == 30
    assert set(second["results"][0]) == {"_id", "title"}


def test_reservation_search_pages_with_has_more(fake, api):
    listing = fake.add_listing()
    for day in range(250):
        fake.add_reservation(listing["_id"], date(2026, 1, 1) + timedelta(days=day % 200), date(2026, 8, 1))
    pages = []
    for skip in (0, 100, 200):
        params = {"skip": skip, "limit": 100, "sort": "_id"}
        pages.append(api.get(fake.api_url + "/reservations-v3/search", params=params).json())
    assert [page["pagination"]["hasMore"] for page in pages] == [True, True, False]
    ids = [row["_id"] for page in pages for row in page["results"]]
    assert len(ids) == len(set(ids)) == 250
    assert ids == sorted(ids) == fake.reservation_ids()


def test_search_rejects_a_page_over_100(fake, api):
    answer = api.get(fake.api_url + "/reservations-v3/search", params={"limit": 101})
    assert answer.status_code == 400
    assert answer.json()["error"]["code"] == "BAD_REQUEST"


def test_search_filters_on_local_dates_and_status(fake, api):
    listing = fake.add_listing()
    inside = fake.add_reservation(listing["_id"], "2026-12-01", "2026-12-04")
    reserved = fake.add_reservation(listing["_id"], "2026-12-10", "2026-12-12", status="reserved")
    fake.add_reservation(listing["_id"], "2026-12-05", "2026-12-06", status="canceled")
    fake.add_reservation(listing["_id"], "2026-11-30", "2026-12-02")
    params = {
        "filter[checkIn][gte]": "2026-12-01",
        "filter[checkIn][lte]": "2026-12-10",
        "filter[status][in]": "confirmed,reserved",
        "sort": "checkIn",
    }
    results = api.get(fake.api_url + "/reservations-v3/search", params=params).json()["results"]
    assert [row["_id"] for row in results] == [inside["_id"], reserved["_id"]]
    assert inside["checkIn"] == "2026-12-01T14:00:00.000Z"  # 15:00 in Madrid


def test_search_rejects_unknown_filters(fake, api):
    for key in ("filter[guestName][eq]", "filter[status][gte]", "filters[status][eq]"):
        assert api.get(fake.api_url + "/reservations-v3/search", params={key: "x"}).status_code == 400


def test_reservations_by_ids(fake, api):
    listing = fake.add_listing()
    ids = [fake.add_reservation(listing["_id"])["_id"] for _ in range(3)]
    asked = [ids[2], "0" * 24, ids[0]]
    answer = api.get(fake.api_url + "/reservations-v3", params={"reservationIds": ",".join(asked)}).json()
    assert [row["_id"] for row in answer["results"]] == [ids[2], ids[0]]
    eleven = ",".join(f"{n:024x}" for n in range(11))
    assert api.get(fake.api_url + "/reservations-v3", params={"reservationIds": eleven}).status_code == 400


def test_custom_field_writes_are_checked_and_all_or_nothing(fake, api):
    listing = fake.add_listing()
    reservation = fake.add_reservation(listing["_id"])
    passport = fake.add_custom_field("Passport number", "text")
    purpose = fake.add_custom_field("Purpose of stay", "enum", options=["Leisure", "Business"])
    adults = fake.add_custom_field("Number of adults", "number")
    url = f"{fake.api_url}/reservations-v3/{reservation['_id']}/custom-fields"

    def put(*items):
        return api.put(url, json={"customFields": [{"fieldId": f["_id"], "value": v} for f, v in items]})

    ok = put((passport, "X1234567"), (purpose, "Business"), (adults, 2))
    assert ok.status_code == 200
    assert ok.json()["reservationId"] == reservation["_id"] and len(ok.json()["customFields"]) == 3
    assert fake.get_reservation(reservation["_id"])["lastUpdatedAt"] > reservation["lastUpdatedAt"]

    unknown = api.put(url, json={"customFields": [{"fieldId": "f" * 24, "value": "x"}]})
    assert unknown.status_code == 422
    assert unknown.json()["error"]["code"] == "VALIDATION_ERROR"
    assert unknown.json()["error"]["data"] == {"fieldId": "f" * 24}

    not_an_option = put((passport, "Y7654321"), (purpose, "leisure"))
    assert not_an_option.status_code == 422
    assert not_an_option.json()["error"]["data"] == {"fieldId": purpose["_id"]}
    assert put((adults, "2")).status_code == 422
    values = {item["fieldId"]: item["value"] for item in fake.get_reservation(reservation["_id"])["customFields"]}
    assert values[passport["_id"]] == "X1234567"  # the 422 stored nothing

    assert api.put(url, data="not json").status_code == 400
    assert api.put(url.replace(reservation["_id"], "0" * 24), json={"customFields": []}).status_code == 404


def test_guest_fetch_requires_fields(fake, api):
    guest = fake.add_guest("Lucía", "García", email="lucia@example.com", language="es")
    url = f"{fake.api_url}/guests-crud/{guest['_id']}"
    assert api.get(url).status_code == 400
    answer = api.get(url, params={"fields": "fullName preferredLanguage"}).json()
    assert answer == {"_id": guest["_id"], "fullName": "Lucía García", "preferredLanguage": "es"}
    assert api.get(f"{fake.api_url}/guests-crud/{'0' * 24}", params={"fields": "email"}).status_code == 404


def test_rate_limit_answers_429_with_retry_after(fake, api):
    fake.set_rate_limits(per_second=15, per_minute=120, per_hour=5000)
    answers = [api.get(fake.api_url + "/accounts/me") for _ in range(16)]
    assert [a.status_code for a in answers[:15]] == [200] * 15
    assert answers[0].headers["X-RateLimit-Limit-Second"] == "15"
    assert answers[0].headers["X-RateLimit-Remaining-Second"] == "14"
    assert answers[15].status_code == 429
    assert int(answers[15].headers["Retry-After"]) >= 1
    assert answers[15].json()["error"]["code"] == "TOO_MANY_REQUESTS"
    fake.set_rate_limits(None)
    assert "X-RateLimit-Limit-Second" not in api.get(fake.api_url + "/accounts/me").headers


def test_fail_next_then_recovers(fake, api):
    fake.fail_next(2)
    statuses = [api.get(fake.api_url + "/accounts/me").status_code for _ in range(3)]
    assert statuses == [503, 503, 200]
    assert fake.request_count("/v1/accounts") == 3


def test_signed_webhook_verifies_with_standard_webhooks(fake, api):
    listing = fake.add_listing()
    reservation = fake.add_reservation(listing["_id"])
    hook_url = "https://app.example.com/guesty/webhook/abc"
    created = api.post(fake.api_url + "/webhooks", json={"url": hook_url, "events": ["reservation.updated.v2"]})
    assert created.status_code == 200 and created.json()["accountId"] == "acc_1"
    fake.secret_delay(1)
    secret_url = fake.api_url + "/webhooks-v2/secret"
    assert api.get(secret_url, params={"url": hook_url}).status_code == 404
    secret = api.get(secret_url, params={"url": hook_url}).json()["secret"]
    assert secret == fake.webhook_secret(hook_url) and secret.startswith("whsec_")

    for event in ("reservation.updated.v2", "reservation.updated"):
        body, h = fake.signed_webhook(hook_url, event, reservation["_id"])
        assert h["svix-signature"].startswith("v1,") and h["Content-Type"] == "application/json"
        payload = Webhook(secret).verify(body, standard_headers(h))
        assert payload["event"] == event
    assert payload["reservation"]["_id"] == reservation["_id"]

    assert api.delete(f"{fake.api_url}/webhooks/{created.json()['_id']}").json() == {}
    assert api.get(secret_url, params={"url": hook_url}).status_code == 404


def test_broadcast_posts_signed_webhooks(fake, api):
    received = []

    class Receiver(BaseHTTPRequestHandler):
        def do_POST(self):
            received.append((dict(self.headers), self.rfile.read(int(self.headers["Content-Length"]))))
            self.send_response(204)
            self.end_headers()

        def log_message(self, *args):
            pass

    receiver = ThreadingHTTPServer(("127.0.0.1", 0), Receiver)
    threading.Thread(target=receiver.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True).start()
    try:
        hook_url = f"http://127.0.0.1:{receiver.server_address[1]}/hook"
        api.post(fake.api_url + "/webhooks", json={"url": hook_url, "events": ["reservation.updated.v2"]})
        reservation = fake.add_reservation(fake.add_listing()["_id"], guests_count=2)
        assert requests.post(f"{fake.base_url}/_fake/reservations/{reservation['_id']}/touch", timeout=5).json() == {
            "ok": True
        }
    finally:
        receiver.shutdown()
        receiver.server_close()
    ((headers, body),) = received
    verified = Webhook(fake.webhook_secret(hook_url)).verify(body, standard_headers(headers))
    assert verified["guestsCount"] == 3 and verified["subtype"] == "updated"
    assert verified["publishedAt"] == fake.get_reservation(reservation["_id"])["lastUpdatedAt"]


def test_updates_keep_the_reservation_consistent(fake):
    listing = fake.add_listing(timezone="Europe/Lisbon", city="Lisboa", country="PT")
    reservation = fake.add_reservation(listing["_id"], "2026-07-01", "2026-07-05")
    assert reservation["checkIn"] == "2026-07-01T14:00:00.000Z"
    first = fake.update_reservation(reservation["_id"], checkInDateLocalized="2026-07-03", guestsCount=3)
    second = fake.update_reservation(reservation["_id"], status="canceled")
    assert (first["nightsCount"], first["stay"][0]["checkInDateLocalized"], first["stay"][0]["guestsCount"]) == (
        2,
        "2026-07-03",
        3,
    )
    assert reservation["lastUpdatedAt"] < first["lastUpdatedAt"] < second["lastUpdatedAt"]
    assert second["canceledAt"] == second["lastUpdatedAt"]


def test_populate_is_fast_and_deterministic():
    fake = FakeGuesty(seed=0)
    started = time.perf_counter()
    fake.populate(listings=150, reservations=10000)
    assert time.perf_counter() - started < 2
    again = FakeGuesty(seed=0)
    again.populate(listings=150, reservations=10000)
    ids = fake.reservation_ids()
    assert len(ids) == 10000 and ids == again.reservation_ids()
    assert all(fake.get_reservation(rid) == again.get_reservation(rid) for rid in ids[::97])
    sample = [fake.get_reservation(rid) for rid in ids[:1000]]
    assert {row["status"] for row in sample} == {"confirmed", "canceled", "reserved"}
    assert [row["createdAt"] for row in sample] == sorted(row["createdAt"] for row in sample)
