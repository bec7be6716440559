"""The foundation journey in a real browser: sign up and confirm, add a property, add a reservation, find it.

Locators are by role and label on purpose: a control a test cannot find by its
label is one a screen reader cannot name either.
"""

import re
from datetime import date

import pytest
from django.core import mail
from playwright.sync_api import expect

from properties.models import Property
from reservations.models import Reservation
from tests.e2e.helpers import screenshot_path, sign_in
from tests.factories import MembershipFactory, PropertyFactory, ReservationFactory

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

PASSWORD = "Tidal-harbour-2026"
# The button's background when app.css did not load (Chromium's ButtonFace), and no background at all.
UNSTYLED_BACKGROUNDS = {"rgb(239, 239, 239)", "rgba(0, 0, 0, 0)"}


def snap(page, viewport, step):
    """A screenshot of one step, to look at: test-artifacts/screenshots/host-journey-<viewport>-<step>.png.

    Also checks the page does not scroll sideways (something too wide for a phone).
    """
    page.screenshot(path=screenshot_path(f"host-journey-{viewport}-{step}"), full_page=True)
    width, scroll_width = page.evaluate("[window.innerWidth, document.documentElement.scrollWidth]")
    assert scroll_width <= width, f"{step}: the page is {scroll_width}px wide in a {width}px window"


def go_to_nav(page, viewport, name):
    """Follow a link of the main navigation; on a phone it sits behind the ☰ menu button."""
    nav = page.get_by_role("navigation", name="Main")
    menu = page.get_by_role("button", name="Menu")
    if viewport == "desktop":
        expect(menu).to_be_hidden()
    else:
        expect(nav.get_by_role("link", name=name, exact=True)).not_to_be_in_viewport()
        menu.click()
        expect(menu).to_have_attribute("aria-expanded", "true")
        expect(nav.get_by_role("link", name=name, exact=True)).to_be_in_viewport()
    nav.get_by_role("link", name=name, exact=True).click()


@pytest.mark.parametrize("viewport", ["desktop", "phone"])
def test_new_host_signs_up_adds_a_property_and_a_reservation_and_finds_it(
    live_server, new_page, browser_problems, viewport
):
    page = new_page(viewport)

    # Sign up.
    page.goto(f"{live_server.url}/accounts/signup/")
    expect(page.get_by_role("heading", name="Create your host account")).to_be_visible()
    create_account = page.get_by_role("button", name="Create account")
    # app.css and tokens.css are served: the button is not the browser's default grey.
    background = create_account.evaluate("el => getComputedStyle(el).backgroundColor")
    assert background not in UNSTYLED_BACKGROUNDS, f"primary button looks unstyled ({background})"
    assert page.evaluate("getComputedStyle(document.documentElement).getPropertyValue('--brand').trim()")
    assert page.evaluate("typeof window.htmx") == "object", "htmx did not load"

    email = f"marta.{viewport}@seaside.test"
    page.get_by_label("Your name").fill("Marta Ruiz")
    page.get_by_label("Work email").fill(email)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_label("Business name").fill("Seaside Stays")
    snap(page, viewport, "1-signup")
    create_account.click()

    # Check your inbox: the live server runs in this process, so its email is in mail.outbox.
    expect(page.get_by_role("heading", name="Check your inbox")).to_be_visible()
    expect(page.get_by_text(email)).to_be_visible()
    snap(page, viewport, "1b-check-inbox")
    (message,) = [m for m in mail.outbox if m.to == [email]]
    confirm_path = re.search(r"https?://[^/\s]+(/accounts/signup/confirm/\S+/)", message.body)[1]
    page.goto(f"{live_server.url}{confirm_path}")
    expect(page.get_by_role("heading", name="Confirm your email")).to_be_visible()
    page.get_by_role("button", name="Confirm and continue").click()

    # Lands on "Add property".
    expect(page).to_have_url(f"{live_server.url}/properties/new/")
    expect(page.get_by_role("heading", name="Add property")).to_be_visible()
    welcome = page.get_by_role("status").get_by_text("Welcome to GoRently!")
    expect(welcome).to_be_visible()
    # Dismissed by hand: on a phone it would otherwise cover the "Add property" button for 6 seconds.
    page.get_by_role("status").get_by_role("button", name="Dismiss").click()
    expect(welcome).to_have_count(0)
    page.get_by_label("Name", exact=True).fill("Casa del Faro")
    page.get_by_label("City").fill("Valencia")
    page.get_by_label("Country").select_option(label="Spain")
    page.get_by_label("Time zone").select_option("Europe/Madrid")
    page.get_by_label("Maximum guests").fill("5")
    snap(page, viewport, "2-property-form")
    page.get_by_role("button", name="Add property").click()

    # The property page.
    expect(page.get_by_role("heading", name="Casa del Faro", level=1)).to_be_visible()
    expect(page.get_by_text("Valencia, Spain")).to_be_visible()
    expect(page.get_by_role("definition").filter(has_text="Europe/Madrid")).to_be_visible()
    snap(page, viewport, "3-property")
    property = Property.objects.get(name="Casa del Faro")

    # Reservations, from the main navigation.
    go_to_nav(page, viewport, "Reservations")
    expect(page).to_have_url(f"{live_server.url}/reservations/")
    expect(page.get_by_role("heading", name="Reservations", level=1)).to_be_visible()
    page.get_by_role("link", name="Add reservation").first.click()

    expect(page.get_by_role("heading", name="Add reservation")).to_be_visible()
    page.get_by_label("Property").select_option(label="Casa del Faro")
    page.get_by_label("Check-in", exact=True).fill("2026-12-20")
    page.get_by_label("Check-out", exact=True).fill("2026-12-27")
    page.get_by_label("Guests", exact=True).fill("3")
    page.get_by_label("Main guest").fill("Ingrid Halvorsen")
    page.get_by_label("Guest email").fill("ingrid@example.no")
    snap(page, viewport, "4-reservation-form")
    page.get_by_role("button", name="Add reservation").click()

    # The reservation page.
    expect(page.get_by_role("heading", name="Ingrid Halvorsen", level=1)).to_be_visible()
    expect(page.get_by_text("Sun 20 Dec 2026 → Sun 27 Dec 2026 · 7 nights")).to_be_visible()
    reservation = Reservation.objects.get(guest_name="Ingrid Halvorsen")
    assert (reservation.property, reservation.check_in, reservation.guests_count) == (property, date(2026, 12, 20), 3)
    expect(page.get_by_role("status")).to_contain_text(f"Reservation {reservation.confirmation_code} created.")
    snap(page, viewport, "5-reservation")

    # A second stay, for the search to leave out.
    ReservationFactory(property=property, guest_name="Pierre Dubois", guest_email="pierre@example.fr")

    go_to_nav(page, viewport, "Reservations")
    results = page.locator("#results")
    first_guest = results.get_by_role("link", name="Ingrid Halvorsen")
    second_guest = results.get_by_role("link", name="Pierre Dubois")
    expect(first_guest).to_be_visible()
    expect(second_guest).to_be_visible()

    # Typing in the search box updates the table in place (htmx) and the address (hx-push-url).
    page.evaluate("window.e2eSamePage = true")
    page.get_by_label("Search", exact=True).press_sequentially("halvor")
    expect(page).to_have_url(re.compile(r"/reservations/\?(.*&)?q=halvor"))
    expect(second_guest).to_have_count(0)
    expect(first_guest).to_be_visible()
    assert page.evaluate("window.e2eSamePage") is True, "the search reloaded the page instead of swapping the table"
    expect(page.locator("#results"), "the swap must not nest #results in itself").to_have_count(1)

    # The other filters: side by side on a desktop, folded behind a button on a phone.
    status = page.get_by_label("Status", exact=True)
    if viewport == "phone":
        expect(status).to_be_hidden()
        page.get_by_role("button", name="Filters").click()
    status.select_option(label="Canceled")
    expect(first_guest).to_have_count(0)
    expect(page).to_have_url(re.compile(r"status=canceled"))
    status.select_option(label="Any status")
    expect(first_guest).to_be_visible()

    page.screenshot(path=screenshot_path(f"host-journey-{viewport}"), full_page=True)
    width, scroll_width = page.evaluate("[window.innerWidth, document.documentElement.scrollWidth]")
    assert scroll_width <= width, f"the reservations list is {scroll_width}px wide in a {width}px window"
    assert browser_problems.items == []


def test_search_works_without_javascript(live_server, new_page, browser_problems):
    owner = MembershipFactory(user__email="nojs@seaside.test", user__full_name="No Script")
    villa = PropertyFactory(organization=owner.organization, name="Villa Mar")
    ReservationFactory(property=villa, guest_name="Ingrid Halvorsen")
    ReservationFactory(property=villa, guest_name="Pierre Dubois")

    page = new_page("desktop", java_script_enabled=False)
    sign_in(page, live_server.url, "nojs@seaside.test", then="/reservations/")
    expect(page.get_by_role("link", name="Pierre Dubois")).to_be_visible()
    search = page.get_by_label("Search", exact=True)
    search.fill("halvor")
    search.press("Enter")

    expect(page).to_have_url(re.compile(r"/reservations/\?(.*&)?q=halvor"))
    expect(page.get_by_role("link", name="Pierre Dubois")).to_have_count(0)
    expect(page.get_by_role("link", name="Ingrid Halvorsen")).to_be_visible()
    expect(page.get_by_label("Search", exact=True)).to_have_value("halvor")

    page.screenshot(path=screenshot_path("search-nojs-desktop"), full_page=True)
    assert browser_problems.items == []
