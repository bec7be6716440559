"""A fake of Stripe's v1 API (Connect accounts, Checkout, PaymentIntents, refunds, events), served over real HTTP.

The app talks to it with the real `stripe` library: form-encoded bodies in bracket notation, Bearer auth with the
fake's secret key, `Idempotency-Key` replays kept for 24 h, errors shaped `{"error": {type, code, message, param}}`,
`expand[]` honoured. Parameters are checked against the library's own parameter types, so a misspelt one is refused
the way Stripe refuses it ("Received unknown parameter"). It serves the two pages Stripe hosts, Connect onboarding and
Checkout, both labelled as a sandbox, and emits events signed the way Stripe signs webhooks: kept in an outbox for
tests to read, or POSTed to the app when a webhook URL is set.

    with FakeStripe() as fake:
        client = fake.client()  # StripeClient(api_key, base_addresses=..., max_network_retries=0)
        account = client.v1.accounts.create(params={"country": "ES", "email": "host@example.com"})
        fake.complete_onboarding(account.id)
        session = client.v1.checkout.sessions.create(params={"mode": "payment", "line_items": [...], ...})
        fake.pay(session.id)
        for kind, payload, headers in fake.take_outbox():
            ...

Standalone: `python -m tests.fakes.stripe --port 8766 --webhook-url http://127.0.0.1:8000/webhooks/stripe/`.
"""

import argparse
import base64
import contextlib
import copy
import heapq
import hmac
import html
import importlib
import json
import logging
import queue
import random
import re
import signal
import socket
import string
import sys
import threading
import time
from collections import Counter, namedtuple
from decimal import Decimal
from functools import lru_cache
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qsl, urlsplit

import requests
import stripe

logger = logging.getLogger(__name__)

DEFAULT_API_KEY = "sk_test_fake"
DEFAULT_WEBHOOK_SECRET = "whsec_platform_fake"
DEFAULT_CONNECT_WEBHOOK_SECRET = "whsec_connect_fake"
# Events carry the version the installed library pins, the one it sends as Stripe-Version.
API_VERSION = stripe.api_version
ACCOUNT_LINK_TTL = 300
SESSION_TTL = 86400
SESSION_MIN_TTL = 1800
IDEMPOTENCY_TTL = 86400
MAX_AMOUNT = 99_999_999  # Stripe's ceiling: eight digits of minor units
DELIVERY_TIMEOUT = 5

# https://docs.stripe.com/currencies#zero-decimal and #three-decimal
ZERO_DECIMAL_CURRENCIES = frozenset(
    {"bif", "clp", "djf", "gnf", "jpy", "kmf", "krw", "mga", "pyg", "rwf", "ugx", "vnd", "vuv", "xaf", "xof", "xpf"}
)
THREE_DECIMAL_CURRENCIES = frozenset({"bhd", "jod", "kwd", "omr", "tnd"})
_SYMBOLS = {"eur": "€", "usd": "$", "gbp": "£", "jpy": "¥"}
# Stripe's minimum charge per currency (https://docs.stripe.com/currencies#minimum-and-maximum-charge-amounts).
_MINIMUM_CHARGE = {"eur": 50, "usd": 50, "gbp": 30, "jpy": 50, "chf": 50, "cad": 50, "aud": 50, "sek": 300, "dkk": 250}
_DEFAULT_CURRENCY = {"US": "usd", "GB": "gbp", "JP": "jpy", "CH": "chf", "CA": "cad", "AU": "aud", "SE": "sek"}

CONNECT_EVENTS = frozenset({"account.updated"})
CAPTURE_METHODS = frozenset({"automatic", "automatic_async", "manual"})
CANCELLATION_REASONS = frozenset({"duplicate", "fraudulent", "requested_by_customer", "abandoned"})
REFUND_REASONS = frozenset({"duplicate", "fraudulent", "requested_by_customer"})
_CANCELABLE = ("requires_payment_method", "requires_capture", "requires_confirmation", "requires_action", "processing")
_ONBOARDING_DUE = ["external_account", "tos_acceptance.date"]
_ALNUM = string.ascii_letters + string.digits
# Options the library takes beside the parameters (RequestOptions): never sent as parameters.
_OPTION_KEYS = frozenset(
    {"api_key", "content_type", "headers", "idempotency_key", "max_network_retries", "stripe_account"}
    | {"stripe_context", "stripe_version"}
)
_NO_REQUEST = {"id": None, "idempotency_key": None, "account": None}

Request = namedtuple("Request", "method path params idempotency_key")


def currency_exponent(currency: str) -> int:
    """How many decimals `currency` has: 0 for JPY and the other zero-decimal currencies, 3 for KWD and co, else 2."""
    currency = currency.lower()
    return 0 if currency in ZERO_DECIMAL_CURRENCIES else 3 if currency in THREE_DECIMAL_CURRENCIES else 2


def format_amount(amount: int, currency: str) -> str:
    """`amount` minor units as people read it: "€12.50", "¥1,500", "12.50 CHF"."""
    exponent = currency_exponent(currency)
    text = f"{Decimal(abs(amount)).scaleb(-exponent):,.{exponent}f}"
    symbol = _SYMBOLS.get(currency.lower())
    text = f"{symbol}{text}" if symbol else f"{text} {currency.upper()}"
    return "-" + text if amount < 0 else text


def stripe_fee(amount: int, currency: str) -> int:
    """The fake's processing fee: 1.4% + 25 minor units, or 3.6% for zero-decimal currencies (rounded half up)."""
    # Deterministic, not Stripe's real pricing: tests can compute the expected fee and net.
    if currency.lower() in ZERO_DECIMAL_CURRENCIES:
        return (amount * 36 + 500) // 1000
    return (amount * 14 + 500) // 1000 + 25


class ApiError(ValueError):
    """An error answer of the API: `{"error": {"type", "code", "message", "param"}}` with its HTTP status.

    The fake's own methods (pay, settle_async, refund_in_dashboard...) raise it too, as a ValueError."""

    def __init__(self, status: int, message: str, *, type="invalid_request_error", code=None, param=None, extra=None):
        super().__init__(message)
        self.status, self.message, self.type, self.code, self.param = status, message, type, code, param
        self.extra = extra or {}

    def body(self) -> dict:
        return {
            "error": {"type": self.type, "code": self.code, "message": self.message, "param": self.param, **self.extra}
        }

    @property
    def saved(self) -> bool:
        # Stripe keeps no idempotent result when the parameters failed validation, nor for its own 5xx.
        return self.status < 500 and not (self.code or "").startswith("parameter_") and self.code != "resource_missing"


def _invalid(message: str, param: str | None = None, code: str | None = None) -> ApiError:
    return ApiError(400, message, code=code, param=param)


def _missing(param: str) -> ApiError:
    return ApiError(400, f"Missing required param: {param}.", code="parameter_missing", param=param)


def _no_such(kind: str, object_id: str, param: str = "id", status: int = 404) -> ApiError:
    return ApiError(status, f"No such {kind}: '{object_id}'", code="resource_missing", param=param)


def _given(value) -> bool:
    # An empty value is how Stripe's form encoding unsets a parameter: the same as leaving it out on create.
    return value is not None and value != ""


def _text(params: dict, name: str, param: str | None = None) -> str | None:
    value = params.get(name)
    if not _given(value):
        return None
    if not isinstance(value, str):
        raise _invalid(f"Invalid string: {json.dumps(value)}", param or name, "parameter_invalid_string")
    return value


def _integer(value, param: str, minimum: int | None = None, maximum: int | None = None) -> int:
    if isinstance(value, str) and re.fullmatch(r"-?\d+", value.strip()):
        number = int(value)
    elif isinstance(value, int) and not isinstance(value, bool):
        number = value
    else:
        raise _invalid(f"Invalid integer: {value}", param, "parameter_invalid_integer")
    if minimum is not None and number < minimum:
        raise _invalid(f"This value must be greater than or equal to {minimum}.", param, "parameter_invalid_integer")
    if maximum is not None and number > maximum:
        raise _invalid(f"This value must be less than or equal to {maximum}.", param, "parameter_invalid_integer")
    return number


def _boolean(value, param: str) -> bool:
    if value in ("true", True):
        return True
    if value in ("false", False):
        return False
    raise _invalid(f"Invalid boolean: {value}", param, "parameter_invalid_boolean")


def _url(value: str | None, param: str) -> str | None:
    if value is not None and not re.match(r"https?://[^\s/]", value):
        raise _invalid("Not a valid URL", param, "url_invalid")
    return value


def _currency(value, param: str) -> str:
    if not _given(value):
        raise _missing(param)
    if not isinstance(value, str) or not re.fullmatch(r"[A-Za-z]{3}", value):
        raise _invalid(f"Invalid currency: {value}.", param, "parameter_invalid_string")
    return value.lower()


def _metadata(value, param: str = "metadata") -> dict:
    """Validated metadata as Stripe limits it: 50 keys of 40 characters, values of 500; empty values unset."""
    if not _given(value):
        return {}
    if not isinstance(value, dict):
        raise _invalid("Invalid hash", param)
    if len(value) > 50:
        raise _invalid("Metadata can have up to 50 keys.", param)
    for key, item in value.items():
        if not isinstance(item, str):
            raise _invalid(f"Invalid string: {json.dumps(item)}", f"{param}[{key}]", "parameter_invalid_string")
        if len(key) > 40:
            raise _invalid(f"Metadata keys can have up to 40 characters, but {key!r} has {len(key)}.", param)
        if len(item) > 500:
            raise _invalid(f"Metadata values can have up to 500 characters, but {key!r} has {len(item)}.", param)
    return {key: item for key, item in value.items() if item != ""}


def _plain(value):
    """A parameter stored as given, but with "true"/"false" as booleans (accounts keep what they are sent)."""
    if isinstance(value, dict):
        return {key: _plain(item) for key, item in value.items()}
    if isinstance(value, list):
        return [_plain(item) for item in value]
    return {"true": True, "false": False}.get(value, value) if isinstance(value, str) else value


_NAME = re.compile(r"([^\[\]]+)((?:\[[^\[\]]*\])*)")
_SEGMENT = re.compile(r"\[([^\[\]]*)\]")


def parse_params(pairs) -> dict:
    """Form pairs in Stripe's bracket notation as nested dicts and lists.

    `line_items[0][price_data][unit_amount]=500` gives {"line_items": [{"price_data": {"unit_amount": "500"}}]}.
    Values stay strings; `expand[]=a` appends; a hash whose keys are all indexes becomes a list, except metadata
    (its keys are the app's own, "12" included)."""
    root: dict = {}
    for key, value in pairs:
        match = _NAME.fullmatch(key)
        if match is None:
            raise _invalid(f"Invalid parameter name: {key}", key, "parameter_unknown")
        parts = [match[1], *_SEGMENT.findall(match[2])]
        node = root
        for depth, part in enumerate(parts):
            part = part or str(len(node))  # `expand[]`: the next index
            if depth == len(parts) - 1:
                if isinstance(node.get(part), dict):
                    raise _invalid(f"Invalid parameter structure: {key} is both a value and a hash", key)
                node[part] = value
            else:
                node = node.setdefault(part, {})
                if not isinstance(node, dict):
                    raise _invalid(f"Invalid parameter structure: {key} is both a value and a hash", key)
    return _listify(root)


def _listify(node):
    if not isinstance(node, dict):
        return node
    node = {key: value if key == "metadata" else _listify(value) for key, value in node.items()}
    if node and all(key.isdigit() for key in node):
        return [node[key] for key in sorted(node, key=int)]
    return node


# -- parameter names, checked against the library's own TypedDicts ------------------------------------------------


@lru_cache(maxsize=64)
def _params_class(dotted: str):
    module, _, name = dotted.rpartition(".")
    try:
        return getattr(importlib.import_module(module), name)
    except (ImportError, AttributeError):  # another library version: the fake then accepts any parameter
        return None


@lru_cache(maxsize=1024)
def _allowed_keys(schema) -> frozenset:
    return frozenset((schema.__required_keys__ | schema.__optional_keys__) - _OPTION_KEYS)


@lru_cache(maxsize=1024)
def _child_schema(schema, key: str):
    """The TypedDict of `schema[key]` when it is a hash (or list of hashes) of named parameters, else None."""
    module = sys.modules[schema.__module__]
    for name in re.findall(r"\b([A-Z]\w*Params\w*)\b", repr(schema.__annotations__.get(key))):
        candidate = getattr(module, name, None)
        if hasattr(candidate, "__optional_keys__"):
            return candidate
    return None


def _unknown_param(value, schema, prefix: str = "") -> str | None:
    """The first parameter name (bracketed as sent) that `schema` does not have, or None."""
    if isinstance(value, list):
        for index, item in enumerate(value):
            found = _unknown_param(item, schema, f"{prefix}[{index}]")
            if found:
                return found
        return None
    if not isinstance(value, dict):
        return None
    allowed = _allowed_keys(schema)
    for key, item in value.items():
        name = f"{prefix}[{key}]" if prefix else key
        if key not in allowed:
            return name
        child = _child_schema(schema, key)
        found = child is not None and _unknown_param(item, child, name)
        if found:
            return found
    return None


# -- HTML ---------------------------------------------------------------------------------------------------------

_CSS = """
:root { font-family: system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; color: #1a1f36; }
body { margin: 0; background: #f6f8fa; }
main { max-width: 28rem; margin: 0 auto; padding: 1rem; }
.sandbox { background: #fff4e5; border: 1px solid #f5a623; color: #7a4b00; border-radius: .5rem;
  padding: .5rem .75rem; font-weight: 600; font-size: .9rem; margin: 0; }
.card { background: #fff; border-radius: .75rem; box-shadow: 0 1px 3px rgba(0, 0, 0, .12); padding: 1.25rem;
  margin-top: 1rem; }
h1 { font-size: 1.5rem; margin: 0 0 1rem; }
table { width: 100%; border-collapse: collapse; }
td { padding: .4rem 0; vertical-align: top; }
td.amount { text-align: right; white-space: nowrap; }
tr.total td { border-top: 1px solid #e3e8ee; font-weight: 700; padding-top: .6rem; }
label { display: block; font-size: .85rem; color: #697386; margin: 0 0 .25rem; }
input, button { font: inherit; }
input { width: 100%; box-sizing: border-box; font-size: 1rem; padding: .65rem; border: 1px solid #cfd7df;
  border-radius: .4rem; }
button { display: block; width: 100%; margin: .75rem 0 0; padding: .8rem; font-size: 1rem; border-radius: .4rem;
  border: 1px solid #635bff; background: #635bff; color: #fff; cursor: pointer; }
form > button:first-child { margin-top: 0; }
button.secondary { background: #fff; color: #635bff; }
button.danger { background: #fff; color: #c0123c; border-color: #c0123c; }
.notice { background: #fde8ec; color: #8a0c2b; border-radius: .4rem; padding: .6rem .75rem; }
.muted { color: #697386; font-size: .85rem; }
.links { text-align: center; margin-top: 1rem; }
a { color: #635bff; }
"""


def _page(title: str, label: str, body: str, lang: str = "en") -> bytes:
    return (
        f'<!doctype html>\n<html lang="{html.escape(lang)}"><head><meta charset="utf-8">'
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        f"<title>{html.escape(title)}</title><style>{_CSS}</style></head>\n"
        f'<body><main><p class="sandbox" role="note">{html.escape(label)}</p>\n{body}\n</main></body></html>\n'
    ).encode()


def _html(status: int, title: str, label: str, body: str, lang: str = "en") -> tuple[int, dict, bytes]:
    return status, {"Content-Type": "text/html; charset=utf-8"}, _page(title, label, body, lang)


def _redirect(location: str, status: int = 303) -> tuple[int, dict, bytes]:
    return status, {"Location": location, "Content-Type": "text/plain; charset=utf-8"}, b""


SANDBOX_PAYMENT = "Stripe sandbox — no real payment"
SANDBOX_ACCOUNT = "Stripe sandbox — no real account is created"


class FakeStripe:
    """Stripe's API in one process: all state behind one lock, served by a ThreadingHTTPServer thread."""

    def __init__(
        self,
        api_key: str = DEFAULT_API_KEY,
        webhook_secret: str = DEFAULT_WEBHOOK_SECRET,
        connect_webhook_secret: str = DEFAULT_CONNECT_WEBHOOK_SECRET,
        webhook_url: str | None = None,
        connect_webhook_url: str | None = None,
        *,
        seed: int | None = None,
        strict_params: bool = True,
    ):
        self.api_key, self.webhook_secret, self.connect_webhook_secret = api_key, webhook_secret, connect_webhook_secret
        self.webhook_url, self.connect_webhook_url = webhook_url, connect_webhook_url
        self.strict_params = strict_params
        self._lock = threading.Lock()
        self._rng = random.Random(seed)
        self._clock_offset = 0.0
        self._objects: dict[str, dict] = {}  # every object by id: accounts, sessions, intents, charges, events...
        self._links: dict[str, dict] = {}  # account link token -> account, urls, expiry, state
        self._sessions: dict[str, dict] = {}  # checkout session id -> line items and payment_intent_data
        self._session_of_intent: dict[str, str] = {}
        self._refunds_of_charge: dict[str, list[str]] = {}
        self._expiries: list[tuple[int, str]] = []  # heap of (expires_at, session id)
        self._idempotency: dict[str, tuple] = {}  # key -> (at, method, path, params, status, request id, body)
        self._context = _NO_REQUEST  # the API request being answered, for the events it causes
        self._fail: list[int] = []
        self.requests: list[Request] = []
        self.events: list[dict] = []
        self.outbox: list[tuple[str, bytes, dict]] = []
        self.delivered: list[tuple[str, str, int]] = []  # (kind, event id, HTTP status)
        self.failed_deliveries: list[tuple[str, bytes, dict, str]] = []  # (kind, payload, headers, reason)
        self._deliveries: queue.Queue = queue.Queue()
        self._sender: threading.Thread | None = None
        self._server: ThreadingHTTPServer | None = None
        self._thread: threading.Thread | None = None

    # -- lifecycle --------------------------------------------------------------------------------------------

    def start(self, host: str = "127.0.0.1", port: int = 0) -> "FakeStripe":
        """Serve on host:port (0: any free port) from a daemon thread; returns self."""
        if self._server is not None:
            raise RuntimeError("FakeStripe is already running")
        server = _Server((host, port), _Handler)
        server.fake = self
        self._server = server
        self._thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)
        self._thread.start()
        return self

    def stop(self) -> None:
        """Stop serving, drop open keep-alive connections, and let queued webhooks go out first."""
        server, self._server = self._server, None
        if server is not None:
            server.shutdown()
            server.close_connections()
            server.server_close()
            self._thread.join(timeout=5)
        sender, self._sender = self._sender, None
        if sender is not None:
            self._deliveries.put(None)
            sender.join(timeout=DELIVERY_TIMEOUT + 1)

    def __enter__(self) -> "FakeStripe":
        return self.start()

    def __exit__(self, *exc) -> None:
        self.stop()

    @property
    def base_url(self) -> str:
        """http://host:port, for every base address of StripeClient (api, connect, files)."""
        if self._server is None:
            raise RuntimeError("FakeStripe is not running: call start() first")
        host, port = self._server.server_address[:2]
        # Pages are linked from this address: one bound to all interfaces is reached through the loopback.
        return f"http://{'127.0.0.1' if host in ('0.0.0.0', '') else host}:{port}"

    def client(self, **options) -> stripe.StripeClient:
        """A real StripeClient pointed at the fake, without retries (keyword arguments go to StripeClient)."""
        base = self.base_url
        options.setdefault("max_network_retries", 0)
        return stripe.StripeClient(
            self.api_key, base_addresses={"api": base, "connect": base, "files": base}, **options
        )

    # -- clock ------------------------------------------------------------------------------------------------

    def now(self) -> int:
        """The fake's clock (unix seconds): real time plus what advance_time added."""
        return int(time.time() + self._clock_offset)

    def advance_time(self, seconds: float) -> None:
        """Move the fake's clock forward: account links, sessions past expires_at and idempotency keys expire."""
        with self._lock:
            self._clock_offset += seconds
            self._expire_due()

    # -- state ------------------------------------------------------------------------------------------------

    def get(self, object_id: str) -> dict:
        """A copy of any object by id (account, checkout.session, payment_intent, charge, refund, event...).

        A checkout.session also shows what Stripe keeps but never returns, for tests to check what the app asked:
        `payment_intent_data` (as validated: capture_method, application_fee_amount, transfer_data, on_behalf_of,
        description, metadata) and `line_items` (a list object, as `expand[]=line_items` gives it)."""
        with self._lock:
            return self._inspect(self._objects[object_id])

    def find(self, object_type: str, **fields) -> list[dict]:
        """Copies of the objects of one type (e.g. "refund") whose top-level fields equal `fields`, oldest first."""
        with self._lock:
            return [
                self._inspect(obj)
                for obj in self._objects.values()
                if obj["object"] == object_type and all(obj.get(key) == value for key, value in fields.items())
            ]

    def _inspect(self, obj: dict) -> dict:
        out = copy.deepcopy(obj)
        if obj["object"] == "checkout.session":
            out["payment_intent_data"] = copy.deepcopy(self._sessions[obj["id"]]["payment_intent_data"])
            out["line_items"] = self._line_item_list(obj["id"])
        return out

    def add_account(self, onboarded: bool = True, **fields) -> dict:
        """Add a connected account directly (no API call, no event); onboarded: charges and payouts enabled."""
        with self._lock:
            account = self._new_account(fields.pop("country", "ES"), fields.pop("email", None), {}, fields)
            if onboarded:
                self._mark_onboarded(account)
            return copy.deepcopy(account)

    def complete_onboarding(self, account_id: str) -> dict:
        """What submitting the hosted onboarding page does: the account is enabled and account.updated emitted."""
        with self._lock:
            return copy.deepcopy(self._complete_onboarding(self._object(account_id, "account")))

    def pay(self, session_id: str, capture=None, *, bank_transfer: bool = False) -> dict:
        """Pay an open Checkout Session as the customer would press "Pay"; returns the session.

        capture: None follows the session's payment_intent_data[capture_method]; "manual"/False only authorises,
        "automatic"/True captures. bank_transfer=True is the "Pay by bank transfer" button: the payment stays
        processing until settle_async()."""
        with self._lock:
            session = self._open_session(session_id)
            if bank_transfer:
                self._pay_later(session)
            else:
                self._pay_card(session, manual=self._manual(self._sessions[session_id]["payment_intent_data"], capture))
            return copy.deepcopy(session)

    def decline(self, session_id: str) -> dict:
        """The customer's card is declined: a failed charge, payment_intent.payment_failed; the session stays open."""
        with self._lock:
            session = self._open_session(session_id)
            self._decline(session)
            return copy.deepcopy(session)

    def settle_async(self, session_id: str, succeeded: bool = True) -> dict:
        """The bank transfer of a session paid with "Pay by bank transfer" arrives (or fails); returns the session."""
        with self._lock:
            self._expire_due()
            session = self._object(session_id, "checkout.session")
            self._settle(session, succeeded)
            return copy.deepcopy(session)

    def refund_in_dashboard(self, payment_intent_id: str, amount: int | None = None, reason=None) -> dict:
        """A refund made in Stripe's dashboard (not by the app): the same events, with no request id."""
        with self._lock:
            intent = self._object(payment_intent_id, "payment_intent")
            charge = self._refundable_charge(intent, "payment_intent")
            return copy.deepcopy(self._refund(charge, amount, reason, {}))

    def fail_next(self, n: int, status: int = 500) -> None:
        """The next n /v1 requests answer `status` with a Stripe-shaped error (api_error for 5xx)."""
        with self._lock:
            self._fail.extend([status] * n)

    # -- webhooks ---------------------------------------------------------------------------------------------

    def signed(self, payload: bytes | str, secret: str | None = None, timestamp: int | None = None) -> str:
        """The Stripe-Signature header for payload: `t=<unix>,v1=<hex HMAC-SHA256 of "t.payload">`.

        secret defaults to the platform webhook secret; timestamp to now (pass an old one to age a signature)."""
        text = payload.decode() if isinstance(payload, bytes) else payload
        stamp = int(time.time()) if timestamp is None else int(timestamp)
        # The library's own helper, the one its tests sign with: construct_event accepts what it builds.
        return stripe.WebhookSignature.generate_signature_header(text, secret or self.webhook_secret, stamp)

    def take_outbox(self) -> list[tuple[str, bytes, dict]]:
        """The pending deliveries (kind "platform"/"connect", payload bytes, headers), oldest first; clears them."""
        with self._lock:
            taken, self.outbox = self.outbox, []
            return taken

    def flush(self, timeout: float = 10.0) -> bool:
        """Wait until the events queued for HTTP delivery have been sent (or failed); False on timeout."""
        deadline = time.monotonic() + timeout
        while self._deliveries.unfinished_tasks:
            if time.monotonic() > deadline:
                return False
            time.sleep(0.01)
        return True

    def redeliver_failed(self) -> int:
        """Queue the failed deliveries again (to the URLs configured now); returns how many."""
        with self._lock:
            failed, self.failed_deliveries = self.failed_deliveries, []
            for kind, payload, _, _ in failed:
                self._deliver(kind, payload)
            return len(failed)

    def _emit(self, event_type: str, obj: dict, *, account: str | None = None, previous: dict | None = None) -> dict:
        """Record an event with a copy of obj as it is now and send it to its endpoint (or the outbox)."""
        event = {"id": self._new_id("evt_"), "object": "event"}
        if account is not None:
            event["account"] = account  # a Connect event: it happened on a connected account
        data = {"object": copy.deepcopy(obj)}
        if previous:
            data["previous_attributes"] = previous
        event.update(
            api_version=API_VERSION,
            created=self.now(),
            data=data,
            livemode=False,
            pending_webhooks=1,
            request={"id": self._context["id"], "idempotency_key": self._context["idempotency_key"]},
            type=event_type,
        )
        self.events.append(event)
        self._objects[event["id"]] = event
        # Stripe sends events pretty-printed; the signature covers these exact bytes.
        self._deliver("connect" if account is not None else "platform", json.dumps(event, indent=2).encode())
        return event

    def _deliver(self, kind: str, payload: bytes) -> None:
        url = self.connect_webhook_url if kind == "connect" else self.webhook_url
        if not url:
            self.outbox.append((kind, payload, self._webhook_headers(kind, payload)))
            return
        if self._sender is None or not self._sender.is_alive():
            # One sender thread: events reach the app in the order they were emitted.
            self._sender = threading.Thread(target=self._send_loop, name="fake-stripe-webhooks", daemon=True)
            self._sender.start()
        self._deliveries.put((kind, url, payload))

    def _webhook_headers(self, kind: str, payload: bytes) -> dict:
        secret = self.connect_webhook_secret if kind == "connect" else self.webhook_secret
        return {"Stripe-Signature": self.signed(payload, secret), "Content-Type": "application/json"}

    def _send_loop(self) -> None:
        session = requests.Session()
        session.headers["User-Agent"] = "Stripe/1.0 (+https://stripe.com/docs/webhooks)"
        while True:
            item = self._deliveries.get()
            try:
                if item is None:
                    return
                kind, url, payload = item
                headers = self._webhook_headers(kind, payload)  # signed when sent, as each Stripe attempt is
                event_id = json.loads(payload)["id"]
                try:
                    response = session.post(url, data=payload, headers=headers, timeout=DELIVERY_TIMEOUT)
                    status, reason = response.status_code, f"HTTP {response.status_code}"
                except requests.RequestException as error:
                    status, reason = None, repr(error)
                with self._lock:
                    if status is not None and 200 <= status < 300:
                        self.delivered.append((kind, event_id, status))
                    else:
                        self.failed_deliveries.append((kind, payload, headers, reason))
                if status is None or not 200 <= status < 300:
                    logger.warning("Fake Stripe: %s webhook %s to %s failed: %s", kind, event_id, url, reason)
            finally:
                self._deliveries.task_done()

    # -- objects ----------------------------------------------------------------------------------------------

    def _new_id(self, prefix: str, length: int = 24) -> str:
        while True:
            new = prefix + "".join(self._rng.choices(_ALNUM, k=length))
            if new not in self._objects and new not in self._links:
                return new

    def _store(self, obj: dict) -> dict:
        self._objects[obj["id"]] = obj
        return obj

    def _object(self, object_id, kind: str, param: str = "id", status: int = 404) -> dict:
        obj = self._objects.get(object_id) if isinstance(object_id, str) else None
        if obj is None or obj["object"] != kind:
            raise _no_such(kind, object_id, param, status)
        return obj

    def _base(self, prefix: str, kind: str, length: int = 24) -> dict:
        return {"id": self._new_id(prefix, length), "object": kind, "livemode": False, "created": self.now()}

    def _new_account(self, country: str, email: str | None, metadata: dict, extra: dict) -> dict:
        controller = extra.get("controller") if isinstance(extra.get("controller"), dict) else {}
        dashboard = (controller.get("stripe_dashboard") or {}).get("type") if controller else None
        requested = extra.get("capabilities") if isinstance(extra.get("capabilities"), dict) else {}
        account = {
            **self._base("acct_", "account", 16),
            # What the app sent and the fake does not model (business_profile, settings...) is kept as sent.
            **{key: value for key, value in extra.items() if key not in ("capabilities", "expand")},
            "type": extra.get("type") or {"express": "express", "none": "custom"}.get(dashboard, "standard"),
            "country": country.upper(),
            "default_currency": extra.get("default_currency") or _DEFAULT_CURRENCY.get(country.upper(), "eur"),
            "email": email,
            "metadata": metadata,
            "details_submitted": False,
            "charges_enabled": False,
            "payouts_enabled": False,
            "capabilities": {
                name: "inactive"
                for name, wanted in requested.items()
                if isinstance(wanted, dict) and wanted.get("requested") in (True, "true")
            },
            "requirements": {
                "currently_due": list(_ONBOARDING_DUE),
                "eventually_due": list(_ONBOARDING_DUE),
                "past_due": list(_ONBOARDING_DUE),
                "pending_verification": [],
                "current_deadline": None,
                "disabled_reason": "requirements.past_due",
                "errors": [],
            },
        }
        if controller:
            account["controller"] = {"type": "application", "is_controller": True, **controller}
        return self._store(account)

    def _mark_onboarded(self, account: dict) -> None:
        account.update(details_submitted=True, charges_enabled=True, payouts_enabled=True)
        account["capabilities"] = dict.fromkeys(account["capabilities"], "active")
        account["requirements"].update(currently_due=[], eventually_due=[], past_due=[], disabled_reason=None)
        account["tos_acceptance"] = {"date": self.now(), "ip": "127.0.0.1"}

    def _complete_onboarding(self, account: dict) -> dict:
        watched = ("details_submitted", "charges_enabled", "payouts_enabled", "capabilities", "requirements")
        before = {key: copy.deepcopy(account.get(key)) for key in watched}
        self._mark_onboarded(account)
        previous = {key: value for key, value in before.items() if account.get(key) != value}
        if previous:  # onboarding an account already complete changes nothing: no event, as on Stripe
            self._emit("account.updated", account, account=account["id"], previous=previous)
        return account

    def _new_balance_transaction(self, amount: int, currency: str, source: str, kind: str) -> dict:
        fee = stripe_fee(amount, currency) if kind == "charge" else 0
        details = [{"amount": fee, "currency": currency, "description": "Stripe processing fees", "type": "stripe_fee"}]
        txn = {
            **self._base("txn_", "balance_transaction"),
            "amount": amount,
            "currency": currency,
            "fee": fee,
            "fee_details": details if fee else [],
            "net": amount - fee,
            "reporting_category": kind,
            "source": source,
            "status": "pending",
            "type": kind,
            "available_on": self.now() + 7 * 86400,
            "metadata": {},
        }
        return self._store(txn)

    # -- Checkout ---------------------------------------------------------------------------------------------

    def _open_session(self, session_id: str) -> dict:
        self._expire_due()
        session = self._object(session_id, "checkout.session")
        if session["status"] != "open":
            raise _invalid(f"This Checkout Session is {session['status']}: only an open session can be paid.")
        return session

    def _expire_due(self) -> None:
        now = self.now()
        while self._expiries and self._expiries[0][0] <= now:
            _, session_id = heapq.heappop(self._expiries)
            session = self._objects[session_id]
            if session["status"] == "open":
                saved, self._context = self._context, _NO_REQUEST  # Stripe expired it, not the request at hand
                try:
                    self._expire_session(session)
                finally:
                    self._context = saved
        while self._idempotency:
            key, entry = next(iter(self._idempotency.items()))
            if entry[0] > now - IDEMPOTENCY_TTL:
                break
            del self._idempotency[key]

    def _expire_session(self, session: dict) -> None:
        session.update(status="expired", url=None)
        intent = self._objects.get(session["payment_intent"] or "")
        if intent is not None and intent["status"] == "requires_payment_method":
            # A payment attempt was declined and never retried: Stripe cancels its PaymentIntent with the session.
            intent.update(status="canceled", canceled_at=self.now(), cancellation_reason="abandoned")
            self._emit("payment_intent.canceled", intent)
        self._emit("checkout.session.expired", session)

    @staticmethod
    def _manual(session_data: dict, capture) -> bool:
        if capture is None:
            return session_data["capture_method"] == "manual"
        if capture in ("manual", False):
            return True
        if capture in ("automatic", "automatic_async", True):
            return False
        raise ValueError(f"capture must be None, 'automatic', 'manual', True or False, not {capture!r}")

    def _session_intent(self, session: dict) -> dict:
        """The session's PaymentIntent: made on the first payment attempt, reused after a decline."""
        if session["payment_intent"]:
            return self._objects[session["payment_intent"]]
        data = self._sessions[session["id"]]["payment_intent_data"]
        intent = {
            **self._base("pi_", "payment_intent"),
            "amount": session["amount_total"],
            "amount_capturable": 0,
            "amount_received": 0,
            "application_fee_amount": data["application_fee_amount"],
            "canceled_at": None,
            "cancellation_reason": None,
            "capture_method": data["capture_method"],
            "currency": session["currency"],
            "description": data["description"],
            "last_payment_error": None,
            "latest_charge": None,
            "metadata": copy.deepcopy(data["metadata"]),
            "on_behalf_of": data["on_behalf_of"],
            "payment_method": None,
            "payment_method_types": ["card"],
            "status": "requires_payment_method",
            "transfer_data": copy.deepcopy(data["transfer_data"]),
        }
        intent["client_secret"] = f"{intent['id']}_secret_{self._new_id('', 24)}"
        self._store(intent)
        self._session_of_intent[intent["id"]] = session["id"]
        session["payment_intent"] = intent["id"]
        return intent

    def _new_charge(self, intent: dict, session: dict, *, captured: bool, method: str, failed: bool = False) -> dict:
        amount, currency = intent["amount"], intent["currency"]
        details = {"type": "customer_balance", "customer_balance": {}}
        if method == "card":
            card = {"brand": "visa", "country": "US", "exp_month": 12, "exp_year": 2034, "funding": "credit"}
            details = {"type": "card", "card": {**card, "last4": "4242", "network": "visa"}}
        charge = {
            **self._base("ch_", "charge"),
            "amount": amount,
            "amount_captured": amount if captured else 0,
            "amount_refunded": 0,
            "application_fee_amount": intent["application_fee_amount"],
            "balance_transaction": None,
            "billing_details": {"email": session["customer_email"], "name": None},
            "captured": captured,
            "currency": currency,
            "description": intent["description"],
            "failure_code": "card_declined" if failed else None,
            "failure_message": "Your card was declined." if failed else None,
            "metadata": copy.deepcopy(intent["metadata"]),
            "on_behalf_of": intent["on_behalf_of"],
            "outcome": {
                "network_status": "declined_by_network" if failed else "approved_by_network",
                "reason": "generic_decline" if failed else None,
                "type": "issuer_declined" if failed else "authorized",
            },
            "paid": not failed,
            "payment_intent": intent["id"],
            "payment_method": intent["payment_method"],
            "payment_method_details": details,
            "refunded": False,
            "status": "failed" if failed else "succeeded",
            "transfer_data": copy.deepcopy(intent["transfer_data"]),
        }
        if captured:
            txn = self._new_balance_transaction(amount, currency, charge["id"], "charge")
            charge["balance_transaction"] = txn["id"]
        return self._store(charge)

    def _complete_session(self, session: dict, payment_status: str) -> None:
        email = session["customer_email"] or "customer@example.com"
        session.update(status="complete", payment_status=payment_status, url=None)
        session["customer_details"] = {"email": email, "name": "Sandbox Customer", "phone": None}

    def _pay_card(self, session: dict, manual: bool) -> None:
        intent = self._session_intent(session)
        if manual or intent["capture_method"] == "manual":  # pay(capture=...) may differ from what the app asked
            intent["capture_method"] = "manual" if manual else "automatic"
        intent["payment_method"] = self._new_id("pm_")
        charge = self._new_charge(intent, session, captured=not manual, method="card")
        intent.update(latest_charge=charge["id"], last_payment_error=None)
        if manual:
            intent.update(status="requires_capture", amount_capturable=intent["amount"])
        else:
            intent.update(status="succeeded", amount_received=intent["amount"])
        # With manual capture the funds are only authorised: Stripe reports the session's payment_status as
        # "unpaid" then too, and an app must look at the PaymentIntent (requires_capture) to know it can capture.
        self._complete_session(session, "unpaid" if manual else "paid")
        # Stripe's usual order: the charge, then the PaymentIntent, then the session.
        self._emit("charge.succeeded", charge)
        self._emit("payment_intent.amount_capturable_updated" if manual else "payment_intent.succeeded", intent)
        self._emit("checkout.session.completed", session)

    def _pay_later(self, session: dict) -> None:
        if self._sessions[session["id"]]["payment_intent_data"]["capture_method"] == "manual":
            # As on Stripe: bank transfers cannot be held for a later capture, so Checkout does not offer them.
            raise _invalid("Bank transfers cannot be used with capture_method=manual.")
        intent = self._session_intent(session)
        intent.update(
            status="processing",
            payment_method=self._new_id("pm_"),
            payment_method_types=["customer_balance"],
            last_payment_error=None,
        )
        self._complete_session(session, "unpaid")
        self._emit("payment_intent.processing", intent)
        self._emit("checkout.session.completed", session)

    def _settle(self, session: dict, succeeded: bool) -> None:
        intent = self._objects.get(session["payment_intent"] or "")
        if intent is None or intent["status"] != "processing":
            status = intent["status"] if intent else "no payment"
            raise _invalid(f"Checkout Session {session['id']} has no bank transfer in progress ({status}).")
        if succeeded:
            charge = self._new_charge(intent, session, captured=True, method="bank_transfer")
            intent.update(status="succeeded", amount_received=intent["amount"], latest_charge=charge["id"])
            session["payment_status"] = "paid"
            self._emit("charge.succeeded", charge)
            self._emit("payment_intent.succeeded", intent)
            self._emit("checkout.session.async_payment_succeeded", session)
        else:
            error = {
                "type": "invalid_request_error",
                "code": "payment_intent_payment_attempt_failed",
                "message": "The bank transfer did not arrive.",
            }
            intent.update(status="requires_payment_method", last_payment_error=error)
            self._emit("payment_intent.payment_failed", intent)
            self._emit("checkout.session.async_payment_failed", session)

    def _decline(self, session: dict) -> None:
        intent = self._session_intent(session)
        intent["payment_method"] = self._new_id("pm_")
        charge = self._new_charge(intent, session, captured=False, method="card", failed=True)
        error = {
            "type": "card_error",
            "code": "card_declined",
            "decline_code": "generic_decline",
            "message": "Your card was declined.",
            "charge": charge["id"],
        }
        intent.update(status="requires_payment_method", latest_charge=charge["id"], last_payment_error=error)
        self._emit("charge.failed", charge)
        self._emit("payment_intent.payment_failed", intent)

    # -- capture, cancel, refund ------------------------------------------------------------------------------

    def _capture(self, intent: dict, amount: int | None, fee: int | None) -> None:
        if intent["status"] != "requires_capture":
            raise ApiError(
                400,
                f"This PaymentIntent could not be captured because it has a status of {intent['status']}. "
                "Only a PaymentIntent with one of the following statuses may be captured: requires_capture.",
                code="payment_intent_unexpected_state",
            )
        capturable = intent["amount_capturable"]
        amount = capturable if amount is None else amount
        if amount > capturable:
            raise _invalid(
                f"The amount to capture ({amount}) must be less than or equal to the amount capturable ({capturable}).",
                "amount_to_capture",
                "amount_too_large",
            )
        if fee is not None and fee > amount:
            raise _invalid(
                f"The application_fee_amount ({fee}) must be less than or equal to the amount captured ({amount}).",
                "application_fee_amount",
            )
        charge = self._objects[intent["latest_charge"]]
        if fee is None and intent["application_fee_amount"] is not None:
            fee = min(intent["application_fee_amount"], amount)  # Stripe caps the fee at what was captured
        if fee is not None:
            intent["application_fee_amount"] = charge["application_fee_amount"] = fee
        txn = self._new_balance_transaction(amount, charge["currency"], charge["id"], "charge")
        # The part not captured is released to the customer: nothing to refund later.
        charge.update(captured=True, amount_captured=amount, balance_transaction=txn["id"])
        intent.update(status="succeeded", amount_received=amount, amount_capturable=0)
        self._emit("charge.captured", charge)
        self._emit("payment_intent.succeeded", intent)

    def _cancel(self, intent: dict, reason: str | None) -> None:
        if intent["status"] not in _CANCELABLE:
            raise ApiError(
                400,
                f"You cannot cancel this PaymentIntent because it has a status of {intent['status']}. Only a "
                f"PaymentIntent with one of the following statuses may be canceled: {', '.join(_CANCELABLE)}.",
                code="payment_intent_unexpected_state",
            )
        intent.update(status="canceled", canceled_at=self.now(), cancellation_reason=reason, amount_capturable=0)
        self._emit("payment_intent.canceled", intent)
        session = self._objects.get(self._session_of_intent.get(intent["id"], ""))
        if session is not None and session["status"] == "open":
            self._expire_session(session)  # a session whose PaymentIntent is canceled can no longer be paid

    def _refundable_charge(self, intent: dict, param: str) -> dict:
        charge = self._objects.get(intent["latest_charge"] or "")
        if charge is None or charge["status"] != "succeeded":
            raise _invalid("This PaymentIntent does not have a successful charge to refund.", param)
        return charge

    def _refund(self, charge: dict, amount: int | None, reason: str | None, metadata: dict, **flags) -> dict:
        if not charge["captured"]:
            raise _invalid(
                f"Charge {charge['id']} has not been captured: cancel its PaymentIntent to release the funds.",
                "charge",
            )
        remaining = charge["amount_captured"] - charge["amount_refunded"]
        if remaining <= 0:
            raise _invalid(f"Charge {charge['id']} has already been refunded.", code="charge_already_refunded")
        amount = remaining if amount is None else amount
        if amount > remaining:
            raise _invalid(
                f"Refund amount ({format_amount(amount, charge['currency'])}) is greater than unrefunded amount on "
                f"charge ({format_amount(remaining, charge['currency'])})",
                "amount",
                "amount_too_large",
            )
        refund = {
            **self._base("re_", "refund"),
            "amount": amount,
            "charge": charge["id"],
            "currency": charge["currency"],
            "metadata": metadata,
            "payment_intent": charge["payment_intent"],
            "reason": reason,
            "status": "succeeded",
            "transfer_reversal": None,
        }
        if flags.get("reverse_transfer") and charge["transfer_data"]:
            refund["transfer_reversal"] = self._new_id("trr_")  # the connected account gives its share back
        txn = self._new_balance_transaction(-amount, charge["currency"], refund["id"], "refund")
        refund["balance_transaction"] = txn["id"]
        self._store(refund)
        self._refunds_of_charge.setdefault(charge["id"], []).append(refund["id"])
        charge["amount_refunded"] += amount
        charge["refunded"] = charge["amount_refunded"] >= charge["amount_captured"]
        self._emit("charge.refunded", {**charge, "refunds": self._refund_list(charge["id"])})
        self._emit("refund.created", refund)
        return refund

    def _refund_list(self, charge_id: str) -> dict:
        ids = self._refunds_of_charge.get(charge_id, [])
        return {
            "object": "list",
            "data": [copy.deepcopy(self._objects[refund_id]) for refund_id in reversed(ids)],  # newest first
            "has_more": False,
            "total_count": len(ids),
            "url": f"/v1/charges/{charge_id}/refunds",
        }

    # -- HTTP -------------------------------------------------------------------------------------------------

    def _dispatch(self, method: str, target: str, headers, body: bytes) -> tuple[int, dict, object]:
        """Answer one HTTP request: (status, headers, JSON-able payload or bytes)."""
        url = urlsplit(target)
        path = url.path
        if path.startswith("/v1/"):
            return self._v1(method, path, url.query, headers, body)
        match = re.fullmatch(r"/pay/([^/]+)/?", path)
        if match and method in ("GET", "POST"):
            return self._checkout_page(method, match[1], body)
        match = re.fullmatch(r"/connect/onboard/([^/]+)/?", path)
        if match and method in ("GET", "POST"):
            return self._onboarding_page(method, match[1])
        if path.startswith("/_fake/"):
            return self._admin(method, path, url.query)
        return 404, {}, _unrecognized(method, path).body()

    def _v1(self, method, path, query, headers, body) -> tuple[int, dict, object]:
        with self._lock:
            self._expire_due()
            request_id = self._new_id("req_", 14)
            answer_headers = {"Request-Id": request_id, "Stripe-Version": headers.get("Stripe-Version") or API_VERSION}
            key = headers.get("Idempotency-Key") if method == "POST" else None
            params, parse_error = {}, None
            try:
                params = self._params(method, query, headers, body)
            except ApiError as error:
                parse_error = error
            self.requests.append(Request(method, path, params, key))
            try:
                if self._fail:
                    status = self._fail.pop(0)
                    kind = "api_error" if status >= 500 else "invalid_request_error"
                    raise ApiError(status, "Injected fault", type=kind, code="rate_limit" if status == 429 else None)
                self._authenticate(headers)
                handler, path_args, schema = self._route(method, path)
                if parse_error is not None:
                    raise parse_error
                schema_class = _params_class(schema) if schema and self.strict_params else None
                unknown = schema_class is not None and _unknown_param(params, schema_class)
                if unknown:
                    raise _invalid(f"Received unknown parameter: {unknown}", unknown, "parameter_unknown")
                if key:
                    replay = self._replay(key, method, path, params)
                    if replay is not None:
                        return replay
            except ApiError as error:
                return error.status, answer_headers, error.body()
            self._context = {"id": request_id, "idempotency_key": key, "account": headers.get("Stripe-Account")}
            try:
                payload = getattr(self, handler)(params, *path_args)
                # Serialised under the lock: the payload shares dicts with the state other threads change.
                status, data, saved = 200, json.dumps(payload).encode(), True
            except ApiError as error:
                status, data, saved = error.status, json.dumps(error.body()).encode(), error.saved
            finally:
                self._context = _NO_REQUEST
            if key and saved:
                self._idempotency[key] = (self.now(), method, path, params, status, request_id, data)
            return status, answer_headers, data

    def _params(self, method: str, query: str, headers, body: bytes) -> dict:
        pairs = parse_qsl(query, keep_blank_values=True)
        if method != "GET" and body:
            if "json" in (headers.get("Content-Type") or ""):
                raise _invalid("Invalid request: Stripe's v1 API reads form-encoded bodies, not JSON.")
            try:
                pairs += parse_qsl(body.decode("utf-8"), keep_blank_values=True, strict_parsing=False)
            except UnicodeDecodeError:
                raise _invalid("Invalid request: the body is not UTF-8.") from None
        return parse_params(pairs)

    def _authenticate(self, headers) -> None:
        scheme, _, credentials = (headers.get("Authorization") or "").partition(" ")
        key = ""
        if scheme.lower() == "bearer":
            key = credentials.strip()
        elif scheme.lower() == "basic":  # `curl -u sk_test_fake:` as Stripe's docs show
            with contextlib.suppress(ValueError):
                key = base64.b64decode(credentials).decode().partition(":")[0]
        if not key:
            raise ApiError(
                401,
                "You did not provide an API key. You need to provide your API key in the Authorization header, "
                "using Bearer auth (e.g. 'Authorization: Bearer YOUR_SECRET_KEY').",
            )
        if not hmac.compare_digest(key.encode(), self.api_key.encode()):
            masked = key[:8] + "*" * max(0, len(key) - 12) + key[-4:] if len(key) > 12 else "*" * len(key)
            raise ApiError(401, f"Invalid API Key provided: {masked}")

    def _replay(self, key: str, method: str, path: str, params: dict):
        entry = self._idempotency.get(key)
        if entry is None:
            return None
        _, first_method, first_path, first_params, status, request_id, data = entry
        if (first_method, first_path) != (method, path):
            raise ApiError(
                400,
                f"Keys for idempotent requests can only be used for the same endpoint they were first used for "
                f"('{first_method} {first_path}' vs '{method} {path}'). Try using a key other than '{key}' if you "
                "meant to execute a different request.",
                type="idempotency_error",
            )
        if first_params != params:
            raise ApiError(
                400,
                "Keys for idempotent requests can only be used with the same parameters they were first used with. "
                f"Try using a key other than '{key}' if you meant to execute a different request.",
                type="idempotency_error",
            )
        headers = {"Request-Id": request_id, "Original-Request": request_id, "Idempotent-Replayed": "true"}
        return status, {**headers, "Idempotency-Key": key, "Stripe-Version": API_VERSION}, data

    def _route(self, method: str, path: str):
        for route_method, pattern, handler, schema in _ROUTES:
            match = pattern.fullmatch(path)
            if match and route_method == method:
                return handler, match.groups(), schema
        raise _unrecognized(method, path)

    def _render(self, obj: dict, params: dict) -> dict:
        """A copy of obj with the `expand` paths in params replaced by the objects they name."""
        expand = params.get("expand") or []
        if not isinstance(expand, list) or not all(isinstance(path, str) for path in expand):
            raise _invalid("Invalid array", "expand")
        out = copy.deepcopy(obj)
        for path in expand:
            if path.count(".") > 3:
                raise _invalid(f"You cannot expand more than 4 levels of a property ({path}).", "expand")
            self._expand(out, path.split("."), path)
        return out

    def _expand(self, obj: dict, parts: list[str], path: str) -> None:
        field, rest = parts[0], parts[1:]
        if obj.get("object") == "list" and field == "data":
            for item in obj["data"]:
                if rest:
                    self._expand(item, rest, path)
            return
        if obj.get("object") == "checkout.session" and field == "line_items":
            obj[field] = self._line_item_list(obj["id"])
        elif obj.get("object") == "charge" and field == "refunds":
            obj[field] = self._refund_list(obj["id"])
        elif isinstance(obj.get(field), str) and obj[field] in self._objects:
            obj[field] = copy.deepcopy(self._objects[obj[field]])
        elif field not in obj or (obj[field] is not None and not isinstance(obj[field], dict)):
            raise _invalid(f"This property cannot be expanded ({path}).", "expand")
        if rest and isinstance(obj[field], dict):
            self._expand(obj[field], rest, path)

    def _line_item_list(self, session_id: str) -> dict:
        return {
            "object": "list",
            "data": copy.deepcopy(self._sessions[session_id]["line_items"]),
            "has_more": False,
            "url": f"/v1/checkout/sessions/{session_id}/line_items",
        }

    # -- /v1 handlers -----------------------------------------------------------------------------------------

    def _api_create_account(self, params):
        country = _text(params, "country") or "ES"
        if not re.fullmatch(r"[A-Za-z]{2}", country):
            raise _invalid(
                f"Country '{country}' is unknown. Try using a 2-character alphanumeric country code instead, such "
                "as 'US', 'EG', or 'GB'.",
                "country",
            )
        email = _text(params, "email")
        if email is not None and not re.fullmatch(r"[^@\s]+@[^@\s]+\.[^@\s]+", email):
            raise _invalid(f"Invalid email address: {email}", "email", "email_invalid")
        metadata = _metadata(params.get("metadata"))
        extra = {key: _plain(value) for key, value in params.items() if key not in ("country", "email", "metadata")}
        return self._render(self._new_account(country, email, metadata, extra), params)

    def _api_get_account(self, params, account_id):
        return self._render(self._object(account_id, "account"), params)

    def _api_create_account_link(self, params):
        account_id = _text(params, "account")
        if account_id is None:
            raise _missing("account")
        account = self._object(account_id, "account", "account", 400)
        link_type = _text(params, "type")
        if link_type is None:
            raise _missing("type")
        if link_type not in ("account_onboarding", "account_update"):
            raise _invalid(f"Invalid type: must be one of account_onboarding or account_update ({link_type}).", "type")
        urls = {}
        for name in ("refresh_url", "return_url"):
            urls[name] = _url(_text(params, name), name)
            if urls[name] is None:
                raise _missing(name)
        token = self._new_id("", 32)
        created = self.now()
        self._links[token] = {"account": account["id"], "type": link_type, "expires_at": created + ACCOUNT_LINK_TTL}
        self._links[token].update(urls, state="new")
        link = {"object": "account_link", "created": created, "expires_at": created + ACCOUNT_LINK_TTL}
        return {**link, "url": f"{self.base_url}/connect/onboard/{token}"}

    def _api_create_session(self, params):
        mode = _text(params, "mode")
        if mode is None:
            raise _missing("mode")
        if mode != "payment":
            raise _invalid(f"The fake Stripe supports only mode=payment, not {mode}.", "mode")
        raw_items = params.get("line_items")
        if not _given(raw_items):
            raise _invalid("line_items is required in payment mode.", "line_items", "parameter_missing")
        if not isinstance(raw_items, list):
            raise _invalid("Invalid array", "line_items")
        items = [self._line_item(raw, f"line_items[{index}]") for index, raw in enumerate(raw_items)]
        currency = items[0]["currency"]
        for index, item in enumerate(items):
            if item["currency"] != currency:
                raise _invalid(
                    f"All line items must use the same currency: line_items[{index}] is in {item['currency']}, "
                    f"line_items[0] in {currency}.",
                    f"line_items[{index}][price_data][currency]",
                )
        total = sum(item["amount_total"] for item in items)
        if total > MAX_AMOUNT:
            raise _invalid(f"Amount must be no more than {format_amount(MAX_AMOUNT, currency)}", "line_items")
        minimum = _MINIMUM_CHARGE.get(currency)
        if minimum and total < minimum:
            raise _invalid(
                f"The Checkout Session's total amount due must add up to at least {format_amount(minimum, currency)} "
                f"{currency}",
                "line_items",
            )
        intent_data = self._intent_data(params.get("payment_intent_data"), total)
        created = self.now()
        expires_at = created + SESSION_TTL
        if _given(params.get("expires_at")):
            expires_at = _integer(params["expires_at"], "expires_at")
            if expires_at > created + SESSION_TTL:
                message = "The `expires_at` timestamp must be less than 24 hours from Checkout Session creation."
                raise _invalid(message, "expires_at")
            if expires_at < created + SESSION_MIN_TTL:
                message = "The `expires_at` timestamp must be at least 30 minutes from Checkout Session creation."
                raise _invalid(message, "expires_at")
        client_reference_id = _text(params, "client_reference_id")
        if client_reference_id is not None and len(client_reference_id) > 200:
            raise _invalid("client_reference_id can have up to 200 characters.", "client_reference_id")
        customer_email = _text(params, "customer_email")
        if customer_email is not None and "@" not in customer_email:
            raise _invalid(f"Invalid email address: {customer_email}", "customer_email", "email_invalid")
        # A bank transfer cannot be held for a later capture: a manual-capture session offers cards only.
        methods = ["card"] if intent_data["capture_method"] == "manual" else ["card", "customer_balance"]
        session = {
            **self._base("cs_test_", "checkout.session"),
            "amount_subtotal": total,
            "amount_total": total,
            "cancel_url": _url(_text(params, "cancel_url"), "cancel_url"),
            "client_reference_id": client_reference_id,
            "currency": currency,
            "customer": None,
            "customer_details": None,
            "customer_email": customer_email,
            "expires_at": expires_at,
            "locale": _text(params, "locale"),
            "metadata": _metadata(params.get("metadata")),
            "mode": mode,
            "payment_intent": None,
            "payment_method_types": methods,
            "payment_status": "unpaid",
            "status": "open",
            "success_url": _url(_text(params, "success_url"), "success_url"),
        }
        session["url"] = f"{self.base_url}/pay/{session['id']}"
        self._store(session)
        self._sessions[session["id"]] = {"line_items": items, "payment_intent_data": intent_data}
        heapq.heappush(self._expiries, (expires_at, session["id"]))
        return self._render(session, params)

    def _line_item(self, raw, param: str) -> dict:
        if not isinstance(raw, dict):
            raise _invalid("Invalid hash", param)
        if _given(raw.get("price")):
            # The fake keeps no Price or Product objects: the app must send price_data with product_data.
            raise _no_such("price", raw["price"], f"{param}[price]", 400)
        data = raw.get("price_data")
        if not isinstance(data, dict):
            raise _invalid(f"You must specify either `price` or `price_data` in {param}.", param, "parameter_missing")
        currency = _currency(data.get("currency"), f"{param}[price_data][currency]")
        if not _given(data.get("unit_amount")):
            raise _missing(f"{param}[price_data][unit_amount]")
        unit_amount = _integer(data["unit_amount"], f"{param}[price_data][unit_amount]", 1, MAX_AMOUNT)
        if _given(data.get("product")):
            raise _no_such("product", data["product"], f"{param}[price_data][product]", 400)
        product = data.get("product_data")
        if not isinstance(product, dict):
            message = "You must specify either `product` or `product_data` when creating a price."
            raise _invalid(message, f"{param}[price_data]", "parameter_missing")
        name = _text(product, "name", f"{param}[price_data][product_data][name]")
        if name is None:
            raise _missing(f"{param}[price_data][product_data][name]")
        if not _given(raw.get("quantity")):
            raise _invalid(
                f"Quantity is required. Add `quantity` to `{param}`", f"{param}[quantity]", "parameter_missing"
            )
        quantity = _integer(raw["quantity"], f"{param}[quantity]", 1, 999_999)
        price = {
            **self._base("price_", "price"),
            "currency": currency,
            "product": self._new_id("prod_", 14),
            "type": "one_time",
            "unit_amount": unit_amount,
            "metadata": {},
        }
        return {
            "id": self._new_id("li_"),
            "object": "item",
            "amount_discount": 0,
            "amount_subtotal": unit_amount * quantity,
            "amount_tax": 0,
            "amount_total": unit_amount * quantity,
            "currency": currency,
            "description": name,
            "price": price,
            "quantity": quantity,
        }

    def _intent_data(self, raw, total: int) -> dict:
        """payment_intent_data checked as Stripe checks it; what the session's PaymentIntent will be made with."""
        prefix = "payment_intent_data"
        raw = raw if _given(raw) else {}
        if not isinstance(raw, dict):
            raise _invalid("Invalid hash", prefix)
        capture_method = _text(raw, "capture_method", f"{prefix}[capture_method]") or "automatic"
        if capture_method not in CAPTURE_METHODS:
            message = f"Invalid capture_method: must be one of automatic, automatic_async, or manual ({capture_method})"
            raise _invalid(message, f"{prefix}[capture_method]")
        fee = raw.get("application_fee_amount")
        fee = _integer(fee, f"{prefix}[application_fee_amount]", 0) if _given(fee) else None
        transfer_data = None
        if _given(raw.get("transfer_data")):
            transfer = raw["transfer_data"]
            if not isinstance(transfer, dict):
                raise _invalid("Invalid hash", f"{prefix}[transfer_data]")
            destination = _text(transfer, "destination", f"{prefix}[transfer_data][destination]")
            if destination is None:
                raise _missing(f"{prefix}[transfer_data][destination]")
            self._enabled_account(destination, f"{prefix}[transfer_data][destination]", "destination")
            transfer_data = {"destination": destination}
            if _given(transfer.get("amount")):
                amount = _integer(transfer["amount"], f"{prefix}[transfer_data][amount]", 1)
                if amount > total:
                    message = f"transfer_data[amount] ({amount}) cannot be greater than the total amount ({total})."
                    raise _invalid(message, f"{prefix}[transfer_data][amount]")
                if fee is not None:
                    message = "You cannot specify both application_fee_amount and transfer_data[amount]."
                    raise _invalid(message, f"{prefix}[application_fee_amount]")
                transfer_data["amount"] = amount
        on_behalf_of = _text(raw, "on_behalf_of", f"{prefix}[on_behalf_of]")
        if on_behalf_of is not None:
            self._enabled_account(on_behalf_of, f"{prefix}[on_behalf_of]", "account")
        if fee is not None:
            if transfer_data is None and not self._context["account"]:
                raise _invalid(
                    "Can only apply an application_fee_amount when the PaymentIntent is attempting a direct payment "
                    "(using an OAuth key or Stripe-Account header) or destination payment (using "
                    "`transfer_data[destination]`).",
                    f"{prefix}[application_fee_amount]",
                )
            if fee > total:
                raise _invalid(
                    f"The application_fee_amount ({fee}) must be less than or equal to the Checkout Session's total "
                    f"amount ({total}).",
                    f"{prefix}[application_fee_amount]",
                )
        return {
            "application_fee_amount": fee,
            "capture_method": capture_method,
            "description": _text(raw, "description", f"{prefix}[description]"),
            "metadata": _metadata(raw.get("metadata"), f"{prefix}[metadata]"),
            "on_behalf_of": on_behalf_of,
            "transfer_data": transfer_data,
        }

    def _enabled_account(self, account_id: str, param: str, kind: str) -> None:
        account = self._objects.get(account_id)
        if account is None or account["object"] != "account":
            raise _no_such(kind, account_id, param, 400)
        if not account["charges_enabled"]:
            raise _invalid(
                "Your destination account needs to have at least one of the following capabilities enabled: "
                "transfers, crypto_transfers, legacy_payments",
                param,
                "insufficient_capabilities_for_transfer",
            )

    def _api_get_session(self, params, session_id):
        return self._render(self._object(session_id, "checkout.session"), params)

    def _api_session_line_items(self, params, session_id):
        self._object(session_id, "checkout.session")
        if _given(params.get("limit")):
            _integer(params["limit"], "limit", 1, 100)
        return self._line_item_list(session_id)

    def _api_expire_session(self, params, session_id):
        session = self._object(session_id, "checkout.session")
        if session["status"] != "open":
            raise _invalid('Only Checkout Sessions with a status in ["open"] can be expired.')
        self._expire_session(session)
        return self._render(session, params)

    def _api_get_intent(self, params, intent_id):
        return self._render(self._object(intent_id, "payment_intent"), params)

    def _api_capture_intent(self, params, intent_id):
        intent = self._object(intent_id, "payment_intent")
        amount = params.get("amount_to_capture")
        amount = _integer(amount, "amount_to_capture", 1) if _given(amount) else None
        fee = params.get("application_fee_amount")
        fee = _integer(fee, "application_fee_amount", 0) if _given(fee) else None
        metadata = _metadata(params.get("metadata")) if _given(params.get("metadata")) else None
        self._capture(intent, amount, fee)
        if metadata is not None:
            intent["metadata"].update(metadata)
        return self._render(intent, params)

    def _api_cancel_intent(self, params, intent_id):
        intent = self._object(intent_id, "payment_intent")
        reason = _text(params, "cancellation_reason")
        if reason is not None and reason not in CANCELLATION_REASONS:
            message = f"Invalid cancellation_reason: must be one of {', '.join(sorted(CANCELLATION_REASONS))}"
            raise _invalid(message, "cancellation_reason")
        self._cancel(intent, reason)
        return self._render(intent, params)

    def _api_create_refund(self, params):
        intent_id, charge_id = _text(params, "payment_intent"), _text(params, "charge")
        if intent_id is None and charge_id is None:
            message = "One of the following params should be provided for this request: payment_intent or charge."
            raise _invalid(message, code="parameter_missing")
        if intent_id is not None:
            intent = self._object(intent_id, "payment_intent", "payment_intent", 400)
            if charge_id is not None and charge_id != intent["latest_charge"]:
                raise _invalid(f"Charge {charge_id} does not belong to PaymentIntent {intent_id}.", "charge")
            charge = self._refundable_charge(intent, "payment_intent")
        else:
            charge = self._object(charge_id, "charge", "charge", 400)
        amount = _integer(params["amount"], "amount", 1) if _given(params.get("amount")) else None
        reason = _text(params, "reason")
        if reason is not None and reason not in REFUND_REASONS:
            raise _invalid(f"Invalid reason: must be one of {', '.join(sorted(REFUND_REASONS))}", "reason")
        flags = {
            name: _boolean(params[name], name)
            for name in ("refund_application_fee", "reverse_transfer")
            if _given(params.get(name))
        }
        metadata = _metadata(params.get("metadata"))
        return self._render(self._refund(charge, amount, reason, metadata, **flags), params)

    def _api_get_refund(self, params, refund_id):
        return self._render(self._object(refund_id, "refund"), params)

    def _api_get_charge(self, params, charge_id):
        return self._render(self._object(charge_id, "charge"), params)

    def _api_get_balance_transaction(self, params, txn_id):
        return self._render(self._object(txn_id, "balance_transaction"), params)

    def _api_get_event(self, params, event_id):
        return self._render(self._object(event_id, "event"), params)

    # -- hosted pages -----------------------------------------------------------------------------------------

    def _checkout_page(self, method: str, session_id: str, body: bytes) -> tuple[int, dict, bytes]:
        with self._lock:
            self._expire_due()
            session = self._objects.get(session_id)
            if session is None or session["object"] != "checkout.session":
                message = "<div class='card'><h1>Checkout Session not found</h1><p>Check the link.</p></div>"
                return _html(404, "Not found", SANDBOX_PAYMENT, message)
            notice = None
            if method == "POST" and session["status"] == "open":
                action = dict(parse_qsl(body.decode("utf-8", "replace"))).get("action")
                try:
                    if action == "pay":
                        capture_method = self._sessions[session_id]["payment_intent_data"]["capture_method"]
                        self._pay_card(session, manual=capture_method == "manual")
                    elif action == "bank_transfer":
                        self._pay_later(session)
                    elif action == "decline":
                        self._decline(session)
                        notice = "Your card was declined. Try another card."
                    else:
                        notice = "Choose how to pay."
                except ApiError as error:
                    notice = error.message
                if session["status"] == "complete" and session["success_url"]:
                    return _redirect(session["success_url"].replace("{CHECKOUT_SESSION_ID}", session_id))
            lang = session["locale"] if session["locale"] not in (None, "auto") else "en"  # the text stays English
            return _html(200, "Checkout", SANDBOX_PAYMENT, self._checkout_body(session, notice), lang)

    def _checkout_body(self, session: dict, notice: str | None) -> str:
        esc = html.escape
        currency = session["currency"]
        total = format_amount(session["amount_total"], currency)
        rows = "".join(
            f"<tr><td>{esc(item['description'])}<br><span class='muted'>Qty {item['quantity']} × "
            f"{esc(format_amount(item['price']['unit_amount'], currency))}</span></td>"
            f"<td class='amount'>{esc(format_amount(item['amount_total'], currency))}</td></tr>"
            for item in self._sessions[session["id"]]["line_items"]
        )
        summary = f"<table>{rows}<tr class='total'><td>Total</td><td class='amount'>{esc(total)}</td></tr></table>"
        if session["customer_email"]:
            summary += f"<p class='muted'>Receipt to {esc(session['customer_email'])}</p>"
        parts = [f"<div class='card'><h1>Pay {esc(total)}</h1>{summary}</div>"]
        if notice:
            parts.append(f"<p class='notice card' role='alert'>{esc(notice)}</p>")
        cancel = (
            f"<p class='links'><a href='{esc(session['cancel_url'])}'>Cancel</a></p>" if session["cancel_url"] else ""
        )
        if session["status"] == "open":
            later = ""
            if "customer_balance" in session["payment_method_types"]:  # not offered with manual capture
                later = (
                    "<button type='submit' name='action' value='bank_transfer' class='secondary'>"
                    "Pay by bank transfer (confirms later)</button>"
                )
            parts.append(
                "<form method='post' class='card'>"
                "<label for='card'>Card number (sandbox: nothing is charged)</label>"
                "<input id='card' name='card' value='4242 4242 4242 4242' inputmode='numeric' autocomplete='off'>"
                "<button type='submit' name='action' value='pay'>Pay</button>"
                f"{later}"
                "<button type='submit' name='action' value='decline' class='danger'>Decline card</button>"
                f"</form>{cancel}"
            )
        elif session["status"] == "complete":
            back = session["success_url"] and session["success_url"].replace("{CHECKOUT_SESSION_ID}", session["id"])
            link = f"<p class='links'><a href='{esc(back)}'>Return to the merchant</a></p>" if back else ""
            intent = self._objects[session["payment_intent"]]
            waiting = " The bank transfer is still on its way." if intent["status"] == "processing" else ""
            parts.append(f"<div class='card'><p>This payment is complete.{esc(waiting)}</p></div>{link}")
        else:
            back = session["cancel_url"]
            link = f"<p class='links'><a href='{esc(back)}'>Return to the merchant</a></p>" if back else ""
            parts.append(f"<div class='card'><p>This Checkout Session has expired.</p></div>{link}")
        return "\n".join(parts)

    def _onboarding_page(self, method: str, token: str) -> tuple[int, dict, bytes]:
        with self._lock:
            link = self._links.get(token)
            if link is None:
                message = "<div class='card'><h1>Link not found</h1><p>Ask for a new onboarding link.</p></div>"
                return _html(404, "Not found", SANDBOX_ACCOUNT, message)
            # Single use, as on Stripe: once opened (or after 300 s) the link sends the user to refresh_url,
            # where the app makes a new one. The page's own form may still be submitted once.
            spent = link["state"] == "used" or (method == "GET" and link["state"] == "opened")
            if spent or self.now() >= link["expires_at"]:
                link["state"] = "used"
                return _redirect(link["refresh_url"], 303 if method == "POST" else 302)
            account = self._objects[link["account"]]
            if method == "POST":
                link["state"] = "used"
                self._complete_onboarding(account)
                return _redirect(link["return_url"])
            link["state"] = "opened"
            esc = html.escape
            email = f"<p class='muted'>{esc(account['email'])}</p>" if account["email"] else ""
            body = (
                "<div class='card'><h1>Set up payouts</h1>"
                f"<p>Connected account <code>{esc(account['id'])}</code> ({esc(account['country'])})</p>{email}"
                "<p class='muted'>Stripe would ask for identity and bank details here. In this sandbox one click "
                "completes onboarding.</p></div>"
                "<form method='post' class='card'><button type='submit'>Complete onboarding</button></form>"
                f"<p class='links'><a href='{esc(link['return_url'])}'>Leave for now</a></p>"
            )
            return _html(200, "Onboarding", SANDBOX_ACCOUNT, body)

    # -- admin ------------------------------------------------------------------------------------------------

    def _admin(self, method: str, path: str, query: str) -> tuple[int, dict, object]:
        if method == "GET" and path == "/_fake/stats":
            with self._lock:
                objects = Counter(obj["object"] for obj in self._objects.values() if obj["object"] != "event")
                return (
                    200,
                    {},
                    {
                        "objects": dict(objects, account_link=len(self._links)),
                        "events": dict(Counter(event["type"] for event in self.events)),
                        "requests": len(self.requests),
                        "outbox": len(self.outbox),
                        "delivered": len(self.delivered),
                        "failed_deliveries": len(self.failed_deliveries),
                    },
                )
        match = re.fullmatch(r"/_fake/checkout/([^/]+)/settle", path)
        if method == "POST" and match:
            succeeded = dict(parse_qsl(query)).get("succeeded", "1").lower() not in ("0", "false", "no")
            try:
                return 200, {}, self.settle_async(match[1], succeeded)
            except ApiError as error:
                return error.status, {}, error.body()
        return 404, {}, _unrecognized(method, path).body()


def _unrecognized(method: str, path: str) -> ApiError:
    return ApiError(
        404,
        f"Unrecognized request URL ({method}: {path}). Please see https://stripe.com/docs or we can help at "
        "https://support.stripe.com/.",
    )


_ROUTES = [
    (method, re.compile(pattern.replace("{id}", "([^/]+)")), handler, schema)
    for method, pattern, handler, schema in (
        ("POST", r"/v1/accounts", "_api_create_account", "stripe.params.AccountCreateParams"),
        ("GET", r"/v1/accounts/{id}", "_api_get_account", "stripe.params.AccountRetrieveParams"),
        ("POST", r"/v1/account_links", "_api_create_account_link", "stripe.params.AccountLinkCreateParams"),
        ("POST", r"/v1/checkout/sessions", "_api_create_session", "stripe.params.checkout.SessionCreateParams"),
        ("GET", r"/v1/checkout/sessions/{id}", "_api_get_session", "stripe.params.checkout.SessionRetrieveParams"),
        (
            "GET",
            r"/v1/checkout/sessions/{id}/line_items",
            "_api_session_line_items",
            "stripe.params.checkout.SessionListLineItemsParams",
        ),
        (
            "POST",
            r"/v1/checkout/sessions/{id}/expire",
            "_api_expire_session",
            "stripe.params.checkout.SessionExpireParams",
        ),
        ("GET", r"/v1/payment_intents/{id}", "_api_get_intent", "stripe.params.PaymentIntentRetrieveParams"),
        (
            "POST",
            r"/v1/payment_intents/{id}/capture",
            "_api_capture_intent",
            "stripe.params.PaymentIntentCaptureParams",
        ),
        ("POST", r"/v1/payment_intents/{id}/cancel", "_api_cancel_intent", "stripe.params.PaymentIntentCancelParams"),
        ("POST", r"/v1/refunds", "_api_create_refund", "stripe.params.RefundCreateParams"),
        ("GET", r"/v1/refunds/{id}", "_api_get_refund", "stripe.params.RefundRetrieveParams"),
        ("GET", r"/v1/charges/{id}", "_api_get_charge", "stripe.params.ChargeRetrieveParams"),
        (
            "GET",
            r"/v1/balance_transactions/{id}",
            "_api_get_balance_transaction",
            "stripe.params.BalanceTransactionRetrieveParams",
        ),
        ("GET", r"/v1/events/{id}", "_api_get_event", "stripe.params.EventRetrieveParams"),
    )
]


class _Server(ThreadingHTTPServer):
    daemon_threads = True
    request_queue_size = 128
    fake: FakeStripe

    def __init__(self, *args, **kwargs):
        self.open_connections: set[socket.socket] = set()
        self.connections_lock = threading.Lock()
        super().__init__(*args, **kwargs)

    def handle_error(self, request, client_address):
        # A client that gave up waiting (a timeout test, a closed browser tab) closed its end: no traceback.
        if isinstance(sys.exc_info()[1], ConnectionError):
            return
        super().handle_error(request, client_address)

    def close_connections(self) -> None:
        with self.connections_lock:
            for connection in self.open_connections:
                with contextlib.suppress(OSError):  # already closed by the client
                    connection.shutdown(socket.SHUT_RDWR)


class _Handler(BaseHTTPRequestHandler):
    # HTTP/1.1 keeps connections alive, as the library's requests.Session expects of Stripe.
    protocol_version = "HTTP/1.1"
    # Headers and body leave in two writes: without TCP_NODELAY, Nagle and delayed ACKs add 40 ms to each answer.
    disable_nagle_algorithm = True
    server_version = "FakeStripe/1.0"

    def setup(self):
        super().setup()
        with self.server.connections_lock:
            self.server.open_connections.add(self.connection)

    def finish(self):
        with self.server.connections_lock:
            self.server.open_connections.discard(self.connection)
        super().finish()

    def _serve(self):
        length = int(self.headers.get("Content-Length") or 0)
        body = self.rfile.read(length) if length else b""
        try:
            status, headers, payload = self.server.fake._dispatch(self.command, self.path, self.headers, body)
        except Exception as error:  # a bug in the fake must show up as a 500, not a dropped connection
            message = f"Fake Stripe error: {error!r}"
            status, headers, payload = (
                500,
                {},
                {"error": {"type": "api_error", "code": None, "message": message, "param": None}},
            )
        data = payload if isinstance(payload, bytes) else json.dumps(payload).encode()
        headers = {"Content-Type": "application/json", **headers}
        self.send_response(status)
        for name, value in headers.items():
            self.send_header(name, value)
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    do_GET = do_POST = do_DELETE = _serve

    def log_message(self, format, *args):
        pass  # quiet: tests read fake.requests and fake.events instead


def main(argv=None) -> None:
    """Run the fake until Ctrl-C or SIGTERM: `python -m tests.fakes.stripe --port 8766 --webhook-url URL`."""
    parser = argparse.ArgumentParser(prog="python -m tests.fakes.stripe", description="A fake Stripe API.")
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=8766)
    parser.add_argument("--api-key", default=DEFAULT_API_KEY)
    parser.add_argument("--webhook-url", help="POST platform events here (default: keep them in the outbox)")
    parser.add_argument("--connect-webhook-url", help="POST Connect events here (default: --webhook-url)")
    parser.add_argument("--webhook-secret", default=DEFAULT_WEBHOOK_SECRET)
    parser.add_argument("--connect-webhook-secret", default=DEFAULT_CONNECT_WEBHOOK_SECRET)
    parser.add_argument("--seed", type=int)
    parser.add_argument("--demo-account", help="an onboarded connected account with this id, for the demo's host")
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(message)s")

    connect_url = args.connect_webhook_url or args.webhook_url
    fake = FakeStripe(
        args.api_key, args.webhook_secret, args.connect_webhook_secret, args.webhook_url, connect_url, seed=args.seed
    ).start(args.host, args.port)
    if args.demo_account:
        fake.add_account(id=args.demo_account)
    base = fake.base_url
    print(
        f"Fake Stripe on {base} — STRIPE_API_URL={base} STRIPE_SECRET_KEY={args.api_key} "
        f"STRIPE_WEBHOOK_SECRET={args.webhook_secret} STRIPE_CONNECT_WEBHOOK_SECRET={args.connect_webhook_secret}; "
        f"webhooks: platform -> {args.webhook_url or 'outbox only'}, connect -> {connect_url or 'outbox only'}; "
        f"admin: GET {base}/_fake/stats, POST {base}/_fake/checkout/<id>/settle?succeeded=1",
        flush=True,
    )
    # Scripts stop it with SIGTERM: leave through the same door as Ctrl-C.
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(0))
    try:
        while True:
            time.sleep(3600)
    except KeyboardInterrupt:
        pass
    finally:
        fake.stop()


if __name__ == "__main__":
    main()
