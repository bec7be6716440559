""" "Send a template…": the chosen message's words for the guest, editable before sending."""

import pytest
from django.urls import reverse
from pytest_django.asserts import assertContains

from notifications.models import Event, MessageTemplate
from tests.notifications.views.conftest import HTMX

pytestmark = pytest.mark.django_db


def url(reservation):
    return reverse("notifications:preview", args=[reservation.pk])


def test_the_hosts_wording_is_filled_in_for_the_guest(cast, client_for, guest, fake_twilio):
    MessageTemplate.objects.create(
        organization=cast.organization,
        event=Event.CHECKIN_REMINDER,
        language="en",
        body="Hi {guest_name}, please check in for {property_name}.",
    )
    guest.guest_language = "en"
    guest.save()

    response = client_for(cast.concierge).get(url(guest), {"event": "checkin_reminder", "channel": "sms"}, headers=HTMX)

    assertContains(response, "Hi Ana, please check in for Villa Mar.")
    assertContains(response, 'name="draft-body"')
    assertContains(response, 'name="draft-channel" value="sms"')


def test_the_default_wording_without_a_template(cast, client_for, guest, fake_twilio):
    response = client_for(cast.owner).get(url(guest), {"event": "booking_confirmed", "channel": "email"}, headers=HTMX)

    assert response.status_code == 200
    assertContains(response, guest.portal_token)
    assertContains(response, 'name="draft-subject"')


def test_a_channel_the_guest_lacks_falls_back_to_one_they_have(cast, client_for, guest, settings):
    settings.TWILIO_ACCOUNT_SID = ""

    response = client_for(cast.owner).get(url(guest), {"event": "manual", "channel": "whatsapp"}, headers=HTMX)

    assertContains(response, 'name="draft-channel" value="email"')
