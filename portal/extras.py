"""Extras a guest buys for their stay (late check-out, breakfast, a transfer…), paid on Stripe Checkout.

The pages only show and ask: what is on offer, what the guest ordered and where each order stands.
Money moves in payments.services.checkout; an order is confirmed by Stripe's webhooks alone, never
by the guest coming back from Stripe (the return page only watches the order's status).
"""

import re

from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponseRedirect
from django.shortcuts import render
from django.utils import timezone
from django.utils.formats import date_format, get_format
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST, require_safe

from gorently.dates import day_with_weekday
from gorently.forms import error_text
from gorently.pages import render_page
from gorently.translations import active_language
from payments.models import OrderKind, OrderStatus, Pricing
from payments.money import ZERO_DECIMAL, money
from payments.selectors import (
    can_sell,
    deposit_due,
    guest_order_by_session,
    guest_orders,
    has_guest_orders,
    offers_for,
)
from payments.services import checkout as checkout_service
from payments.stripe_api import may_send_forms_to_stripe
from payments.templatetags.payments import TONES
from portal.access import guest_portal
from properties.selectors import branding_of

QUANTITY_PREFIX = "qty-"
WHOLE_NUMBER = re.compile(r"-?[0-9]{1,6}")


def _open_shop(reservation):
    """Extras are for sale when payments are on and the host's Stripe account can take charges; else 404."""
    if not can_sell(reservation.organization):
        raise Http404


def extras_teaser(reservation):
    """What the home page says about extras: None when there is nothing to buy or follow, else a few facts."""
    if not can_sell(reservation.organization):
        return None
    offers, deposit = offers_for(reservation, sells=True), deposit_due(reservation, sells=True)
    # Orders only decide whether the section shows at all: asked about last, and only whether there are any.
    if not (offers or deposit or has_guest_orders(reservation)):
        return None
    return {
        "names": [offer.name for offer in offers[:3]],
        "more": len(offers) > 3,
        "deposit": _deposit(deposit) if deposit else None,
    }


# --- What the page shows --------------------------------------------------------------------------


def price_line(offer):
    """`€15 per night × 3 nights = €45`: the price of one, as the guest's stay makes it."""
    unit, total = money(offer.unit_price, offer.currency), money(offer.line_price, offer.currency)
    values = {"price": unit, "count": offer.units, "total": total}
    pricing = offer.upsell.pricing
    if pricing == Pricing.PER_NIGHT:
        if offer.units == 1:
            return _("%(price)s per night") % values
        return (
            ngettext(
                "%(price)s per night × %(count)s night = %(total)s",
                "%(price)s per night × %(count)s nights = %(total)s",
                offer.units,
            )
            % values
        )
    if pricing == Pricing.PER_GUEST:
        if offer.units == 1:
            return _("%(price)s per guest") % values
        return (
            ngettext(
                "%(price)s per guest × %(count)s guest = %(total)s",
                "%(price)s per guest × %(count)s guests = %(total)s",
                offer.units,
            )
            % values
        )
    return total


# Orders whose extras the guest has (or will have, once approved).
BOUGHT = (OrderStatus.AUTHORISED, OrderStatus.PAID, OrderStatus.PARTIALLY_REFUNDED)


def _cards(offers, quantities, errors, bought=frozenset()):
    return [
        {
            "offer": offer,
            "id": offer.upsell.pk,
            "name": QUANTITY_PREFIX + str(offer.upsell.pk),
            "quantity": quantities.get(offer.upsell.pk, ""),
            "price_line": price_line(offer),
            "line_price": money(offer.line_price, offer.currency),
            "error": errors.get(QUANTITY_PREFIX + str(offer.upsell.pk)),
            "ordered": offer.upsell.pk in bought,
        }
        for offer in offers
    ]


def _when(moment, reservation):
    """A moment as the guest reads it: the day and the time at the property."""
    local = timezone.localtime(moment, reservation.property.tz)
    return f"{day_with_weekday(local.date(), year=False)}, {date_format(local, 'H:i')}"


def order_state(order, reservation):
    """(status in words, what it means for the guest) for one of the guest's orders."""
    values = {
        "amount": money(order.amount, order.currency),
        "refunded": money(order.refunded, order.currency),
        "captured": money(order.captured, order.currency),
        "host": reservation.organization.name,
    }
    status, deposit = order.status, order.kind == OrderKind.DEPOSIT
    if status == OrderStatus.PENDING:
        return _("Not paid yet"), _("Nothing has been charged.")
    if status == OrderStatus.AUTHORISED and deposit:
        note = _("%(amount)s is held on your card, not charged. It is released after check-out unless there is damage.")
        if order.release_after:
            values["when"] = _when(order.release_after, reservation)
            note = _("%(amount)s is held on your card, not charged. It is released by %(when)s unless there is damage.")
        return _("Deposit authorised"), note % values
    if status == OrderStatus.AUTHORISED:
        note = _("Your card is authorised for %(amount)s, not charged. You pay only if %(host)s confirms.")
        if order.approval_deadline:
            values["when"] = _when(order.approval_deadline, reservation)
            note = _(
                "Your card is authorised for %(amount)s, not charged. You pay only if %(host)s confirms; "
                "you will have an answer by %(when)s."
            )
        return _("Waiting for the host’s approval"), note % values
    if status == OrderStatus.PAID and deposit:
        note = _("%(host)s kept %(captured)s of the deposit.") % values
        return _("Deposit kept"), f"{note} {order.decision_note}".strip()
    if status == OrderStatus.PAID:
        return _("Confirmed"), _("Paid %(amount)s. Your host has been told.") % values
    if status == OrderStatus.PARTIALLY_REFUNDED:
        return _("Partly refunded"), _("%(refunded)s of %(amount)s was refunded to your card.") % values
    if status == OrderStatus.REFUNDED:
        return _("Refunded"), _("%(refunded)s was refunded to your card.") % values
    if status == OrderStatus.DECLINED:
        return _("Declined"), _(
            "%(host)s couldn’t confirm it. The authorisation was released: nothing was charged."
        ) % values
    if status == OrderStatus.RELEASED and deposit:
        return _("Deposit released"), _("The hold on your card was released: nothing was charged.")
    if status == OrderStatus.RELEASED:
        return _("Not confirmed"), _(
            "It was not confirmed in time. The authorisation was released: nothing was charged."
        )
    if status == OrderStatus.FAILED:
        return _("Payment failed"), _("The payment didn’t go through: nothing was charged.")
    return _("Not paid"), _("The payment was not completed: nothing was charged.")


def _order(order, reservation):
    label, note = order_state(order, reservation)
    if order.kind == OrderKind.DEPOSIT:
        lines = [_("Security deposit")]
    else:
        lines = [item.name if item.quantity == 1 else f"{item.quantity} × {item.name}" for item in order.items.all()]
    return {
        "order": order,
        "lines": lines,
        "amount": money(order.amount, order.currency),
        "label": label,
        "tone": TONES.get(order.status, "neutral"),
        "note": note,
        "pending": order.status == OrderStatus.PENDING,
        "pay_url": order.checkout_url if order.status == OrderStatus.PENDING else "",
        "deposit": order.kind == OrderKind.DEPOSIT,
    }


def _deposit(policy):
    return {
        "policy": policy,
        "amount": money(policy.amount, policy.currency),
        "days": policy.release_days_after_checkout,
    }


def _cart(offers, quantities):
    """The total of what is chosen, and how the script writes amounts as the server does (payments.money)."""
    currency = offers[0].currency if offers else "eur"
    chosen = [(o, quantities.get(o.upsell.pk)) for o in offers]
    total = sum(o.line_price * q for o, q in chosen if isinstance(q, int) and 0 < q <= o.max_quantity)
    zero = money(0, currency)
    return {
        "total": total,
        "total_text": money(total, currency),
        "prefix": zero[: zero.index("0")],
        "places": 0 if currency in ZERO_DECIMAL else 2,
        "decimal": get_format("DECIMAL_SEPARATOR"),
        "thousands": get_format("THOUSAND_SEPARATOR"),
    }


def _page(request, reservation, *, quantities=None, errors=None, problems=(), status=200):
    """The extras page, drawn once _open_shop has let the guest in (so the host can sell)."""
    offers = offers_for(reservation, sells=True)
    quantities, errors = quantities or {}, errors or {}
    deposit = deposit_due(reservation, sells=True)
    # A deposit not authorised yet is asked for by its own card, not listed as unpaid.
    orders = [
        o for o in guest_orders(reservation) if not (o.kind == OrderKind.DEPOSIT and o.status == OrderStatus.PENDING)
    ]
    bought = {item.upsell_id for order in orders if order.status in BOUGHT for item in order.items.all()}
    cards = _cards(offers, quantities, errors, bought)
    error_list = [(card["name"], card["offer"].name, card["error"]) for card in cards if card["error"]]
    error_list += [("offers-title", "", problem) for problem in problems]
    context = {
        "reservation": reservation,
        **branding_of(reservation.property),
        "cards": cards,
        "cart": _cart(offers, quantities),
        "orders": [_order(order, reservation) for order in orders],
        "deposit": _deposit(deposit) if deposit else None,
        "canceled": request.GET.get("canceled") == "1",
        "error_list": error_list,
    }
    response = render(request, "portal/extras.html", context, status=status)
    return may_send_forms_to_stripe(response)


@guest_portal
@require_safe
def extras(request, reservation):
    _open_shop(reservation)
    return _page(request, reservation)


# --- Paying -----------------------------------------------------------------------------------------


def read_quantities(data, offers):
    """({upsell id: quantity} of what is chosen, {input name: error}, [errors about no input]) from the form."""
    on_offer = {offer.upsell.pk: offer for offer in offers}
    quantities, errors, problems = {}, {}, []
    for name in data:
        if not name.startswith(QUANTITY_PREFIX):
            continue
        text = data.get(name, "").strip()
        upsell_id = name.removeprefix(QUANTITY_PREFIX)
        offer = on_offer.get(int(upsell_id)) if upsell_id.isdigit() and len(upsell_id) < 10 else None
        if offer is None:
            if text not in ("", "0"):
                problems.append(_("One of the extras you chose is no longer on sale. Please choose again."))
            continue
        if text == "":
            quantities[offer.upsell.pk] = 0
            continue
        if not WHOLE_NUMBER.fullmatch(text):
            quantities[offer.upsell.pk] = text
            errors[name] = _("Enter a whole number, like 1.")
            continue
        quantity = int(text)
        quantities[offer.upsell.pk] = quantity
        if quantity < 0:
            errors[name] = _("Enter 0 or more.")
        elif quantity > offer.max_quantity:
            errors[name] = _("You can buy at most %(n)s.") % {"n": offer.max_quantity}
    if not errors and not problems and not any(q > 0 for q in quantities.values()):
        problems.append(_("Choose at least one extra."))
    return quantities, errors, list(dict.fromkeys(problems))


def _see_other(url):
    response = HttpResponseRedirect(url)
    response.status_code = 303  # the browser follows with a GET
    return response


@guest_portal
@require_POST
def checkout(request, reservation):
    """Send the guest to Stripe Checkout for what they chose; a refusal shows the page again, with why."""
    _open_shop(reservation)
    offers = offers_for(reservation, sells=True)
    quantities, errors, problems = read_quantities(request.POST, offers)
    if errors or problems:
        return _page(request, reservation, quantities=quantities, errors=errors, problems=problems, status=400)
    chosen = {upsell_id: quantity for upsell_id, quantity in quantities.items() if quantity > 0}
    try:
        order = checkout_service.start_checkout(
            reservation=reservation, quantities=chosen, language=active_language(), request=request
        )
    except ValidationError as error:
        return _page(request, reservation, quantities=quantities, problems=[error_text(error)], status=400)
    return _see_other(order.checkout_url)


@guest_portal
@require_POST
def deposit(request, reservation):
    """Send the guest to Stripe Checkout to authorise the security deposit."""
    _open_shop(reservation)
    try:
        order = checkout_service.start_deposit(reservation=reservation, language=active_language(), request=request)
    except ValidationError as error:
        return _page(request, reservation, problems=[error_text(error)], status=400)
    return _see_other(order.checkout_url)


@guest_portal
@require_safe
def extras_return(request, reservation):
    """Where Stripe sends the guest back after paying. It shows the order's status and watches it change;
    it never confirms anything itself (that is the webhooks' job)."""
    _open_shop(reservation)
    session_id = request.GET.get("session_id", "")
    order = None
    if session_id:  # this stay's order only, in whatever state (an expired one too: guest_orders leaves it out)
        order = guest_order_by_session(reservation, session_id)
    context = {
        "reservation": reservation,
        **branding_of(reservation.property),
        "session_id": session_id,
        "item": _order(order, reservation) if order else None,
        "watching": order is not None and order.status == OrderStatus.PENDING,
    }
    return render_page(request, "portal/extras_return.html", context, partial="status")
