"""The fake Twilio answers the real `twilio` library: SMS and WhatsApp sends (body and Content templates), Twilio's
error codes, the WhatsApp 24-hour rule failing asynchronously with 63016, signed status callbacks and inbound
messages, robustness knobs (duplicates, shuffling, delays, undeliverable numbers, 5xx, 429) and the standalone
server."""

import json
import os
import re
import socket
import subprocess
import sys
import threading
import time
from collections import Counter
from email.utils import parsedate_to_datetime
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest
import requests
from twilio.base.exceptions import TwilioRestException
from twilio.request_validator import RequestValidator
from twilio.rest import Client

from tests.fakes.twilio import DEFAULT_ACCOUNT_SID, FakeTwilio, parse_form, possible_number, sms_segments

REPO = Path(__file__).resolve().parents[2]
APP = "http://testserver"
STATUS_URL = APP + "/webhooks/twilio/status/"
INBOUND_URL = APP + "/webhooks/twilio/inbound/"
GUEST = "+34600111222"
WA_GUEST = "whatsapp:" + GUEST
TOKEN = "fake_auth_token"


@pytest.fixture
def fake():
    with FakeTwilio(inbound_url=INBOUND_URL, seed=0) as fake:
        yield fake


@pytest.fixture
def client(fake):
    client = Client(fake.account_sid, fake.auth_token)
    client.api.base_url = fake.base_url  # exactly as the app will do it
    return client


def valid(delivery, token=TOKEN) -> bool:
    url, body, headers = delivery
    return RequestValidator(token).validate(url, parse_form(body), headers["X-Twilio-Signature"])


def statuses(deliveries) -> list[str]:
    return [parse_form(body)["MessageStatus"] for _, body, _ in deliveries]


def error(excinfo) -> tuple[int, int]:
    return excinfo.value.status, excinfo.value.code


class Receiver:
    """A tiny app: records every POST (path, headers, form params) and answers 200."""

    def __init__(self):
        received = self.received = []

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self):
                body = self.rfile.read(int(self.headers["Content-Length"]))
                received.append((self.path, dict(self.headers), parse_form(body), time.monotonic()))
                self.send_response(200)
                self.send_header("Content-Type", "text/xml")
                self.send_header("Content-Length", "9")
                self.end_headers()
                self.wfile.write(b"<Response")

            def log_message(self, *args):
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}"
        threading.Thread(target=self.server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True).start()

    def close(self):
        self.server.shutdown()
        self.server.server_close()


@pytest.fixture
def receiver():
    receiver = Receiver()
    yield receiver
    receiver.close()


def test_helpers():
    assert possible_number("+34600111222") and possible_number("+447700900123") and possible_number("+15005550006")
    assert not possible_number("+3460011122")  # Spain: nine digits after +34
    assert not possible_number("34600111222") and not possible_number("+34 600 111 222") and not possible_number("+1")
    assert sms_segments("a" * 160) == 1 and sms_segments("a" * 161) == 2 and sms_segments("€" * 80) == 1
    assert sms_segments("ñ" * 160) == 1 and sms_segments("ł" * 70) == 1 and sms_segments("ł" * 71) == 2
    assert FakeTwilio().account_sid.startswith("AC") and len(FakeTwilio().account_sid) == 34


def test_sms_send_fetch_and_signed_status_callbacks(fake, client):
    message = client.messages.create(
        to=GUEST, from_=fake.sms_from, body="Your check-in link", status_callback=STATUS_URL
    )
    assert re.fullmatch(r"SM[0-9a-f]{32}", message.sid)
    assert (message.status, message.to, message.from_, message.body) == (
        "queued",
        GUEST,
        "+15005550006",
        "Your check-in link",
    )
    assert (message.direction, message.num_segments, message.num_media, message.price) == (
        "outbound-api",
        "1",
        "0",
        None,
    )
    assert (message.error_code, message.error_message, message.date_sent, message.api_version) == (
        None,
        None,
        None,
        "2010-04-01",
    )
    assert (
        message.account_sid == fake.account_sid
        and message.price_unit == "USD"
        and message.messaging_service_sid is None
    )
    assert message.uri == f"/2010-04-01/Accounts/{fake.account_sid}/Messages/{message.sid}.json"
    assert message.subresource_uris["media"].endswith(f"/Messages/{message.sid}/Media.json")
    assert abs(time.time() - message.date_created.timestamp()) < 5
    raw = requests.get(fake.base_url + message.uri, auth=(fake.account_sid, TOKEN), timeout=5).json()
    assert parsedate_to_datetime(raw["date_created"]) == message.date_created and raw["date_created"].endswith("+0000")
    assert fake.outbox == []  # no callback for the initial status

    assert fake.advance() == [(message.sid, "sent")]
    assert fake.advance(message.sid) == [(message.sid, "delivered")]
    assert fake.advance() == []  # SMS stops at delivered
    deliveries = fake.take_outbox()
    assert statuses(deliveries) == ["sent", "delivered"] and fake.outbox == []
    for delivery in deliveries:
        url, body, headers = delivery
        assert url == STATUS_URL and headers["Content-Type"] == "application/x-www-form-urlencoded"
        assert valid(delivery) and not valid(delivery, token="another_token")
        params = parse_form(body)
        assert params["MessageSid"] == params["SmsSid"] == message.sid and params["AccountSid"] == fake.account_sid
        assert (params["From"], params["To"], params["ApiVersion"]) == ("+15005550006", GUEST, "2010-04-01")
        assert params["SmsStatus"] == params["MessageStatus"] and "ErrorCode" not in params
        assert "ChannelPrefix" not in params and "RawDlrDoneDate" in params  # an extra the app must accept

    fetched = client.messages(message.sid).fetch()
    assert fetched.status == "delivered" and fetched.date_sent is not None
    assert fake.messages[0]["status_callback"] == STATUS_URL and fake.get_message(message.sid)["status"] == "delivered"
    with pytest.raises(TwilioRestException) as excinfo:
        client.messages("SM" + "0" * 32).fetch()
    assert error(excinfo) == (404, 20404)
    request = fake.requests[0]
    assert (request.method, request.params["To"], request.params["StatusCallback"]) == ("POST", GUEST, STATUS_URL)


def test_whatsapp_free_form_outside_the_window_fails_later_with_63016(fake, client):
    message = client.messages.create(to=WA_GUEST, from_=fake.whatsapp_from, body="Hi!", status_callback=STATUS_URL)
    assert message.status == "queued" and message.error_code is None  # the create itself succeeds
    assert fake.advance_all() == [(message.sid, "failed")]
    ((url, body, headers),) = fake.take_outbox()
    params = parse_form(body)
    assert (params["MessageStatus"], params["ErrorCode"], params["ChannelPrefix"]) == ("failed", "63016", "whatsapp")
    assert "ChannelInstallSid" in params and valid((url, body, headers))
    fetched = client.messages(message.sid).fetch()
    assert (fetched.status, fetched.error_code) == ("failed", 63016) and "window" in fetched.error_message


def test_inbound_opens_the_window_for_24_hours(fake, client):
    assert not fake.window_open(WA_GUEST)
    params = fake.inbound(WA_GUEST, "Hola, ¿a qué hora es el check-in?", profile_name="Marta")
    ((url, body, headers),) = fake.take_outbox()
    assert url == INBOUND_URL and valid((url, body, headers)) and parse_form(body) == params
    assert re.fullmatch(r"SM[0-9a-f]{32}", params["MessageSid"]) and params["SmsMessageSid"] == params["MessageSid"]
    assert (params["From"], params["To"], params["Body"]) == (
        WA_GUEST,
        fake.whatsapp_from,
        "Hola, ¿a qué hora es el check-in?",
    )
    assert (params["NumMedia"], params["NumSegments"], params["ProfileName"], params["WaId"]) == (
        "0",
        "1",
        "Marta",
        "34600111222",
    )
    assert params["AccountSid"] == fake.account_sid and params["ApiVersion"] == "2010-04-01"
    assert fake.window_open(WA_GUEST) and fake.inbound_messages == [params]

    reply = client.messages.create(
        to=WA_GUEST, from_=fake.whatsapp_from, body="A las 15:00", status_callback=STATUS_URL
    )
    assert [status for _, status in fake.advance_all(reply.sid)] == ["sent", "delivered", "read"]
    assert statuses(fake.take_outbox()) == ["sent", "delivered", "read"]

    fake.advance_time(24 * 3600 + 1)
    assert not fake.window_open(WA_GUEST)
    late = client.messages.create(to=WA_GUEST, from_=fake.whatsapp_from, body="¿Todo bien?", status_callback=STATUS_URL)
    assert fake.advance_all(late.sid) == [(late.sid, "failed")]
    assert parse_form(fake.take_outbox()[0][1])["ErrorCode"] == "63016"

    # An SMS reply opens no WhatsApp window; media arrive as MediaUrl{N} and MediaContentType{N}.
    sms = fake.inbound(
        GUEST, "", media=["https://api.twilio.com/media/ME1.jpg", ("https://x.test/m2", "application/pdf")]
    )
    assert sms["To"] == fake.sms_from and "WaId" not in sms and "ProfileName" not in sms and sms["NumMedia"] == "2"
    assert (sms["MediaUrl0"], sms["MediaContentType0"], sms["MediaContentType1"]) == (
        "https://api.twilio.com/media/ME1.jpg",
        "image/jpeg",
        "application/pdf",
    )
    assert sms["MessageSid"].startswith("MM") and not fake.window_open(WA_GUEST)
    with pytest.raises(ValueError, match="sender"):
        fake.inbound(WA_GUEST, "hi", to="whatsapp:+14150000000")


def test_content_template_outside_the_window_is_delivered_and_read(fake, client):
    sid = fake.add_template("Hello {{1}}, your stay at {{2}} starts on {{3}}.", language="en")
    assert re.fullmatch(r"HX[0-9a-f]{32}", sid)
    variables = {"1": "Marta", "2": "Casa Azul", "3": "12 June"}
    message = client.messages.create(
        to=WA_GUEST,
        from_=fake.whatsapp_from,
        content_sid=sid,
        content_variables=json.dumps(variables),
        status_callback=STATUS_URL,
    )
    assert message.status == "queued" and message.body == "Hello Marta, your stay at Casa Azul starts on 12 June."
    assert [status for _, status in fake.advance_all()] == ["sent", "delivered", "read"]
    assert statuses(fake.take_outbox()) == ["sent", "delivered", "read"]
    assert fake.messages[0]["content_sid"] == sid and fake.messages[0]["content_variables"] == variables

    def create(**kw):
        with pytest.raises(TwilioRestException) as excinfo:
            client.messages.create(to=WA_GUEST, from_=fake.whatsapp_from, **kw)
        return error(excinfo)

    assert create(content_sid="HX" + "f" * 32, content_variables="{}") == (400, 21655)
    assert create(content_sid="not-a-sid") == (400, 21655)
    assert create(content_sid=sid, content_variables=json.dumps({"1": "Marta", "2": "Casa Azul"})) == (400, 21656)
    assert create(content_sid=sid, content_variables="{'1': 'Marta'}") == (400, 21656)
    assert create(content_sid=sid, content_variables=json.dumps({**variables, "2": ""})) == (400, 21656)
    assert create(body="Hi", content_variables=json.dumps(variables)) == (400, 21654)
    assert len(fake.messages) == 1


def test_send_errors_use_twilio_codes(fake, client):
    def create(**kw):
        with pytest.raises(TwilioRestException) as excinfo:
            client.messages.create(**kw)
        return error(excinfo)

    assert create(to="", from_=fake.sms_from, body="x") == (400, 21604)
    assert create(to=GUEST, body="x") == (400, 21603)
    assert create(to="+123", from_=fake.sms_from, body="x") == (400, 21211)
    assert create(to="+3460011122", from_=fake.sms_from, body="x") == (400, 21211)
    assert create(to="600111222", from_=fake.sms_from, body="x") == (400, 21211)
    assert create(to="whatsapp:+34 600", from_=fake.whatsapp_from, body="x") == (400, 21211)
    assert create(to=GUEST, from_="+15005550009", body="x") == (400, 21606)
    assert create(to=WA_GUEST, from_="whatsapp:+15005550009", body="x") == (400, 63007)
    assert create(to=WA_GUEST, from_=fake.sms_from, body="x") == (400, 21910)
    assert create(to=GUEST, from_=fake.sms_from) == (400, 21619)
    assert create(to=GUEST, from_=fake.sms_from, body="x" * 1601) == (400, 21617)
    assert create(to=GUEST, from_=fake.sms_from, body="x", status_callback="not a url") == (400, 21609)
    assert create(to=GUEST, messaging_service_sid="MG" + "1" * 32, body="x") == (400, 21701)
    assert fake.messages == [] and len(fake.requests) == 13

    answer = requests.post(
        f"{fake.base_url}/2010-04-01/Accounts/{fake.account_sid}/Messages.json",
        data={"From": fake.sms_from, "Body": "x"},
        auth=(fake.account_sid, TOKEN),
        timeout=5,
    )
    assert answer.status_code == 400 and answer.json() == {
        "code": 21604,
        "message": "A 'To' phone number is required.",
        "more_info": "https://www.twilio.com/docs/errors/21604",
        "status": 400,
    }
    long_sms = client.messages.create(to=GUEST, from_=fake.sms_from, body="ñ" * 200)
    assert long_sms.num_segments == "2"


def test_wrong_credentials_get_20003(fake):
    wrong = Client(fake.account_sid, "wrong_token")
    wrong.api.base_url = fake.base_url
    with pytest.raises(TwilioRestException) as excinfo:
        wrong.messages.create(to=GUEST, from_=fake.sms_from, body="x")
    assert error(excinfo) == (401, 20003)
    url = f"{fake.base_url}/2010-04-01/Accounts/{fake.account_sid}/Messages.json"
    answer = requests.post(url, data={"To": GUEST, "From": fake.sms_from, "Body": "x"}, timeout=5)
    assert answer.status_code == 401 and answer.headers["WWW-Authenticate"].startswith("Basic")
    assert answer.json() == {
        "code": 20003,
        "message": "Authenticate",
        "more_info": "https://www.twilio.com/docs/errors/20003",
        "status": 401,
    }
    other = f"{fake.base_url}/2010-04-01/Accounts/AC{'1' * 32}/Messages.json"
    assert requests.post(other, data={"To": GUEST}, auth=(fake.account_sid, TOKEN), timeout=5).json()["code"] == 20404
    assert fake.messages == []


def test_fail_to_makes_messages_undelivered_or_failed(fake, client):
    fake.fail_to(GUEST)  # 30003 by default, both channels
    sms = client.messages.create(to=GUEST, from_=fake.sms_from, body="x", status_callback=STATUS_URL)
    assert fake.advance_all(sms.sid) == [(sms.sid, "sent"), (sms.sid, "undelivered")]
    sent, undelivered = (parse_form(body) for _, body, _ in fake.take_outbox())
    assert "ErrorCode" not in sent and (undelivered["MessageStatus"], undelivered["ErrorCode"]) == (
        "undelivered",
        "30003",
    )
    assert client.messages(sms.sid).fetch().error_code == 30003

    fake.fail_to("+34600999888", error_code=30006, status="failed")  # a landline
    landline = client.messages.create(to="+34600999888", from_=fake.sms_from, body="x", status_callback=STATUS_URL)
    assert fake.advance_all(landline.sid) == [(landline.sid, "failed")]
    assert parse_form(fake.take_outbox()[0][1])["ErrorCode"] == "30006"

    fake.fail_to(GUEST, None)
    again = client.messages.create(to=GUEST, from_=fake.sms_from, body="x")
    assert fake.advance_all(again.sid)[-1] == (again.sid, "delivered")
    assert fake.take_outbox() == []  # no StatusCallback: no callback


def test_duplicated_callbacks(fake, client):
    fake.inbound(WA_GUEST, "hola")
    fake.duplicate_callbacks = True
    fake.inbound(WA_GUEST, "¿hola?")
    inbound = fake.take_outbox()
    assert len(inbound) == 3 and inbound[1] == inbound[2] and parse_form(inbound[2][1])["Body"] == "¿hola?"
    client.messages.create(to=WA_GUEST, from_=fake.whatsapp_from, body="1", status_callback=STATUS_URL)
    fake.advance_all()
    deliveries = fake.take_outbox()
    assert statuses(deliveries) == ["sent", "sent", "delivered", "delivered", "read", "read"]
    assert all(valid(delivery) for delivery in deliveries)


def shuffled_run(seed):
    """Two messages stepped to the end with shuffle_callbacks(seed): (steps taken, callbacks as (sid, status))."""
    with FakeTwilio(seed=0) as fake:
        client = fake.client()
        fake.inbound(WA_GUEST, "hola", url=INBOUND_URL)
        fake.take_outbox()
        fake.shuffle_callbacks(seed)
        client.messages.create(to=WA_GUEST, from_=fake.whatsapp_from, body="2", status_callback=STATUS_URL)
        client.messages.create(to=GUEST, from_=fake.sms_from, body="3", status_callback=STATUS_URL)
        steps = fake.advance_all()
        received = [(parse_form(body)["MessageSid"], parse_form(body)["MessageStatus"]) for _, body, _ in fake.outbox]
        assert all(valid(delivery) for delivery in fake.take_outbox())
        return steps, received


def test_shuffled_callbacks():
    steps, received = shuffled_run(3)
    assert len(steps) == 5 and Counter(received) == Counter(steps) and received != steps
    assert shuffled_run(3) == (steps, received)  # the same seed shuffles the same way
    assert shuffled_run(None)[1] == steps  # None: in order


def test_injected_faults(fake, client):
    fake.fail_next(1)
    with pytest.raises(TwilioRestException) as excinfo:
        client.messages.create(to=GUEST, from_=fake.sms_from, body="x")
    assert error(excinfo) == (500, 20500)
    fake.fail_next(1, status=503)
    with pytest.raises(TwilioRestException) as excinfo:
        client.messages.create(to=GUEST, from_=fake.sms_from, body="x")
    assert error(excinfo) == (503, 20503)
    fake.throttle_next(2)
    for _ in range(2):
        with pytest.raises(TwilioRestException) as excinfo:
            client.messages.create(to=GUEST, from_=fake.sms_from, body="x")
        assert error(excinfo) == (429, 20429)
    fake.slow_next(1, 0.3)
    started = time.monotonic()
    message = client.messages.create(to=GUEST, from_=fake.sms_from, body="x")
    assert time.monotonic() - started >= 0.3 and message.status == "queued"
    assert [m["sid"] for m in fake.messages] == [message.sid] and len(fake.requests) == 5


def test_messaging_service_and_listing(fake, client):
    message = client.messages.create(
        to=GUEST, messaging_service_sid=fake.messaging_service_sid, body="via service", status_callback=STATUS_URL
    )
    assert (message.status, message.from_, message.messaging_service_sid) == (
        "accepted",
        fake.sms_from,
        fake.messaging_service_sid,
    )
    assert [status for _, status in fake.advance_all()] == ["queued", "sent", "delivered"]
    first = parse_form(fake.take_outbox()[0][1])
    assert first["MessageStatus"] == "queued" and first["MessagingServiceSid"] == fake.messaging_service_sid

    for index in range(3):
        client.messages.create(to="+34600000001", from_=fake.sms_from, body=f"n{index}")
    listed = client.messages.list(to="+34600000001", page_size=2)
    assert [m.body for m in listed] == ["n2", "n1", "n0"]  # newest first, over two pages
    assert len(client.messages.list(limit=10)) == 4


def test_callbacks_and_inbound_are_posted_when_delivering(receiver):
    status_url = receiver.url + "/webhooks/twilio/status/?tenant=7"
    with FakeTwilio(inbound_url=receiver.url + "/webhooks/twilio/inbound/", deliver=True, auto_advance=0.05) as fake:
        client = fake.client()
        fake.inbound(WA_GUEST, "hola", profile_name="Marta")
        wa = client.messages.create(
            to=WA_GUEST, from_=fake.whatsapp_from, body="hola Marta", status_callback=status_url
        )
        sms = client.messages.create(to=GUEST, from_=fake.sms_from, body="x", status_callback=status_url)
        unreachable = client.messages.create(
            to="+34600000002", from_=fake.sms_from, body="x", status_callback="http://127.0.0.1:9/status/"
        )
        assert fake.flush(timeout=10)
        assert fake.outbox == []
        assert [m["status"] for m in fake.messages] == ["read", "delivered", "delivered"]
        assert len(fake.failed_deliveries) == 2 and all(
            url == "http://127.0.0.1:9/status/" for url, *_ in fake.failed_deliveries
        )
        assert len(fake.delivered) == 1 + 3 + 2
    first_path, headers, params, _ = receiver.received[0]
    assert first_path == "/webhooks/twilio/inbound/" and params["Body"] == "hola"
    assert RequestValidator(TOKEN).validate(receiver.url + first_path, params, headers["X-Twilio-Signature"])
    by_sid: dict[str, list[str]] = {}
    for path, headers, params, _ in receiver.received[1:]:
        assert path == "/webhooks/twilio/status/?tenant=7" and headers["User-Agent"] == "TwilioProxy/1.1"
        assert RequestValidator(TOKEN).validate(status_url, params, headers["X-Twilio-Signature"])
        by_sid.setdefault(params["MessageSid"], []).append(params["MessageStatus"])
    assert by_sid == {wa.sid: ["sent", "delivered", "read"], sms.sid: ["sent", "delivered"]}
    assert unreachable.sid not in by_sid


def test_delayed_callbacks_arrive_later(receiver):
    with FakeTwilio(deliver=True) as fake:
        fake.delay_callbacks(0.4)
        message = fake.client().messages.create(
            to=GUEST, from_=fake.sms_from, body="x", status_callback=receiver.url + "/status/"
        )
        advanced = time.monotonic()
        assert fake.advance(message.sid) == [(message.sid, "sent")]
        time.sleep(0.1)
        assert receiver.received == []
        assert fake.flush(timeout=5)
    ((_, _, params, arrived),) = receiver.received
    assert params["MessageStatus"] == "sent" and arrived - advanced >= 0.4


def test_signed_forges_and_verifies(fake):
    params = {"MessageSid": "SM" + "1" * 32, "MessageStatus": "delivered"}
    signature = fake.signed(STATUS_URL, params)
    assert RequestValidator(TOKEN).validate(STATUS_URL, params, signature)
    assert not RequestValidator(TOKEN).validate(STATUS_URL, {**params, "MessageStatus": "read"}, signature)
    assert not RequestValidator(TOKEN).validate(
        STATUS_URL, params, FakeTwilio(auth_token="x").signed(STATUS_URL, params)
    )


def test_standalone_main_serves_messages_page_and_inbound(receiver):
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    command = [
        sys.executable,
        "-m",
        "tests.fakes.twilio",
        "--port",
        str(port),
        "--status-and-inbound-base",
        receiver.url,
        "--step-seconds",
        "0.05",
        "--template",
        "HX" + "a" * 32 + "=Hi {{1}}",
    ]
    env = {**os.environ, "PYTHONUNBUFFERED": "1"}
    process = subprocess.Popen(command, cwd=REPO, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True, env=env)
    base = f"http://127.0.0.1:{port}"
    try:
        line = process.stdout.readline()
        assert f"TWILIO_API_URL={base}" in line and "TWILIO_AUTH_TOKEN=fake_auth_token" in line
        assert requests.get(base + "/_fake/messages", timeout=5).json() == []
        client = Client(DEFAULT_ACCOUNT_SID, TOKEN)
        client.api.base_url = base
        message = client.messages.create(
            to=WA_GUEST, from_="whatsapp:+14155238886", content_sid="HX" + "a" * 32, content_variables='{"1": "Ana"}'
        )
        page = requests.get(base + "/_fake/", timeout=5)
        assert page.headers["Content-Type"].startswith("text/html") and "Twilio sandbox" in page.text
        assert "Hi Ana" in page.text and "Simulate a guest" in page.text
        answer = requests.post(
            base + "/_fake/inbound", data={"from": WA_GUEST, "body": "Gracias"}, headers={"Accept": "text/html"},
            allow_redirects=False, timeout=5,
        )  # fmt: skip
        assert answer.status_code == 303 and answer.headers["Location"] == "/_fake/"
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline:
            listed = requests.get(base + "/_fake/messages", timeout=5).json()
            if listed[0]["status"] == "read" and len(receiver.received) >= 4:
                break
            time.sleep(0.05)
        assert listed[0]["sid"] == message.sid and listed[0]["status"] == "read"
        # No StatusCallback was given: the default <base>/webhooks/twilio/status/ got them.
        paths = Counter(path for path, *_ in receiver.received)
        assert paths == {"/webhooks/twilio/status/": 3, "/webhooks/twilio/inbound/": 1}
        ((_, headers, params, _),) = [item for item in receiver.received if item[0].endswith("/inbound/")]
        assert params["Body"] == "Gracias" and params["From"] == WA_GUEST
        url = receiver.url + "/webhooks/twilio/inbound/"
        assert RequestValidator(TOKEN).validate(url, params, headers["X-Twilio-Signature"])
    finally:
        process.terminate()
        assert process.wait(timeout=10) == 0
        process.stdout.close()
