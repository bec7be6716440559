"""A fake of Guesty's Open API, served over real HTTP, for GoRently's Guesty client and sync.

It follows the documented protocol: OAuth2 client-credentials tokens (5 per client id per 24 h), Bearer auth on
every /v1 route, account-wide rate limits (15/s, 120/min, 5000/h) answered with 429 and Retry-After, the v3
reservation search with `filter[field][op]` and `hasMore` paging, custom-field writes checked against the field's
type (422), guests, listings, and webhooks signed the Svix way. Faults can be injected: 5xx, slowness, expired
tokens, and the delay before a new webhook's secret can be read.

    with FakeGuesty(seed=0) as fake:
        fake.populate(listings=10, reservations=200)
        requests.post(fake.token_url, data={...})

Standalone: `python -m tests.fakes.guesty --port 8765 --listings 150 --reservations 10000 [--rate-limit]`.
"""

import argparse
import base64
import bisect
import contextlib
import copy
import hmac
import json
import math
import operator
import random
import re
import secrets
import signal
import socket
import string
import sys
import threading
import time
import unicodedata
from collections import deque
from datetime import UTC, date, datetime, timedelta
from datetime import time as dt_time
from functools import lru_cache
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qsl, urlsplit
from zoneinfo import ZoneInfo

import requests
from standardwebhooks.webhooks import Webhook

TOKEN_TTL = 86400
TOKEN_GRANTS_PER_DAY = 5
DOCUMENTED_RATE_LIMITS = {"per_second": 15, "per_minute": 120, "per_hour": 5000}
_WINDOWS = (("Second", 1.0), ("Minute", 60.0), ("Hour", 3600.0))
MAX_PAGE = 100
MAX_IDS = 10

CUSTOM_FIELD_TYPES = frozenset({"user", "boolean", "enum", "longtext", "date", "text", "time", "contact", "number"})
_STRING_TYPES = frozenset({"text", "longtext", "time", "contact", "user"})
SEARCH_SORTS = frozenset({"_id", "-_id", "checkIn", "-checkIn", "checkOut", "-checkOut", "createdAt", "-createdAt"})
_COMPARE_OPS = frozenset({"eq", "gte", "gt", "lte", "lt"})
SEARCH_FILTERS = {
    "status": frozenset({"eq", "ne", "in", "nin"}),
    "listingId": frozenset({"eq", "in"}),
    "confirmationCode": frozenset({"eq"}),
    "source": frozenset({"eq", "in"}),
    "checkIn": _COMPARE_OPS,
    "checkOut": _COMPARE_OPS,
    "createdAt": _COMPARE_OPS,
}
_OPERATORS = {
    "eq": operator.eq,
    "ne": operator.ne,
    "gt": operator.gt,
    "gte": operator.ge,
    "lt": operator.lt,
    "lte": operator.le,
}
_FILTER_KEY = re.compile(r"filter\[(\w+)\]\[(\w+)\]")
_DAY = re.compile(r"\d{4}-\d{2}-\d{2}")
LEGACY_EVENTS = frozenset({"reservation.new", "reservation.updated"})
V2_EVENTS = frozenset({"reservation.created.v2", "reservation.updated.v2"})

# Fields that follow from others: update_reservation keeps them consistent itself.
_DERIVED_RESERVATION_FIELDS = frozenset(
    {"_id", "accountId", "checkIn", "checkOut", "nightsCount", "stay", "platform", "lastUpdatedAt"}
)

# (city, country, time zone, zip code prefix, digits after it): Lisbon and the Canaries are an hour behind Madrid,
# so check-in times in UTC differ between listings as they do for real hosts.
_CITIES = (
    ("Madrid", "ES", "Europe/Madrid", "280", 2),
    ("Barcelona", "ES", "Europe/Madrid", "080", 2),
    ("Sevilla", "ES", "Europe/Madrid", "410", 2),
    ("Valencia", "ES", "Europe/Madrid", "460", 2),
    ("Málaga", "ES", "Europe/Madrid", "290", 2),
    ("Palma", "ES", "Europe/Madrid", "070", 2),
    ("Las Palmas de Gran Canaria", "ES", "Atlantic/Canary", "350", 2),
    ("Lisboa", "PT", "Europe/Lisbon", "1100-", 3),
    ("Porto", "PT", "Europe/Lisbon", "4000-", 3),
)
_COUNTRIES = {"ES": "Spain", "PT": "Portugal", "FR": "France", "IT": "Italy", "GB": "United Kingdom"}
_STREETS = ("Calle Mayor", "Calle Real", "Avenida del Mar", "Paseo Marítimo", "Calle San Vicente", "Plaza Nueva")
_ADJECTIVES = ("Sunny", "Cosy", "Bright", "Quiet", "Charming", "Modern", "Spacious", "Rustic")
_KINDS = ("studio", "1-bedroom flat", "2-bedroom apartment", "loft", "penthouse", "townhouse", "villa")
_NAMES = {
    "en": (("Olivia", "James", "Emma", "Liam", "Amelia", "Noah"), ("Smith", "Brown", "Taylor", "Wilson"), "+447"),
    "es": (("Lucía", "Hugo", "Martina", "Mateo", "Sofía", "Javier"), ("García", "López", "Sánchez", "Muñoz"), "+346"),
    "fr": (("Léa", "Louis", "Chloé", "Hugo", "Camille", "Théo"), ("Martin", "Bernard", "Dubois", "Lefèvre"), "+336"),
    "de": (("Mia", "Leon", "Hannah", "Felix", "Emilia", "Jonas"), ("Müller", "Schmidt", "Schneider", "Weiß"), "+4915"),
    "it": (("Giulia", "Leonardo", "Sofia", "Francesco", "Aurora"), ("Rossi", "Russo", "Ferrari", "Esposito"), "+393"),
    "pt": (
        ("Maria", "João", "Beatriz", "Tiago", "Inês", "Duarte"),
        ("Silva", "Santos", "Ferreira", "Gonçalves"),
        "+3519",
    ),
}
_LANGUAGES = ("en", "en", "en", "es", "es", "fr", "de", "it", "pt")
_SOURCES = ("airbnb2",) * 10 + ("bookingCom",) * 5 + ("homeaway2",) * 2 + ("manual",) * 2 + ("direct",)
_NIGHTS = (1, 2, 2, 3, 3, 3, 4, 4, 5, 5, 6, 7, 7, 8, 10, 14)
_CODE_CHARS = string.ascii_uppercase + string.digits
_POPULATED_FIELDS = (
    ("Passport number", "text", None),
    ("Arrival time", "text", None),
    ("Special requests", "longtext", None),
    ("Number of adults", "number", None),
    ("Date of birth", "date", None),
    ("Pets", "boolean", None),
    ("Purpose of stay", "enum", ["Leisure", "Business", "Other"]),
)


def iso_ms(moment: datetime) -> str:
    """`moment` the way Guesty writes datetimes: UTC, milliseconds, a trailing Z."""
    moment = moment.astimezone(UTC)
    return f"{moment:%Y-%m-%dT%H:%M:%S}.{moment.microsecond // 1000:03d}Z"


def parse_iso(value: str) -> datetime:
    """An ISO datetime as an aware UTC datetime; a naive one is taken to be UTC."""
    moment = datetime.fromisoformat(value)
    return moment.replace(tzinfo=UTC) if moment.tzinfo is None else moment.astimezone(UTC)


def _day(value) -> date:
    # Strict: date.fromisoformat alone would also take "20261201".
    if isinstance(value, date) and not isinstance(value, datetime):
        return value
    if isinstance(value, str) and _DAY.fullmatch(value):
        return date.fromisoformat(value)
    raise ValueError(f"not a YYYY-MM-DD date: {value!r}")


@lru_cache(maxsize=256)
def _ascii(text: str) -> str:
    return unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()


@lru_cache(maxsize=64)
def _zone(name: str) -> ZoneInfo:
    return ZoneInfo(name)


def _local_utc_iso(day: date, hhmm: str, zone: str) -> str:
    local = datetime.combine(day, dt_time.fromisoformat(hhmm), tzinfo=_zone(zone))
    return iso_ms(local)


class ApiError(Exception):
    """An error answer of the /v1 API: `{"error": {"code", "message"[, "data"]}}`."""

    def __init__(self, status: int, code: str, message: str, data: dict | None = None, headers: dict | None = None):
        super().__init__(message)
        self.status, self.code, self.message, self.data, self.headers = status, code, message, data, headers or {}

    def body(self) -> dict:
        error = {"code": self.code, "message": self.message}
        if self.data is not None:
            error["data"] = self.data
        return {"error": error}


def _bad_request(message: str) -> ApiError:
    return ApiError(400, "BAD_REQUEST", message)


def _not_found(message: str) -> ApiError:
    return ApiError(404, "NOT_FOUND", message)


def _int_param(query: dict, name: str, default: int, low: int, high: int | None = None) -> int:
    raw = query.get(name)
    if raw is None:
        return default
    try:
        value = int(raw)
    except ValueError:
        raise _bad_request(f"{name} must be an integer") from None
    if value < low or (high is not None and value > high):
        raise _bad_request(f"{name} must be between {low} and {high}" if high else f"{name} must be at least {low}")
    return value


def _check_params(query: dict, allowed: set) -> None:
    # Unknown parameters are refused rather than ignored, so a misspelt one in the client fails its tests.
    unknown = sorted(set(query) - allowed)
    if unknown:
        raise _bad_request(f"Unknown query parameter(s): {', '.join(unknown)}")


def _project(obj: dict, fields: str | None) -> dict:
    if fields is None:
        return obj
    names = fields.split()
    return {"_id": obj["_id"], **{name: obj[name] for name in names if name in obj}}


def _value_error(field: dict, value) -> str | None:
    """Why `value` does not fit custom field `field`, or None when it does."""
    kind = field["type"]
    if kind in _STRING_TYPES:
        ok, expected = isinstance(value, str), "a string"
    elif kind == "number":
        finite_float = isinstance(value, float) and math.isfinite(value)
        ok = finite_float or (isinstance(value, int) and not isinstance(value, bool))
        expected = "a number"
    elif kind == "boolean":
        ok, expected = isinstance(value, bool), "true or false"
    elif kind == "date":
        ok, expected = isinstance(value, str) and bool(_DAY.fullmatch(value)), "a date written YYYY-MM-DD"
        if ok:
            try:
                date.fromisoformat(value)
            except ValueError:
                ok = False
    else:  # enum: exact match, as Guesty compares the option text
        ok, expected = isinstance(value, str) and value in field["options"], f"one of {field['options']}"
    if ok:
        return None
    return f'Custom field "{field["displayName"]}" ({field["_id"]}) expects {expected}, got {json.dumps(value)}'


class FakeGuesty:
    """Guesty's Open API in one process: all state behind one lock, served by a ThreadingHTTPServer thread."""

    def __init__(
        self,
        client_id: str = "demo-client",
        client_secret: str = "demo-secret",
        account_id: str = "acc_1",
        seed: int = 0,
        *,
        token_ttl: int = TOKEN_TTL,
        token_grants_per_day: int = TOKEN_GRANTS_PER_DAY,
    ):
        self.client_id, self.client_secret, self.account_id, self.seed = client_id, client_secret, account_id, seed
        self.token_ttl, self.token_grants_per_day = token_ttl, token_grants_per_day
        self._lock = threading.Lock()
        self._rng = random.Random(seed)
        # ObjectId-like: a fixed "time" and "machine" part, then a counter, so sorting by _id is creation order.
        self._id_prefix = f"{0x65A00000 + self._rng.randrange(1 << 20):08x}{self._rng.randrange(1 << 40):010x}"
        self._id_counter = 0
        self._listings: dict[str, dict] = {}
        self._guests: dict[str, dict] = {}
        self._reservations: dict[str, dict] = {}  # insertion order is _id order
        self._custom_fields: dict[str, dict] = {}
        self._codes: set[str] = set()
        self._webhooks: dict[str, dict] = {}
        self._secrets: dict[str, str] = {}  # webhook url -> signing secret
        self._secret_delays = 0
        self._tokens: dict[str, float] = {}  # token -> expiry (time.time())
        self._grants: list[float] = []  # time.time() of each grant, for the 24 h quota
        self._fail: deque[int] = deque()
        self._slow: deque[float] = deque()
        self._limits: tuple[int, int, int] | None = None
        self._hits: list[float] = []  # time.monotonic() of each counted /v1 request, oldest first
        self.tokens_issued = 0
        self.requests: list[tuple[str, str, dict]] = []
        self._server: ThreadingHTTPServer | None = None
        self._thread: threading.Thread | None = None

    # -- lifecycle --------------------------------------------------------------------------------------------

    def start(self, host: str = "127.0.0.1", port: int = 0) -> "FakeGuesty":
        """Serve on host:port (0: any free port) from a daemon thread; returns self."""
        if self._server is not None:
            raise RuntimeError("FakeGuesty is already running")
        server = _Server((host, port), _Handler)
        server.fake = self
        self._server = server
        self._thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)
        self._thread.start()
        return self

    def stop(self) -> None:
        """Stop serving and drop open keep-alive connections, so no stale thread answers afterwards."""
        server, self._server = self._server, None
        if server is None:
            return
        server.shutdown()
        server.close_connections()
        server.server_close()
        self._thread.join(timeout=5)

    def __enter__(self) -> "FakeGuesty":
        return self.start()

    def __exit__(self, *exc) -> None:
        self.stop()

    @property
    def base_url(self) -> str:
        if self._server is None:
            raise RuntimeError("FakeGuesty is not running: call start() first")
        host, port = self._server.server_address[:2]
        return f"http://{host}:{port}"

    @property
    def api_url(self) -> str:
        return self.base_url + "/v1"

    @property
    def token_url(self) -> str:
        return self.base_url + "/oauth2/token"

    # -- state ------------------------------------------------------------------------------------------------

    def _new_id(self) -> str:
        self._id_counter += 1
        if self._id_counter > 0xFFFFFF:
            raise RuntimeError("FakeGuesty ran out of ids")
        return f"{self._id_prefix}{self._id_counter:06x}"

    def _new_code(self, rng: random.Random) -> str:
        while True:
            code = "GY-" + "".join(rng.choices(_CODE_CHARS, k=8))
            if code not in self._codes:
                self._codes.add(code)
                return code

    def _new_listing(self, rng, title, city, country, timezone, accommodates, extra) -> dict:
        # A city of that country (and, when none is named, preferably of that time zone), for a plausible zip code.
        in_country = [c for c in _CITIES if c[1] == country]
        known = [c for c in in_country if (c[0] == city if city else c[2] == timezone)] or ([] if city else in_country)
        if city is None:
            city = rng.choice(known)[0] if known else "Springfield"
        prefix, digits = (known[0][3], known[0][4]) if known else ("", 5)
        zipcode = prefix + "".join(rng.choices(string.digits, k=digits))
        street = f"{rng.choice(_STREETS)} {rng.randint(1, 120)}"
        number = len(self._listings) + 1
        listing = {
            "_id": self._new_id(),
            "title": title or f"{rng.choice(_ADJECTIVES)} {rng.choice(_KINDS)} in {city}",
            "nickname": f"{_ascii(city)[:3].upper()}-{number:03d}",
            "address": {
                "full": f"{street}, {zipcode} {city}, {_COUNTRIES.get(country, country)}",
                "street": street,
                "city": city,
                "country": country,
                "zipcode": zipcode,
            },
            "timezone": timezone,
            "accommodates": accommodates,
            "defaultCheckInTime": "15:00",
            "defaultCheckOutTime": "11:00",
            "active": True,
            **extra,
        }
        self._listings[listing["_id"]] = listing
        return listing

    def _new_guest(self, first_name, last_name, email, phone, language) -> dict:
        guest = {
            "_id": self._new_id(),
            "firstName": first_name,
            "lastName": last_name,
            "fullName": f"{first_name} {last_name}",
            "email": email,
            "emails": [email] if email else [],
            "phone": phone,
            "phones": [phone] if phone else [],
            "preferredLanguage": language,
        }
        self._guests[guest["_id"]] = guest
        return guest

    def _random_guest(self, rng: random.Random) -> dict:
        language = rng.choice(_LANGUAGES)
        firsts, lasts, dial = _NAMES[language]
        first, last = rng.choice(firsts), rng.choice(lasts)
        email = f"{_ascii(first).lower()}.{_ascii(last).lower()}{rng.randrange(10000)}@example.com"
        phone = dial + "".join(rng.choices(string.digits, k=8))
        return self._new_guest(first, last, email, phone, language)

    def _new_reservation(self, listing, guest_id, check_in, check_out, status, guests_count, source, code, created):
        rid = self._new_id()
        created_iso = iso_ms(created)
        nights = (check_out - check_in).days
        reservation = {
            "_id": rid,
            "confirmationCode": code,
            "listingId": listing["_id"],
            "guestId": guest_id,
            "accountId": self.account_id,
            "status": status,
            "checkIn": _local_utc_iso(check_in, listing["defaultCheckInTime"], listing["timezone"]),
            "checkOut": _local_utc_iso(check_out, listing["defaultCheckOutTime"], listing["timezone"]),
            "checkInDateLocalized": check_in.isoformat(),
            "checkOutDateLocalized": check_out.isoformat(),
            "nightsCount": nights,
            "guestsCount": guests_count,
            "source": source,
            "platform": source,
            "createdAt": created_iso,
            "confirmedAt": created_iso if status in ("confirmed", "canceled") else None,
            "canceledAt": created_iso if status == "canceled" else None,
            "lastUpdatedAt": created_iso,
            "customFields": [],
            "stay": [
                {
                    "checkInDateLocalized": check_in.isoformat(),
                    "checkOutDateLocalized": check_out.isoformat(),
                    "guestsCount": guests_count,
                    "unitId": listing["_id"],
                    "eta": None,
                    "etd": None,
                }
            ],
            "money": {"currency": "EUR", "hostPayout": 500.0, "totalPaid": 0, "balanceDue": 500.0},
        }
        self._reservations[rid] = reservation
        return reservation

    def add_listing(self, title=None, city=None, country="ES", timezone="Europe/Madrid", accommodates=4, **extra):
        """Add a listing; extra keyword arguments become (or override) top-level fields."""
        with self._lock:
            return copy.deepcopy(self._new_listing(self._rng, title, city, country, timezone, accommodates, extra))

    def add_custom_field(self, display_name, type, options=None, object="reservation", key=None) -> dict:
        """Add an account custom field of `type` (see CUSTOM_FIELD_TYPES) on "reservation" or "listing"."""
        if type not in CUSTOM_FIELD_TYPES:
            raise ValueError(f"unknown custom field type {type!r}")
        if type == "enum" and not options:
            raise ValueError("an enum custom field needs options")
        with self._lock:
            field_id = self._new_id()
            field = {
                "_id": field_id,
                "fieldId": field_id,
                "displayName": display_name,
                "key": key or re.sub(r"[^a-z0-9]+", "_", _ascii(display_name).lower()).strip("_"),
                "object": object,
                "type": type,
                "options": list(options or []),
            }
            self._custom_fields[field_id] = field
            return copy.deepcopy(field)

    def delete_custom_field(self, field_id: str) -> None:
        """Delete a custom field: it leaves the list and can no longer be written (values already stored stay)."""
        with self._lock:
            del self._custom_fields[field_id]

    def add_guest(self, first_name, last_name, email=None, phone=None, language="en") -> dict:
        """Add a guest."""
        with self._lock:
            return copy.deepcopy(self._new_guest(first_name, last_name, email, phone, language))

    def add_reservation(
        self,
        listing_id,
        check_in=None,
        check_out=None,
        status="confirmed",
        guests_count=2,
        guest=None,
        source="airbnb2",
        confirmation_code=None,
        created_at=None,
    ) -> dict:
        """Add a reservation (dates as date or "YYYY-MM-DD"; default a 3-night stay a week from today)."""
        check_in = _day(check_in) if check_in is not None else date.today() + timedelta(days=7)
        check_out = _day(check_out) if check_out is not None else check_in + timedelta(days=3)
        if check_out <= check_in:
            raise ValueError("check_out must be after check_in")
        if created_at is None:
            created = datetime.now(UTC)
        else:
            created = parse_iso(created_at) if isinstance(created_at, str) else created_at
            created = created.replace(tzinfo=UTC) if created.tzinfo is None else created
        with self._lock:
            listing = self._listings[listing_id]
            if guest is None:
                guest_id = self._random_guest(self._rng)["_id"]
            elif guest["_id"] in self._guests:
                guest_id = guest["_id"]
            else:
                raise KeyError(f"unknown guest {guest['_id']}")
            if confirmation_code is None:
                confirmation_code = self._new_code(self._rng)
            else:
                self._codes.add(confirmation_code)
            reservation = self._new_reservation(
                listing, guest_id, check_in, check_out, status, guests_count, source, confirmation_code, created
            )
            return copy.deepcopy(reservation)

    def _bump(self, obj: dict) -> datetime:
        # Strictly later than before, even within one millisecond: sync cursors compare lastUpdatedAt.
        moment = max(datetime.now(UTC), parse_iso(obj["lastUpdatedAt"]) + timedelta(milliseconds=1))
        obj["lastUpdatedAt"] = iso_ms(moment)
        return moment

    def _update_reservation(self, reservation_id: str, changes: dict) -> dict:
        reservation = self._reservations[reservation_id]
        derived = set(changes) & _DERIVED_RESERVATION_FIELDS
        unknown = set(changes) - set(reservation)
        if derived or unknown:
            raise ValueError(f"cannot set {sorted(derived | unknown)}: unknown or derived reservation fields")
        listing = self._listings[changes.get("listingId", reservation["listingId"])]
        check_in = _day(changes.get("checkInDateLocalized", reservation["checkInDateLocalized"]))
        check_out = _day(changes.get("checkOutDateLocalized", reservation["checkOutDateLocalized"]))
        if check_out <= check_in:
            raise ValueError("checkOutDateLocalized must be after checkInDateLocalized")
        previous_status = reservation["status"]
        reservation.update(changes)
        moment = self._bump(reservation)
        status = reservation["status"]
        if status != previous_status:
            if status == "canceled":
                reservation["canceledAt"] = iso_ms(moment)
            elif previous_status == "canceled":
                reservation["canceledAt"] = None
            if status == "confirmed" and reservation["confirmedAt"] is None:
                reservation["confirmedAt"] = iso_ms(moment)
        reservation["platform"] = reservation["source"]
        reservation["checkInDateLocalized"], reservation["checkOutDateLocalized"] = str(check_in), str(check_out)
        reservation["checkIn"] = _local_utc_iso(check_in, listing["defaultCheckInTime"], listing["timezone"])
        reservation["checkOut"] = _local_utc_iso(check_out, listing["defaultCheckOutTime"], listing["timezone"])
        reservation["nightsCount"] = (check_out - check_in).days
        reservation["stay"][0].update(
            checkInDateLocalized=str(check_in),
            checkOutDateLocalized=str(check_out),
            guestsCount=reservation["guestsCount"],
            unitId=listing["_id"],
        )
        return reservation

    def update_reservation(self, reservation_id: str, **changes) -> dict:
        """Change a reservation with the API's field names, keep derived fields consistent, bump lastUpdatedAt."""
        with self._lock:
            return copy.deepcopy(self._update_reservation(reservation_id, changes))

    def update_listing(self, listing_id: str, **changes) -> dict:
        """Change a listing's top-level fields with the API's names (title, nickname, timezone, accommodates…)."""
        with self._lock:
            listing = self._listings[listing_id]
            unknown = set(changes) - (set(listing) - {"_id"})
            if unknown:
                raise ValueError(f"cannot set {sorted(unknown)}: unknown listing fields")
            listing.update(changes)
            return copy.deepcopy(listing)

    def update_guest(self, guest_id: str, **changes) -> dict:
        """Change a guest with the API's field names; fullName, emails and phones follow."""
        with self._lock:
            guest = self._guests[guest_id]
            unknown = set(changes) - (set(guest) - {"_id", "fullName"})
            if unknown:
                raise ValueError(f"cannot set {sorted(unknown)}: unknown or derived guest fields")
            guest.update(changes)
            guest["fullName"] = f"{guest['firstName']} {guest['lastName']}"
            if "emails" in changes:
                guest["email"] = guest["emails"][0] if guest["emails"] else None
            elif "email" in changes:
                guest["emails"] = [guest["email"]] if guest["email"] else []
            if "phones" in changes:
                guest["phone"] = guest["phones"][0] if guest["phones"] else None
            elif "phone" in changes:
                guest["phones"] = [guest["phone"]] if guest["phone"] else []
            return copy.deepcopy(guest)

    def get_listing(self, listing_id: str) -> dict:
        """A copy of a listing."""
        with self._lock:
            return copy.deepcopy(self._listings[listing_id])

    def get_guest(self, guest_id: str) -> dict:
        """A copy of a guest."""
        with self._lock:
            return copy.deepcopy(self._guests[guest_id])

    def get_reservation(self, reservation_id: str) -> dict:
        """A copy of a reservation."""
        with self._lock:
            return copy.deepcopy(self._reservations[reservation_id])

    def listing_ids(self) -> list[str]:
        """Every listing id, in creation order."""
        with self._lock:
            return list(self._listings)

    def reservation_ids(self) -> list[str]:
        """Every reservation id, in creation order."""
        with self._lock:
            return list(self._reservations)

    def populate(self, listings=150, reservations=10000, start=None, span_days=240) -> dict:
        """Add listings, reservations (each with its own guest) and the usual reservation custom fields.

        Deterministic for a given seed, start (default: 60 days ago) and day. Reservations are created in createdAt
        order, so _id order matches creation time as with real ObjectIds. Returns how many of each were added.
        """
        rng = random.Random(self.seed)
        start = start if start is not None else date.today() - timedelta(days=60)
        # Nothing is created after midnight today (UTC): the same seed, start and day give the same data.
        now = datetime.combine(date.today(), dt_time(), tzinfo=UTC)
        with self._lock:
            existing = {f["displayName"] for f in self._custom_fields.values() if f["object"] == "reservation"}
        added_fields = 0
        for name, kind, options in _POPULATED_FIELDS:
            if name not in existing:
                self.add_custom_field(name, kind, options)
                added_fields += 1
        with self._lock:
            new_listings = []
            for _ in range(listings):
                city, country, zone = rng.choice(_CITIES)[:3]
                size = rng.choice((2, 2, 3, 4, 4, 4, 5, 6, 6, 8, 10))
                new_listings.append(self._new_listing(rng, None, city, country, zone, size, {}))
            pool = new_listings or list(self._listings.values())
            if reservations and not pool:
                raise ValueError("populate needs listings to put reservations in")
            specs = []
            for _ in range(reservations):
                listing = rng.choice(pool)
                check_in = start + timedelta(days=rng.randrange(span_days))
                nights = rng.choice(_NIGHTS)
                roll = rng.random()
                status = "confirmed" if roll < 0.85 else "canceled" if roll < 0.95 else "reserved"
                created = datetime.combine(check_in, dt_time(), tzinfo=UTC) - timedelta(
                    days=rng.randint(1, 120), seconds=rng.randrange(86400)
                )
                if created > now:  # booked for soon: it was made the day before
                    created = now - timedelta(seconds=rng.randrange(60, 86400))
                created = created.replace(microsecond=rng.randrange(1000) * 1000)
                guests = rng.randint(1, listing["accommodates"])
                specs.append((created, listing, check_in, nights, status, guests, rng.choice(_SOURCES), rng.random()))
            specs.sort(key=operator.itemgetter(0))
            for created, listing, check_in, nights, status, guests, source, cancel_at in specs:
                guest = self._random_guest(rng)
                check_out = check_in + timedelta(days=nights)
                code = self._new_code(rng)
                reservation = self._new_reservation(
                    listing, guest["_id"], check_in, check_out, status, guests, source, code, created
                )
                payout = round(nights * rng.choice((65.0, 80.0, 95.0, 120.0, 150.0, 210.0)), 2)
                reservation["money"].update(hostPayout=payout, balanceDue=payout)
                if status == "canceled":
                    # Canceled some time between booking and arrival (or now, if that is sooner).
                    until = min(now, datetime.combine(check_in, dt_time(), tzinfo=UTC))
                    canceled = iso_ms(created + max(until - created, timedelta(0)) * cancel_at)
                    reservation["canceledAt"] = reservation["lastUpdatedAt"] = canceled
        return {"listings": listings, "reservations": reservations, "custom_fields": added_fields}

    # -- logs, faults and limits ------------------------------------------------------------------------------

    def request_count(self, path_prefix: str | None = None) -> int:
        """How many logged requests (under /v1 and the token endpoint) have a path starting with path_prefix."""
        with self._lock:
            return sum(1 for _, path, _ in self.requests if path_prefix is None or path.startswith(path_prefix))

    def reset_log(self) -> None:
        """Forget the logged requests (tokens_issued is kept)."""
        with self._lock:
            self.requests.clear()

    def fail_next(self, n: int, status: int = 503) -> None:
        """The next n /v1 requests answer `status` with a JSON error."""
        with self._lock:
            self._fail.extend([status] * n)

    def slow_next(self, n: int, seconds: float) -> None:
        """The next n /v1 requests sleep `seconds` before anything else."""
        with self._lock:
            self._slow.extend([seconds] * n)

    def expire_tokens(self) -> None:
        """Every token issued so far becomes invalid."""
        with self._lock:
            self._tokens.clear()

    def secret_delay(self, n: int) -> None:
        """The next n webhook secret look-ups answer 404, as right after a webhook is created."""
        with self._lock:
            self._secret_delays += n

    def set_rate_limits(self, per_second=15, per_minute=120, per_hour=5000) -> None:
        """Limit /v1 requests per sliding second, minute and hour over the account; set_rate_limits(None): off."""
        with self._lock:
            if per_second is None:
                self._limits = None
            else:
                # Benchmarks pass scaled limits, possibly fractional: a window holds at least one request.
                self._limits = tuple(max(1, round(n)) for n in (per_second, per_minute, per_hour))
            self._hits.clear()

    def _rate_headers(self, counts) -> dict:
        headers = {}
        for (name, _), limit, count in zip(_WINDOWS, self._limits, counts, strict=True):
            headers[f"X-RateLimit-Limit-{name}"] = str(limit)
            headers[f"X-RateLimit-Remaining-{name}"] = str(max(0, limit - count))
        return headers

    def _rate_counts(self, now: float) -> list[int]:
        hits = self._hits
        del hits[: bisect.bisect_right(hits, now - _WINDOWS[-1][1])]
        return [len(hits) - bisect.bisect_right(hits, now - width) for _, width in _WINDOWS]

    def _rate_check(self, now: float) -> dict:
        """Count this request, or raise the 429 when a window is full (a refused request is not counted)."""
        counts = self._rate_counts(now)
        wait = None
        for (_, width), limit, count in zip(_WINDOWS, self._limits, counts, strict=True):
            if count >= limit:
                # A slot frees when the oldest request still keeping this window full slides out of it.
                frees_in = self._hits[len(self._hits) - limit] + width - now
                wait = max(wait or 0.0, frees_in)
        if wait is not None:
            headers = self._rate_headers(counts)
            headers["Retry-After"] = str(max(1, math.ceil(wait)))
            raise ApiError(429, "TOO_MANY_REQUESTS", "Rate limit exceeded, retry later", headers=headers)
        self._hits.append(now)
        return self._rate_headers([count + 1 for count in counts])

    # -- HTTP -------------------------------------------------------------------------------------------------

    def _dispatch(self, method: str, target: str, headers, body: bytes) -> tuple[int, dict, object]:
        """Answer one HTTP request: (status, headers, JSON-able payload)."""
        url = urlsplit(target)
        path = url.path.rstrip("/") or "/"
        query = dict(parse_qsl(url.query, keep_blank_values=True))
        if path == "/oauth2/token":
            with self._lock:
                self.requests.append((method, path, query))
                if method != "POST":
                    return 404, {}, {"error": {"code": "NOT_FOUND", "message": f"No route {method} {path}"}}
                return self._token(body)
        if path == "/v1" or path.startswith("/v1/"):
            return self._v1(method, path, query, headers, body)
        if path.startswith("/_fake/"):
            return self._admin(method, path)
        return 404, {}, {"error": {"code": "NOT_FOUND", "message": f"No route {method} {path}"}}

    def _token(self, body: bytes) -> tuple[int, dict, object]:
        form = dict(parse_qsl(body.decode("utf-8", "replace"), keep_blank_values=True))
        if form.get("grant_type") != "client_credentials" or form.get("scope") != "open-api":
            return 400, {}, {"error": "invalid_request"}
        secret_ok = hmac.compare_digest(form.get("client_secret", "").encode(), self.client_secret.encode())
        if form.get("client_id") != self.client_id or not secret_ok:
            return 401, {}, {"error": "invalid_client"}
        now = time.time()
        self._grants = [at for at in self._grants if at > now - 86400]
        if len(self._grants) >= self.token_grants_per_day:
            retry = str(max(1, math.ceil(self._grants[0] + 86400 - now)))
            message = f"Exceeded {self.token_grants_per_day} tokens per 24 hours"
            return 429, {"Retry-After": retry}, {"error": "too_many_requests", "error_description": message}
        token = secrets.token_urlsafe(48)
        self._grants.append(now)
        self._tokens[token] = now + self.token_ttl
        self.tokens_issued += 1
        return (
            200,
            {},
            {"token_type": "Bearer", "expires_in": self.token_ttl, "access_token": token, "scope": "open-api"},
        )

    def _authorized(self, headers) -> bool:
        scheme, _, token = (headers.get("Authorization") or "").partition(" ")
        expiry = self._tokens.get(token.strip())
        return scheme.lower() == "bearer" and expiry is not None and expiry > time.time()

    def _v1(self, method, path, query, headers, body) -> tuple[int, dict, object]:
        with self._lock:
            self.requests.append((method, path, query))
            delay = self._slow.popleft() if self._slow else 0
        if delay:
            time.sleep(delay)
        with self._lock:
            rate_headers = {}
            try:
                if self._fail:
                    status = self._fail.popleft()
                    try:
                        code = HTTPStatus(status).phrase.upper().replace(" ", "_").replace("-", "_")
                    except ValueError:
                        code = "INJECTED_FAULT"
                    extra = {"Retry-After": "1"} if status == 429 else {}
                    raise ApiError(status, code, "Injected fault", headers=extra)
                if not self._authorized(headers):
                    raise ApiError(401, "UNAUTHORIZED", "Invalid or expired token")
                if self._limits is not None:
                    rate_headers = self._rate_check(time.monotonic())
                handler, params = self._route(method, path)
                payload = handler(query, body, **params)
                # Serialised under the lock: the payload shares dicts with the state other threads change.
                return 200, rate_headers, json.dumps(payload).encode()
            except ApiError as error:
                if self._limits is not None and not error.headers.get("X-RateLimit-Limit-Second"):
                    rate_headers = self._rate_headers(self._rate_counts(time.monotonic()))
                return error.status, {**rate_headers, **error.headers}, error.body()

    def _route(self, method: str, path: str):
        for route_method, pattern, _, name in _ROUTES:
            match = pattern.fullmatch(path)
            if match and route_method == method:
                return getattr(self, name), match.groupdict()
        raise _not_found(f"No route {method} {path}")

    def _api_account(self, query, body):
        return {"_id": self.account_id, "name": "Fake Guesty account"}

    def _api_custom_fields(self, query, body, account_id):
        if account_id != self.account_id:
            raise _not_found(f"Account {account_id} not found")
        return list(self._custom_fields.values())

    def _api_listings(self, query, body):
        _check_params(query, {"limit", "skip", "fields", "ids", "active"})
        limit = _int_param(query, "limit", 25, 1, MAX_PAGE)
        skip = _int_param(query, "skip", 0, 0)
        rows = self._listings.values()
        if "ids" in query:
            wanted = {i.strip() for i in query["ids"].split(",")}
            rows = [row for row in rows if row["_id"] in wanted]
        if "active" in query:
            if query["active"] not in ("true", "false"):
                raise _bad_request('active must be "true" or "false"')
            rows = [row for row in rows if row["active"] == (query["active"] == "true")]
        rows = list(rows)
        page = [_project(row, query.get("fields")) for row in rows[skip : skip + limit]]
        return {"results": page, "count": len(rows), "limit": limit, "skip": skip}

    def _api_search(self, query, body):
        limit = _int_param(query, "limit", 25, 1, MAX_PAGE)
        skip = _int_param(query, "skip", 0, 0)
        sort = query.get("sort", "-_id")
        if sort not in SEARCH_SORTS:
            raise _bad_request(f"sort must be one of {sorted(SEARCH_SORTS)}")
        tests = []
        for key, value in query.items():
            if key in ("limit", "skip", "sort", "fields"):
                continue
            match = _FILTER_KEY.fullmatch(key)
            if not match:
                raise _bad_request(f"Unknown query parameter: {key}")
            field, op = match.groups()
            if op not in SEARCH_FILTERS.get(field, ()):
                raise _bad_request(f"Unsupported filter: {key}")
            tests.append(_filter_test(field, op, value))
        rows = [row for row in self._reservations.values() if all(test(row) for test in tests)]
        if sort.startswith("-"):
            rows.reverse()
        if sort.lstrip("-") != "_id":
            # Stable sort on rows already in _id order (reversed for a descending sort): ties follow _id that way.
            rows.sort(key=operator.itemgetter(sort.lstrip("-")), reverse=sort.startswith("-"))
        page = [_project(row, query.get("fields")) for row in rows[skip : skip + limit]]
        return {"results": page, "pagination": {"hasMore": skip + len(page) < len(rows)}}

    def _api_reservations_by_ids(self, query, body):
        _check_params(query, {"reservationIds", "fields"})
        # Asked twice, answered once: the answer is keyed by id on Guesty's side too.
        ids = list(dict.fromkeys(i.strip() for i in query.get("reservationIds", "").split(",") if i.strip()))
        if not 1 <= len(ids) <= MAX_IDS:
            raise _bad_request(f"reservationIds takes 1 to {MAX_IDS} ids, got {len(ids)}")
        found = [self._reservations[i] for i in ids if i in self._reservations]
        return {"results": [_project(row, query.get("fields")) for row in found]}

    def _api_put_custom_fields(self, query, body, reservation_id):
        reservation = self._reservations.get(reservation_id)
        if reservation is None:
            raise _not_found(f"Reservation {reservation_id} not found")
        payload = _json_body(body)
        items = payload.get("customFields") if isinstance(payload, dict) else None
        if not items or not isinstance(items, list):
            raise _bad_request("customFields must be a non-empty list of {fieldId, value}")
        for item in items:
            if not isinstance(item, dict) or not isinstance(item.get("fieldId"), str) or "value" not in item:
                raise _bad_request("each customFields item needs a fieldId (string) and a value")
        # All checked before anything is stored: one bad value leaves the reservation as it was.
        for item in items:
            field = self._custom_fields.get(item["fieldId"])
            if field is None or field["object"] != "reservation":
                message = f"Custom field {item['fieldId']} does not exist or is not a reservation field"
                raise ApiError(422, "VALIDATION_ERROR", message, data={"fieldId": item["fieldId"]})
            problem = _value_error(field, item["value"])
            if problem:
                raise ApiError(422, "VALIDATION_ERROR", problem, data={"fieldId": item["fieldId"]})
        stored = {entry["fieldId"]: entry for entry in reservation["customFields"]}
        for item in items:
            stored[item["fieldId"]] = {"fieldId": item["fieldId"], "value": item["value"]}
        reservation["customFields"] = list(stored.values())
        self._bump(reservation)
        return {"reservationId": reservation_id, "customFields": reservation["customFields"]}

    def _api_guest(self, query, body, guest_id):
        if not query.get("fields", "").split():
            raise _bad_request("fields is required (space-separated field names)")
        guest = self._guests.get(guest_id)
        if guest is None:
            raise _not_found(f"Guest {guest_id} not found")
        return _project(guest, query["fields"])

    def _api_create_webhook(self, query, body):
        payload = _json_body(body)
        url = payload.get("url") if isinstance(payload, dict) else None
        events = payload.get("events") if isinstance(payload, dict) else None
        if not isinstance(url, str) or not url.startswith(("http://", "https://")):
            raise _bad_request("url must be an http(s) address")
        if not isinstance(events, list) or not events or not all(isinstance(e, str) for e in events):
            raise _bad_request("events must be a non-empty list of event names")
        webhook = {"_id": self._new_id(), "url": url, "events": events, "accountId": self.account_id}
        self._webhooks[webhook["_id"]] = webhook
        # One secret per address: a second webhook to the same address signs with the same key.
        self._secrets.setdefault(url, "whsec_" + base64.b64encode(secrets.token_bytes(24)).decode())
        return webhook

    def _api_list_webhooks(self, query, body):
        return list(self._webhooks.values())

    def _api_get_webhook(self, query, body, webhook_id):
        if webhook_id not in self._webhooks:
            raise _not_found(f"Webhook {webhook_id} not found")
        return self._webhooks[webhook_id]

    def _api_delete_webhook(self, query, body, webhook_id):
        webhook = self._webhooks.pop(webhook_id, None)
        if webhook is None:
            raise _not_found(f"Webhook {webhook_id} not found")
        if not any(other["url"] == webhook["url"] for other in self._webhooks.values()):
            self._secrets.pop(webhook["url"], None)
        return {}

    def _api_webhook_secret(self, query, body):
        url = query.get("url", "")
        if self._secret_delays:
            self._secret_delays -= 1
            raise _not_found(f"No webhook secret for {url} yet")
        if url not in self._secrets:
            raise _not_found(f"No webhook with url {url}")
        return {"secret": self._secrets[url]}

    def _admin(self, method: str, path: str) -> tuple[int, dict, object]:
        if method == "GET" and path == "/_fake/stats":
            with self._lock:
                by_path: dict[str, int] = {}
                for _, logged, _ in self.requests:
                    name = _route_name(logged)
                    by_path[name] = by_path.get(name, 0) + 1
                return (
                    200,
                    {},
                    {"tokens_issued": self.tokens_issued, "requests": len(self.requests), "by_path": by_path},
                )
        match = re.fullmatch(r"/_fake/reservations/([^/]+)/touch", path)
        if method == "POST" and match:
            with self._lock:
                reservation = self._reservations.get(match[1])
                if reservation is None:
                    return 404, {}, {"error": {"code": "NOT_FOUND", "message": f"Reservation {match[1]} not found"}}
                most = self._listings[reservation["listingId"]]["accommodates"]
                guests = reservation["guestsCount"]
                self._update_reservation(match[1], {"guestsCount": guests + 1 if guests < most else max(1, guests - 1)})
            self.broadcast("reservation.updated.v2", match[1])  # outside the lock: the receiver may call back
            return 200, {}, {"ok": True}
        return 404, {}, {"error": {"code": "NOT_FOUND", "message": f"No route {method} {path}"}}

    # -- webhooks ---------------------------------------------------------------------------------------------

    def webhook_secret(self, url: str) -> str:
        """The signing secret registered for url (KeyError if no webhook has it)."""
        with self._lock:
            return self._secrets[url]

    def signed_webhook(self, url, event, reservation_id, *, msg_id=None, timestamp=None, published_at=None):
        """Build and sign the body Guesty would POST to url for event: returns (body_bytes, headers)."""
        with self._lock:
            secret = self._secrets[url]
            reservation = self._reservations[reservation_id]
            if event in LEGACY_EVENTS:
                payload = {"event": event, "reservation": reservation}
            elif event in V2_EVENTS:
                if isinstance(published_at, datetime):
                    published_at = iso_ms(published_at)
                payload = {
                    "event": event,
                    "reservationId": reservation_id,
                    "status": reservation["status"],
                    "confirmationCode": reservation["confirmationCode"],
                    "checkInDateLocalized": reservation["checkInDateLocalized"],
                    "checkOutDateLocalized": reservation["checkOutDateLocalized"],
                    "guestsCount": reservation["guestsCount"],
                    "publishedAt": published_at or reservation["lastUpdatedAt"],
                    # As the contract gives it, for created.v2 too: the client tells the two apart by "event".
                    "subtype": "updated",
                }
            else:
                raise ValueError(f"unknown webhook event {event!r}")
            text = json.dumps(payload, separators=(",", ":"), ensure_ascii=False)
        if timestamp is None:
            moment = datetime.now(UTC)
        elif isinstance(timestamp, datetime):
            moment = timestamp.astimezone(UTC)
        else:
            moment = datetime.fromtimestamp(float(timestamp), UTC)
        msg_id = msg_id or "msg_" + "".join(secrets.choice(string.ascii_letters + string.digits) for _ in range(27))
        headers = {
            "svix-id": msg_id,
            "svix-timestamp": str(math.floor(moment.timestamp())),
            "svix-signature": Webhook(secret).sign(msg_id, moment, text),
            "Content-Type": "application/json",
        }
        return text.encode(), headers

    def send_webhook(self, url, event, reservation_id, **kw) -> requests.Response:
        """Sign and POST one webhook to url (keyword arguments as for signed_webhook)."""
        body, headers = self.signed_webhook(url, event, reservation_id, **kw)
        return requests.post(url, data=body, headers=headers, timeout=5)

    def broadcast(self, event, reservation_id) -> list:
        """POST event to every webhook subscribed to it: a Response, or the RequestException, per webhook."""
        with self._lock:
            urls = [hook["url"] for hook in self._webhooks.values() if event in hook["events"]]
        results = []
        for url in urls:
            try:
                results.append(self.send_webhook(url, event, reservation_id))
            except requests.RequestException as error:
                results.append(error)
        return results


def _json_body(body: bytes):
    try:
        return json.loads(body or b"null")
    except ValueError:
        raise _bad_request("The body is not valid JSON") from None


def _filter_test(field: str, op: str, value: str):
    """A predicate on a reservation for `filter[field][op]=value` (400 if the value cannot be read)."""
    compare = _OPERATORS.get(op)
    if field in ("checkIn", "checkOut"):
        if not _DAY.fullmatch(value):
            raise _bad_request(f"filter[{field}][{op}] takes a YYYY-MM-DD date")
        key = field + "DateLocalized"
        return lambda row: compare(row[key], value)
    if field == "createdAt":
        try:
            moment = parse_iso(value)
        except ValueError:
            raise _bad_request(f"filter[createdAt][{op}] takes an ISO datetime") from None
        if moment.microsecond % 1000 == 0:  # as precise as createdAt: the strings compare like the moments
            text = iso_ms(moment)
            return lambda row: compare(row["createdAt"], text)
        return lambda row: compare(parse_iso(row["createdAt"]), moment)
    if op in ("in", "nin"):
        values = {item.strip() for item in value.split(",")}
        return (lambda row: row[field] in values) if op == "in" else (lambda row: row[field] not in values)
    return lambda row: compare(row[field], value)


_ROUTES = [
    (method, re.compile(pattern), name, handler)
    for method, pattern, name, handler in (
        ("GET", r"/v1/accounts/me", "/v1/accounts/me", "_api_account"),
        (
            "GET",
            r"/v1/accounts/(?P<account_id>[^/]+)/custom-fields",
            "/v1/accounts/{id}/custom-fields",
            "_api_custom_fields",
        ),
        ("GET", r"/v1/listings", "/v1/listings", "_api_listings"),
        ("GET", r"/v1/reservations-v3/search", "/v1/reservations-v3/search", "_api_search"),
        ("GET", r"/v1/reservations-v3", "/v1/reservations-v3", "_api_reservations_by_ids"),
        (
            "PUT",
            r"/v1/reservations-v3/(?P<reservation_id>[^/]+)/custom-fields",
            "/v1/reservations-v3/{id}/custom-fields",
            "_api_put_custom_fields",
        ),
        ("GET", r"/v1/guests-crud/(?P<guest_id>[^/]+)", "/v1/guests-crud/{id}", "_api_guest"),
        ("POST", r"/v1/webhooks", "/v1/webhooks", "_api_create_webhook"),
        ("GET", r"/v1/webhooks", "/v1/webhooks", "_api_list_webhooks"),
        ("GET", r"/v1/webhooks/(?P<webhook_id>[^/]+)", "/v1/webhooks/{id}", "_api_get_webhook"),
        ("DELETE", r"/v1/webhooks/(?P<webhook_id>[^/]+)", "/v1/webhooks/{id}", "_api_delete_webhook"),
        ("GET", r"/v1/webhooks-v2/secret", "/v1/webhooks-v2/secret", "_api_webhook_secret"),
    )
]


def _route_name(path: str) -> str:
    """The route template a logged path belongs to (ids folded), for /_fake/stats."""
    for _, pattern, name, _ in _ROUTES:
        if pattern.fullmatch(path):
            return name
    return path


class _Server(ThreadingHTTPServer):
    daemon_threads = True
    request_queue_size = 128  # benchmarks open many connections at once
    fake: FakeGuesty

    def __init__(self, *args, **kwargs):
        self.open_connections: set[socket.socket] = set()
        self.connections_lock = threading.Lock()
        super().__init__(*args, **kwargs)

    def handle_error(self, request, client_address):
        # A client that gave up waiting (a timeout test) closed its end: nothing worth a traceback.
        if isinstance(sys.exc_info()[1], ConnectionError):
            return
        super().handle_error(request, client_address)

    def close_connections(self) -> None:
        with self.connections_lock:
            for connection in self.open_connections:
                with contextlib.suppress(OSError):  # already closed by the client
                    connection.shutdown(socket.SHUT_RDWR)


class _Handler(BaseHTTPRequestHandler):
    # HTTP/1.1 keeps connections alive, as a client's requests.Session expects of Guesty.
    protocol_version = "HTTP/1.1"
    # Headers and body leave in two writes: without TCP_NODELAY, Nagle and delayed ACKs add 40 ms to each answer.
    disable_nagle_algorithm = True
    server_version = "FakeGuesty/1.0"

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
            status, headers, payload = 500, {}, {"error": {"code": "INTERNAL_ERROR", "message": repr(error)}}
        data = payload if isinstance(payload, bytes) else json.dumps(payload).encode()
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(data)))
        for name, value in headers.items():
            self.send_header(name, value)
        self.end_headers()
        self.wfile.write(data)

    do_GET = do_POST = do_PUT = do_DELETE = do_PATCH = _serve

    def log_message(self, format, *args):
        pass  # quiet: tests and benchmarks read fake.requests instead


def main(argv=None) -> None:
    """Run the fake until Ctrl-C: `python -m tests.fakes.guesty --port 8765 --reservations 10000`."""
    parser = argparse.ArgumentParser(prog="python -m tests.fakes.guesty", description="A fake Guesty Open API.")
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=8765)
    parser.add_argument("--listings", type=int, default=150)
    parser.add_argument("--reservations", type=int, default=10000)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--client-id", default="demo-client")
    parser.add_argument("--client-secret", default="demo-secret")
    parser.add_argument("--account-id", default="acc_1")
    parser.add_argument("--rate-limit", action="store_true", help="Guesty's documented limits: 15/s, 120/min, 5000/h")
    parser.add_argument("--rate-scale", type=float, help="multiply the three limits by this (implies --rate-limit)")
    args = parser.parse_args(argv)

    fake = FakeGuesty(args.client_id, args.client_secret, args.account_id, args.seed)
    fake.populate(listings=args.listings, reservations=args.reservations)
    if args.rate_limit or args.rate_scale is not None:
        scale = 1.0 if args.rate_scale is None else args.rate_scale
        fake.set_rate_limits(**{key: value * scale for key, value in DOCUMENTED_RATE_LIMITS.items()})
    fake.start(args.host, args.port)
    print(
        f"Fake Guesty on {fake.base_url} — client id {args.client_id}, secret {args.client_secret}, "
        f"{args.listings} listings, {args.reservations} reservations; "
        f"GUESTY_API_URL={fake.api_url} GUESTY_TOKEN_URL={fake.token_url}",
        flush=True,
    )
    if fake._limits:
        print("Rate limits: {} per second, {} per minute, {} per hour".format(*fake._limits), flush=True)
    print(f"Admin: GET {fake.base_url}/_fake/stats, POST {fake.base_url}/_fake/reservations/<id>/touch", flush=True)
    # Benchmarks stop it with SIGTERM: leave through the same door as Ctrl-C.
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
