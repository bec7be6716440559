"""Every guest page and every host page passes axe-core's checks (WCAG 2 A/AA and best practices).

The guest portal is checked on a phone with a pale yellow brand colour, the
hardest case for the automatic text colour: the contrast rules must still hold.
Error states are checked too, since that is when labels and announcements matter.
"""

import random
from datetime import timedelta

import pytest
from axe_playwright_python.sync_playwright import Axe
from django.utils import timezone

from accounts.permissions import Role
from properties.models import Brand
from reservations.checkin.services.forms import ensure_default_form
from reservations.checkin.services.submissions import start_checkin
from reservations.management.commands import _demo_checkins, _demo_guides
from tests.checkins import fill_in_everything
from tests.e2e.helpers import sign_in
from tests.factories import MembershipFactory, PropertyFactory, ReservationFactory

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

AXE = Axe()


def violations(page):
    """axe's findings on the page as it is now, one readable line each."""
    found = AXE.run(page).response["violations"]
    return [
        f"{page.url}: [{v['impact']}] {v['id']}: {v['help']} at {[node['target'] for node in v['nodes']][:3]}"
        for v in found
    ]


@pytest.fixture
def stays():
    owner = MembershipFactory(user__email="owner@seaside.test", role=Role.OWNER, organization__name="Seaside Stays")
    organization = owner.organization
    Brand.objects.create(organization=organization, primary_color="#ffe14d", accent_color="#fff3b0")
    ensure_default_form(organization)
    villa = PropertyFactory(organization=organization, name="Villa Mar", max_guests=4)
    _demo_guides.fill(owner, [villa])
    today = timezone.localdate(timezone=villa.tz)

    def stay(**extra):
        return ReservationFactory(
            property=villa,
            guests_count=2,
            guest_email="ana@example.net",
            guest_phone="+34611987654",
            check_in=today,
            check_out=today + timedelta(days=4),
            **extra,
        )

    new, answered, done = stay(guest_name="Nora New"), stay(guest_name="Ana Answered"), stay(guest_name="Dan Done")
    fill_in_everything(start_checkin(reservation=answered, language="en"), party_size=2)
    _demo_checkins.fill(done, companions=["Eva"], complete=True, completed_at=timezone.now(), rng=random.Random(1))
    return {"owner": owner, "villa": villa, "new": new, "answered": answered, "done": done}


def test_the_guest_portal_passes_on_a_phone_with_a_pale_brand_colour(live_server, new_page, stays):
    page = new_page("phone")
    portal = f"{live_server.url}/g/"
    answered = portal + stays["answered"].portal_token
    done = portal + stays["done"].portal_token
    found = []
    for url in [
        portal + stays["new"].portal_token + "/",
        *(f"{answered}/checkin/{step}/" for step in ["details", "guest-1", "guest-2", "documents", "agreement"]),
        f"{answered}/checkin/review/",
        f"{done}/checkin/done/",
        f"{done}/guide/",
    ]:
        page.goto(url)
        found += violations(page)

    # A step sent with a required answer missing: the error is shown at the field.
    page.goto(f"{answered}/checkin/guest-2/")
    page.locator("input[name='f-first_name']").fill("")
    page.locator("form button[type=submit]").first.click()
    page.wait_for_selector("[aria-invalid=true]")
    found += violations(page)

    assert found == [], "\n".join(found)


def test_the_public_guide_and_its_printed_sheet_pass(live_server, new_page, stays):
    page = new_page("phone")
    found = []
    for path in ["", "print/"]:
        page.goto(f"{live_server.url}/guide/{stays['villa'].guide_token}/{path}")
        found += violations(page)
    assert found == [], "\n".join(found)


@pytest.mark.parametrize("viewport", ["desktop", "phone"])
def test_the_host_dashboard_passes(live_server, new_page, stays, viewport):
    page = new_page(viewport)
    found = []
    for path in [
        "/accounts/login/",
        "/accounts/signup/",
        "/accounts/signup/sent/",
        "/accounts/signup/confirm/not-a-user/not-a-token/",
        "/accounts/password-reset/",
    ]:
        page.goto(live_server.url + path)
        found += violations(page)

    villa, done = stays["villa"], stays["done"]
    sign_in(page, live_server.url, "owner@seaside.test")
    for path in [
        "/",
        "/reservations/",
        "/reservations/guest-register/",
        "/reservations/new/",
        f"/reservations/{done.pk}/",
        f"/reservations/{done.pk}/edit/",
        "/properties/",
        f"/properties/{villa.pk}/",
        f"/properties/{villa.pk}/edit/",
        f"/properties/{villa.pk}/branding/",
        f"/properties/{villa.pk}/guide/",
        "/properties/branding/",
        "/checkin/forms/",
        f"/checkin/forms/{done.organization.checkin_forms.get().pk}/",
        "/properties/guide/shared/",
        "/accounts/team/",
        "/accounts/activity/",
        "/accounts/settings/",
        "/accounts/profile/",
    ]:
        page.goto(live_server.url + path)
        found += violations(page)

    if viewport == "phone":
        page.get_by_role("button", name="Menu").click()
        page.wait_for_selector(".sidebar.open")
        found += violations(page)

    # A form sent with mistakes.
    page.goto(f"{live_server.url}/reservations/new/")
    page.get_by_role("button", name="Add reservation").click()
    page.wait_for_selector("[aria-invalid=true]")
    found += violations(page)

    assert found == [], "\n".join(found)
