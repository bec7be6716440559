"""A host deletes a guest's ID documents before the retention period ends: asked first, then done."""

import random

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from accounts.permissions import Role
from reservations.checkin.models import DocumentKind, GuestDocument
from reservations.checkin.services.forms import ensure_default_form
from reservations.management.commands import _demo_checkins
from tests.e2e.helpers import screenshot_path, sign_in
from tests.factories import MembershipFactory, PropertyFactory, ReservationFactory

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_the_host_is_asked_before_the_documents_go(live_server, new_page, browser_problems):
    owner = MembershipFactory(user__email="owner@seaside.test", role=Role.OWNER)
    ensure_default_form(owner.organization)
    stay = ReservationFactory(
        property=PropertyFactory(organization=owner.organization),
        guests_count=1,
        guest_email="ana@example.net",
        guest_phone="+34611987654",
    )
    _demo_checkins.fill(stay, companions=[], complete=True, completed_at=timezone.now(), rng=random.Random(7))
    assert GuestDocument.objects.filter(submission__reservation=stay, kind=DocumentKind.FRONT).count() == 1

    page = new_page("desktop")
    sign_in(page, live_server.url, "owner@seaside.test", then=f"/reservations/{stay.pk}/")
    panel = page.get_by_role("region", name="Online check-in")
    expect(panel).to_contain_text("deleted automatically on")

    # Changing one's mind: nothing is sent.
    page.once("dialog", lambda dialog: dialog.dismiss())
    panel.get_by_role("button", name="Delete them now").click()
    expect(panel.get_by_role("button", name="Delete them now")).to_be_visible()
    assert GuestDocument.objects.filter(submission__reservation=stay, kind=DocumentKind.FRONT).exists()

    page.once("dialog", lambda dialog: dialog.accept())
    panel.get_by_role("button", name="Delete them now").click()
    expect(page.get_by_text("The guests’ identity documents and document numbers are deleted.")).to_be_visible()
    expect(panel).to_contain_text("identity documents deleted on")
    expect(panel.get_by_role("button", name="Delete them now")).to_have_count(0)
    expect(page.get_by_role("img", name="Guest signature")).to_be_visible()  # the signed agreement stays
    page.screenshot(path=screenshot_path("documents-deleted"), full_page=True)

    assert list(GuestDocument.objects.filter(submission__reservation=stay).values_list("kind", flat=True)) == [
        DocumentKind.SIGNATURE
    ]
    assert browser_problems.items == []
