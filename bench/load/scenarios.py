"""The load suite's scenarios: what each one requests, built the same way for locust and for the in-process runs.

Nothing here imports Django: the locust process (bench/load/drive.py) builds its requests from the
context the runner read from the database (bench/load/prepare.py), and the runner builds the very
same requests for Django's test client when it counts queries and profiles.

A scenario belongs to a group: the users of a group sign in once (locust `on_start`) and then go
through the group's scenarios one after the other, each warmed up and measured on its own.
"""

import json
import time
import uuid
from dataclasses import dataclass, field
from urllib.parse import urlencode

# Who the simulated users are: signed out, the owner of account 1, the platform's superuser, a guest.
ANONYMOUS, HOST, ADMIN, GUEST = "anonymous", "host", "admin", "guest"
GROUPS = (ANONYMOUS, ADMIN, HOST, GUEST)


@dataclass(frozen=True)
class Scenario:
    key: str
    title: str
    group: str
    method: str = "GET"


SCENARIOS = [
    Scenario("floor", "Floor (no database, no template)", ANONYMOUS),
    Scenario("guide", "Public guide", ANONYMOUS),
    Scenario("api_list", "API: reservations list", ANONYMOUS),
    Scenario("stripe_webhook", "Webhook: Stripe event", ANONYMOUS, "POST"),
    Scenario("twilio_status", "Webhook: Twilio status callback", ANONYMOUS, "POST"),
    Scenario("guesty_webhook", "Webhook: Guesty change", ANONYMOUS, "POST"),
    Scenario("admin_changelist", "Django admin: reservations changelist", ADMIN),
    Scenario("host_list", "Host list", HOST),
    Scenario("host_list_filtered", "Host list, filtered", HOST),
    Scenario("host_list_search", "Host list, search", HOST),
    Scenario("host_list_sorted", "Host list, sorted by guest", HOST),
    Scenario("host_list_page20", "Host list, page 20", HOST),
    Scenario("reservation_page", "Reservation page", HOST),
    Scenario("dashboard", "Dashboard", HOST),
    Scenario("portal_home", "Guest portal: first page", GUEST),
    Scenario("checkin_step_get", "Check-in step (GET)", GUEST),
    Scenario("checkin_step_post", "Check-in step (POST)", GUEST, "POST"),
]
BY_KEY = {scenario.key: scenario for scenario in SCENARIOS}
FLOOR_PATH = "/_bench/floor/"  # bench/load_urls.py
ADMIN_CHANGELIST_PATH = "/admin/reservations/reservation/"


def of_group(group):
    return [scenario for scenario in SCENARIOS if scenario.group == group]


@dataclass
class Request:
    method: str
    path: str
    headers: dict = field(default_factory=dict)
    body: bytes | None = None
    expect: tuple = (200,)

    @property
    def content_type(self):
        return self.headers.get("Content-Type")


def guest_of(ctx, index):
    """The stay a guest user works on: each user its own, so no two users post the same check-in."""
    guests = ctx["guests"]
    return guests[index % len(guests)]


def build(key, ctx, *, user_index=0, n=0, csrf_token=""):
    """The request scenario `key` sends for user `user_index`, the n-th time; `csrf_token` for a form POST."""
    return _BUILDERS[key](ctx, user_index, n, csrf_token)


def _floor(ctx, index, n, csrf):
    return Request("GET", FLOOR_PATH)


def _guide(ctx, index, n, csrf):
    return Request("GET", f"/guide/{ctx['guide_token']}/")


def _api_list(ctx, index, n, csrf):
    return Request("GET", "/api/v1/reservations/", {"Authorization": f"Bearer {ctx['api_key']}"})


def _stripe_webhook(ctx, index, n, csrf):
    import stripe

    stamp = int(time.time())
    event = {
        "id": f"evt_bench_{uuid.uuid4().hex}",
        "object": "event",
        "api_version": "2025-01-27.acacia",
        "type": "customer.updated",
        "livemode": False,
        "created": stamp,
        "data": {"object": {"id": "cus_bench", "object": "customer"}},
    }
    payload = json.dumps(event, separators=(",", ":"))
    signature = stripe.WebhookSignature.generate_signature_header(payload, ctx["stripe"]["secret"], stamp)
    headers = {"Content-Type": "application/json", "Stripe-Signature": signature}
    return Request("POST", "/webhooks/stripe/", headers, payload.encode())


def _twilio_status(ctx, index, n, csrf):
    from twilio.request_validator import RequestValidator

    twilio = ctx["twilio"]
    path = "/webhooks/twilio/status/"
    params = {
        "AccountSid": twilio["account_sid"],
        "MessageSid": twilio["sids"][(index * 7919 + n) % len(twilio["sids"])],
        "MessageStatus": "delivered",
        "SmsStatus": "delivered",
        "ApiVersion": "2010-04-01",
    }
    signature = RequestValidator(twilio["auth_token"]).compute_signature(twilio["public_base_url"] + path, params)
    headers = {"Content-Type": "application/x-www-form-urlencoded", "X-Twilio-Signature": signature}
    return Request("POST", path, headers, urlencode(params).encode(), expect=(204,))


def _guesty_webhook(ctx, index, n, csrf):
    from datetime import UTC, datetime

    from standardwebhooks.webhooks import Webhook

    guesty = ctx["guesty"]
    now = datetime.now(UTC)
    reservation_id = guesty["reservation_ids"][(index * 7919 + n) % len(guesty["reservation_ids"])]
    payload = json.dumps(
        {"event": "reservation.updated", "reservationId": reservation_id, "publishedAt": now.isoformat()},
        separators=(",", ":"),
    )
    message_id = f"msg_bench_{uuid.uuid4().hex}"
    headers = {
        "Content-Type": "application/json",
        "svix-id": message_id,
        "svix-timestamp": str(int(now.timestamp())),
        "svix-signature": Webhook(guesty["secret"]).sign(message_id, now, payload),
    }
    return Request("POST", f"/webhooks/guesty/{guesty['key']}/", headers, payload.encode())


def _admin_changelist(ctx, index, n, csrf):
    return Request("GET", ADMIN_CHANGELIST_PATH)


def _list(query=""):
    def builder(ctx, index, n, csrf):
        return Request("GET", "/reservations/" + (f"?{query(ctx)}" if query else ""))

    return builder


def _reservation_page(ctx, index, n, csrf):
    pks = ctx["reservation_pks"]
    return Request("GET", f"/reservations/{pks[(index * 7919 + n) % len(pks)]}/")


def _dashboard(ctx, index, n, csrf):
    return Request("GET", "/")


def _portal_home(ctx, index, n, csrf):
    return Request("GET", f"/g/{guest_of(ctx, index)['token']}/")


def _step_path(guest):
    return f"/g/{guest['token']}/checkin/{guest['step']}/"


def _checkin_step_get(ctx, index, n, csrf):
    return Request("GET", _step_path(guest_of(ctx, index)))


def _checkin_step_post(ctx, index, n, csrf):
    guest = guest_of(ctx, index)
    data = {**guest["fields"], "csrfmiddlewaretoken": csrf}
    headers = {"Content-Type": "application/x-www-form-urlencoded", "X-CSRFToken": csrf}
    # A valid step answers with the redirect to the next one; a refused one re-renders with 400.
    return Request("POST", _step_path(guest), headers, urlencode(data, doseq=True).encode(), expect=(302,))


_BUILDERS = {
    "floor": _floor,
    "guide": _guide,
    "api_list": _api_list,
    "stripe_webhook": _stripe_webhook,
    "twilio_status": _twilio_status,
    "guesty_webhook": _guesty_webhook,
    "admin_changelist": _admin_changelist,
    "host_list": _list(),
    "host_list_filtered": _list(lambda ctx: ctx["host_list"]["filtered"]),
    "host_list_search": _list(lambda ctx: urlencode({"q": ctx["host_list"]["search"]})),
    "host_list_sorted": _list(lambda ctx: "sort=guest"),
    "host_list_page20": _list(lambda ctx: "page=20"),
    "reservation_page": _reservation_page,
    "dashboard": _dashboard,
    "portal_home": _portal_home,
    "checkin_step_get": _checkin_step_get,
    "checkin_step_post": _checkin_step_post,
}
assert set(_BUILDERS) == set(BY_KEY)
