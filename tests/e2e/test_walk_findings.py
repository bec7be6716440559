"""What a real walk found, walked again in a browser: the guest on a phone, the host at a desk.

The guest's link opens in the language the host set (not the browser's), shows how to reach the
host, and the review goes back to any step; a party smaller than booked shows on the host's page.
"""

from datetime import timedelta

import pytest
from django.utils import timezone, translation
from playwright.sync_api import expect

from accounts.permissions import Role
from reservations.checkin.services.forms import ensure_default_form
from reservations.checkin.services.submissions import start_checkin, submit_checkin
from tests.checkins import fill_in_everything
from tests.e2e.helpers import screenshot_path, sign_in
from tests.factories import MembershipFactory, PropertyFactory, ReservationFactory

pytestmark = pytest.mark.e2e


def french(message):
    with translation.override("fr"):
        return translation.gettext(message)


@pytest.fixture
def stay():
    owner = MembershipFactory(user__email="owner@seaside.test", role=Role.OWNER)
    organization = owner.organization
    organization.contact_name, organization.contact_phone = "Marta, votre hôte", "+34600123456"
    organization.contact_whatsapp = "+34600123456"
    organization.save()
    ensure_default_form(organization)
    villa = PropertyFactory(organization=organization, name="Villa Mar", max_guests=4)
    reservation = ReservationFactory(
        property=villa,
        guest_name="Camille Martin",
        guests_count=2,
        guest_language="fr",
        check_in=timezone.localdate(timezone=villa.tz) + timedelta(days=5),
    )
    return owner, reservation


def test_the_guest_reads_their_hosts_language_reaches_the_host_and_edits_from_the_review(
    live_server, new_page, browser_problems, stay
):
    _owner, reservation = stay
    submission = start_checkin(reservation=reservation, language="fr")
    fill_in_everything(submission, party_size=1)
    page = new_page("phone", locale="en-GB")  # the browser says English; the host said French

    page.goto(f"{live_server.url}/g/{reservation.portal_token}/")
    expect(page.locator("html")).to_have_attribute("lang", "fr")
    card = page.get_by_role("region", name=french("Your host"))
    expect(card).to_contain_text("Marta, votre hôte")
    expect(card.get_by_role("link", name=f"{french('Call')} +34 600 12 34 56")).to_have_attribute(
        "href", "tel:+34600123456"
    )
    expect(card.get_by_role("link", name=french("Message on WhatsApp"))).to_have_attribute(
        "href", "https://wa.me/34600123456"
    )
    page.screenshot(path=screenshot_path("walk-fr-home-contact"), full_page=True)

    page.goto(f"{live_server.url}/g/{reservation.portal_token}/checkin/review/")
    main_guest = page.locator("section.panel").filter(has=page.get_by_role("heading", name=french("Main guest")))
    main_guest.get_by_role("link", name=french("Edit")).click()
    expect(page).to_have_url(f"{live_server.url}/g/{reservation.portal_token}/checkin/guest-1/")
    expect(page.get_by_role("heading", level=1)).to_contain_text(french("Main guest"))
    page.screenshot(path=screenshot_path("walk-fr-edit-from-review"), full_page=True)
    assert browser_problems.items == []


def test_the_host_sees_a_party_smaller_than_booked(live_server, new_page, browser_problems, stay):
    owner, reservation = stay
    submission = start_checkin(reservation=reservation, language="fr")
    fill_in_everything(submission, party_size=1)
    submit_checkin(submission=submission, notify=False)
    page = new_page("desktop")

    sign_in(page, live_server.url, owner.user.email, then=f"/reservations/{reservation.pk}/")
    page.wait_for_load_state("networkidle")  # the ID thumbnails, before the next page aborts them

    expect(page.get_by_role("status").filter(has_text="Booked for 2 guests")).to_contain_text(
        "Booked for 2 guests, but 1 checked in online."
    )
    page.goto(f"{live_server.url}/")
    expect(page.get_by_text("1 of 2 guests").first).to_be_visible()
    page.screenshot(path=screenshot_path("walk-host-party-differs"), full_page=True)
    assert browser_problems.items == []
