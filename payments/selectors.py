"""Reads for payments: what a stay can buy, a guest's orders, a host's orders and revenue."""

from dataclasses import dataclass
from datetime import datetime, time, timedelta

from django.db.models import Count, Prefetch, Q, Sum
from django.utils import timezone

from gorently.access import get_or_404
from gorently.compiled import CompiledLookup, CompiledQuery
from gorently.translations import active_language, localized
from payments.models import (
    DepositPolicy,
    Order,
    OrderKind,
    OrderStatus,
    PaymentAccount,
    Pricing,
    Transaction,
    TransactionKind,
    Upsell,
)
from payments.stripe_api import payments_enabled
from properties.selectors import properties_of

# Orders a guest sees: every one but the checkouts they walked away from.
SHOWN_TO_GUESTS = [status for status in OrderStatus if status not in (OrderStatus.EXPIRED,)]
# Money that moved: charges, captures and refunds (authorisations and releases move nothing).
MOVED = (TransactionKind.CHARGE, TransactionKind.CAPTURE, TransactionKind.REFUND)


# Asked on every guest page: compiled once per connection (gorently.compiled).
_PAYMENT_ACCOUNT = CompiledLookup(
    lambda organization_id: PaymentAccount.objects.filter(organization_id=organization_id)
)
_ON_OFFER = CompiledQuery(
    lambda organization_id, property_id: (
        Upsell.objects.filter(organization_id=organization_id, active=True)
        .filter(Q(all_properties=True) | Q(properties=property_id))
        .distinct()
    )
)
_DEPOSIT_POLICY = CompiledLookup(lambda property_id: DepositPolicy.objects.filter(property_id=property_id, active=True))


def payment_account_of(organization):
    return _PAYMENT_ACCOUNT.get_or_none(organization.pk)


def can_sell(organization):
    """Payments are on for this installation and the host's Stripe account can take charges."""
    if not payments_enabled():
        return False
    account = payment_account_of(organization)
    return account is not None and account.can_sell


@dataclass(frozen=True)
class Offer:
    upsell: Upsell
    name: str
    description: str
    unit_price: int
    units: int
    line_price: int
    max_quantity: int
    currency: str
    needs_approval: bool
    image: str


def units_of(upsell, reservation):
    if upsell.pricing == Pricing.PER_NIGHT:
        return reservation.nights()
    if upsell.pricing == Pricing.PER_GUEST:
        return reservation.guests_count
    return 1


def on_sale(upsell, reservation, now):
    """Within the extra's sale window for this stay (in the property's time zone)."""
    tz = reservation.property.tz
    arrival = timezone.make_aware(datetime.combine(reservation.check_in, reservation.property.check_in_time), tz)
    departure = timezone.make_aware(datetime.combine(reservation.check_out, reservation.property.check_out_time), tz)
    if upsell.opens_days_before_arrival is not None and now < arrival - timedelta(
        days=upsell.opens_days_before_arrival
    ):
        return False
    moment = arrival if upsell.closes_relative_to == "arrival" else departure
    return now < moment - timedelta(hours=upsell.closes_hours)


def offers_for(reservation, *, now=None, sells=None):
    """What this stay can buy now, in the active language; none unless the host can sell.

    `sells`: can_sell's answer when the caller has it already (a page asks once, not per list).
    """
    sells = can_sell(reservation.organization) if sells is None else sells
    if not sells or reservation.status == "canceled":
        return []
    now = now or timezone.now()
    offers = []
    for upsell in _ON_OFFER.all(reservation.organization_id, reservation.property_id):
        if not on_sale(upsell, reservation, now):
            continue
        units = units_of(upsell, reservation)
        offers.append(
            Offer(
                upsell=upsell,
                name=localized(upsell.name, active_language()),
                description=localized(upsell.description, active_language()),
                unit_price=upsell.price,
                units=units,
                line_price=upsell.price * units,
                max_quantity=upsell.max_quantity,
                currency=upsell.currency,
                needs_approval=upsell.needs_approval,
                image=upsell.image.url if upsell.image else "",
            )
        )
    return offers


def deposit_due(reservation, *, now=None, sells=None):
    """The deposit policy the guest should authorise now, or None (none set, not yet, or already done).
    `sells` as for offers_for."""
    sells = can_sell(reservation.organization) if sells is None else sells
    if not sells or reservation.status == "canceled":
        return None
    policy = _DEPOSIT_POLICY.get_or_none(reservation.property_id)
    if policy is None:
        return None
    now = now or timezone.now()
    tz = reservation.property.tz
    opens = timezone.make_aware(datetime.combine(reservation.check_in, time(0)), tz) - timedelta(
        days=policy.authorise_days_before_arrival
    )
    closes = timezone.make_aware(datetime.combine(reservation.check_out, reservation.property.check_out_time), tz)
    if not opens <= now < closes:
        return None
    done = Order.objects.filter(reservation=reservation, kind=OrderKind.DEPOSIT).exclude(
        status__in=[OrderStatus.PENDING, OrderStatus.FAILED, OrderStatus.EXPIRED]
    )
    return None if done.exists() else policy


def _shown_to_guest(reservation):
    return Order.objects.filter(reservation=reservation, status__in=SHOWN_TO_GUESTS).exclude(
        status=OrderStatus.PENDING, checkout_session_id=""
    )


def guest_orders(reservation):
    return list(_shown_to_guest(reservation).prefetch_related("items"))


def has_guest_orders(reservation):
    return _shown_to_guest(reservation).exists()


# Host side.


def _visible_orders(actor):
    orders = Order.objects.filter(organization=actor.organization)
    if not actor.sees_all_properties:
        orders = orders.filter(reservation__property__in=actor.visible_properties(actor.organization.properties.all()))
    return orders


def orders_of(actor, reservation):
    """A reservation's orders, with items and transactions (the caller resolved the reservation for the actor)."""
    return list(_visible_orders(actor).filter(reservation=reservation).prefetch_related("items", "transactions"))


def get_order_for(actor, pk):
    return get_or_404(_visible_orders(actor).select_related("reservation__property"), pk=pk)


def upsells_of(actor):
    return Upsell.objects.filter(organization=actor.organization).prefetch_related("properties")


def get_upsell_for(actor, pk):
    return get_or_404(Upsell.objects.filter(organization=actor.organization), pk=pk)


def visible_upsells(actor):
    """The extras offered at a property the actor sees (every one, for whoever sees every property), each with
    `properties_seen`: the properties it is limited to, among those the actor sees (the API's catalogue)."""
    seen = properties_of(actor, include_archived=True)
    upsells = Upsell.objects.filter(organization=actor.organization)
    if not actor.sees_all_properties:
        upsells = upsells.filter(Q(all_properties=True) | Q(properties__in=seen)).distinct()
    return upsells.prefetch_related(Prefetch("properties", queryset=seen.order_by("id"), to_attr="properties_seen"))


def visible_orders(actor):
    """Every order of the stays the actor sees, with its items."""
    return _visible_orders(actor).prefetch_related("items")


def visible_transactions(actor):
    """Every money movement of the stays the actor sees."""
    moved = Transaction.objects.filter(organization=actor.organization)
    if not actor.sees_all_properties:
        moved = moved.filter(reservation__property__in=actor.visible_properties(actor.organization.properties.all()))
    return moved


@dataclass
class RevenueRow:
    property: str
    currency: str
    orders: int = 0
    gross: int = 0
    commission: int = 0
    host_net: int = 0
    refunds: int = 0
    net_after_refunds: int = 0


def revenue_by_property(actor, *, start, end):
    """Money that moved between `start` and `end` (dates, inclusive), by property and currency."""
    tz = timezone.get_current_timezone()
    since = timezone.make_aware(datetime.combine(start, time(0)), tz)
    until = timezone.make_aware(datetime.combine(end + timedelta(days=1), time(0)), tz)
    moved = Transaction.objects.filter(
        organization=actor.organization, kind__in=MOVED, created_at__gte=since, created_at__lt=until
    )
    if not actor.sees_all_properties:
        moved = moved.filter(reservation__property__in=actor.visible_properties(actor.organization.properties.all()))
    rows = {}
    sums = moved.values("reservation__property__name", "currency", "kind").annotate(
        gross=Sum("gross"), commission=Sum("commission"), host_net=Sum("host_net")
    )
    for line in sums.order_by("reservation__property__name", "currency"):
        key = (line["reservation__property__name"], line["currency"])
        row = rows.setdefault(key, RevenueRow(property=key[0], currency=key[1]))
        if line["kind"] == TransactionKind.REFUND:
            row.refunds += line["gross"]
        else:
            row.gross += line["gross"]
            row.commission += line["commission"]
            row.host_net += line["host_net"]
        row.net_after_refunds += line["host_net"]
    counts = (
        moved.exclude(kind=TransactionKind.REFUND)
        .values("reservation__property__name", "currency")
        .annotate(orders=Count("order", distinct=True))
    )
    for line in counts:
        rows[(line["reservation__property__name"], line["currency"])].orders = line["orders"]
    return list(rows.values())


def revenue_totals(rows):
    """One total row per currency."""
    totals = {}
    for row in rows:
        total = totals.setdefault(row.currency, RevenueRow(property="", currency=row.currency))
        for name in ("orders", "gross", "commission", "host_net", "refunds", "net_after_refunds"):
            setattr(total, name, getattr(total, name) + getattr(row, name))
    return list(totals.values())


def guest_order_by_session(reservation, session_id):
    """The stay's order a Checkout session paid for, whatever its status (the return page follows it)."""
    if not session_id:
        return None
    return (
        Order.objects.filter(reservation=reservation, checkout_session_id=session_id).prefetch_related("items").first()
    )
