"""A guest on a phone reads the guide: the door code is locked until the check-in is sent, then it is there.

The check-in answers are saved through the services (the check-in journey itself has
its own browser test); the guest presses "Send my check-in" on the review step, as in
real life. Arrival is today, so the door code's arrival window is open.

A second journey: the host prints the QR sheet; a visitor opens its address and reads
the public guide, which never shows a secret.
"""

import re
from datetime import timedelta

import pytest
from django.utils import timezone, translation
from playwright.sync_api import expect

from accounts.permissions import Role
from properties.models import SectionKind, Visibility
from properties.services import add_place, create_section
from reservations.checkin.services.forms import ensure_default_form
from reservations.checkin.services.submissions import start_checkin
from reservations.models import CheckinStatus
from tests.checkins import fill_in_everything
from tests.e2e.helpers import screenshot_path
from tests.factories import MembershipFactory, PropertyFactory, ReservationFactory

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

DOOR_CODE = "4821#"
WIFI_PASSWORD = "sea-breeze-77"
BROWSER_LOCALES = {"en": "en-GB", "es": "es-ES"}
ARRIVAL_TITLE = {"en": "Arrival and door code", "es": "Llegada y código"}


def text(message, language):
    with translation.override(language):
        return translation.gettext(message)


@pytest.fixture
def villa():
    owner = MembershipFactory(user__email="owner@seaside.test", role=Role.OWNER, organization__name="Seaside Stays")
    ensure_default_form(owner.organization)
    villa = PropertyFactory(
        organization=owner.organization,
        name="Villa Mar",
        wifi_name="VillaMar-Guest",
        wifi_password=WIFI_PASSWORD,
        door_code=DOOR_CODE,
    )
    create_section(
        actor=owner,
        property=villa,
        kind=SectionKind.ARRIVAL,
        visibility=Visibility.ARRIVAL_WINDOW,
        unlock_hours_before=24,
        title=ARRIVAL_TITLE,
        body={
            "en": "Welcome, {guest_first_name}! The key box is left of the door. Code: **{door_code}**",
            "es": "¡Hola, {guest_first_name}! La caja de llaves está junto a la puerta. Código: **{door_code}**",
        },
    )
    create_section(
        actor=owner,
        property=villa,
        kind=SectionKind.WIFI,
        visibility=Visibility.AFTER_CHECKIN,
        title={"en": "Wi-Fi"},
        body={"en": "Network: **{wifi_name}**\n\nPassword: **{wifi_password}**"},
    )
    create_section(
        actor=owner,
        property=villa,
        kind=SectionKind.PARKING,
        title={"en": "Parking", "es": "Aparcamiento"},
        body={
            "en": "Street parking is free after 8 pm. The nearest garage is two streets away.",
            "es": "Aparcar en la calle es gratis después de las 20:00. El garaje está a dos calles.",
        },
    )
    places = create_section(
        actor=owner,
        property=villa,
        kind=SectionKind.RECOMMENDATIONS,
        title={"en": "Our favourite places", "es": "Sitios favoritos"},
        body={"en": "A few places we love near {property_name}."},
    )
    add_place(
        actor=owner,
        section=places,
        name="Casa Carmela",
        category="Restaurant",
        address="Carrer d'Isabel de Villena 155, Valencia",
        link="https://casacarmela.example",
        note={"en": "Paella cooked over orange wood."},
    )
    return villa


@pytest.fixture
def arriving_today(villa):
    """A reservation arriving today whose check-in is filled in up to the review step, not yet sent."""
    today = timezone.localdate(timezone=villa.tz)
    reservation = ReservationFactory(
        property=villa, guest_name="Ana García", guests_count=1, check_in=today, check_out=today + timedelta(days=3)
    )
    submission = start_checkin(reservation=reservation, language="en")
    fill_in_everything(submission, party_size=1)
    return reservation


@pytest.mark.parametrize("language", ["en", "es"])
def test_the_door_code_unlocks_once_the_guest_sends_the_check_in(
    live_server, new_page, browser_problems, arriving_today, language
):
    reservation = arriving_today
    page = new_page("phone", locale=BROWSER_LOCALES[language])
    page.goto(f"{live_server.url}/g/{reservation.portal_token}/guide/")

    expect(page.get_by_role("heading", level=1)).to_have_text(text("Your guide", language))
    arrival = page.locator("details").filter(has=page.get_by_role("heading", name=ARRIVAL_TITLE[language]))
    expect(arrival).to_contain_text(text("Complete your online check-in to see this.", language))
    expect(page.get_by_text(DOOR_CODE)).to_have_count(0)
    expect(page.get_by_text(WIFI_PASSWORD)).to_have_count(0)
    # Sections for everyone are readable already.
    expect(page.locator("details").filter(has_text="Casa Carmela")).to_contain_text("Paella")
    page.screenshot(path=screenshot_path(f"guide-{language}-locked"), full_page=True)

    arrival.get_by_role("link", name=text("Go to online check-in", language)).click()
    page.get_by_role("button", name=text("Send my check-in", language)).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(text("You’re checked in", language))
    page.get_by_role("link", name=text("Open your guide", language)).click()

    expect(arrival).to_contain_text(DOOR_CODE)
    expect(arrival).not_to_contain_text(text("Complete your online check-in to see this.", language))
    expect(page.locator("details").filter(has_text=WIFI_PASSWORD)).to_have_count(1)
    page.screenshot(path=screenshot_path(f"guide-{language}-unlocked"), full_page=True)

    # The sections fold and unfold without JavaScript of ours: a tap on the title.
    arrival.locator("summary").click()
    expect(arrival.get_by_text(DOOR_CODE)).to_be_hidden()

    reservation.refresh_from_db()
    assert reservation.checkin_status == CheckinStatus.COMPLETED
    assert browser_problems.items == []


def test_a_visitor_scans_the_printed_qr_code_and_reads_the_public_guide(live_server, new_page, browser_problems, villa):
    sheet = new_page("desktop")
    sheet.goto(f"{live_server.url}/guide/{villa.guide_token}/print/")
    expect(sheet.get_by_role("heading", level=1)).to_have_text("Villa Mar")
    expect(sheet.get_by_text("Scan for the house guide")).to_be_visible()
    expect(sheet.get_by_role("img", name="QR code of the house guide")).to_be_visible()
    expect(sheet.locator(".print-qr svg")).to_have_count(1)
    expect(sheet.get_by_text("VillaMar-Guest")).to_be_visible()
    address = sheet.locator(".print-url").inner_text()
    assert address == f"{live_server.url}/guide/{villa.guide_token}/"
    expect(sheet.locator("body")).not_to_contain_text(WIFI_PASSWORD)
    sheet.screenshot(path=screenshot_path("guide-print-sheet"), full_page=True)
    sheet.emulate_media(media="print")
    expect(sheet.get_by_role("button", name="Print this page")).to_be_hidden()
    sheet.screenshot(path=screenshot_path("guide-print-sheet-as-printed"), full_page=True)

    phone = new_page("phone", locale="es-ES")
    phone.goto(address)
    expect(phone.locator("html")).to_have_attribute("lang", "es")
    expect(phone.get_by_role("heading", level=1)).to_have_text(text("House guide", "es"))
    expect(phone.get_by_role("heading", name="Aparcamiento")).to_be_visible()
    expect(phone.get_by_role("heading", name=re.compile("Llegada|Wi-Fi"))).to_have_count(0)
    body = phone.locator("body")
    expect(body).not_to_contain_text(DOOR_CODE)
    expect(body).not_to_contain_text(WIFI_PASSWORD)
    phone.screenshot(path=screenshot_path("guide-public-es"), full_page=True)
    assert browser_problems.items == []
