"""Payments' background work: Stripe's events, telling guests, and the approvals and deposits that time out."""

import logging
from datetime import timedelta

from django.core.mail import send_mail
from django.tasks import task
from django.template.loader import render_to_string
from django.utils import timezone, translation

from accounts.actors import SystemActor
from accounts.models import ActorType
from accounts.permissions import Rule
from payments.models import Order, OrderKind, OrderStatus, StripeEvent
from payments.services import events
from payments.services.orders import decline, release_deposit

logger = logging.getLogger(__name__)

HOUSEKEEPING_EVERY = timedelta(minutes=5)


@task
def apply_stripe_event(event_pk):
    # No transaction is held while Stripe is asked: applying an event twice records nothing twice.
    stored = StripeEvent.objects.filter(pk=event_pk, processed_at=None).first()
    if stored is None:
        return "already applied"
    outcome = events.handle(stored.payload)
    StripeEvent.objects.filter(pk=event_pk, processed_at=None).update(
        outcome=outcome[:200], processed_at=timezone.now()
    )
    return outcome


@task
def tell_guest(order_pk):
    """Email the guest what became of their security deposit (claimed or released).

    Extras are answered by the messaging automations, by WhatsApp, SMS or email (reservations.signals)."""
    order = Order.objects.select_related("reservation__property").filter(pk=order_pk).first()
    if order is None or not order.reservation.guest_email:
        return "no email"
    with translation.override(order.language):
        context = {"order": order, "reservation": order.reservation}
        send_mail(
            subject=render_to_string("payments/email/order_update_subject.txt", context).strip(),
            message=render_to_string("payments/email/order_update.txt", context),
            from_email=None,
            recipient_list=[order.reservation.guest_email],
        )
    return "sent"


def housekeeper(organization):
    return SystemActor(organization, "Payments schedule", rules=frozenset({Rule.HANDLE_ORDERS}), type=ActorType.SYSTEM)


@task
def payments_housekeeping():
    """Decline approvals not answered in time and release deposits after check-out; then come back later."""
    try:
        now = timezone.now()
        overdue = Order.objects.filter(status=OrderStatus.AUTHORISED, kind=OrderKind.EXTRAS, approval_deadline__lt=now)
        for order in overdue.select_related("organization", "reservation"):
            _quietly(decline, actor=housekeeper(order.organization), order=order, reason="Not answered in time")
        due = Order.objects.filter(status=OrderStatus.AUTHORISED, kind=OrderKind.DEPOSIT, release_after__lt=now)
        for order in due.select_related("organization", "reservation"):
            _quietly(release_deposit, actor=housekeeper(order.organization), order=order)
    finally:
        if payments_housekeeping.get_backend().supports_defer:
            payments_housekeeping.using(run_after=timezone.now() + HOUSEKEEPING_EVERY).enqueue()
    return "done"


def _quietly(action, **kwargs):
    # One order Stripe refuses (already captured elsewhere…) must not stop the others.
    try:
        action(**kwargs)
    except Exception:
        logger.exception("Payments housekeeping: %s failed for order %s", action.__name__, kwargs["order"].pk)
