"""The host's side of an order: approve or decline, refund, keep or release a deposit — each recorded once."""

import uuid
from datetime import date, timedelta

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from payments.models import DepositPolicy, Order, OrderStatus, Transaction
from payments.services.checkout import start_checkout, start_deposit
from payments.services.orders import approve, claim_deposit, decline, refund, release_deposit
from payments.tasks import payments_housekeeping


@pytest.fixture
def paid(selling, stay, breakfast, fake_stripe, deliver):
    order = start_checkout(reservation=stay, quantities={breakfast.pk: 2}, language="en")
    fake_stripe.pay(order.checkout_session_id)
    deliver()
    order.refresh_from_db()
    assert order.status == OrderStatus.PAID
    return order


@pytest.fixture
def authorised(selling, stay, late_checkout, fake_stripe, deliver):
    order = start_checkout(reservation=stay, quantities={late_checkout.pk: 1}, language="en")
    fake_stripe.pay(order.checkout_session_id)
    deliver()
    order.refresh_from_db()
    assert order.status == OrderStatus.AUTHORISED
    return order


def amounts(order):
    return [(t.kind, t.gross, t.commission, t.host_net) for t in Transaction.objects.filter(order=order)]


def test_approving_takes_the_payment(cast, authorised, deliver, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        approve(actor=cast.manager, order=authorised)
    deliver()  # Stripe's own events about the capture change nothing more

    authorised.refresh_from_db()
    assert authorised.status == OrderStatus.PAID
    assert ("capture", 3000, 300, 2700) in amounts(authorised)
    assert authorised.decided_by == cast.manager.user.email


def test_declining_releases_the_authorisation(cast, authorised, deliver, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        decline(actor=cast.owner, order=authorised, reason="The next guests arrive at noon.")
    deliver()

    authorised.refresh_from_db()
    assert authorised.status == OrderStatus.DECLINED
    assert not Transaction.objects.filter(order=authorised, kind__in=["charge", "capture"]).exists()


def test_a_declined_order_cannot_be_approved_after(cast, authorised):
    decline(actor=cast.owner, order=authorised)

    with pytest.raises(ValidationError, match="not waiting for approval"):
        approve(actor=cast.owner, order=authorised)


def test_an_unanswered_request_is_declined_at_its_deadline(authorised):
    Order.objects.filter(pk=authorised.pk).update(approval_deadline=timezone.now() - timedelta(minutes=1))

    payments_housekeeping.call()

    authorised.refresh_from_db()
    assert authorised.status == OrderStatus.DECLINED
    assert authorised.decision_note == "Not answered in time"


def test_a_concierge_sees_orders_but_moves_no_money(cast, authorised, paid):
    with pytest.raises(PermissionDenied):
        approve(actor=cast.concierge, order=authorised)
    with pytest.raises(PermissionDenied):
        refund(actor=cast.concierge, order=paid, amount=100, reason="", request_key="k")


def test_a_partial_refund_gives_back_its_share_of_the_commission(cast, paid):
    refund(actor=cast.owner, order=paid, amount=1500, reason="One basket was missing", request_key=str(uuid.uuid4()))

    paid.refresh_from_db()
    assert paid.status == OrderStatus.PARTIALLY_REFUNDED
    assert ("refund", -1500, -150, -1350) in amounts(paid)
    assert paid.refundable == 1500


def test_refunding_more_than_remains_is_refused_with_the_most_possible(cast, paid):
    refund(actor=cast.owner, order=paid, amount=2000, reason="", request_key="a")

    with pytest.raises(ValidationError, match="You can refund at most €10.00"):
        refund(actor=cast.owner, order=paid, amount=1001, reason="", request_key="b")
    assert Transaction.objects.filter(order=paid, kind="refund").count() == 1


def test_a_refund_submitted_twice_is_one_refund(cast, paid):
    key = str(uuid.uuid4())

    refund(actor=cast.owner, order=paid, amount=500, reason="", request_key=key)
    refund(actor=cast.owner, order=paid, amount=500, reason="", request_key=key)

    paid.refresh_from_db()
    assert paid.refunded == 500


def test_a_refund_made_in_stripes_dashboard_is_reconciled(paid, fake_stripe, deliver):
    fake_stripe.refund_in_dashboard(paid.payment_intent_id, 3000)

    deliver()

    paid.refresh_from_db()
    assert paid.status == OrderStatus.REFUNDED
    assert ("refund", -3000, -300, -2700) in amounts(paid)


@pytest.fixture
def deposit_policy(cast):
    return DepositPolicy.objects.create(
        organization=cast.organization, property=cast.villa, amount=20000, authorise_days_before_arrival=5
    )


@pytest.fixture
def held_deposit(selling, stay, deposit_policy, fake_stripe, deliver):
    stay.check_in, stay.check_out = date.today() + timedelta(days=2), date.today() + timedelta(days=5)
    stay.save()
    order = start_deposit(reservation=stay, language="en")
    fake_stripe.pay(order.checkout_session_id)
    deliver()
    order.refresh_from_db()
    assert order.status == OrderStatus.AUTHORISED
    return order


def test_a_claimed_part_of_the_deposit_is_taken_without_commission(
    cast, held_deposit, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        claim_deposit(actor=cast.owner, order=held_deposit, amount=5000, reason="A broken lamp")

    held_deposit.refresh_from_db()
    assert held_deposit.status == OrderStatus.PAID
    assert ("capture", 5000, 0, 5000) in amounts(held_deposit)
    assert "A broken lamp" in mail.outbox[-1].body


def test_a_claim_needs_a_reason_and_a_fitting_amount(cast, held_deposit):
    with pytest.raises(ValidationError, match="Say why"):
        claim_deposit(actor=cast.owner, order=held_deposit, amount=5000, reason=" ")
    with pytest.raises(ValidationError, match="Claim between"):
        claim_deposit(actor=cast.owner, order=held_deposit, amount=20001, reason="Too much")


def test_an_unclaimed_deposit_is_released_after_check_out(held_deposit):
    Order.objects.filter(pk=held_deposit.pk).update(release_after=timezone.now() - timedelta(minutes=1))

    payments_housekeeping.call()

    held_deposit.refresh_from_db()
    assert held_deposit.status == OrderStatus.RELEASED


def test_releasing_by_hand(cast, held_deposit):
    release_deposit(actor=cast.manager, order=held_deposit)

    held_deposit.refresh_from_db()
    assert held_deposit.status == OrderStatus.RELEASED
