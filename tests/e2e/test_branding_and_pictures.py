"""A host brands the portal and gives a property its cover photo; a guest opens it on a phone.

- The branding page's guest preview keeps the colours and font picked, change after change,
  until they are saved (it is re-drawn by htmx; app.js applies its colours after each swap).
- The logo and cover fields are image pickers: the stored picture, a file button, a live preview
  of the file just picked, and a box to remove it.
- On the guest's first page a phone (390 px wide, 3x) downloads the 1200 px AVIF of the cover,
  not the stored photo; the property list shows a 100 px thumbnail.
- The time zone list puts the chosen country's zones first as soon as the country changes.

Screenshots: test-artifacts/screenshots/pictures-*.png.
"""

import re

import pytest
from playwright.sync_api import expect

from accounts.permissions import Role
from reservations.checkin.services.forms import ensure_default_form
from tests.e2e.helpers import screenshot_path, sign_in
from tests.factories import MembershipFactory, PropertyFactory, ReservationFactory
from tests.photos import logo_png, phone_photo

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def owner():
    owner = MembershipFactory(user__email="owner@seaside.test", role=Role.OWNER, organization__name="Seaside Stays")
    ensure_default_form(owner.organization)
    return owner


@pytest.fixture
def villa(owner):
    return PropertyFactory(organization=owner.organization, name="Villa Mar", city="Dénia", country="ES")


def snap(page, name):
    page.screenshot(path=screenshot_path(f"pictures-{name}"), full_page=True)
    width, scroll_width = page.evaluate("[window.innerWidth, document.documentElement.scrollWidth]")
    assert scroll_width <= width, f"{name}: the page is {scroll_width}px wide in a {width}px window"


def preview_colour(page, selector):
    return page.locator(f"#preview {selector}").evaluate("el => getComputedStyle(el).backgroundColor")


def pick_colour(page, label, value):
    with page.expect_response(re.compile(r"/properties/branding/preview/$")):
        page.get_by_label(label).fill(value)
    page.wait_for_function("document.querySelector('#preview').dataset.varBrand !== undefined")


def test_the_branding_preview_keeps_the_colours_picked_until_they_are_saved(
    live_server, new_page, browser_problems, owner
):
    page = new_page("desktop")
    sign_in(page, live_server.url, owner.user.email, then="/properties/branding/")
    expect(page.locator("#preview .preview-bar")).to_have_css("background-color", "rgb(26, 107, 92)")

    pick_colour(page, "Primary colour", "#0b3d91")
    expect(page.locator("#preview")).to_have_attribute("data-var-brand", "#0b3d91")
    expect(page.locator("#preview .preview-bar")).to_have_css("background-color", "rgb(11, 61, 145)")

    pick_colour(page, "Primary colour", "#f2d64b")  # light: the preview's text turns dark
    expect(page.locator("#preview .preview-bar")).to_have_css("background-color", "rgb(242, 214, 75)")
    expect(page.locator("#preview .preview-bar")).to_have_css("color", "rgb(0, 0, 0)")

    with page.expect_response(re.compile(r"/properties/branding/preview/$")):
        page.get_by_label("Font").select_option("serif")
    expect(page.locator("#preview .preview-bar")).to_have_css("background-color", "rgb(242, 214, 75)")
    expect(page.locator("#preview")).to_have_css("font-family", re.compile("Charter"))
    pick_colour(page, "Accent colour", "#7a1f5c")
    expect(page.locator("#preview .preview-chip")).to_have_css("background-color", "rgb(122, 31, 92)")
    assert not browser_problems.items, browser_problems.items


def test_a_host_picks_a_logo_sees_it_before_saving_and_can_remove_it(live_server, new_page, browser_problems, owner):
    page = new_page("desktop")
    sign_in(page, live_server.url, owner.user.email, then="/properties/branding/")
    picker = page.locator("[data-image-picker]")
    expect(picker.get_by_text("No logo yet")).to_be_visible()
    expect(page.get_by_label("Remove logo")).to_have_count(0)

    page.get_by_label("Logo").set_input_files({"name": "logo.png", "mimeType": "image/png", "buffer": logo_png()})

    preview = picker.get_by_role("img", name="Logo")
    expect(preview).to_be_visible()
    expect(preview).to_have_attribute("src", re.compile(r"^blob:"))
    expect(picker.get_by_text("New — not saved yet")).to_be_visible()
    expect(page.locator("#preview [data-preview-logo]")).to_be_visible()  # the guest preview shows it too
    snap(page, "branding-picked")

    page.get_by_role("button", name="Save branding").click()
    expect(page.get_by_text("Branding saved.")).to_be_visible()
    expect(preview).to_have_attribute("src", re.compile(r"^/media/brands/logos/logo-[0-9a-f]{16}(_\w+)?/480w\.webp$"))
    expect(preview).to_have_js_property("naturalWidth", 480)  # waits for the picture to load
    expect(picker.get_by_text("New — not saved yet")).to_be_hidden()
    snap(page, "branding-saved")

    page.get_by_label("Remove logo").check()
    expect(picker).to_have_class(re.compile(r"\bis-removed\b"))
    expect(page.locator("#preview [data-preview-logo]")).to_be_hidden()
    page.get_by_role("button", name="Save branding").click()
    expect(page.get_by_text("Branding saved.")).to_be_visible()
    expect(picker.get_by_text("No logo yet")).to_be_visible()
    assert not browser_problems.items, browser_problems.items


def test_a_cover_uploaded_by_the_host_reaches_a_guests_phone_in_the_size_it_needs(
    live_server, new_page, browser, browser_problems, owner, villa
):
    reservation = ReservationFactory(property=villa, guest_name="Ana García")
    page = new_page("desktop")
    sign_in(page, live_server.url, owner.user.email, then="/properties/branding/")
    page.get_by_label("Logo").set_input_files({"name": "logo.png", "mimeType": "image/png", "buffer": logo_png()})
    page.get_by_role("button", name="Save branding").click()
    expect(page.get_by_text("Branding saved.")).to_be_visible()

    page.goto(f"{live_server.url}/properties/{villa.pk}/edit/")
    page.get_by_label("Cover photo").set_input_files(
        {"name": "IMG_0042.jpg", "mimeType": "image/jpeg", "buffer": phone_photo()}
    )
    cover_preview = page.locator("[data-image-picker]").get_by_role("img", name="Cover photo")
    expect(cover_preview).to_be_visible()
    expect(cover_preview).to_have_attribute("src", re.compile(r"^blob:"))
    snap(page, "cover-picked")
    page.get_by_role("button", name="Save changes").click()
    expect(page.get_by_text("Changes saved.")).to_be_visible()
    cover = page.locator("img.cover")
    expect(cover).to_be_visible()
    page.wait_for_function("img => img.complete && img.naturalWidth > 0", arg=cover.element_handle())

    page = new_page("desktop")  # a browser that has not loaded the larger cover yet, as on a first visit
    sign_in(page, live_server.url, owner.user.email, then="/properties/")
    thumb = page.locator("img.thumb")
    expect(thumb).to_be_visible()
    page.wait_for_function("document.querySelector('img.thumb').complete")
    assert thumb.evaluate("img => img.currentSrc").endswith("/100w.avif")  # 48 px at 1x
    snap(page, "property-list")

    context = browser.new_context(
        viewport={"width": 390, "height": 844}, device_scale_factor=3, is_mobile=True, has_touch=True, locale="en-GB"
    )
    try:
        phone = context.new_page()
        browser_problems.watch(phone)
        phone.goto(f"{live_server.url}/g/{reservation.portal_token}/")
        hero = phone.locator("img.portal-cover")
        expect(hero).to_be_visible()
        phone.wait_for_function("document.querySelector('img.portal-cover').complete")
        assert hero.evaluate("img => img.currentSrc").endswith("/1200w.avif")
        box = hero.bounding_box()
        assert (box["x"], round(box["width"]), round(box["height"])) == (0, 390, 260)  # edge to edge, 3:2
        logo = phone.get_by_role("img", name="Seaside Stays")
        expect(logo).to_be_visible()
        phone.wait_for_function("img => img.complete && img.naturalWidth > 0", arg=logo.element_handle())
        assert logo.evaluate("img => img.currentSrc").endswith("/480w.webp")
        expect(phone.get_by_text("Villa Mar", exact=True)).to_be_visible()
        snap(phone, "guest-first-page-phone")
        phone.screenshot(path=screenshot_path("pictures-guest-first-page-phone-fold"))
    finally:
        context.close()
    assert not browser_problems.items, browser_problems.items


def test_the_time_zones_of_the_chosen_country_come_first(live_server, new_page, browser_problems, owner, villa):
    page = new_page("desktop")
    sign_in(page, live_server.url, owner.user.email, then=f"/properties/{villa.pk}/edit/")
    zone = page.get_by_label("Time zone")
    first_group = zone.locator("optgroup").first
    expect(first_group).to_have_attribute("label", "Spain")

    page.get_by_label("Country").select_option("PT")

    expect(first_group).to_have_attribute("label", "Portugal")
    first_zones = first_group.locator("option").evaluate_all("options => options.map(o => o.value)")
    assert first_zones == ["Europe/Lisbon", "Atlantic/Madeira", "Atlantic/Azores"]
    expect(zone).to_have_value("Europe/Madrid")  # the host's choice stays until they change it
    zone.select_option("Europe/Lisbon")
    page.get_by_role("button", name="Save changes").click()
    expect(page.get_by_text("Changes saved.")).to_be_visible()
    villa.refresh_from_db()
    assert (str(villa.country), villa.timezone) == ("PT", "Europe/Lisbon")
    assert not browser_problems.items, browser_problems.items
