"""The guest can reach their host from the portal, and can go back to any step from the review."""

import pytest
from django.urls import reverse

from reservations.checkin.services.submissions import start_checkin, submit_checkin
from tests.checkins import fill_in_everything

pytestmark = pytest.mark.django_db


def page(client, reservation, name, *args):
    return client.get(reverse(f"portal:{name}", args=[reservation.portal_token, *args])).content.decode()


def test_without_any_contact_there_is_no_card(client, portal):
    assert "Your host" not in page(client, portal, "home")


def test_the_accounts_contact_is_on_the_first_page_to_call_message_or_write(client, cast, portal):
    organization = cast.organization
    organization.contact_name, organization.contact_email = "Marta, your host", "marta@seaside.test"
    organization.contact_phone = organization.contact_whatsapp = "+34600123456"
    organization.save()

    html = page(client, portal, "home")

    assert "Marta, your host" in html
    assert 'href="tel:+34600123456"' in html
    assert 'href="https://wa.me/34600123456"' in html
    assert 'href="mailto:marta@seaside.test"' in html


def test_a_propertys_own_contact_comes_before_the_accounts(client, cast, portal):
    cast.organization.contact_phone = "+34600123456"
    cast.organization.save()
    cast.villa.contact_name, cast.villa.contact_phone = "Tom at Villa Mar", "+34611222333"
    cast.villa.save()

    html = page(client, portal, "home")

    assert "Tom at Villa Mar" in html and "tel:+34611222333" in html and "tel:+34600123456" not in html


def test_the_done_page_shows_the_contact_it_tells_the_guest_to_use(client, cast, portal):
    cast.organization.contact_phone = "+34600123456"
    cast.organization.save()
    submission = start_checkin(reservation=portal, language="en")
    fill_in_everything(submission)
    submit_checkin(submission=submission, notify=False)

    html = page(client, portal, "done")

    assert "contact your host" in html and "tel:+34600123456" in html


def test_each_section_of_the_review_links_back_to_its_step(client, portal):
    submission = start_checkin(reservation=portal, language="en")
    fill_in_everything(submission)

    html = page(client, portal, "step", "review")

    for step in ("details", "guest-1", "guest-2", "agreement"):
        assert reverse("portal:step", args=[portal.portal_token, step]) in html
    assert 'Edit<span class="visually-hidden">: Main guest</span>' in html


def test_the_done_page_has_no_edit_links(client, portal):
    submission = start_checkin(reservation=portal, language="en")
    fill_in_everything(submission)
    submit_checkin(submission=submission, notify=False)

    assert reverse("portal:step", args=[portal.portal_token, "guest-1"]) not in page(client, portal, "done")
