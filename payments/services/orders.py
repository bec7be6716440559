"""An order's money as Stripe moves it: recorded once per Stripe object, statuses only moving forward.

`sync_payment` is the one place that reads a PaymentIntent into an order and its transactions,
whoever asks (a webhook, an approval, a claim): events arriving in any order, or twice, end in
the same records.
"""

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Sum
from django.utils import timezone
from django.utils.translation import gettext as _
from stripe import StripeError

from accounts.activity import record_action
from accounts.permissions import Rule, require
from payments.models import NEXT_STATUSES, Order, OrderKind, OrderStatus, Transaction, TransactionKind
from payments.money import money, refund_commission
from payments.stripe_api import client, payments_enabled
from reservations.signals import extras_order_changed

EXPAND = ["latest_charge.balance_transaction"]


def advance(order, status):
    """Move the order to `status` if that is forward from where it is; False (and nothing changes) if not."""
    current = Order.objects.filter(pk=order.pk).values_list("status", flat=True).first()
    if current is None or (status != current and status not in NEXT_STATUSES[current]):
        order.status = current or order.status
        return False
    if status != current:
        moved = Order.objects.filter(pk=order.pk, status=current).update(status=status, updated_at=timezone.now())
        if moved and order.kind == OrderKind.EXTRAS:
            _announce(order, current, status)
    order.status = status
    return True


# What a move of an order of extras means to the guest and the team (reservations.signals).
CHANGES = {
    (OrderStatus.PENDING, OrderStatus.AUTHORISED): "purchased",
    (OrderStatus.PENDING, OrderStatus.PAID): "purchased",
    (OrderStatus.AUTHORISED, OrderStatus.PAID): "approved",
    (OrderStatus.AUTHORISED, OrderStatus.DECLINED): "declined",
}


def _announce(order, before, after):
    change = CHANGES.get((before, after))
    if change is None:
        return
    extras = ", ".join(str(item) for item in order.items.all())
    transaction.on_commit(
        lambda: extras_order_changed.send(
            sender=Order,
            reservation=order.reservation,
            order_id=order.pk,
            change=change,
            awaiting_approval=after == OrderStatus.AUTHORISED,
            extras=extras,
        )
    )


def record(order, *, kind, stripe_id, gross, commission=0, processing_fee=None, note=""):
    """One transaction per (kind, Stripe object): a second call for the same one returns the first."""
    try:
        with transaction.atomic():
            return Transaction.objects.create(
                organization_id=order.organization_id,
                order=order,
                reservation_id=order.reservation_id,
                kind=kind,
                currency=order.currency,
                gross=gross,
                commission=commission,
                host_net=gross - commission,
                processing_fee=processing_fee,
                stripe_id=stripe_id,
                note=note[:500],
            )
    except IntegrityError:
        return Transaction.objects.get(kind=kind, stripe_id=stripe_id)


def sync_payment(order, intent=None):
    """Bring the order in line with its PaymentIntent (fetched, with its charge and fee, unless given)."""
    intent_id = order.payment_intent_id
    if intent is None:
        if not intent_id:
            return order
        intent = client().v1.payment_intents.retrieve(intent_id, params={"expand": EXPAND}).to_dict()
    status = intent.get("status")
    if status == "requires_capture":
        commission = order.commission
        record(
            order, kind=TransactionKind.AUTHORISATION, stripe_id=intent["id"], gross=order.amount, commission=commission
        )
        advance(order, OrderStatus.AUTHORISED)
    elif status == "succeeded":
        _record_taken(order, intent)
    elif status == "canceled":
        _record_released(order, intent)
    elif status == "requires_payment_method" and order.status == OrderStatus.PENDING:
        advance(order, OrderStatus.FAILED)
    return order


def _record_taken(order, intent):
    charge = intent.get("latest_charge") if isinstance(intent.get("latest_charge"), dict) else {}
    balance = charge.get("balance_transaction") if isinstance(charge.get("balance_transaction"), dict) else {}
    taken = int(intent.get("amount_received") or 0)
    was_authorised = (
        Transaction.objects.filter(order=order, kind=TransactionKind.AUTHORISATION, stripe_id=intent["id"]).exists()
        or intent.get("capture_method") == "manual"
    )
    # A deposit claimed in part takes no commission; extras are taken whole, with the order's commission.
    commission = order.commission if taken == order.amount else 0
    record(
        order,
        kind=TransactionKind.CAPTURE if was_authorised else TransactionKind.CHARGE,
        stripe_id=charge.get("id") or intent["id"],
        gross=taken,
        commission=commission,
        processing_fee=balance.get("fee"),
    )
    Order.objects.filter(pk=order.pk, captured__lt=taken).update(captured=taken, paid_at=timezone.now())
    order.captured = max(order.captured, taken)
    advance(order, OrderStatus.PAID)


def _record_released(order, intent):
    record(order, kind=TransactionKind.RELEASE, stripe_id=intent["id"], gross=0, note="Authorisation released")
    if order.status == OrderStatus.AUTHORISED:
        advance(order, OrderStatus.RELEASED if order.kind == OrderKind.DEPOSIT else OrderStatus.DECLINED)
    elif order.status == OrderStatus.PENDING:
        advance(order, OrderStatus.FAILED)


def record_refund(order, *, refund_id, amount, note=""):
    """A refund (made here or in Stripe's dashboard) as a negative transaction, once; the order follows."""
    with transaction.atomic():
        order = Order.objects.select_for_update().get(pk=order.pk)
        if Transaction.objects.filter(kind=TransactionKind.REFUND, stripe_id=refund_id).exists():
            return order
        refunded_commission = -(
            Transaction.objects.filter(order=order, kind=TransactionKind.REFUND).aggregate(s=Sum("commission"))["s"]
            or 0
        )
        base = order.captured or order.amount
        amount = min(amount, base - order.refunded)
        commission = refund_commission(
            amount=base,
            commission=order.commission if base == order.amount else 0,
            refunded_before=order.refunded,
            commission_refunded=refunded_commission,
            refund=amount,
        )
        record(
            order, kind=TransactionKind.REFUND, stripe_id=refund_id, gross=-amount, commission=-commission, note=note
        )
        order.refunded += amount
        Order.objects.filter(pk=order.pk).update(refunded=order.refunded)
        advance(order, OrderStatus.REFUNDED if order.refunded >= base else OrderStatus.PARTIALLY_REFUNDED)
    return order


# What the host's team does.


def approve(*, actor, order, request=None):
    _require_handled(actor, order)
    if order.kind != OrderKind.EXTRAS or order.status != OrderStatus.AUTHORISED:
        raise ValidationError(_("This order is not waiting for approval."))
    intent = _stripe(
        lambda stripe: stripe.v1.payment_intents.capture(
            order.payment_intent_id, options={"idempotency_key": f"gorently-order-{order.pk}-capture"}
        )
    )
    _decided(actor, order, "order.approved", request=request)
    return sync_payment(order, _expanded(intent))


def decline(*, actor, order, reason="", request=None):
    _require_handled(actor, order)
    if order.kind != OrderKind.EXTRAS or order.status != OrderStatus.AUTHORISED:
        raise ValidationError(_("This order is not waiting for approval."))
    intent = _stripe(lambda stripe: stripe.v1.payment_intents.cancel(order.payment_intent_id))
    _decided(actor, order, "order.declined", note=reason, request=request)
    return sync_payment(order, intent.to_dict())


def claim_deposit(*, actor, order, amount, reason, request=None):
    _require_handled(actor, order)
    if order.kind != OrderKind.DEPOSIT or order.status != OrderStatus.AUTHORISED:
        raise ValidationError(_("This deposit is not held at the moment."))
    if not 0 < amount <= order.amount:
        raise ValidationError(
            _("Claim between %(min)s and %(max)s.")
            % {"min": money(1, order.currency), "max": money(order.amount, order.currency)}
        )
    if not reason.strip():
        raise ValidationError(_("Say why you keep part of the deposit: the guest is told."))
    intent = _stripe(
        lambda stripe: stripe.v1.payment_intents.capture(
            order.payment_intent_id,
            params={"amount_to_capture": amount},
            options={"idempotency_key": f"gorently-order-{order.pk}-claim"},
        )
    )
    _decided(actor, order, "deposit.claimed", note=reason, request=request, amount=amount)
    return sync_payment(order, _expanded(intent))


def release_deposit(*, actor, order, request=None):
    _require_handled(actor, order)
    if order.kind != OrderKind.DEPOSIT or order.status != OrderStatus.AUTHORISED:
        raise ValidationError(_("This deposit is not held at the moment."))
    intent = _stripe(lambda stripe: stripe.v1.payment_intents.cancel(order.payment_intent_id))
    _decided(actor, order, "deposit.released", request=request)
    return sync_payment(order, intent.to_dict())


def refund(*, actor, order, amount, reason, request_key, request=None):
    """Refund part or all of what was taken. `request_key` (one per refund form) makes a double submit one refund."""
    _require_handled(actor, order)
    if order.status not in (OrderStatus.PAID, OrderStatus.PARTIALLY_REFUNDED) or not order.payment_intent_id:
        raise ValidationError(_("Only a paid order can be refunded."))
    if not 0 < amount <= order.refundable:
        raise ValidationError(_("You can refund at most %(max)s.") % {"max": money(order.refundable, order.currency)})
    params = {
        "payment_intent": order.payment_intent_id,
        "amount": amount,
        "reason": "requested_by_customer",
        "metadata": {"order": str(order.pk), "note": reason[:400]},
        # The host gives back their share, the platform its commission: each in proportion.
        "reverse_transfer": True,
    }
    if order.commission:
        params["refund_application_fee"] = True
    refunded = _stripe(
        lambda stripe: stripe.v1.refunds.create(
            params=params, options={"idempotency_key": f"gorently-refund-{order.pk}-{request_key}"[:255]}
        )
    )
    record_refund(order, refund_id=refunded.id, amount=refunded.amount, note=reason)
    record_action(
        actor, "order.refunded", target=order.reservation, request=request, order=order.pk, amount=refunded.amount
    )
    return Transaction.objects.get(kind=TransactionKind.REFUND, stripe_id=refunded.id)


def _require_handled(actor, order):
    """The rule, the account, and the order as it is now (a page's copy may be a click behind)."""
    require(actor, Rule.HANDLE_ORDERS)
    if order.organization_id != actor.organization.pk:
        raise Order.DoesNotExist
    if not payments_enabled():
        raise ValidationError(_("Payments are off on this installation: no Stripe key is configured."))
    order.refresh_from_db()


def _decided(actor, order, action, *, note="", request=None, **details):
    label = actor.log_identity().label
    Order.objects.filter(pk=order.pk).update(decided_at=timezone.now(), decided_by=label[:200], decision_note=note)
    order.decided_by, order.decision_note = label, note
    record_action(actor, action, target=order.reservation, request=request, order=order.pk, **details)
    if order.kind == OrderKind.DEPOSIT:  # extras are answered by the messaging automations (reservations.signals)
        from payments.tasks import tell_guest

        transaction.on_commit(lambda: tell_guest.enqueue(order.pk))


def _expanded(intent):
    return _stripe(lambda stripe: stripe.v1.payment_intents.retrieve(intent.id, params={"expand": EXPAND})).to_dict()


def _stripe(call):
    try:
        return call(client())
    except StripeError as error:
        message = getattr(error, "user_message", None) or str(error) or type(error).__name__
        raise ValidationError(_("Stripe refused: %(reason)s") % {"reason": message}) from None
