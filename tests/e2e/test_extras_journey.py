"""A guest on a phone buys a late check-out: extras page, Stripe Checkout, back, and the host's approval awaited.

The fake Stripe runs on a local port; the guest pays on its hosted Checkout page and comes back to the
portal, which only watches the order. The order moves when Stripe's events arrive at the webhook
endpoint (posted here with `requests`, as Stripe would), and the page, polling, shows it.
Screenshots: test-artifacts/screenshots/extras-*.png.
"""

import re
from datetime import timedelta
from pathlib import Path

import pytest
import requests
from django.conf import settings as django_settings
from django.core.files.base import ContentFile
from django.utils import timezone
from playwright.sync_api import expect

from accounts.permissions import Role
from payments.models import Order, OrderStatus, Pricing, Upsell
from payments.services.connect import onboarding_link, refresh_account
from tests.e2e.helpers import screenshot_path, sign_in
from tests.factories import MembershipFactory, PropertyFactory, ReservationFactory
from tests.fakes.stripe import FakeStripe
from tests.photos import phone_photo

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

API_KEY, PLATFORM_SECRET, CONNECT_SECRET = "sk_test_fake", "whsec_platform_fake", "whsec_connect_fake"


@pytest.fixture
def stripe(settings, live_server):
    with FakeStripe(api_key=API_KEY, webhook_secret=PLATFORM_SECRET, connect_webhook_secret=CONNECT_SECRET) as fake:
        settings.STRIPE_SECRET_KEY = API_KEY
        settings.STRIPE_API_URL = fake.base_url
        settings.STRIPE_WEBHOOK_SECRET = PLATFORM_SECRET
        settings.STRIPE_CONNECT_WEBHOOK_SECRET = CONNECT_SECRET
        settings.SITE_URL = live_server.url  # where Checkout sends the guest back
        yield fake


def with_photo(upsell, seed):
    upsell.image.save(f"extra-{seed}.jpg", ContentFile(phone_photo(960, 540, seed=seed, quality=80)))
    return upsell


def serve_media(page):
    """Uploads, as the web server in front of the app serves them (the test server only serves the app)."""

    def fulfil(route):
        name = route.request.url.split("/media/", 1)[1].split("?")[0]
        route.fulfill(path=Path(django_settings.MEDIA_ROOT) / name)

    page.route(re.compile(r"/media/"), fulfil)
    return page


def deliver(stripe, live_server):
    """Post the events the fake emitted to the app's webhook endpoint, as Stripe does."""
    for _kind, payload, headers in stripe.take_outbox():
        response = requests.post(f"{live_server.url}/webhooks/stripe/", data=payload, headers=headers, timeout=10)
        assert response.status_code == 200, response.text


@pytest.fixture
def shop(stripe, live_server):
    """A host account onboarded on Stripe, with a late check-out (needs approval) and two more extras."""
    owner = MembershipFactory(role=Role.OWNER, user__email="host@extras-journey.test")  # signs in with PASSWORD
    organization = owner.organization
    organization.name = "Casa Brisa Stays"
    organization.save()
    onboarding_link(actor=owner)
    account = refresh_account(actor=owner)
    stripe.complete_onboarding(account.stripe_account_id)
    deliver(stripe, live_server)
    account.refresh_from_db()
    assert account.can_sell
    villa = PropertyFactory(organization=organization, name="Casa Brisa")
    arrival = timezone.localdate() + timedelta(days=9)
    stay = ReservationFactory(
        property=villa, guest_name="Marta Ruiz", check_in=arrival, check_out=arrival + timedelta(days=4)
    )
    late = Upsell.objects.create(
        organization=organization,
        name={"en": "Late check-out", "es": "Salida tardía"},
        description={"en": "Keep the house until 2 pm on your last day, no rush to pack."},
        price=3500,
        needs_approval=True,
        position=1,
    )
    breakfast = Upsell.objects.create(
        organization=organization,
        name={"en": "Breakfast basket"},
        description={"en": "Local pastries, fruit, yoghurt and coffee, delivered to the door at 8:30."},
        price=1200,
        pricing=Pricing.PER_GUEST,
        max_quantity=4,
        position=2,
    )
    Upsell.objects.create(
        organization=organization,
        name={"en": "Airport transfer"},
        description={"en": "A driver waits for you at arrivals with your name on a sign."},
        price=4500,
        max_quantity=2,
        position=3,
    )
    with_photo(late, 3)
    with_photo(breakfast, 11)
    return stay


def test_a_guest_on_a_phone_buys_a_late_check_out_and_waits_for_the_hosts_approval(
    live_server, new_page, browser_problems, stripe, shop
):
    stay = shop
    page = serve_media(new_page("phone"))
    page.goto(f"{live_server.url}/g/{stay.portal_token}/")
    page.get_by_role("link", name="See the extras").click()

    expect(page.get_by_role("heading", level=1)).to_have_text("Extras for your stay")
    page.screenshot(path=screenshot_path("extras-phone"), full_page=True)

    page.get_by_role("button", name="Add Late check-out").click()
    expect(page.locator("[data-total]")).to_have_text("€35.00")
    pay = page.get_by_role("button", name="Pay €35.00")
    expect(pay).to_be_visible()
    page.get_by_role("button", name="Add Breakfast basket").click()
    page.get_by_role("button", name="One more: Breakfast basket").click()
    expect(page.get_by_label("How many? Breakfast basket")).to_have_value("2")
    expect(page.get_by_role("button", name="Pay €83.00")).to_be_visible()  # 35 + 2 × (12 × 2 guests)
    page.screenshot(path=screenshot_path("extras-phone-cart"), full_page=False)
    page.get_by_role("button", name="One less: Breakfast basket").click()
    page.get_by_role("button", name="One less: Breakfast basket").click()
    expect(page.get_by_role("button", name="Add Breakfast basket")).to_be_focused()
    expect(page.get_by_role("button", name="Pay €35.00")).to_be_visible()

    page.get_by_role("button", name="Pay €35.00").click()
    expect(page.get_by_role("heading", name="Pay €35.00")).to_be_visible()  # Stripe's (fake's) Checkout page
    order = Order.objects.get(reservation=stay)
    assert order.status == OrderStatus.PENDING and order.needs_approval
    page.get_by_role("button", name="Pay", exact=True).click()

    page.wait_for_url(f"{live_server.url}/g/{stay.portal_token}/extras/return/?session_id={order.checkout_session_id}")
    expect(page.get_by_role("heading", level=1)).to_have_text("Thank you — we’re confirming your payment")
    page.screenshot(path=screenshot_path("extras-phone-confirming"), full_page=True)
    order.refresh_from_db()
    assert order.status == OrderStatus.PENDING  # coming back proves nothing: Stripe's events decide

    deliver(stripe, live_server)

    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Thank you! Now waiting for the host’s approval", timeout=8_000
    )  # the page polls every 2 s
    order.refresh_from_db()
    assert order.status == OrderStatus.AUTHORISED
    page.screenshot(path=screenshot_path("extras-phone-return"), full_page=True)

    page.get_by_role("link", name="See your extras").click()
    mine = page.get_by_role("region", name="Your extras")
    expect(mine).to_contain_text("Waiting for the host’s approval")
    expect(mine).to_contain_text("Late check-out")
    page.screenshot(path=screenshot_path("extras-phone-ordered"), full_page=True)

    page.get_by_label("Language").select_option("es")
    expect(page.get_by_role("heading", level=1)).to_have_text("Extras para tu estancia")
    expect(page.get_by_role("region", name="Tus extras")).to_contain_text("Esperando la aprobación del anfitrión")
    page.screenshot(path=screenshot_path("extras-phone-es"), full_page=True)

    # The host approves on the reservation page: the payment is taken.
    host = new_page("desktop")
    owner = stay.organization.memberships.get()
    sign_in(host, live_server.url, owner.user.email, then=f"/reservations/{stay.pk}/")
    orders = host.locator("#orders")
    orders.get_by_role("button", name="Approve and charge").click()
    expect(orders).to_contain_text("Paid")
    deliver(stripe, live_server)  # Stripe's own events about the capture change nothing more

    page.reload()
    expect(page.get_by_role("region", name="Tus extras")).to_contain_text("Confirmado")

    # The host refunds half: €17.50 of €35.00.
    host.reload()
    orders.get_by_text("Refund…").click()
    orders.get_by_label("Amount").fill("17.50")
    orders.get_by_label("Reason").fill("Check-out was at 1 pm, not 2 pm")
    orders.get_by_role("button", name="Refund", exact=True).click()
    expect(orders).to_contain_text("Partly refunded")
    deliver(stripe, live_server)
    host.screenshot(path=screenshot_path("extras-host-orders"), full_page=True)

    # The revenue report: €35.00 taken, €3.50 commission, €31.50 the host's; €17.50 refunded, of which €1.75
    # was commission, leaving the host €15.75.
    host.goto(f"{live_server.url}/payments/revenue/")
    row = host.get_by_role("row", name=re.compile("Casa Brisa"))
    for figure in ("€35.00", "€3.50", "€31.50", "€17.50", "€15.75"):
        expect(row).to_contain_text(figure)
    host.screenshot(path=screenshot_path("extras-host-revenue"), full_page=True)
    assert not browser_problems.items, browser_problems.items


def test_the_extras_page_on_a_desktop_and_without_javascript(live_server, new_page, browser_problems, stripe, shop):
    stay = shop
    page = serve_media(new_page("desktop"))
    page.goto(f"{live_server.url}/g/{stay.portal_token}/extras/")
    page.get_by_role("button", name="Add Airport transfer").click()
    page.screenshot(path=screenshot_path("extras-desktop"), full_page=True)

    plain = serve_media(new_page("phone", java_script_enabled=False))
    plain.goto(f"{live_server.url}/g/{stay.portal_token}/extras/")
    plain.get_by_label("How many? Airport transfer").fill("3")
    plain.get_by_role("button", name="Continue to payment").click()
    expect(plain.get_by_role("alert")).to_contain_text("You can buy at most 2.")
    plain.get_by_label("How many? Airport transfer").fill("2")
    plain.screenshot(path=screenshot_path("extras-phone-no-js"), full_page=True)
    plain.get_by_role("button", name="Continue to payment").click()
    expect(plain.get_by_role("heading", name="Pay €90.00")).to_be_visible()
    problems = [p for p in browser_problems.items if "400" not in p]  # the refused quantity, on purpose
    assert not problems, problems


def test_the_extras_pages_pass_axe_in_a_pale_brand(live_server, new_page, stripe, shop):
    """WCAG 2 A/AA on a phone, with a pale yellow brand (the hardest case for contrast), orders and a deposit due."""
    from axe_playwright_python.sync_playwright import Axe

    from payments.models import DepositPolicy, OrderKind
    from properties.models import Brand

    stay = shop
    Brand.objects.create(organization=stay.organization, primary_color="#ffe14d", accent_color="#fff3b0")
    stay.check_in = timezone.localdate() + timedelta(days=2)  # the deposit is asked for from 2 days before
    stay.check_out = stay.check_in + timedelta(days=3)
    stay.save()
    DepositPolicy.objects.create(organization=stay.organization, property=stay.property, amount=25000)
    for status in (OrderStatus.AUTHORISED, OrderStatus.PAID, OrderStatus.DECLINED, OrderStatus.PENDING):
        Order.objects.create(
            organization=stay.organization,
            reservation=stay,
            kind=OrderKind.EXTRAS,
            status=status,
            cart_key=f"axe-{status}",
            currency="eur",
            amount=3500,
            commission=350,
            needs_approval=True,
            checkout_session_id=f"cs_axe_{status}",
            checkout_url=f"{stripe.base_url}/pay/cs_axe_{status}",
        ).items.create(name="Late check-out", unit_price=3500, quantity=1, amount=3500)
    axe = Axe()
    page = serve_media(new_page("phone"))
    base = f"{live_server.url}/g/{stay.portal_token}"
    found = []
    for url in (f"{base}/", f"{base}/extras/?canceled=1", f"{base}/extras/return/?session_id=cs_axe_paid"):
        page.goto(url)
        page.wait_for_load_state("networkidle")
        if "/extras/" in url and "return" not in url:
            page.get_by_role("button", name="Add Breakfast basket").click()
            page.screenshot(path=screenshot_path("extras-phone-pale-brand"), full_page=True)
        found += [
            f"{url}: [{v['impact']}] {v['id']}: {v['help']} at {[n['target'] for n in v['nodes']][:3]}"
            for v in axe.run(page).response["violations"]
        ]
    page.goto(f"{base}/extras/")
    page.get_by_role("button", name="Add Breakfast basket").click()
    page.get_by_label("How many? Breakfast basket").fill("9")  # the error state: summary and message at the extra
    page.get_by_role("button", name=re.compile("^Pay")).click()
    page.get_by_role("alert").wait_for()
    found += [f"error state: {v['id']}: {v['help']}" for v in axe.run(page).response["violations"]]
    assert not found, "\n".join(found)
