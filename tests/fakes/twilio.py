"""A fake of Twilio's Programmable Messaging API (SMS and WhatsApp), served over real HTTP, for GoRently's messaging.

The app talks to it with the real `twilio` library (`client.api.base_url = fake.base_url`): form-encoded
`POST /2010-04-01/Accounts/{AccountSid}/Messages.json` with HTTP basic auth (account SID, auth token), errors shaped
`{"code", "message", "more_info", "status"}` with Twilio's error codes, Content templates by `ContentSid` with
`ContentVariables`, and WhatsApp's 24-hour rule the way Twilio applies it: a free-form message outside the window is
accepted (201, "queued") and then fails with error 63016. Status callbacks (sent, delivered, read, failed,
undelivered; none for the initial status) and inbound messages are form-encoded POSTs signed with
`X-Twilio-Signature`, as `twilio.request_validator.RequestValidator` checks them: kept in an outbox for tests, or
POSTed by one background sender thread when `deliver=True`. Tests move messages along with `advance()`; faults can
be injected: 5xx, 429, slowness, undeliverable numbers, duplicated, shuffled and delayed callbacks.

    with FakeTwilio(inbound_url="http://testserver/webhooks/twilio/inbound/") as fake:
        client = fake.client()  # twilio.rest.Client with api.base_url pointed at the fake
        message = client.messages.create(to="+34600111222", from_=fake.sms_from, body="Hi", status_callback=URL)
        fake.advance()  # queued -> sent: one signed callback to URL
        for url, body, headers in fake.take_outbox():
            ...

Standalone: `python -m tests.fakes.twilio --port 8767 [--status-and-inbound-base http://127.0.0.1:8000]`.
"""

import argparse
import base64
import contextlib
import copy
import heapq
import hmac
import html
import json
import logging
import mimetypes
import random
import re
import signal
import socket
import sys
import threading
import time
from collections import deque, namedtuple
from datetime import UTC, datetime
from email.utils import format_datetime
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qsl, urlencode, urlsplit

import requests
from twilio.http.http_client import TwilioHttpClient
from twilio.request_validator import RequestValidator
from twilio.rest import Client

logger = logging.getLogger(__name__)

API_VERSION = "2010-04-01"
# Shaped like real SIDs (two letters and 32 characters) but plainly not real ones.
DEFAULT_ACCOUNT_SID = "ACfake" + "0" * 28
DEFAULT_AUTH_TOKEN = "fake_auth_token"
DEFAULT_WHATSAPP_FROM = "whatsapp:+14155238886"  # Twilio's WhatsApp sandbox number
DEFAULT_SMS_FROM = "+15005550006"  # Twilio's test-credentials "valid From" number
DEFAULT_MESSAGING_SERVICE_SID = "MGfake" + "0" * 28
WINDOW_SECONDS = 86400  # WhatsApp's customer-service window: 24 h after the user's last message
MAX_BODY = 1600
DELIVERY_TIMEOUT = 5
INBOUND_PATH = "/webhooks/twilio/inbound/"
STATUS_PATH = "/webhooks/twilio/status/"
CHANNELS = frozenset({"sms", "whatsapp"})
FAILURE_STATUSES = frozenset({"failed", "undelivered"})
USER_AGENT = "TwilioProxy/1.1"

# The texts Twilio's error dictionary gives for the delivery errors a status callback reports.
DELIVERY_ERRORS = {
    30003: "Unreachable destination handset",
    30004: "Message blocked",
    30005: "Unknown destination handset",
    30006: "Landline or unreachable carrier",
    30007: "Message filtered",
    30008: "Unknown error",
    63003: "Channel could not find To address",
    63016: (
        "Failed to send freeform message because you are outside the allowed window. If you are using WhatsApp, "
        "please use a Message Template."
    ),
}

_E164 = re.compile(r"\+[1-9]\d{6,14}")
# National significant digits per country code, for the countries GoRently's guests mostly come from: a number of
# another length is "not possible" (21211). Other country codes only need to be E.164.
_NATIONAL_DIGITS = {
    "1": (10,),
    "33": (9,),
    "34": (9,),
    "351": (9,),
    "39": tuple(range(6, 12)),
    "44": (9, 10),
    "49": tuple(range(6, 14)),
}
_SID = re.compile(r"[A-Z]{2}[0-9a-fA-F]{32}")
_PLACEHOLDER = re.compile(r"\{\{\s*([^{}]*?)\s*\}\}")
_GSM7 = frozenset(
    "@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ !\"#¤%&'()*+,-./0123456789:;<=>?¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿"
    "abcdefghijklmnopqrstuvwxyzäöñüà"
)
_GSM7_EXTENDED = frozenset("^{}\\[~]|€\f")

Request = namedtuple("Request", "method path params")


def rfc2822(moment: datetime) -> str:
    """`moment` the way Twilio's API writes dates: "Thu, 30 Jul 2015 20:12:31 +0000"."""
    return format_datetime(moment.astimezone(UTC).replace(microsecond=0))


def split_address(address: str) -> tuple[str, str]:
    """("whatsapp", "+34600111222") for "whatsapp:+34600111222"; ("sms", number) for a plain number."""
    prefix, colon, rest = address.partition(":")
    return (prefix.strip().lower(), rest.strip()) if colon else ("sms", address.strip())


def _normalized(address: str) -> str:
    channel, number = split_address(address)
    return number if channel == "sms" else f"{channel}:{number}"


def possible_number(number: str) -> bool:
    """Whether `number` is an E.164 number of a possible length (the fake's version of Twilio's 21211 check)."""
    if not _E164.fullmatch(number):
        return False
    digits = number[1:]
    for code, lengths in _NATIONAL_DIGITS.items():
        if digits.startswith(code):
            return len(digits) - len(code) in lengths
    return True


def sms_segments(body: str) -> int:
    """How many SMS segments `body` takes: 160/153 GSM-7 characters (extended ones count twice), else 70/67 UCS-2."""
    if all(char in _GSM7 or char in _GSM7_EXTENDED for char in body):
        units, single, multi = len(body) + sum(char in _GSM7_EXTENDED for char in body), 160, 153
    else:
        units, single, multi = len(body.encode("utf-16-le")) // 2, 70, 67
    return 1 if units <= single else -(-units // multi)


def parse_form(body: bytes | str) -> dict:
    """A form-encoded body (an outbox entry's) as a dict of strings, as the app's request.POST would read it."""
    text = body.decode("utf-8") if isinstance(body, bytes) else body
    return dict(parse_qsl(text, keep_blank_values=True))


def _form(pairs) -> dict:
    """Form pairs as a dict: a repeated name (MediaUrl) becomes a list of its values."""
    form: dict = {}
    for key, value in pairs:
        if key in form:
            previous = form[key]
            form[key] = [*previous, value] if isinstance(previous, list) else [previous, value]
        else:
            form[key] = value
    return form


def _text(form: dict, name: str) -> str:
    value = form.get(name, "")
    return (value[0] if value else "") if isinstance(value, list) else value


def _values(form: dict, name: str) -> list[str]:
    value = form.get(name)
    if value is None or value == "":
        return []
    return value if isinstance(value, list) else [value]


class ApiError(Exception):
    """An error answer of the API: `{"code", "message", "more_info", "status"}` with its HTTP status."""

    def __init__(self, status: int, code: int, message: str, headers: dict | None = None):
        super().__init__(message)
        self.status, self.code, self.message, self.headers = status, code, message, headers or {}

    def body(self) -> dict:
        return {
            "code": self.code,
            "message": self.message,
            "more_info": f"https://www.twilio.com/docs/errors/{self.code}",
            "status": self.status,
        }


def _invalid(code: int, message: str) -> ApiError:
    return ApiError(400, code, message)


def _not_found(path: str) -> ApiError:
    return ApiError(404, 20404, f"The requested resource {path} was not found")


def _fault(status: int) -> ApiError:
    if status == 429:
        return ApiError(429, 20429, "Too Many Requests")
    phrases = {500: "Internal Server Error", 502: "Bad Gateway", 503: "Service Unavailable", 504: "Gateway Timeout"}
    return ApiError(status, 20000 + status, phrases.get(status, "Injected fault"))


# -- HTML ---------------------------------------------------------------------------------------------------------

_CSS = """
:root { font-family: system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; color: #121c2d; }
body { margin: 0; background: #f4f4f6; }
main { max-width: 72rem; margin: 0 auto; padding: 1rem; }
.sandbox { background: #fff4e5; border: 1px solid #f5a623; color: #7a4b00; border-radius: .5rem;
  padding: .5rem .75rem; font-weight: 600; font-size: .9rem; margin: 0; }
.card { background: #fff; border-radius: .75rem; box-shadow: 0 1px 3px rgba(0, 0, 0, .12); padding: 1.25rem;
  margin-top: 1rem; overflow-x: auto; }
h1 { font-size: 1.4rem; margin: 0 0 1rem; }
h2 { font-size: 1.1rem; margin: 0 0 .75rem; }
table { width: 100%; border-collapse: collapse; font-size: .9rem; }
th, td { padding: .4rem .5rem; text-align: left; vertical-align: top; border-bottom: 1px solid #e1e3ea; }
th { color: #606b85; font-weight: 600; }
td.body { white-space: pre-wrap; min-width: 16rem; max-width: 30rem; }
td.when, td.who { white-space: nowrap; }
.status-failed, .status-undelivered { color: #c0123c; font-weight: 600; }
.status-delivered, .status-read { color: #0b7a3e; font-weight: 600; }
label { display: block; font-size: .85rem; color: #606b85; margin: .75rem 0 .25rem; }
input, textarea, button { font: inherit; }
input, textarea { width: 100%; box-sizing: border-box; padding: .6rem; border: 1px solid #c9cfd8;
  border-radius: .4rem; }
button { margin-top: .75rem; padding: .7rem 1.2rem; border-radius: .4rem; border: 1px solid #f22f46;
  background: #f22f46; color: #fff; cursor: pointer; }
.notice { background: #fde8ec; color: #8a0c2b; border-radius: .4rem; padding: .6rem .75rem; }
.muted { color: #606b85; font-size: .85rem; }
code { font-size: .8rem; }
"""

SANDBOX_LABEL = "Twilio sandbox — no real SMS or WhatsApp message is sent"


def _page(title: str, body: str) -> bytes:
    return (
        '<!doctype html>\n<html lang="en"><head><meta charset="utf-8">'
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        f"<title>{html.escape(title)}</title><style>{_CSS}</style></head>\n"
        f'<body><main><p class="sandbox" role="note">{html.escape(SANDBOX_LABEL)}</p>\n{body}\n</main></body></html>\n'
    ).encode()


def _html(status: int, title: str, body: str) -> tuple[int, dict, bytes]:
    return status, {"Content-Type": "text/html; charset=utf-8"}, _page(title, body)


def _redirect(location: str) -> tuple[int, dict, bytes]:
    return 303, {"Location": location, "Content-Type": "text/plain; charset=utf-8"}, b""


class FakeTwilio:
    """Twilio's Messages API in one process: all state behind one lock, served by a ThreadingHTTPServer thread."""

    def __init__(
        self,
        account_sid: str = DEFAULT_ACCOUNT_SID,
        auth_token: str = DEFAULT_AUTH_TOKEN,
        whatsapp_from: str = DEFAULT_WHATSAPP_FROM,
        sms_from: str = DEFAULT_SMS_FROM,
        inbound_url: str | None = None,
        seed: int | None = None,
        *,
        messaging_service_sid: str = DEFAULT_MESSAGING_SERVICE_SID,
        deliver: bool = False,
        auto_advance: float | None = None,
        default_status_callback: str | None = None,
        strict_templates: bool = True,
    ):
        """inbound_url: where inbound messages are POSTed (the WhatsApp sender's / number's "A message comes in").
        messaging_service_sid: the one Messaging Service the account has (its senders are whatsapp_from, sms_from).
        deliver: POST callbacks and inbound messages to their URLs from a background thread instead of the outbox.
        auto_advance: seconds between automatic status steps of each message (None: only advance() moves them).
        default_status_callback: the URL for messages sent without StatusCallback, as a Messaging Service's
            status callback setting would give (None: such messages get no callback, as on Twilio).
        strict_templates: an unknown ContentSid is refused (21655); False accepts any well-formed HX SID."""
        self.account_sid, self.auth_token = account_sid, auth_token
        self.whatsapp_from, self.sms_from = _normalized(whatsapp_from), _normalized(sms_from)
        self.inbound_url, self.messaging_service_sid = inbound_url, messaging_service_sid
        self.deliver, self.auto_advance, self.default_status_callback = deliver, auto_advance, default_status_callback
        self.strict_templates = strict_templates
        self.duplicate_callbacks = False  # True: every webhook (status callback or inbound) is sent twice
        self._lock = threading.Lock()
        self._wakeup = threading.Condition(self._lock)
        self._rng = random.Random(seed)
        self._channel_install_sid = f"XE{self._rng.getrandbits(128):032x}"
        self._shuffle: random.Random | None = None
        self._callback_delay = 0.0
        self._clock_offset = 0.0
        self._messages: dict[str, dict] = {}  # sid -> {"resource": API JSON, "status_callback", "content_sid"...}
        self._templates: dict[str, dict] = {}
        self._last_inbound: dict[str, float] = {}  # "whatsapp:+34600111222" -> fake time of its last message in
        self._failing: dict[str, tuple[int, str]] = {}  # address or number -> (error code, "undelivered"/"failed")
        self._faults: deque[int] = deque()
        self._slow: deque[float] = deque()
        self.requests: list[Request] = []
        self.outbox: list[tuple[str, bytes, dict]] = []
        self.inbound_messages: list[dict] = []  # the params of every inbound message simulated, oldest first
        self.delivered: list[tuple[str, dict, int]] = []  # (url, params, HTTP status)
        self.failed_deliveries: list[tuple[str, bytes, dict, str]] = []  # (url, body, headers, reason)
        self._jobs: list[tuple[float, int, tuple]] = []  # heap of (time.monotonic() due, sequence, job)
        self._job_sequence = 0
        self._busy = 0
        self._worker_stop = False
        self._worker: threading.Thread | None = None
        self._server: ThreadingHTTPServer | None = None
        self._thread: threading.Thread | None = None

    # -- lifecycle --------------------------------------------------------------------------------------------

    def start(self, host: str = "127.0.0.1", port: int = 0) -> "FakeTwilio":
        """Serve on host:port (0: any free port) from a daemon thread; returns self."""
        if self._server is not None:
            raise RuntimeError("FakeTwilio is already running")
        server = _Server((host, port), _Handler)
        server.fake = self
        self._server = server
        self._thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)
        self._thread.start()
        return self

    def stop(self) -> None:
        """Stop serving, drop open keep-alive connections, and stop the sender: what it has not sent is dropped
        (call flush() first to wait for it)."""
        server, self._server = self._server, None
        if server is not None:
            server.shutdown()
            server.close_connections()
            server.server_close()
            self._thread.join(timeout=5)
        with self._lock:
            worker, self._worker = self._worker, None
            self._worker_stop = True
            self._jobs.clear()
            self._wakeup.notify_all()
        if worker is not None:
            worker.join(timeout=DELIVERY_TIMEOUT + 1)

    def __enter__(self) -> "FakeTwilio":
        return self.start()

    def __exit__(self, *exc) -> None:
        self.stop()

    @property
    def base_url(self) -> str:
        """http://host:port, for `client.api.base_url` (the library adds /2010-04-01/Accounts/...)."""
        if self._server is None:
            raise RuntimeError("FakeTwilio is not running: call start() first")
        host, port = self._server.server_address[:2]
        return f"http://{'127.0.0.1' if host in ('0.0.0.0', '') else host}:{port}"

    def client(self, timeout: float = 10, **options) -> Client:
        """A real twilio.rest.Client pointed at the fake (keyword arguments go to Client)."""
        options.setdefault("http_client", TwilioHttpClient(timeout=timeout))
        client = Client(self.account_sid, self.auth_token, **options)
        # TWILIO_EDGE / TWILIO_REGION in the environment would rewrite the host to *.twilio.com.
        client.edge = client.region = None
        client.api.base_url = self.base_url
        return client

    # -- clock ------------------------------------------------------------------------------------------------

    def now(self) -> float:
        """The fake's clock (unix seconds): real time plus what advance_time added."""
        return time.time() + self._clock_offset

    def advance_time(self, seconds: float) -> None:
        """Move the fake's clock forward: WhatsApp windows opened by inbound() close after 24 h of it."""
        with self._lock:
            self._clock_offset += seconds

    def _moment(self) -> datetime:
        return datetime.fromtimestamp(self.now(), UTC)

    # -- state ------------------------------------------------------------------------------------------------

    def _new_sid(self, prefix: str) -> str:
        while True:
            sid = f"{prefix}{self._rng.getrandbits(128):032x}"
            if sid not in self._messages and sid not in self._templates:
                return sid

    def add_template(
        self, body: str, language: str = "en", content_sid: str | None = None, friendly_name: str | None = None
    ) -> str:
        """Add an approved Content template ("Hello {{1}}, your stay at {{2}}…"); returns its ContentSid (HX…)."""
        with self._lock:
            sid = content_sid or self._new_sid("HX")
            if not re.fullmatch(r"HX[0-9a-fA-F]{32}", sid):
                raise ValueError(f"a ContentSid is HX and 32 hex digits, not {sid!r}")
            self._templates[sid] = {
                "sid": sid,
                "body": body,
                "language": language,
                "friendly_name": friendly_name or f"template_{len(self._templates) + 1}",
                "variables": sorted(set(_PLACEHOLDER.findall(body))),
            }
            return sid

    def templates(self) -> list[dict]:
        """Copies of the templates added, oldest first."""
        with self._lock:
            return copy.deepcopy(list(self._templates.values()))

    def _inspect(self, sent: dict) -> dict:
        # The API's JSON plus what Twilio keeps but never returns, for tests to check what the app asked for.
        return {
            **copy.deepcopy(sent["resource"]),
            "status_callback": sent["status_callback"],
            "content_sid": sent["content_sid"],
            "content_variables": copy.deepcopy(sent["content_variables"]),
            "media_url": list(sent["media_url"]),
        }

    @property
    def messages(self) -> list[dict]:
        """Every message the app sent, oldest first: the API's JSON as it is now, plus status_callback,
        content_sid, content_variables (parsed) and media_url as the app sent them."""
        with self._lock:
            return [self._inspect(sent) for sent in self._messages.values()]

    def get_message(self, sid: str) -> dict:
        """One message as `messages` shows it (KeyError if unknown)."""
        with self._lock:
            return self._inspect(self._messages[sid])

    def window_open(self, address: str) -> bool:
        """Whether a free-form WhatsApp message to `address` would be delivered now (its user wrote < 24 h ago)."""
        with self._lock:
            return self._window_open(_normalized(address))

    def _window_open(self, address: str) -> bool:
        last = self._last_inbound.get(address)
        return last is not None and self.now() - last < WINDOW_SECONDS

    # -- faults -----------------------------------------------------------------------------------------------

    def fail_next(self, n: int, status: int = 500) -> None:
        """The next n API requests answer `status` (5xx) with a Twilio error (20500, 20503...)."""
        with self._lock:
            self._faults.extend([status] * n)

    def throttle_next(self, n: int) -> None:
        """The next n API requests answer 429 with Twilio's error 20429 "Too Many Requests"."""
        self.fail_next(n, 429)

    def slow_next(self, n: int, seconds: float) -> None:
        """The next n API requests sleep `seconds` before anything else."""
        with self._lock:
            self._slow.extend([seconds] * n)

    def fail_to(self, number: str, error_code: int | None = 30003, status: str = "undelivered") -> None:
        """Messages to `number` fail from now on: "undelivered" (queued, sent, undelivered) or "failed" (queued,
        failed), with ErrorCode error_code (30003 unreachable, 30005 unknown, 30006 landline, 63003 not on
        WhatsApp...). A bare number matches both channels; "whatsapp:+..." only WhatsApp. error_code=None: cured."""
        if status not in FAILURE_STATUSES:
            raise ValueError(f"status must be 'undelivered' or 'failed', not {status!r}")
        with self._lock:
            key = _normalized(number)
            if error_code is None:
                self._failing.pop(key, None)
            else:
                self._failing[key] = (int(error_code), status)

    def shuffle_callbacks(self, seed: int | None = 0) -> None:
        """Status callbacks leave out of order from now on (seed: None turns it off). In the outbox each one goes
        in at a random place; when delivering, each is held back a random 0 to 2 steps (2 s without auto_advance)."""
        with self._lock:
            self._shuffle = None if seed is None else random.Random(seed)

    def delay_callbacks(self, seconds: float) -> None:
        """When delivering (deliver=True), POST each status callback `seconds` after its status change."""
        with self._lock:
            self._callback_delay = max(0.0, float(seconds))

    # -- status progression -----------------------------------------------------------------------------------

    def advance(self, message_sid: str | None = None) -> list[tuple[str, str]]:
        """Move one message (or every message, oldest first) one status step on; returns the (sid, new status)
        steps taken. Each step sends its status callback. Steps: queued -> sent -> delivered -> read (WhatsApp
        only), or queued -> failed (63016 outside the WhatsApp window; fail_to(status="failed")), or
        sent -> undelivered (fail_to). A Messaging Service's message goes accepted -> queued first."""
        with self._lock:
            sids = [message_sid] if message_sid is not None else list(self._messages)
            steps = []
            for sid in sids:
                status = self._step(sid)
                if status is not None:
                    steps.append((sid, status))
            return steps

    def advance_all(self, message_sid: str | None = None) -> list[tuple[str, str]]:
        """advance() until the message (or every message) has reached its final status; returns every step."""
        steps = []
        while True:
            taken = self.advance(message_sid)
            if not taken:
                return steps
            steps.extend(taken)

    def _next_status(self, sent: dict) -> tuple[str, int | None] | None:
        message = sent["resource"]
        status = message["status"]
        failing = self._failing.get(message["to"]) or self._failing.get(split_address(message["to"])[1])
        if status == "accepted":
            return "queued", None
        if status == "queued":
            if sent["window_closed"]:
                return "failed", 63016
            if failing and failing[1] == "failed":
                return "failed", failing[0]
            return "sent", None
        if status == "sent":
            if failing and failing[1] == "undelivered":
                return "undelivered", failing[0]
            return "delivered", None
        if status == "delivered" and split_address(message["to"])[0] == "whatsapp":
            return "read", None
        return None

    def _step(self, sid: str) -> str | None:
        sent = self._messages[sid]
        step = self._next_status(sent)
        if step is None:
            return None
        status, error_code = step
        message = sent["resource"]
        moment = self._moment()
        message["status"] = status
        message["date_updated"] = rfc2822(moment)
        if status == "sent":
            message["date_sent"] = rfc2822(moment)
        if error_code is not None:
            message["error_code"] = error_code
            message["error_message"] = DELIVERY_ERRORS.get(error_code, "Message delivery failed")
        url = sent["status_callback"] or self.default_status_callback
        if url:
            self._emit(url, self._callback_params(message, error_code, moment), callback=True)
        return status

    def _callback_params(self, message: dict, error_code: int | None, moment: datetime) -> dict:
        params = {
            "MessageSid": message["sid"],
            "SmsSid": message["sid"],
            "AccountSid": self.account_sid,
            "From": message["from"],
            "To": message["to"],
            "MessageStatus": message["status"],
            "SmsStatus": message["status"],
            "ApiVersion": API_VERSION,
        }
        if message["messaging_service_sid"]:
            params["MessagingServiceSid"] = message["messaging_service_sid"]
        # One parameter the app has no reason to know: Twilio adds parameters without notice.
        if split_address(message["to"])[0] == "whatsapp":
            params["ChannelPrefix"] = "whatsapp"
            params["ChannelInstallSid"] = self._channel_install_sid
        else:
            params["RawDlrDoneDate"] = moment.strftime("%y%m%d%H%M")
        if error_code is not None:
            params["ErrorCode"] = str(error_code)
        return params

    def _auto_step(self, sid: str) -> None:
        if sid not in self._messages:
            return
        self._step(sid)
        if self.auto_advance is not None and self._next_status(self._messages[sid]) is not None:
            self._schedule(self.auto_advance, ("advance", sid))

    # -- inbound ----------------------------------------------------------------------------------------------

    def inbound(
        self,
        from_: str,
        body: str = "",
        to: str | None = None,
        profile_name: str | None = None,
        media=None,
        *,
        url: str | None = None,
    ) -> dict:
        """A guest's message reaches the sender `to` (default: the sender of from_'s channel): its signed webhook
        goes to the outbox (or is POSTed when delivering) to url (default inbound_url), and a WhatsApp message opens
        the 24-hour window for free-form replies to from_. media: URLs, or (url, content type) pairs.
        Returns the webhook's params (MessageSid, From, Body, NumMedia, WaId...)."""
        channel, number = split_address(from_)
        if channel not in CHANNELS or not _E164.fullmatch(number):
            raise ValueError(f"from_ must be +E164 or whatsapp:+E164, not {from_!r}")
        sender = self.whatsapp_from if channel == "whatsapp" else self.sms_from
        to = _normalized(to) if to else sender
        if to != sender:
            raise ValueError(f"to must be the fake's {channel} sender {sender!r}, not {to!r}")
        target = url or self.inbound_url
        if not target:
            raise ValueError("no inbound URL: pass inbound_url= to FakeTwilio (or url= here)")
        items = []
        for item in media or ():
            media_url, content_type = (item, None) if isinstance(item, str) else item
            items.append((media_url, content_type or mimetypes.guess_type(media_url)[0] or "image/jpeg"))
        with self._lock:
            sid = self._new_sid("MM" if items else "SM")
            address = _normalized(from_)
            params = {
                "MessageSid": sid,
                "SmsMessageSid": sid,
                "SmsSid": sid,
                "AccountSid": self.account_sid,
                "From": address,
                "To": to,
                "Body": body,
                "NumMedia": str(len(items)),
                "NumSegments": "1",
                "SmsStatus": "received",
                "ApiVersion": API_VERSION,
            }
            if channel == "whatsapp":
                if profile_name is not None:
                    params["ProfileName"] = profile_name
                params["WaId"] = number.lstrip("+")
                params["MessageType"] = items[0][1].partition("/")[0] if items else "text"
            for index, (media_url, content_type) in enumerate(items):
                params[f"MediaUrl{index}"] = media_url
                params[f"MediaContentType{index}"] = content_type
            self._last_inbound[address] = self.now()
            self.inbound_messages.append(dict(params))
            self._emit(target, params, callback=False)
            return dict(params)

    # -- webhooks ---------------------------------------------------------------------------------------------

    def signed(self, url: str, params: dict) -> str:
        """The X-Twilio-Signature Twilio would send with a POST of params to url (the library's own algorithm)."""
        return RequestValidator(self.auth_token).compute_signature(url, params)

    def take_outbox(self) -> list[tuple[str, bytes, dict]]:
        """The pending webhooks (url, form-encoded body, headers), in the order they left; clears them."""
        with self._lock:
            taken, self.outbox = self.outbox, []
            return taken

    def flush(self, timeout: float = 10.0) -> bool:
        """Wait until the sender has nothing left to do (scheduled status steps included); False on timeout."""
        deadline = time.monotonic() + timeout
        with self._lock:
            while self._jobs or self._busy:
                remaining = deadline - time.monotonic()
                if remaining <= 0:
                    return False
                self._wakeup.wait(min(remaining, 0.05))
            return True

    def _emit(self, url: str, params: dict, *, callback: bool) -> None:
        """Sign a webhook and queue it (under the lock): to the outbox, or to the sender when delivering."""
        body = urlencode(params).encode()
        headers = {
            "X-Twilio-Signature": self.signed(url, params),
            "Content-Type": "application/x-www-form-urlencoded",
            "User-Agent": USER_AGENT,
        }
        for _ in range(2 if self.duplicate_callbacks else 1):
            shuffled = callback and self._shuffle is not None
            if self.deliver:
                delay = self._callback_delay if callback else 0.0
                if shuffled:
                    delay += self._shuffle.uniform(0, 2 * (self.auto_advance or 1.0))
                self._schedule(delay, ("post", url, body, dict(headers)))
            elif shuffled:
                self.outbox.insert(self._shuffle.randrange(len(self.outbox) + 1), (url, body, dict(headers)))
            else:
                self.outbox.append((url, body, dict(headers)))

    def _schedule(self, delay: float, job: tuple) -> None:
        """Queue a job for the sender thread (under the lock), starting it if need be."""
        self._job_sequence += 1
        heapq.heappush(self._jobs, (time.monotonic() + max(0.0, delay), self._job_sequence, job))
        if self._worker is None or not self._worker.is_alive():
            # One sender thread: webhooks due at the same moment leave in the order they were queued.
            self._worker_stop = False
            self._worker = threading.Thread(target=self._work, name="fake-twilio-sender", daemon=True)
            self._worker.start()
        self._wakeup.notify_all()

    def _work(self) -> None:
        session = requests.Session()
        session.headers["User-Agent"] = USER_AGENT
        try:
            while True:
                with self._lock:
                    while True:
                        if self._worker_stop:
                            return
                        wait = None
                        if self._jobs:
                            wait = self._jobs[0][0] - time.monotonic()
                            if wait <= 0:
                                break
                        self._wakeup.wait(wait)
                    _, _, job = heapq.heappop(self._jobs)
                    if job[0] == "advance":
                        self._auto_step(job[1])
                        self._wakeup.notify_all()
                        continue
                    self._busy += 1
                try:
                    self._post(session, *job[1:])
                finally:
                    with self._lock:
                        self._busy -= 1
                        self._wakeup.notify_all()
        finally:
            session.close()

    def _post(self, session: requests.Session, url: str, body: bytes, headers: dict) -> None:
        try:
            response = session.post(url, data=body, headers=headers, timeout=DELIVERY_TIMEOUT)
            status, reason = response.status_code, f"HTTP {response.status_code}"
        except requests.RequestException as error:
            status, reason = None, repr(error)
        ok = status is not None and 200 <= status < 300
        with self._lock:
            if ok:
                self.delivered.append((url, parse_form(body), status))
            else:
                self.failed_deliveries.append((url, body, headers, reason))
        if not ok:
            logger.warning("Fake Twilio: webhook to %s failed: %s", url, reason)

    # -- HTTP -------------------------------------------------------------------------------------------------

    def _dispatch(self, method: str, target: str, headers, body: bytes) -> tuple[int, dict, object]:
        """Answer one HTTP request: (status, headers, JSON-able payload or bytes)."""
        url = urlsplit(target)
        path = url.path
        if path.startswith(f"/{API_VERSION}/"):
            return self._api(method, path, url.query, headers, body)
        if path in ("/", "/_fake") and method == "GET":
            return _redirect("/_fake/")
        if path.startswith("/_fake/"):
            return self._admin(method, path, headers, body)
        return 404, {}, _not_found(path).body()

    def _api(self, method, path, query, headers, body) -> tuple[int, dict, object]:
        text = query if method == "GET" else body.decode("utf-8", "replace")
        form = _form(parse_qsl(text, keep_blank_values=True))
        with self._lock:
            self.requests.append(Request(method, path, form))
            delay = self._slow.popleft() if self._slow else 0
        if delay:
            time.sleep(delay)
        with self._lock:
            answer_headers = {"Twilio-Request-Id": f"RQ{self._rng.getrandbits(128):032x}"}
            try:
                if self._faults:
                    raise _fault(self._faults.popleft())
                self._authenticate(headers)
                handler, args = self._route(method, path)
                status, payload = handler(form, *args)
                # Serialised under the lock: the payload shares dicts with the state other threads change.
                return status, answer_headers, json.dumps(payload).encode()
            except ApiError as error:
                return error.status, {**answer_headers, **error.headers}, error.body()

    def _authenticate(self, headers) -> None:
        scheme, _, credentials = (headers.get("Authorization") or "").partition(" ")
        user = password = ""
        if scheme.lower() == "basic":
            with contextlib.suppress(ValueError):  # not base64, or not UTF-8
                user, _, password = base64.b64decode(credentials.strip()).decode().partition(":")
        user_ok = hmac.compare_digest(user.encode(), self.account_sid.encode())
        if not (user_ok and hmac.compare_digest(password.encode(), self.auth_token.encode())):
            raise ApiError(401, 20003, "Authenticate", {"WWW-Authenticate": 'Basic realm="Twilio API"'})

    def _route(self, method: str, path: str):
        for route_method, pattern, name in _ROUTES:
            match = pattern.fullmatch(path)
            if match and route_method == method:
                account, *args = match.groups()
                if account != self.account_sid:
                    raise _not_found(path)
                return getattr(self, name), args
        raise _not_found(path)

    def _api_create_message(self, form: dict) -> tuple[int, dict]:
        to = _text(form, "To").strip()
        if not to:
            raise _invalid(21604, "A 'To' phone number is required.")
        service = _text(form, "MessagingServiceSid").strip() or None
        if service is not None and service != self.messaging_service_sid:
            if not _SID.fullmatch(service) or not service.startswith("MG"):
                raise _invalid(21705, f"The Messaging Service Sid {service} is invalid.")
            raise _invalid(21701, f"The Messaging Service Sid {service} does not exist.")
        sender = _text(form, "From").strip()
        if not sender and service is None:
            raise _invalid(21603, "A 'From' phone number is required.")
        to_channel, to_number = split_address(to)
        if to_channel not in CHANNELS or not possible_number(to_number):
            raise _invalid(21211, f"Invalid 'To' Phone Number: {to}")
        to = _normalized(to)
        if not sender:  # the Messaging Service picks its sender for the channel
            sender = self.whatsapp_from if to_channel == "whatsapp" else self.sms_from
        sender = _normalized(sender)
        from_channel, from_number = split_address(sender)
        if from_channel != to_channel:
            raise _invalid(21910, "Invalid 'From' and 'To' pair. 'From' and 'To' should be of the same channel")
        if to_channel == "whatsapp" and sender != self.whatsapp_from:
            raise _invalid(63007, f"Twilio could not find a Channel with the specified From address: {sender}")
        if to_channel == "sms" and sender != self.sms_from:
            raise _invalid(
                21606,
                f"The From phone number {sender} is not a valid message-capable Twilio phone number for this "
                "destination.",
            )
        if from_number == to_number:
            raise _invalid(21266, f"'To' and 'From' number cannot be the same: {to}")
        callback = _text(form, "StatusCallback").strip() or None
        if callback is not None and not re.match(r"https?://[^\s/?#]+", callback):
            raise _invalid(21609, f"The StatusCallback URL {callback} is not a valid URL.")
        content_sid = _text(form, "ContentSid").strip() or None
        raw_variables = _text(form, "ContentVariables")
        body = _text(form, "Body")
        media = _values(form, "MediaUrl")
        if raw_variables and content_sid is None:
            raise _invalid(21654, "A ContentSid must be specified if ContentVariables are provided.")
        if content_sid is None and not body and not media:
            raise _invalid(21619, "A text message body or media urls must be specified.")
        variables = None
        if content_sid is not None:
            variables = self._content_variables(raw_variables)
            body = self._render(content_sid, variables)
        if len(body) > MAX_BODY:
            raise _invalid(21617, f"The concatenated message body exceeds the {MAX_BODY} character limit.")
        # WhatsApp's 24-hour rule: the create succeeds, the message fails afterwards (63016).
        window_closed = to_channel == "whatsapp" and content_sid is None and not self._window_open(to)
        moment = self._moment()
        sid = self._new_sid("MM" if media else "SM")
        uri = f"/{API_VERSION}/Accounts/{self.account_sid}/Messages/{sid}.json"
        resource = {
            "account_sid": self.account_sid,
            "api_version": API_VERSION,
            "body": body,
            "date_created": rfc2822(moment),
            "date_sent": None,
            "date_updated": rfc2822(moment),
            "direction": "outbound-api",
            "error_code": None,
            "error_message": None,
            "from": sender,
            "messaging_service_sid": service,
            "num_media": str(len(media)),
            "num_segments": str(sms_segments(body) if to_channel == "sms" else 1),
            "price": None,
            "price_unit": "USD",
            "sid": sid,
            "status": "accepted" if service else "queued",
            "subresource_uris": {"media": uri.removesuffix(".json") + "/Media.json"},
            "to": to,
            "uri": uri,
        }
        self._messages[sid] = {
            "resource": resource,
            "status_callback": callback,
            "content_sid": content_sid,
            "content_variables": variables,
            "media_url": media,
            "window_closed": window_closed,
        }
        if self.auto_advance is not None:
            self._schedule(self.auto_advance, ("advance", sid))
        return 201, resource

    def _content_variables(self, raw: str) -> dict:
        if not raw:
            return {}
        try:
            variables = json.loads(raw)
        except ValueError:
            raise _invalid(21656, "The ContentVariables Parameter is invalid: it is not a JSON string.") from None
        if not isinstance(variables, dict):
            raise _invalid(21656, "The ContentVariables Parameter is invalid: it must be a JSON object.")
        for key, value in variables.items():
            plain = isinstance(value, str | int | float) and not isinstance(value, bool)
            if not plain or value == "":
                message = f"The ContentVariables Parameter is invalid: variable {key!r} is null, empty or not text."
                raise _invalid(21656, message)
        return {key: str(value) for key, value in variables.items()}

    def _render(self, content_sid: str, variables: dict) -> str:
        template = self._templates.get(content_sid)
        if template is None:
            if self.strict_templates or not re.fullmatch(r"HX[0-9a-fA-F]{32}", content_sid):
                raise _invalid(21655, f"The ContentSid is Invalid: {content_sid}")
            shown = " · ".join(f"{key}={value}" for key, value in variables.items())
            return f"[template {content_sid}] {shown}".strip()
        missing = [name for name in template["variables"] if name not in variables]
        if missing:
            names = ", ".join("{{" + name + "}}" for name in missing)
            raise _invalid(21656, f"The ContentVariables Parameter is invalid: no value for {names}.")
        return _PLACEHOLDER.sub(lambda match: variables[match[1]], template["body"])

    def _api_list_messages(self, form: dict) -> tuple[int, dict]:
        try:
            size = min(max(int(_text(form, "PageSize") or 50), 1), 1000)
            page = max(int(_text(form, "Page") or 0), 0)
        except ValueError:
            raise _invalid(20001, "PageSize and Page must be integers") from None
        to, sender = _text(form, "To"), _text(form, "From")
        rows = [
            sent["resource"]
            for sent in reversed(self._messages.values())  # newest first, as Twilio lists them
            if (not to or sent["resource"]["to"] == _normalized(to))
            and (not sender or sent["resource"]["from"] == _normalized(sender))
        ]
        start = page * size
        chunk = rows[start : start + size]
        base = f"/{API_VERSION}/Accounts/{self.account_sid}/Messages.json"
        filters = {key: value for key, value in (("To", to), ("From", sender)) if value}

        def page_uri(number: int) -> str:
            return f"{base}?{urlencode({**filters, 'PageSize': size, 'Page': number})}"

        return 200, {
            "messages": chunk,
            "end": start + len(chunk) - 1 if chunk else start,
            "first_page_uri": page_uri(0),
            "next_page_uri": page_uri(page + 1) if start + size < len(rows) else None,
            "page": page,
            "page_size": size,
            "previous_page_uri": page_uri(page - 1) if page > 0 else None,
            "start": start,
            "uri": page_uri(page),
        }

    def _api_fetch_message(self, form: dict, sid: str) -> tuple[int, dict]:
        sent = self._messages.get(sid)
        if sent is None:
            raise _not_found(f"/{API_VERSION}/Accounts/{self.account_sid}/Messages/{sid}.json")
        return 200, sent["resource"]

    # -- admin and the sandbox page ---------------------------------------------------------------------------

    def _admin(self, method: str, path: str, headers, body: bytes) -> tuple[int, dict, object]:
        form = dict(parse_qsl(body.decode("utf-8", "replace"), keep_blank_values=True)) if method == "POST" else {}
        wants_html = "text/html" in (headers.get("Accept") or "")
        if method == "GET" and path == "/_fake/":
            return self._sandbox_page()
        if method == "GET" and path == "/_fake/messages":
            return 200, {}, self.messages
        if method == "GET" and path == "/_fake/stats":
            with self._lock:
                counts: dict[str, int] = {}
                for sent in self._messages.values():
                    counts[sent["resource"]["status"]] = counts.get(sent["resource"]["status"], 0) + 1
                stats = {
                    "messages": len(self._messages),
                    "by_status": counts,
                    "inbound": len(self.inbound_messages),
                    "requests": len(self.requests),
                    "outbox": len(self.outbox),
                    "delivered": len(self.delivered),
                    "failed_deliveries": len(self.failed_deliveries),
                }
            return 200, {}, stats
        if method == "POST" and path == "/_fake/inbound":
            # A "+" sent unencoded (curl -d from=+34...) arrives as a space: read it as the "+" it was.
            sender = re.sub(r"^(whatsapp:)?\s+(?=\d)", r"\1+", form.get("from", "").strip(), flags=re.IGNORECASE)
            try:
                params = self.inbound(
                    sender,
                    form.get("body", ""),
                    to=form.get("to", "").strip() or None,
                    profile_name=form.get("profile_name", "").strip() or None,
                )
            except ValueError as error:
                if wants_html:
                    return self._sandbox_page(str(error), 400)
                return 400, {}, {"error": str(error)}
            return _redirect("/_fake/") if wants_html else (200, {}, params)
        if method == "POST" and path == "/_fake/templates":
            try:
                sid = self.add_template(
                    form.get("body", ""), form.get("language") or "en", form.get("content_sid") or None
                )
            except ValueError as error:
                return 400, {}, {"error": str(error)}
            with self._lock:
                return 200, {}, copy.deepcopy(self._templates[sid])
        match = re.fullmatch(r"/_fake/messages/([^/]+)/advance", path)
        if method == "POST" and match:
            try:
                return 200, {}, {"steps": self.advance(match[1])}
            except KeyError:
                return 404, {}, {"error": f"No message {match[1]}"}
        return 404, {}, _not_found(path).body()

    def _sandbox_page(self, notice: str | None = None, status: int = 200) -> tuple[int, dict, bytes]:
        esc = html.escape
        with self._lock:
            sent = [copy.deepcopy(item["resource"]) for item in reversed(self._messages.values())]
            received = list(reversed(self.inbound_messages))
            inbound_url = self.inbound_url
        rows = "".join(
            f"<tr><td class='when'>{esc(m['date_created'][5:25])}</td><td class='who'>{esc(m['to'])}</td>"
            f"<td class='who'>{esc(m['from'])}</td><td class='body'>{esc(m['body'])}</td>"
            f"<td class='status-{esc(m['status'])}'>{esc(m['status'])}"
            f"{' (' + str(m['error_code']) + ')' if m['error_code'] else ''}</td>"
            f"<td><code title='{esc(m['sid'])}'>{esc(m['sid'][:10])}…</code></td></tr>"
            for m in sent
        )
        table = (
            "<table><thead><tr><th>Created</th><th>To</th><th>From</th><th>Body</th><th>Status</th><th>SID</th>"
            f"</tr></thead><tbody>{rows}</tbody></table>"
            if sent
            else "<p class='muted'>No message sent yet.</p>"
        )
        replies = "".join(
            f"<tr><td class='who'>{esc(p['From'])}</td><td>{esc(p.get('ProfileName', ''))}</td>"
            f"<td class='body'>{esc(p['Body'])}</td>"
            f"<td><code title='{esc(p['MessageSid'])}'>{esc(p['MessageSid'][:10])}…</code></td></tr>"
            for p in received
        )
        replies_table = (
            "<table><thead><tr><th>From</th><th>Name</th><th>Body</th><th>SID</th></tr></thead>"
            f"<tbody>{replies}</tbody></table>"
            if received
            else "<p class='muted'>No guest reply simulated yet.</p>"
        )
        target = f"posted signed to <code>{esc(inbound_url)}</code>" if inbound_url else "no inbound URL configured"
        parts = [
            "<div class='card'><h1>Twilio sandbox</h1><p class='muted'>Messages the app sent through this fake "
            "Twilio, newest first. <a href='/_fake/'>Refresh</a> · <a href='/_fake/messages'>JSON</a></p>"
            f"{table}</div>"
        ]
        if notice:
            parts.append(f"<p class='notice card' role='alert'>{esc(notice)}</p>")
        parts.append(
            "<form method='post' action='/_fake/inbound' class='card'><h2>Simulate a guest's reply</h2>"
            f"<p class='muted'>Sent to {esc(self.whatsapp_from)} (WhatsApp) or {esc(self.sms_from)} (SMS), "
            f"{target}.</p>"
            "<label for='from'>From (whatsapp:+E164 or +E164)</label>"
            "<input id='from' name='from' value='whatsapp:+34600111222' required>"
            "<label for='profile_name'>WhatsApp profile name</label>"
            "<input id='profile_name' name='profile_name' value='Guest'>"
            "<label for='body'>Message</label><textarea id='body' name='body' rows='3' required></textarea>"
            "<button type='submit'>Send as the guest</button></form>"
        )
        parts.append(f"<div class='card'><h2>Guest replies simulated here</h2>{replies_table}</div>")
        return _html(status, "Twilio sandbox", "\n".join(parts))


_ROUTES = [
    (method, re.compile(pattern), handler)
    for method, pattern, handler in (
        ("POST", rf"/{API_VERSION}/Accounts/([^/]+)/Messages\.json", "_api_create_message"),
        ("GET", rf"/{API_VERSION}/Accounts/([^/]+)/Messages\.json", "_api_list_messages"),
        ("GET", rf"/{API_VERSION}/Accounts/([^/]+)/Messages/([^/]+)\.json", "_api_fetch_message"),
    )
]


class _Server(ThreadingHTTPServer):
    daemon_threads = True
    request_queue_size = 128
    fake: FakeTwilio

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
    # HTTP/1.1 keeps connections alive, as the library's requests.Session expects of Twilio.
    protocol_version = "HTTP/1.1"
    # Headers and body leave in two writes: without TCP_NODELAY, Nagle and delayed ACKs add 40 ms to each answer.
    disable_nagle_algorithm = True
    server_version = "FakeTwilio/1.0"

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
            status, headers, payload = 500, {}, ApiError(500, 20500, f"Fake Twilio error: {error!r}").body()
        data = payload if isinstance(payload, bytes) else json.dumps(payload).encode()
        headers = {"Content-Type": "application/json; charset=utf-8", **headers}
        self.send_response(status)
        for name, value in headers.items():
            self.send_header(name, value)
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    do_GET = do_POST = do_DELETE = _serve

    def log_message(self, format, *args):
        pass  # quiet: tests read fake.requests and fake.messages instead


def main(argv=None) -> None:
    """Run the fake until Ctrl-C or SIGTERM: `python -m tests.fakes.twilio --port 8767 [--status-and-inbound-base URL]`.

    Status callbacks are POSTed as the messages step on; POST /_fake/inbound simulates a guest's reply."""
    parser = argparse.ArgumentParser(prog="python -m tests.fakes.twilio", description="A fake Twilio Messages API.")
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=8767)
    parser.add_argument("--account-sid", default=DEFAULT_ACCOUNT_SID)
    parser.add_argument("--auth-token", default=DEFAULT_AUTH_TOKEN)
    parser.add_argument("--whatsapp-from", default=DEFAULT_WHATSAPP_FROM)
    parser.add_argument("--sms-from", default=DEFAULT_SMS_FROM)
    parser.add_argument(
        "--status-and-inbound-base",
        help=f"the app's address: inbound messages go to <base>{INBOUND_PATH}, and status callbacks of messages "
        f"sent without StatusCallback to <base>{STATUS_PATH} (default: inbound kept in the outbox only)",
    )
    parser.add_argument("--step-seconds", type=float, default=1.0, help="seconds per status step (0: manual only)")
    parser.add_argument(
        "--template", action="append", default=[], help='a Content template, "HX<32 hex>=text" or just "text"'
    )
    parser.add_argument("--lenient-templates", action="store_true", help="accept any well-formed unknown ContentSid")
    parser.add_argument("--seed", type=int)
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(message)s")

    base = (args.status_and_inbound_base or "").rstrip("/")
    fake = FakeTwilio(
        args.account_sid,
        args.auth_token,
        args.whatsapp_from,
        args.sms_from,
        inbound_url=base + INBOUND_PATH if base else None,
        seed=args.seed,
        deliver=True,
        auto_advance=args.step_seconds if args.step_seconds > 0 else None,
        default_status_callback=base + STATUS_PATH if base else None,
        strict_templates=not args.lenient_templates,
    ).start(args.host, args.port)
    templates = []
    for spec in args.template:
        sid, equals, text = spec.partition("=")
        known = equals and re.fullmatch(r"HX[0-9a-fA-F]{32}", sid)
        templates.append(fake.add_template(text, content_sid=sid) if known else fake.add_template(spec))
    url = fake.base_url
    print(
        f"Fake Twilio on {url} — TWILIO_API_URL={url} TWILIO_ACCOUNT_SID={args.account_sid} "
        f"TWILIO_AUTH_TOKEN={args.auth_token} TWILIO_WHATSAPP_FROM={fake.whatsapp_from} "
        f"TWILIO_SMS_FROM={fake.sms_from}; status callbacks POSTed to each StatusCallback "
        f"(default {fake.default_status_callback or 'none'}) every {args.step_seconds:g} s; "
        f"inbound -> {fake.inbound_url or 'nowhere (no --status-and-inbound-base)'}; sandbox page {url}/_fake/",
        flush=True,
    )
    for sid in templates:
        print(f"Template {sid}", flush=True)
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
