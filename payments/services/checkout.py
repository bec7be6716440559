"""A guest pays for extras (or authorises a deposit) on Stripe Checkout.

The order is a destination charge: paid to the platform, transferred to the host's connected
account, the platform's commission kept as `application_fee_amount`, with the host as the
merchant of record (`on_behalf_of`). Extras that need the host's approval are only authorised
(`capture_method=manual`) and taken when approved. Nothing is fulfilled here: Stripe's events do
that (payments.services.events). The same cart, from a double click or a second tab, is one order
and one Checkout session.
"""

import hashlib
from datetime import datetime, timedelta

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.activity import record_action
from accounts.actors import GuestActor
from payments.models import Order, OrderItem, OrderKind, OrderStatus
from payments.money import commission_of, default_percent
from payments.selectors import can_sell, deposit_due, offers_for, payment_account_of
from payments.stripe_api import client

# Stripe's shortest Checkout lifetime is 30 minutes; a session is reused until shortly before it ends.
SESSION_MINUTES = 31
# Card authorisations lapse after 7 days: an approval is asked for well within them.
AUTHORISATION_DAYS = 6
STRIPE_LOCALES = {"en", "es", "fr", "de", "it", "pt"}


def start_checkout(*, reservation, quantities, language, request=None):
    """The pending order for this cart (made once), with a Checkout session to pay it."""
    if not can_sell(reservation.organization):
        raise ValidationError(_("Extras cannot be bought for this stay at the moment."))
    offers = {offer.upsell.pk: offer for offer in offers_for(reservation)}
    lines = []
    for upsell_id, quantity in sorted(quantities.items()):
        if not quantity:
            continue
        offer = offers.get(upsell_id)
        if offer is None:
            raise ValidationError(_("One of the extras you chose is no longer on sale. Please choose again."))
        if not 0 < quantity <= offer.max_quantity:
            raise ValidationError(
                _("You can buy at most %(n)s of “%(name)s”.") % {"n": offer.max_quantity, "name": offer.name}
            )
        lines.append((offer, quantity))
    if not lines:
        raise ValidationError(_("Choose at least one extra."))
    if len({offer.currency for offer, _quantity in lines}) > 1:
        raise ValidationError(_("These extras are priced in different currencies: pay for them separately."))
    amount = sum(offer.line_price * quantity for offer, quantity in lines)
    account = payment_account_of(reservation.organization)
    commission = commission_of(
        amount, account.commission_percent if account.commission_percent is not None else default_percent()
    )
    key = _cart_key([(offer.upsell.pk, quantity, offer.unit_price, offer.units) for offer, quantity in lines])
    items = [
        OrderItem(
            upsell=offer.upsell,
            name=offer.name[:200],
            unit_price=offer.unit_price,
            quantity=quantity,
            units=offer.units,
            amount=offer.line_price * quantity,
        )
        for offer, quantity in lines
    ]
    needs_approval = any(offer.needs_approval for offer, _quantity in lines)
    order = _pending_order(
        reservation,
        kind=OrderKind.EXTRAS,
        key=key,
        items=items,
        currency=lines[0][0].currency,
        amount=amount,
        commission=commission,
        needs_approval=needs_approval,
        approval_deadline=_approval_deadline(reservation, account) if needs_approval else None,
        language=language,
    )
    return _with_session(order, reservation, account, request=request)


def start_deposit(*, reservation, language, request=None):
    """The pending order authorising the property's security deposit, with its Checkout session."""
    policy = deposit_due(reservation)
    if policy is None:
        raise ValidationError(_("No deposit is asked for this stay at the moment."))
    account = payment_account_of(reservation.organization)
    item = OrderItem(name=_("Security deposit"), unit_price=policy.amount, quantity=1, units=1, amount=policy.amount)
    order = _pending_order(
        reservation,
        kind=OrderKind.DEPOSIT,
        key=_cart_key([("deposit", policy.amount, policy.currency)]),
        items=[item],
        currency=policy.currency,
        amount=policy.amount,
        commission=0,  # a deposit is the host's guarantee, not a sale: no commission on it
        needs_approval=False,
        release_after=_local(reservation.property, reservation.check_out, reservation.property.check_out_time)
        + timedelta(days=policy.release_days_after_checkout),
        language=language,
    )
    return _with_session(order, reservation, account, request=request)


def _pending_order(reservation, *, key, items, **fields):
    """The one pending order of this cart: made once, whatever the number of clicks or tabs."""
    for _attempt in range(2):
        existing = Order.objects.filter(
            reservation=reservation, kind=fields["kind"], cart_key=key, status=OrderStatus.PENDING
        ).first()
        if existing is not None:
            return existing
        try:
            with transaction.atomic():
                order = Order.objects.create(
                    organization=reservation.organization, reservation=reservation, cart_key=key, **fields
                )
                for item in items:
                    item.order = order
                OrderItem.objects.bulk_create(items)
                record_action(
                    GuestActor(reservation), "order.created", target=reservation, order=order.pk, amount=order.amount
                )
                return order
        except IntegrityError:  # another tab made it a moment ago
            continue
    raise RuntimeError("Could not make the order.")


def _with_session(order, reservation, account, *, request=None):
    """Give the order an open Checkout session: its current one while it lasts, else a new one."""
    now = timezone.now()
    if order.checkout_url and order.checkout_expires_at and order.checkout_expires_at > now + timedelta(minutes=2):
        return order
    expires_at = now + timedelta(minutes=SESSION_MINUTES)
    token = reservation.portal_token
    extras = settings.SITE_URL + reverse("portal:extras", args=[token])
    intent = {
        "capture_method": "manual" if order.needs_approval or order.kind == OrderKind.DEPOSIT else "automatic",
        "transfer_data": {"destination": account.stripe_account_id},
        "on_behalf_of": account.stripe_account_id,
        "metadata": {"order": str(order.pk)},
        "description": f"{reservation.property.name} · {reservation.confirmation_code}",
    }
    if order.commission:
        intent["application_fee_amount"] = order.commission
    params = {
        "mode": "payment",
        "line_items": [
            {
                "price_data": {
                    "currency": order.currency,
                    "unit_amount": item.unit_price * item.units,
                    "product_data": {"name": item.name},
                },
                "quantity": item.quantity,
            }
            for item in order.items.all()
        ],
        "success_url": settings.SITE_URL
        + reverse("portal:extras_return", args=[token])
        + "?session_id={CHECKOUT_SESSION_ID}",
        "cancel_url": extras + "?canceled=1",
        "client_reference_id": str(order.pk),
        "metadata": {"order": str(order.pk), "reservation": str(reservation.pk)},
        "expires_at": int(expires_at.timestamp()),
        "locale": order.language if order.language in STRIPE_LOCALES else "auto",
        "payment_intent_data": intent,
    }
    if reservation.guest_email:
        params["customer_email"] = reservation.guest_email
    # One key per order and session window: two tabs asking at once get the same session back from Stripe.
    window = int(now.timestamp()) // (SESSION_MINUTES * 60 - 120)
    session = client().v1.checkout.sessions.create(
        params=params, options={"idempotency_key": f"gorently-order-{order.pk}-session-{window}"}
    )
    Order.objects.filter(pk=order.pk).update(
        checkout_session_id=session.id, checkout_url=session.url, checkout_expires_at=expires_at
    )
    order.checkout_session_id, order.checkout_url, order.checkout_expires_at = session.id, session.url, expires_at
    return order


def _cart_key(parts):
    return hashlib.sha256(repr(parts).encode()).hexdigest()


def _local(property, day, moment):
    return timezone.make_aware(datetime.combine(day, moment), property.tz)


def _approval_deadline(reservation, account):
    """Answered by this moment, or the authorisation is released: before arrival, within the card's hold."""
    arrival = _local(reservation.property, reservation.check_in, reservation.property.check_in_time)
    latest = arrival - timedelta(hours=account.approval_hours_before_arrival)
    return min(latest, timezone.now() + timedelta(days=AUTHORISATION_DAYS))
