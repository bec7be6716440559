"""A guest writes on WhatsApp and a concierge answers from the stay's conversation, in a real browser.

The fake Twilio runs on a local port and POSTs the guest's message, signed, to the live server's
webhook as Twilio would; the open conversation shows it by polling, without a reload. The reply
goes through the real twilio library to the fake. Tasks run inline (the test settings' immediate backend).
"""

from datetime import date, timedelta

import pytest
from playwright.sync_api import expect

from accounts.permissions import Role
from notifications.models import Message
from tests.e2e.helpers import screenshot_path, sign_in
from tests.factories import MembershipFactory, PropertyFactory, ReservationFactory
from tests.fakes.twilio import FakeTwilio

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

PHONE = "+34600111222"


@pytest.fixture
def twilio(settings, live_server):
    with FakeTwilio(inbound_url=f"{live_server.url}/webhooks/twilio/inbound/", deliver=True) as fake:
        settings.TWILIO_ACCOUNT_SID = fake.account_sid
        settings.TWILIO_AUTH_TOKEN = fake.auth_token
        settings.TWILIO_WHATSAPP_FROM = fake.whatsapp_from
        settings.TWILIO_SMS_FROM = fake.sms_from
        settings.TWILIO_API_URL = fake.base_url
        settings.PUBLIC_BASE_URL = live_server.url
        yield fake


def test_a_guests_whatsapp_shows_up_live_and_the_concierge_answers(live_server, new_page, browser_problems, twilio):
    concierge = MembershipFactory(role=Role.CONCIERGE, user__email="concierge@journey.test")
    villa = PropertyFactory(organization=concierge.organization, name="Villa Mar")
    concierge.properties.add(villa)
    arrival = date.today() + timedelta(days=2)
    stay = ReservationFactory(
        property=villa,
        guest_name="Marta Ruiz",
        guest_phone=PHONE,
        guest_email="marta@example.com",
        check_in=arrival,
        check_out=arrival + timedelta(days=3),
    )
    page = new_page()
    sign_in(page, live_server.url, concierge.user.email)
    page.goto(f"{live_server.url}/messages/stay/{stay.pk}/")
    expect(page.locator(".chat")).to_contain_text("No messages with this guest yet")
    expect(page.get_by_text("WhatsApp only lets you send an approved template")).to_be_visible()

    twilio.inbound(from_=f"whatsapp:{PHONE}", body="Hola! Where can we park?", profile_name="Marta")

    chat = page.locator(".chat")
    expect(chat).to_contain_text("Hola! Where can we park?", timeout=15_000)
    assert Message.objects.get(body="Hola! Where can we park?").read_at is not None
    # The window is open now: the card was redrawn with free text for WhatsApp.
    expect(page.get_by_text("WhatsApp only lets you send an approved template")).to_have_count(0)

    page.get_by_label("Send by", exact=True).select_option("whatsapp")
    page.get_by_label("Message", exact=True).fill("Hi Marta, the garage code is on your guide page.")
    page.get_by_role("button", name="Send", exact=True).click()

    expect(chat.locator(".chat-out")).to_contain_text("Hi Marta, the garage code is on your guide page.")
    page.screenshot(path=screenshot_path("messaging-journey-conversation"), full_page=True)
    sent = [m for m in twilio.messages if m["body"] == "Hi Marta, the garage code is on your guide page."]
    assert len(sent) == 1
    assert sent[0]["to"] == f"whatsapp:{PHONE}"
    assert sent[0]["from"] == twilio.whatsapp_from
    assert not browser_problems.items, browser_problems.items
