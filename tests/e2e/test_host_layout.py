"""The host layout in a real browser: the phone menu drawer, the sidebar of a long page, where toasts go.

The drawer is checked the way a keyboard and a screen reader use it: the ☰ button says whether it is
expanded, opening moves the focus into the drawer, its Close button, Escape and the backdrop close it,
and the focus comes back to the ☰ button, which the drawer never covers.
"""

import pytest
from playwright.sync_api import expect

from accounts.permissions import Role
from tests.e2e.helpers import screenshot_path, sign_in
from tests.factories import MembershipFactory, PropertyFactory, ReservationFactory

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

EMAIL = "owner@harbour.test"


@pytest.fixture
def stay():
    owner = MembershipFactory(user__email=EMAIL, role=Role.OWNER, organization__name="Harbour Homes")
    villa = PropertyFactory(organization=owner.organization, name="Villa Mar")
    return ReservationFactory(property=villa, guest_name="Ana Ortega")


# Room above and below the page's own content, so a button can be scrolled anywhere in the window.
# Heights set through the CSSOM, which the CSP allows (a style attribute it would not).
SPACERS = """() => {
    const content = document.getElementById("content");
    for (const end of ["prepend", "append"]) {
        const spacer = document.createElement("div");
        spacer.style.height = "1500px";
        content[end](spacer);
    }
}"""


def covers(page, locator):
    """Whether what is drawn at the middle of the element is the element itself (nothing lies on it)."""
    box = locator.bounding_box()
    middle = [box["x"] + box["width"] / 2, box["y"] + box["height"] / 2]
    return locator.evaluate("(el, [x, y]) => el.contains(document.elementFromPoint(x, y))", middle)


def intersect(a, b):
    return not (
        a["x"] + a["width"] <= b["x"]
        or b["x"] + b["width"] <= a["x"]
        or a["y"] + a["height"] <= b["y"]
        or b["y"] + b["height"] <= a["y"]
    )


def test_the_phone_menu_drawer_opens_and_closes_with_the_focus_where_it_belongs(
    live_server, new_page, browser_problems, stay
):
    page = new_page("phone")
    sign_in(page, live_server.url, EMAIL, then=f"/reservations/{stay.pk}/")
    toggle = page.get_by_role("button", name="Menu", exact=True)
    nav = page.get_by_role("navigation", name="Main")
    link = nav.get_by_role("link", name="Reservations", exact=True)
    close = nav.get_by_role("button", name="Close navigation")

    # Closed: off screen, and out of the tab order.
    expect(toggle).to_have_attribute("aria-expanded", "false")
    expect(link).not_to_be_in_viewport()
    expect(nav).to_have_attribute("inert", "")

    # Opened with the ☰ button: the focus moves to the drawer's Close button; the ☰ button stays uncovered.
    toggle.click()
    expect(toggle).to_have_attribute("aria-expanded", "true")
    expect(nav).not_to_have_attribute("inert", "")
    expect(link).to_be_in_viewport()
    expect(close).to_be_visible()
    expect(close).to_be_focused()
    assert covers(page, toggle), "the open drawer covers its own toggle"
    page.screenshot(path=screenshot_path("host-layout-phone-drawer-open"))

    # The Close button closes it and gives the focus back to the ☰ button.
    close.click()
    expect(toggle).to_have_attribute("aria-expanded", "false")
    expect(toggle).to_be_focused()
    expect(link).not_to_be_in_viewport()

    # Escape does the same, from anywhere in the drawer.
    toggle.click()
    expect(close).to_be_focused()
    page.keyboard.press("Tab")
    expect(nav.get_by_role("link", name="Today")).to_be_focused()
    page.keyboard.press("Escape")
    expect(toggle).to_have_attribute("aria-expanded", "false")
    expect(toggle).to_be_focused()
    expect(link).not_to_be_in_viewport()

    # A tap on the backdrop, beside the drawer, closes it too.
    toggle.click()
    expect(link).to_be_in_viewport()
    page.mouse.click(380, 500)
    expect(toggle).to_have_attribute("aria-expanded", "false")
    expect(toggle).to_be_focused()
    expect(link).not_to_be_in_viewport()

    # And so does the ☰ button again.
    toggle.click()
    expect(toggle).to_have_attribute("aria-expanded", "true")
    toggle.click()
    expect(toggle).to_have_attribute("aria-expanded", "false")
    expect(link).not_to_be_in_viewport()

    # The links in it work.
    toggle.click()
    link.click()
    page.wait_for_url(f"{live_server.url}/reservations/")
    assert browser_problems.items == []


def test_on_a_desktop_the_sidebar_runs_the_length_of_a_long_page_and_its_menu_stays_in_view(
    live_server, new_page, browser_problems, stay
):
    page = new_page("desktop")
    sign_in(page, live_server.url, EMAIL, then=f"/reservations/{stay.pk}/")
    nav = page.get_by_role("navigation", name="Main")
    expect(page.get_by_role("button", name="Menu", exact=True)).to_be_hidden()
    expect(nav.get_by_role("button", name="Close navigation")).to_be_hidden()
    expect(nav).not_to_have_attribute("inert", "")

    # A page three windows long (the spacer's height is set through the CSSOM, which the CSP allows).
    page.evaluate(
        "document.getElementById('content').appendChild(document.createElement('div')).style.height = '2700px'"
    )
    page_height = page.evaluate("document.documentElement.scrollHeight")
    assert page_height > 3 * 900
    sidebar = page.locator("#sidebar").bounding_box()
    assert sidebar["y"] == 0 and sidebar["height"] >= page_height - 1, "the dark sidebar stops short of the page's end"

    page.evaluate("window.scrollTo(0, document.documentElement.scrollHeight)")
    expect(nav.get_by_role("link", name="Settings")).to_be_in_viewport()
    page.screenshot(path=screenshot_path("host-layout-desktop-long-page-full"), full_page=True)
    assert browser_problems.items == []


@pytest.mark.parametrize("viewport", ["desktop", "phone"])
def test_a_toast_covers_no_page_action_lets_clicks_through_and_can_be_dismissed(
    live_server, new_page, browser_problems, stay, viewport
):
    page = new_page(viewport)
    sign_in(page, live_server.url, EMAIL, then=f"/reservations/{stay.pk}/")
    page.get_by_role("button", name="Make a new link").click()
    toast = page.locator(".toast", has_text="A new guest link was made")
    expect(toast).to_be_visible()
    page.screenshot(path=screenshot_path(f"host-layout-{viewport}-toast"))

    # Nothing the page lets you do is under it: the page's buttons and links in view are all uncovered.
    box = toast.bounding_box()
    for action in (
        page.locator("#content").get_by_role("button").all() + page.locator("#content").get_by_role("link").all()
    ):
        if action.is_visible() and action.evaluate(
            "el => { const r = el.getBoundingClientRect(); return r.bottom > 0 && r.top < innerHeight; }"
        ):
            assert not intersect(box, action.bounding_box()), f"the toast covers {action.inner_text()!r}"

    # The strip the toasts sit in lets clicks through beside the toast.
    strip = page.locator("#toasts")
    assert strip.evaluate("el => getComputedStyle(el).pointerEvents") == "none"
    assert toast.evaluate("el => getComputedStyle(el).pointerEvents") == "auto"

    # Nor is the button the host just pressed, wherever it is scrolled to while the toast shows: at the foot of the
    # window (where a corner toast sat on it) or, at a desk, at its top (on a phone the toast is under the top bar).
    make_new = page.get_by_role("button", name="Make a new link")
    page.evaluate(SPACERS)
    scroll_to = {
        "foot": "el => scrollBy(0, el.getBoundingClientRect().bottom - innerHeight + 4)",
        "top": "el => scrollBy(0, el.getBoundingClientRect().top - 4)",
        "middle": "el => scrollBy(0, el.getBoundingClientRect().top - innerHeight / 2)",
    }
    for where in ["foot", "top"] if viewport == "desktop" else ["foot", "middle"]:
        make_new.evaluate(scroll_to[where])
        clear = not intersect(toast.bounding_box(), make_new.bounding_box()) and covers(page, make_new)
        assert clear, f"the toast covers the button scrolled to the {where} of the window"

    toast.get_by_role("button", name="Dismiss").click()
    expect(toast).to_have_count(0)
    assert browser_problems.items == []
