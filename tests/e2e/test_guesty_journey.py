"""A host connects Guesty in a real browser, imports a listing, and watches a change arrive by webhook.

The fake Guesty runs on a local port and delivers its signed webhook over HTTP to the live
server, as Guesty would; tasks run inline (the test settings' immediate backend).
"""

from datetime import date, timedelta

import pytest
from playwright.sync_api import expect

from accounts.permissions import Role
from reservations.guesty.models import GuestyConnection
from reservations.guesty.services.connection import webhook_url
from reservations.models import Reservation
from tests.e2e.helpers import screenshot_path, sign_in
from tests.factories import MembershipFactory
from tests.fakes.guesty import FakeGuesty

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

CLIENT_ID, CLIENT_SECRET = "journey-client", "journey-secret-9f2c"


@pytest.fixture
def guesty(settings, live_server):
    with FakeGuesty(client_id=CLIENT_ID, client_secret=CLIENT_SECRET, seed=3) as fake:
        settings.GUESTY_API_URL, settings.GUESTY_TOKEN_URL = fake.api_url, fake.token_url
        settings.GUESTY_RATE_LIMITS = ()
        settings.SITE_URL = live_server.url  # where Guesty sends the webhooks
        yield fake


def test_a_host_connects_guesty_imports_a_listing_and_sees_changes_arrive(
    live_server, new_page, browser_problems, guesty
):
    owner = MembershipFactory(role=Role.OWNER, user__email="host@guesty-journey.test")
    listing = guesty.add_listing(title="Casa Azul with pool", nickname="Casa Azul", city="Sevilla")
    guest = guesty.add_guest("Marta", "Ruiz", email="marta@example.com", language="es")
    arrival = date.today() + timedelta(days=6)
    booked = guesty.add_reservation(
        listing["_id"], check_in=arrival, check_out=arrival + timedelta(days=3), guest=guest
    )
    page = new_page()
    sign_in(page, live_server.url, owner.user.email)

    page.get_by_role("navigation", name="Main").get_by_role("link", name="Integrations").click()
    page.get_by_label("Client ID").fill(CLIENT_ID)
    page.get_by_label("Client secret").fill(CLIENT_SECRET)
    page.get_by_role("button", name="Connect Guesty").click()

    expect(page.locator("#status")).to_contain_text("Connected")
    assert CLIENT_SECRET not in page.content()
    page.screenshot(path=screenshot_path("guesty-journey-connected"), full_page=True)

    page.get_by_role("link", name="Listings").click()
    page.get_by_label("Casa Azul").check()
    page.get_by_role("button", name="Import ticked listings").click()
    expect(page.get_by_role("row", name="Casa Azul")).to_contain_text("Imported")

    page.goto(f"{live_server.url}/reservations/")
    row = page.get_by_role("row", name="Marta Ruiz")
    expect(row).to_contain_text("Casa Azul")

    guesty.update_reservation(booked["_id"], status="canceled")
    connection = GuestyConnection.objects.get(organization=owner.organization)
    delivered = guesty.send_webhook(webhook_url(connection), "reservation.updated.v2", booked["_id"])
    assert delivered.status_code == 200, delivered.text
    assert Reservation.objects.get(external_id=booked["_id"]).status == "canceled"

    page.reload()
    expect(page.get_by_role("row", name="Marta Ruiz")).to_contain_text("Canceled")
    assert not browser_problems.items, browser_problems.items
