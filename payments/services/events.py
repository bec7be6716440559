"""Stripe's events applied to orders and connected accounts, in whatever order they arrive.

Each handler reads the current state from Stripe (the PaymentIntent) rather than trusting the
event's snapshot, and `orders.sync_payment` records what is new: a late, early or repeated
event ends in the same records as an orderly stream.
"""

from payments.models import Order, OrderStatus
from payments.services.connect import apply_account_state
from payments.services.orders import advance, record_refund, sync_payment


def handle(event):
    """Apply one stored event (its JSON); returns a short outcome for the log."""
    kind = event.get("type", "")
    obj = (event.get("data") or {}).get("object") or {}
    if kind == "account.updated":
        return "applied" if apply_account_state(obj, as_of=event.get("created") or 0) else "unknown or stale account"
    if kind.startswith("checkout.session."):
        return _session(kind, obj)
    if kind.startswith("payment_intent."):
        order = _order_of_intent(obj)
        return _synced(order)
    if kind in ("charge.refunded", "charge.refund.updated", "charge.captured", "charge.succeeded"):
        order = _order_of_intent({"id": obj.get("payment_intent"), "metadata": obj.get("metadata") or {}})
        if order is None:
            return "no order"
        sync_payment(order)  # a refund may arrive before the completion: the payment is recorded first
        if kind == "charge.refunded":
            _refunds(order, obj)
        return "applied"
    return "ignored"


def _session(kind, session):
    order = _order_by_id((session.get("metadata") or {}).get("order") or session.get("client_reference_id"))
    if order is None:
        return "no order"
    if session.get("payment_intent") and not order.payment_intent_id:
        Order.objects.filter(pk=order.pk, payment_intent_id="").update(payment_intent_id=session["payment_intent"])
        order.payment_intent_id = session["payment_intent"]
    if kind == "checkout.session.expired":
        if order.status == OrderStatus.PENDING and order.checkout_session_id == session.get("id"):
            advance(order, OrderStatus.EXPIRED)
        return "expired"
    if kind == "checkout.session.async_payment_failed":
        advance(order, OrderStatus.FAILED)
        return "failed"
    return _synced(order)


def _synced(order):
    if order is None:
        return "no order"
    sync_payment(order)
    return f"order {order.pk}: {order.status}"


def _refunds(order, charge):
    listed = (charge.get("refunds") or {}).get("data") or []
    for refund in listed:
        if refund.get("status") in ("succeeded", "pending"):
            record_refund(order, refund_id=refund["id"], amount=int(refund["amount"]), note=_note(refund))
    # Without the list (newer API versions omit it), what Stripe refunded beyond what is recorded.
    missing = int(charge.get("amount_refunded") or 0) - Order.objects.get(pk=order.pk).refunded
    if not listed and missing > 0:
        record_refund(order, refund_id=f"{charge.get('id')}:{charge.get('amount_refunded')}", amount=missing)


def _note(refund):
    return (refund.get("metadata") or {}).get("note") or "Refunded in Stripe's dashboard"


def _order_by_id(pk):
    try:
        return Order.objects.filter(pk=int(pk)).first()
    except (TypeError, ValueError):
        return None


def _order_of_intent(intent):
    order = Order.objects.filter(payment_intent_id=intent.get("id") or "-").first()
    if order is None:
        order = _order_by_id((intent.get("metadata") or {}).get("order"))
        if order is not None and intent.get("id") and not order.payment_intent_id:
            Order.objects.filter(pk=order.pk).update(payment_intent_id=intent["id"])
            order.payment_intent_id = intent["id"]
    return order
