"""A stay's conversation: who sees it, how messages show, the poll for newer ones, marking read."""

import pytest
from django.urls import reverse
from pytest_django.asserts import assertContains, assertNotContains

from notifications.models import Channel, Direction, Message, MessageStatus, OptOut
from tests.notifications.views.conftest import HTMX

pytestmark = pytest.mark.django_db


def url(reservation, **params):
    base = reverse("notifications:conversation", args=[reservation.pk])
    return base + ("?" + "&".join(f"{k}={v}" for k, v in params.items()) if params else "")


@pytest.mark.parametrize("role", ["owner", "manager", "concierge"])
def test_members_who_see_the_stay_read_its_conversation(cast, client_for, guest, say, role):
    say(guest, "Can we arrive at 13:00?")

    response = client_for(cast.member(role)).get(url(guest))

    assertContains(response, "Can we arrive at 13:00?")
    assertContains(response, 'class="chat-message chat-in')


@pytest.mark.parametrize("role", ["manager", "concierge"])
def test_a_stay_of_a_property_not_assigned_is_404(cast, client_for, say, role):
    say(cast.loft_reservation, "Secret loft question")

    assert client_for(cast.member(role)).get(url(cast.loft_reservation)).status_code == 404


def test_an_outsider_gets_404(cast, client_for, guest, say):
    say(guest)

    assert client_for(cast.outsider).get(url(guest)).status_code == 404


def test_inbound_left_outbound_right_with_status_ticks_and_failures(cast, client_for, guest, say):
    say(guest, "Hello?")
    say(guest, "Delivered one", direction=Direction.OUTBOUND, status=MessageStatus.DELIVERED)
    failed = say(
        guest,
        "Failed one",
        direction=Direction.OUTBOUND,
        status=MessageStatus.FAILED,
        error_code="63016",
        error_message="Outside the 24-hour window",
    )
    say(guest, "Failed one", channel=Channel.SMS, direction=Direction.OUTBOUND, fallback_for=failed)

    response = client_for(cast.owner).get(url(guest))

    assertContains(response, 'class="chat-message chat-out', count=3)
    assertContains(response, "Delivered")
    assertContains(response, "Outside the 24-hour window")
    assertContains(response, "error 63016")
    assertContains(response, "Sent by SMS instead")


def test_opt_outs_show(cast, client_for, guest):
    OptOut.objects.create(organization=cast.organization, contact="+34600111222", channel=Channel.WHATSAPP)

    assertContains(client_for(cast.concierge).get(url(guest)), "Opted out of WhatsApp automated messages")


def test_the_poll_returns_only_newer_messages_and_a_new_poll(cast, client_for, guest, say):
    old = say(guest, "Old message")
    new = say(guest, "New message")

    response = client_for(cast.concierge).get(url(guest, after=old.pk), headers=HTMX)

    assertContains(response, "New message")
    assertNotContains(response, "Old message")
    assertContains(response, f"?after={new.pk}&amp;")
    assertNotContains(response, "<html")


def test_the_poll_with_nothing_new_keeps_polling_from_the_same_message(cast, client_for, guest, say):
    last = say(guest, "Only message")

    response = client_for(cast.concierge).get(url(guest, after=last.pk), headers=HTMX)

    assertNotContains(response, "Only message")
    assertContains(response, f"?after={last.pk}&amp;")


@pytest.mark.parametrize("after", ["abc", "-5", "99999999999999999999999", "\x00"])
def test_a_nonsense_poll_position_is_no_error(cast, client_for, guest, say, after):
    say(guest)

    assert client_for(cast.owner).get(url(guest), {"after": after}, headers=HTMX).status_code == 200


def test_viewing_marks_the_guests_messages_read(cast, client_for, guest, say):
    message = say(guest)

    client_for(cast.concierge).get(url(guest))

    message.refresh_from_db()
    assert message.read_at is not None


def test_the_card_loads_into_the_reservation_page(cast, client_for, guest):
    page = client_for(cast.concierge).get(reverse("reservations:detail", args=[guest.pk]))
    assertContains(page, f'hx-get="{url(guest)}"')

    card = client_for(cast.concierge).get(url(guest), headers=HTMX)
    assertContains(card, 'id="messages"')
    assertNotContains(card, "<html")


def test_the_reply_offers_only_the_channels_the_guest_can_be_reached_on(cast, client_for, guest, fake_twilio):
    guest.guest_phone = ""
    guest.save()

    response = client_for(cast.owner).get(url(guest))

    assertContains(response, '<option value="email"')
    assertNotContains(response, '<option value="sms"')
    assertNotContains(response, '<option value="whatsapp"')


def test_with_messaging_off_only_email_is_offered(cast, client_for, guest, settings):
    settings.TWILIO_ACCOUNT_SID = ""

    response = client_for(cast.owner).get(url(guest))

    assertContains(response, "email only")
    assertNotContains(response, '<option value="sms"')


def test_outside_the_window_without_templates_whatsapp_says_so(cast, client_for, guest, fake_twilio):
    response = client_for(cast.owner).get(url(guest))

    assertContains(response, "WhatsApp only lets you send an approved template")
    assertContains(response, "No WhatsApp template is configured yet. Send an SMS or an email instead.")


def test_inside_the_window_free_text_whatsapp_is_the_default(cast, client_for, guest, fake_twilio, say):
    say(guest, "Hola")

    response = client_for(cast.owner).get(url(guest))

    assertNotContains(response, "WhatsApp only lets you send an approved template")
    assertContains(response, '<option value="whatsapp" selected')


def test_no_message_of_another_stay_shows(cast, client_for, guest, say):
    say(cast.loft_reservation, "Loft guest")

    assertNotContains(client_for(cast.owner).get(url(guest)), "Loft guest")
    assert Message.objects.count() == 1


def test_a_guest_message_opening_the_whatsapp_window_redraws_the_whole_card(cast, client_for, guest, fake_twilio, say):
    before = say(guest, "Old SMS", channel=Channel.SMS)
    say(guest, "New WhatsApp")

    response = client_for(cast.owner).get(url(guest, after=before.pk, window=0), headers=HTMX)

    assert response["HX-Retarget"] == "#messages"
    assertContains(response, 'id="messages"')
    assertNotContains(response, "WhatsApp only lets you send an approved template")
