"""The guest hears of their extras (ordered, approved, declined) once each, and the team of each new order."""

import pytest
from django.core import mail

from notifications.models import Automation, Event, Message
from payments.models import OrderStatus
from payments.services.checkout import start_checkout
from payments.services.orders import approve, decline


def guest_messages(stay):
    return list(Message.objects.filter(reservation=stay).order_by("pk").values_list("body", flat=True))


def team_emails():
    return [message for message in mail.outbox if "owner@seaside.test" in message.to]


def buy(stay, extra, fake_stripe, deliver, **delivery):
    order = start_checkout(reservation=stay, quantities={extra.pk: 1}, language="en")
    fake_stripe.pay(order.checkout_session_id)
    deliver(**delivery)
    order.refresh_from_db()
    return order


@pytest.fixture
def authorised(selling, stay, late_checkout, fake_stripe, deliver):
    order = buy(stay, late_checkout, fake_stripe, deliver)
    assert order.status == OrderStatus.AUTHORISED
    return order


def test_a_paid_extra_sends_the_guest_a_receipt_and_emails_the_team(selling, stay, breakfast, fake_stripe, deliver):
    buy(stay, breakfast, fake_stripe, deliver)

    (receipt,) = guest_messages(stay)
    assert "1 × Breakfast basket" in receipt
    assert "it is confirmed and paid" in receipt
    (team,) = team_emails()
    assert sorted(team.to) == ["manager@seaside.test", "owner@seaside.test"]  # the concierge does not handle orders
    assert "Ana Villa ordered extras — Villa Mar" in team.subject
    assert "It is paid." in team.body


def test_an_extra_awaiting_approval_says_so_to_the_guest_and_the_team(authorised, stay):
    (receipt,) = guest_messages(stay)
    assert "your host will confirm it shortly" in receipt
    (team,) = team_emails()
    assert "(your approval needed)" in team.subject
    assert f"/reservations/{stay.pk}/" in team.body


def test_approving_tells_the_guest(cast, authorised, stay, deliver, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        approve(actor=cast.manager, order=authorised)
    deliver()

    assert "has been approved" in guest_messages(stay)[-1]
    assert len(guest_messages(stay)) == 2


def test_declining_tells_the_guest_nothing_was_charged(
    cast, authorised, stay, deliver, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        decline(actor=cast.owner, order=authorised, reason="The next guests arrive at noon.")
    deliver()

    assert "could not be confirmed" in guest_messages(stay)[-1]
    assert len(team_emails()) == 1  # the team made the decision: only the order was news to them


def test_stripe_repeating_its_events_sends_each_message_once(selling, stay, breakfast, fake_stripe, deliver):
    buy(stay, breakfast, fake_stripe, deliver, twice=True, order="reversed")

    assert len(guest_messages(stay)) == 1
    assert len(team_emails()) == 1


def test_the_guest_reads_the_receipt_in_their_language(selling, stay, breakfast, fake_stripe, deliver):
    stay.guest_language = "es"
    stay.save()

    buy(stay, breakfast, fake_stripe, deliver)

    (receipt,) = guest_messages(stay)
    assert "está confirmado y pagado" in receipt


def test_a_host_can_turn_off_the_receipt_and_the_team_email(cast, selling, stay, breakfast, fake_stripe, deliver):
    for event in (Event.EXTRA_PURCHASED, Event.TEAM_EXTRA_PURCHASED):
        Automation.objects.create(organization=cast.organization, event=event, enabled=False)

    buy(stay, breakfast, fake_stripe, deliver)

    assert guest_messages(stay) == []
    assert team_emails() == []
