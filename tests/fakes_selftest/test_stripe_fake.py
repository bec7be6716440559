"""The fake Stripe answers the real `stripe` library: Connect onboarding, Checkout, capture, refunds, idempotency,
signed webhooks, and the hosted pages."""

import json
import os
import socket
import subprocess
import sys
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest
import requests
import stripe

from tests.fakes.stripe import FakeStripe, format_amount, parse_params, stripe_fee

APP = "http://app.example.com"
REPO = Path(__file__).resolve().parents[2]


@pytest.fixture
def fake():
    with FakeStripe(seed=0) as fake:
        yield fake


@pytest.fixture
def client(fake):
    return stripe.StripeClient(
        "sk_test_fake",
        base_addresses={"api": fake.base_url, "connect": fake.base_url, "files": fake.base_url},
        max_network_retries=0,
    )


def onboarded_account(client, fake):
    account = client.v1.accounts.create(params={"country": "ES", "email": "host@example.com"})
    fake.complete_onboarding(account.id)
    fake.take_outbox()
    return account


def session_params(destination, amount=5000, quantity=2, fee=1000, capture="automatic", currency="eur", **extra):
    return {
        "mode": "payment",
        "line_items": [
            {
                "price_data": {"currency": currency, "unit_amount": amount, "product_data": {"name": "Late checkout"}},
                "quantity": quantity,
            }
        ],
        "success_url": APP + "/paid?session={CHECKOUT_SESSION_ID}",
        "cancel_url": APP + "/cancelled",
        "client_reference_id": "order-12",
        "metadata": {"order": "12"},
        "payment_intent_data": {
            "application_fee_amount": fee,
            "capture_method": capture,
            "transfer_data": {"destination": destination},
            "metadata": {"order": "12"},
        },
        **extra,
    }


def event_types(fake):
    return [event["type"] for event in fake.events]


def verify(fake, delivery):
    kind, payload, headers = delivery
    secret = fake.connect_webhook_secret if kind == "connect" else fake.webhook_secret
    return stripe.Webhook.construct_event(payload, headers["Stripe-Signature"], secret)


def test_bracket_notation_parses_into_nested_dicts_and_lists():
    pairs = [
        ("line_items[0][price_data][unit_amount]", "500"),
        ("line_items[0][quantity]", "2"),
        ("line_items[1][quantity]", "1"),
        ("metadata[12]", "order"),
        ("expand[]", "latest_charge"),
        ("expand[]", "line_items"),
    ]
    assert parse_params(pairs) == {
        "line_items": [{"price_data": {"unit_amount": "500"}, "quantity": "2"}, {"quantity": "1"}],
        "metadata": {"12": "order"},
        "expand": ["latest_charge", "line_items"],
    }


def test_requests_need_the_api_key(fake):
    wrong = stripe.StripeClient("sk_test_wrong", base_addresses={"api": fake.base_url}, max_network_retries=0)
    with pytest.raises(stripe.AuthenticationError, match="Invalid API Key provided"):
        wrong.v1.accounts.create(params={"country": "ES"})
    answer = requests.get(fake.base_url + "/v1/events/evt_x", timeout=5)
    assert answer.status_code == 401 and answer.json()["error"]["type"] == "invalid_request_error"


def test_account_onboarding_through_the_hosted_page(fake, client):
    account = client.v1.accounts.create(
        params={
            "country": "ES",
            "email": "host@example.com",
            "metadata": {"organization": "7"},
            "controller": {"stripe_dashboard": {"type": "express"}, "fees": {"payer": "application"}},
            "capabilities": {"card_payments": {"requested": True}, "transfers": {"requested": True}},
        }
    )
    assert account.id.startswith("acct_") and len(account.id) == 21
    assert (account.charges_enabled, account.payouts_enabled, account.details_submitted) == (False, False, False)
    assert account.requirements.currently_due == ["external_account", "tos_acceptance.date"]
    assert account.requirements.disabled_reason == "requirements.past_due"
    assert account.metadata.to_dict() == {"organization": "7"} and account.default_currency == "eur"
    assert account.controller.fees.payer == "application"

    link = client.v1.account_links.create(
        params={
            "account": account.id,
            "refresh_url": APP + "/refresh",
            "return_url": APP + "/return",
            "type": "account_onboarding",
        }
    )
    assert link.object == "account_link" and link.expires_at == link.created + 300
    page = requests.get(link.url, timeout=5)
    assert page.status_code == 200 and page.headers["Content-Type"].startswith("text/html")
    assert "Stripe sandbox — no real account is created" in page.text and account.id in page.text
    assert "Complete onboarding" in page.text and "Leave for now" in page.text

    submitted = requests.post(link.url, allow_redirects=False, timeout=5)
    assert (submitted.status_code, submitted.headers["Location"]) == (303, APP + "/return")
    account = client.v1.accounts.retrieve(account.id)
    assert account.charges_enabled and account.payouts_enabled and account.details_submitted
    assert account.requirements.currently_due == [] and account.requirements.disabled_reason is None

    ((kind, payload, headers),) = fake.take_outbox()
    assert kind == "connect" and headers["Content-Type"] == "application/json"
    event = stripe.Webhook.construct_event(payload, headers["Stripe-Signature"], "whsec_connect_fake")
    assert event.type == "account.updated" and event.account == account.id
    assert event.data.object.charges_enabled is True and event.data.previous_attributes.charges_enabled is False
    with pytest.raises(stripe.SignatureVerificationError):
        stripe.Webhook.construct_event(payload, headers["Stripe-Signature"], "whsec_platform_fake")
    assert client.v1.events.retrieve(event.id).type == "account.updated"

    # Single use: the link is spent, so it now sends the user to refresh_url.
    again = requests.get(link.url, allow_redirects=False, timeout=5)
    assert again.status_code == 302 and again.headers["Location"] == APP + "/refresh"


def test_account_link_expires_after_five_minutes(fake, client):
    account = client.v1.accounts.create(params={"country": "ES"})
    params = {"account": account.id, "refresh_url": APP + "/r", "return_url": APP + "/ok", "type": "account_onboarding"}
    link = client.v1.account_links.create(params=params)
    fake.advance_time(301)
    answer = requests.get(link.url, allow_redirects=False, timeout=5)
    assert answer.headers["Location"] == APP + "/r"
    assert not fake.get(account.id)["charges_enabled"]


def test_checkout_validation(fake, client):
    pending = client.v1.accounts.create(params={"country": "ES"})
    account = onboarded_account(client, fake)
    with pytest.raises(stripe.InvalidRequestError) as caught:
        client.v1.checkout.sessions.create(params=session_params(pending.id))
    assert caught.value.code == "insufficient_capabilities_for_transfer"
    with pytest.raises(stripe.InvalidRequestError) as caught:
        client.v1.checkout.sessions.create(params=session_params("acct_missing"))
    assert caught.value.code == "resource_missing"
    with pytest.raises(stripe.InvalidRequestError, match="application_fee_amount") as caught:
        client.v1.checkout.sessions.create(params=session_params(account.id, fee=10001))
    assert caught.value.param == "payment_intent_data[application_fee_amount]"
    mixed = session_params(account.id)
    mixed["line_items"].append(
        {"price_data": {"currency": "usd", "unit_amount": 100, "product_data": {"name": "Towels"}}, "quantity": 1}
    )
    with pytest.raises(stripe.InvalidRequestError, match="same currency"):
        client.v1.checkout.sessions.create(params=mixed)
    with pytest.raises(stripe.InvalidRequestError) as caught:
        client.v1.checkout.sessions.create(params=session_params(account.id, amount=-5))
    assert caught.value.param == "line_items[0][price_data][unit_amount]"
    with pytest.raises(stripe.InvalidRequestError) as caught:
        client.v1.checkout.sessions.create(params={**session_params(account.id), "line_items": []})
    assert caught.value.param == "line_items"
    with pytest.raises(stripe.InvalidRequestError, match="mode=payment"):
        client.v1.checkout.sessions.create(params={**session_params(account.id), "mode": "subscription"})
    # A misspelt parameter is refused as Stripe refuses it, nested ones too.
    typo = session_params(account.id)
    typo["payment_intent_data"]["aplication_fee_amount"] = 5
    with pytest.raises(stripe.InvalidRequestError) as caught:
        client.v1.checkout.sessions.create(params=typo)
    assert caught.value.code == "parameter_unknown"
    assert caught.value.user_message == "Received unknown parameter: payment_intent_data[aplication_fee_amount]"
    assert fake.find("checkout.session") == []


def test_pay_with_automatic_capture(fake, client):
    account = onboarded_account(client, fake)
    session = client.v1.checkout.sessions.create(params=session_params(account.id))
    assert session.id.startswith("cs_test_") and session.url == f"{fake.base_url}/pay/{session.id}"
    assert (session.status, session.payment_status, session.payment_intent) == ("open", "unpaid", None)
    assert (session.amount_total, session.currency, session.client_reference_id) == (10000, "eur", "order-12")
    assert "line_items" not in session and "payment_intent_data" not in session  # as Stripe: kept, not returned
    assert session.expires_at == session.created + 86400
    stored = fake.get(session.id)  # the fake shows tests what the app asked for
    assert stored["payment_intent_data"]["transfer_data"] == {"destination": account.id}
    assert stored["payment_intent_data"]["application_fee_amount"] == 1000
    assert [(item["description"], item["quantity"]) for item in stored["line_items"]["data"]] == [("Late checkout", 2)]

    paid = fake.pay(session.id)
    assert (paid["status"], paid["payment_status"]) == ("complete", "paid")
    intent = client.v1.payment_intents.retrieve(
        paid["payment_intent"], params={"expand": ["latest_charge.balance_transaction"]}
    )
    assert (intent.status, intent.amount_received, intent.capture_method) == ("succeeded", 10000, "automatic")
    assert intent.application_fee_amount == 1000 and intent.transfer_data.destination == account.id
    assert intent.metadata.to_dict() == {"order": "12"}
    charge = intent.latest_charge
    assert (charge.captured, charge.amount_captured, charge.status) == (True, 10000, "succeeded")
    assert charge.balance_transaction.fee == stripe_fee(10000, "eur") == 165
    assert charge.balance_transaction.net == 10000 - 165

    assert event_types(fake)[-3:] == ["charge.succeeded", "payment_intent.succeeded", "checkout.session.completed"]
    deliveries = fake.take_outbox()
    assert {kind for kind, _, _ in deliveries} == {"platform"}
    completed = verify(fake, deliveries[-1])
    assert completed.data.object.id == session.id and completed.data.object.payment_intent == intent.id
    assert completed.request.id is None  # the customer paid: no API request of the app caused it


def test_manual_capture_of_part_then_cancel_is_refused(fake, client):
    account = onboarded_account(client, fake)
    session = client.v1.checkout.sessions.create(params=session_params(account.id, capture="manual"))
    paid = fake.pay(session.id)
    # Only authorised: Stripe reports the session unpaid too; the PaymentIntent tells it can be captured.
    assert (paid["status"], paid["payment_status"]) == ("complete", "unpaid")
    intent = client.v1.payment_intents.retrieve(paid["payment_intent"], params={"expand": ["latest_charge"]})
    assert (intent.status, intent.amount_capturable, intent.amount_received) == ("requires_capture", 10000, 0)
    assert intent.latest_charge.captured is False and intent.latest_charge.balance_transaction is None
    assert "payment_intent.amount_capturable_updated" in event_types(fake)

    with pytest.raises(stripe.InvalidRequestError) as caught:
        client.v1.payment_intents.capture(intent.id, params={"amount_to_capture": 10001})
    assert caught.value.code == "amount_too_large"
    captured = client.v1.payment_intents.capture(
        intent.id, params={"amount_to_capture": 6000, "expand": ["latest_charge.balance_transaction"]}
    )
    assert (captured.status, captured.amount_received, captured.amount_capturable) == ("succeeded", 6000, 0)
    assert captured.latest_charge.amount_captured == 6000 and captured.latest_charge.captured
    assert captured.latest_charge.balance_transaction.fee == stripe_fee(6000, "eur")
    assert event_types(fake)[-2:] == ["charge.captured", "payment_intent.succeeded"]

    with pytest.raises(stripe.InvalidRequestError) as caught:
        client.v1.payment_intents.cancel(intent.id)
    assert caught.value.code == "payment_intent_unexpected_state"
    with pytest.raises(stripe.InvalidRequestError) as caught:
        client.v1.payment_intents.capture(intent.id)
    assert caught.value.code == "payment_intent_unexpected_state"


def test_cancel_an_authorisation(fake, client):
    account = onboarded_account(client, fake)
    session = client.v1.checkout.sessions.create(params=session_params(account.id, capture="manual"))
    intent_id = fake.pay(session.id)["payment_intent"]
    canceled = client.v1.payment_intents.cancel(intent_id, params={"cancellation_reason": "requested_by_customer"})
    assert (canceled.status, canceled.cancellation_reason, canceled.amount_capturable) == (
        "canceled",
        "requested_by_customer",
        0,
    )
    event = fake.events[-1]
    assert event["type"] == "payment_intent.canceled" and event["request"]["id"].startswith("req_")


def test_refunds_partial_then_too_much_then_the_rest(fake, client):
    account = onboarded_account(client, fake)
    session = client.v1.checkout.sessions.create(params=session_params(account.id))
    intent_id = fake.pay(session.id)["payment_intent"]
    fake.take_outbox()

    first = client.v1.refunds.create(params={"payment_intent": intent_id, "amount": 3000, "reason": "duplicate"})
    assert (first.object, first.amount, first.status, first.payment_intent) == ("refund", 3000, "succeeded", intent_id)
    with pytest.raises(stripe.InvalidRequestError) as caught:
        client.v1.refunds.create(params={"payment_intent": intent_id, "amount": 8000})
    assert caught.value.code == "amount_too_large"
    assert caught.value.user_message == ("Refund amount (€80.00) is greater than unrefunded amount on charge (€70.00)")
    rest = client.v1.refunds.create(params={"charge": first.charge, "metadata": {"why": "stay cancelled"}})
    assert rest.amount == 7000 and client.v1.refunds.retrieve(rest.id).metadata.to_dict() == {"why": "stay cancelled"}
    charge = fake.get(first.charge)
    assert (charge["amount_refunded"], charge["refunded"]) == (10000, True)
    with pytest.raises(stripe.InvalidRequestError) as caught:
        client.v1.refunds.create(params={"payment_intent": intent_id})
    assert caught.value.code == "charge_already_refunded"

    events = [verify(fake, delivery) for delivery in fake.take_outbox()]
    assert [event.type for event in events] == ["charge.refunded", "refund.created"] * 2
    refunds = events[2].data.object.refunds
    assert [refund.id for refund in refunds.data] == [rest.id, first.id]  # newest first


def test_idempotent_refund_replays_and_refuses_other_parameters(fake, client):
    account = onboarded_account(client, fake)
    intent_id = fake.pay(client.v1.checkout.sessions.create(params=session_params(account.id)).id)["payment_intent"]
    params = {"payment_intent": intent_id, "amount": 2500}
    first = client.v1.refunds.create(params=params, options={"idempotency_key": "refund-order-12"})
    again = client.v1.refunds.create(params=params, options={"idempotency_key": "refund-order-12"})
    assert again.id == first.id and again.last_response.headers["Idempotent-Replayed"] == "true"
    assert len(fake.find("refund")) == 1 and event_types(fake).count("refund.created") == 1
    assert fake.events[-1]["request"]["idempotency_key"] == "refund-order-12"
    with pytest.raises(stripe.IdempotencyError):
        client.v1.refunds.create(params={**params, "amount": 2600}, options={"idempotency_key": "refund-order-12"})
    # Keys are kept 24 hours.
    fake.advance_time(86401)
    later = client.v1.refunds.create(params=params, options={"idempotency_key": "refund-order-12"})
    assert later.id != first.id


def test_dashboard_refund_emits_the_same_events_without_a_request(fake, client):
    account = onboarded_account(client, fake)
    intent_id = fake.pay(client.v1.checkout.sessions.create(params=session_params(account.id)).id)["payment_intent"]
    refund = fake.refund_in_dashboard(intent_id, 1000)
    assert event_types(fake)[-2:] == ["charge.refunded", "refund.created"]
    assert fake.events[-1]["request"] == {"id": None, "idempotency_key": None}
    assert client.v1.refunds.retrieve(refund["id"]).amount == 1000


def test_expire_session(fake, client):
    account = onboarded_account(client, fake)
    session = client.v1.checkout.sessions.create(params=session_params(account.id))
    expired = client.v1.checkout.sessions.expire(session.id)
    assert expired.status == "expired" and event_types(fake)[-1] == "checkout.session.expired"
    with pytest.raises(stripe.InvalidRequestError):
        client.v1.checkout.sessions.expire(session.id)
    page = requests.get(session.url, timeout=5)
    assert page.status_code == 200 and "expired" in page.text and "Decline card" not in page.text
    with pytest.raises(ValueError, match="only an open session"):
        fake.pay(session.id)


def test_session_expires_at_its_time(fake, client):
    account = onboarded_account(client, fake)
    expires_at = fake.now() + 3600
    session = client.v1.checkout.sessions.create(params=session_params(account.id, expires_at=expires_at))
    assert session.expires_at == expires_at
    fake.advance_time(3600)
    assert client.v1.checkout.sessions.retrieve(session.id).status == "expired"
    assert fake.events[-1]["type"] == "checkout.session.expired"


def test_bank_transfer_then_settlement_fails_or_succeeds(fake, client):
    account = onboarded_account(client, fake)
    session = client.v1.checkout.sessions.create(params=session_params(account.id))
    answer = requests.post(session.url, data={"action": "bank_transfer"}, allow_redirects=False, timeout=5)
    assert answer.status_code == 303 and answer.headers["Location"] == f"{APP}/paid?session={session.id}"
    session = client.v1.checkout.sessions.retrieve(session.id, params={"expand": ["payment_intent"]})
    assert (session.status, session.payment_status, session.payment_intent.status) == (
        "complete",
        "unpaid",
        "processing",
    )
    assert "checkout.session.completed" in event_types(fake)

    fake.settle_async(session.id, succeeded=False)
    assert fake.events[-1]["type"] == "checkout.session.async_payment_failed"
    intent = client.v1.payment_intents.retrieve(session.payment_intent.id)
    assert (intent.status, intent.latest_charge) == ("requires_payment_method", None)

    second = client.v1.checkout.sessions.create(params=session_params(account.id))
    fake.pay(second.id, bank_transfer=True)
    settled = requests.post(f"{fake.base_url}/_fake/checkout/{second.id}/settle?succeeded=1", timeout=5)
    assert settled.json()["payment_status"] == "paid"
    assert fake.events[-1]["type"] == "checkout.session.async_payment_succeeded"
    intent = client.v1.payment_intents.retrieve(settled.json()["payment_intent"], params={"expand": ["latest_charge"]})
    assert intent.status == "succeeded" and intent.latest_charge.captured


def test_hosted_checkout_page(fake, client):
    account = onboarded_account(client, fake)
    session = client.v1.checkout.sessions.create(params=session_params(account.id, amount=1250, quantity=1))
    page = requests.get(session.url, timeout=5)
    assert page.status_code == 200 and page.headers["Content-Type"].startswith("text/html")
    assert "Stripe sandbox — no real payment" in page.text and 'name="viewport"' in page.text
    for text in ("Late checkout", "€12.50", "4242 4242 4242 4242", ">Pay<", "Pay by bank transfer (confirms later)"):
        assert text in page.text
    assert "Decline card" in page.text and f"href='{APP}/cancelled'" in page.text

    declined = requests.post(session.url, data={"action": "decline"}, allow_redirects=False, timeout=5)
    assert declined.status_code == 200 and "Your card was declined" in declined.text
    assert client.v1.checkout.sessions.retrieve(session.id).status == "open"
    assert event_types(fake)[-2:] == ["charge.failed", "payment_intent.payment_failed"]

    paid = requests.post(session.url, data={"action": "pay"}, allow_redirects=False, timeout=5)
    assert (paid.status_code, paid.headers["Location"]) == (303, f"{APP}/paid?session={session.id}")
    intent = client.v1.payment_intents.retrieve(fake.get(session.id)["payment_intent"])
    assert intent.status == "succeeded" and intent.last_payment_error is None  # the declined attempt's intent reused
    assert "This payment is complete" in requests.get(session.url, timeout=5).text


def test_zero_decimal_currency_shows_no_decimals(fake, client):
    account = onboarded_account(client, fake)
    params = session_params(account.id, amount=1500, quantity=2, fee=300, currency="jpy")
    page = requests.get(client.v1.checkout.sessions.create(params=params).url, timeout=5).text
    assert "¥1,500" in page and "¥3,000" in page and "¥3,000.00" not in page and "30.00" not in page
    assert format_amount(1500, "jpy") == "¥1,500" and format_amount(1250, "eur") == "€12.50"
    assert stripe_fee(3000, "jpy") == 108


def test_webhooks_are_posted_when_a_url_is_set():
    received = []

    class Receiver(BaseHTTPRequestHandler):
        def do_POST(self):
            received.append((dict(self.headers), self.rfile.read(int(self.headers["Content-Length"]))))
            self.send_response(200)
            self.send_header("Content-Length", "0")
            self.end_headers()

        def log_message(self, *args):
            pass

    receiver = ThreadingHTTPServer(("127.0.0.1", 0), Receiver)
    threading.Thread(target=receiver.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True).start()
    url = f"http://127.0.0.1:{receiver.server_address[1]}/webhooks/stripe/"
    try:
        with FakeStripe(webhook_url=url, connect_webhook_url="http://127.0.0.1:9/unreachable/") as fake:
            account = fake.client().v1.accounts.create(params={"country": "ES"})
            fake.complete_onboarding(account.id)
            session = fake.client().v1.checkout.sessions.create(params=session_params(account.id))
            fake.pay(session.id)
            assert fake.flush(timeout=10)
            assert fake.outbox == []
            ((kind, payload, _, reason),) = fake.failed_deliveries
            assert kind == "connect" and json.loads(payload)["type"] == "account.updated" and reason
    finally:
        receiver.shutdown()
        receiver.server_close()
    types = [json.loads(body)["type"] for _, body in received]
    assert types == ["charge.succeeded", "payment_intent.succeeded", "checkout.session.completed"]
    headers, body = received[-1]
    event = stripe.Webhook.construct_event(body, headers["Stripe-Signature"], "whsec_platform_fake")
    assert event.data.object.id == session.id


def test_signed_ages_and_forges_signatures(fake):
    payload = b'{"id": "evt_1", "object": "event"}'
    old = fake.signed(payload, timestamp=int(time.time()) - 600)
    with pytest.raises(stripe.SignatureVerificationError, match="tolerance"):
        stripe.Webhook.construct_event(payload, old, "whsec_platform_fake")
    forged = fake.signed(payload, secret="whsec_other")
    with pytest.raises(stripe.SignatureVerificationError):
        stripe.Webhook.construct_event(payload, forged, "whsec_platform_fake")
    assert stripe.Webhook.construct_event(payload, fake.signed(payload), "whsec_platform_fake").id == "evt_1"


def test_standalone_main_serves_stats():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    command = [sys.executable, "-m", "tests.fakes.stripe", "--port", str(port), "--api-key", "sk_test_demo"]
    env = {**os.environ, "PYTHONUNBUFFERED": "1"}
    process = subprocess.Popen(command, cwd=REPO, stdout=subprocess.PIPE, text=True, env=env)
    try:
        line = process.stdout.readline()
        assert f"STRIPE_API_URL=http://127.0.0.1:{port}" in line and "sk_test_demo" in line
        stats = requests.get(f"http://127.0.0.1:{port}/_fake/stats", timeout=5).json()
        assert stats["requests"] == 0 and stats["events"] == {}
        client = stripe.StripeClient(
            "sk_test_demo", base_addresses={"api": f"http://127.0.0.1:{port}"}, max_network_retries=0
        )
        client.v1.accounts.create(params={"country": "PT"})
        assert requests.get(f"http://127.0.0.1:{port}/_fake/stats", timeout=5).json()["objects"]["account"] == 1
    finally:
        process.terminate()
        assert process.wait(timeout=10) == 0
        process.stdout.close()
