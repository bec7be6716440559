"""A reservation's orders (extras and deposits), loaded into the reservation page, and what the team does with them.

Everyone who sees the reservation sees its orders; only Rule.HANDLE_ORDERS gets buttons
(approve, decline, refund, claim or release a deposit), and their POSTs answer 403 to anyone
else. An order out of the member's sight is 404. With htmx each action answers with the
section, redrawn, and its message as a toast; without JavaScript the section has a page of
its own, which the actions come back to.
"""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST, require_safe
from stripe import StripeError

from accounts.permissions import Rule, host_view
from gorently.forms import add_service_errors, error_text
from gorently.pages import render_page
from payments.forms import ClaimDepositForm, DeclineForm, RefundForm
from payments.models import OrderKind, OrderStatus
from payments.money import money
from payments.selectors import get_order_for, orders_of, payment_account_of
from payments.services import orders as order_services
from payments.stripe_api import payments_enabled
from payments.views.account import PAYMENTS_OFF, STRIPE_UNREACHABLE, connection_state
from reservations.selectors import get_reservation_for

PAGE = "payments/orders.html"
REFUNDABLE = (OrderStatus.PAID, OrderStatus.PARTIALLY_REFUNDED)


def _prepare(order, *, handles):
    """What the section offers for one order: its buttons, and a blank form for each."""
    held = order.status == OrderStatus.AUTHORISED
    order.can_decide = handles and held and order.kind == OrderKind.EXTRAS
    order.can_hold = handles and held and order.kind == OrderKind.DEPOSIT
    order.can_refund = handles and order.status in REFUNDABLE and order.refundable > 0
    order.open_form = ""
    order.decline_form = DeclineForm(order=order) if order.can_decide else None
    order.claim_form = ClaimDepositForm(order=order) if order.can_hold else None
    order.refund_form = RefundForm(order=order) if order.can_refund else None
    order.history = list(order.transactions.all())
    return order


def _section(request, reservation, *, partial="section", status=200, failed=None):
    """The section (or, without htmx, its page). `failed`: (order id, form name, the refused form) to show open."""
    membership = request.membership
    on = payments_enabled()
    handles = on and membership.can(Rule.HANDLE_ORDERS)
    orders = [_prepare(order, handles=handles) for order in orders_of(membership, reservation)]
    if failed is not None:
        for order in orders:
            if order.pk == failed[0]:
                setattr(order, f"{failed[1]}_form", failed[2])
                order.open_form = failed[1]
    context = {
        "reservation": reservation,
        "orders": orders,
        "payments_on": on,
        "handles": handles,
        "state": connection_state(payment_account_of(membership.organization)) if not orders else None,
    }
    return render_page(request, PAGE, context, partial=partial, status=status)


@host_view()
@require_safe
def reservation_orders(request, pk):
    reservation = get_reservation_for(request.membership, pk)
    return _section(request, reservation)


def _answer(request, order, *, status=200, failed=None):
    """After an action: the section for htmx; without it, back to the orders page (or it, with the refused form)."""
    if request.htmx:
        return _section(request, order.reservation, partial="update", status=status, failed=failed)
    if failed is not None:
        return _section(request, order.reservation, status=status, failed=failed)
    return redirect("payments:reservation_orders", pk=order.reservation_id)


def _run(request, action, done):
    """Call the service; its refusal (or Stripe's silence) becomes the message. True when it went through."""
    if not payments_enabled():
        messages.error(request, PAYMENTS_OFF)
        return False
    try:
        action()
    except ValidationError as error:
        messages.error(request, error_text(error))
        return False
    except StripeError:
        messages.error(request, STRIPE_UNREACHABLE)
        return False
    messages.success(request, done)
    return True


def _simple(request, pk, call, done):
    """An action without a form (approve, release)."""
    order = get_order_for(request.membership, pk)
    ok = _run(request, lambda: call(actor=request.membership, order=order, request=request), done)
    return _answer(request, order, status=200 if ok else 400)


def _with_form(request, pk, form_class, name, call, done):
    """An action with a form (decline, refund, claim): a refused form stays open, with its errors, 400."""
    order = get_order_for(request.membership, pk)
    form = form_class(request.POST, order=order)
    if form.is_valid():
        try:
            if not payments_enabled():
                raise ValidationError(PAYMENTS_OFF)
            call(actor=request.membership, order=order, request=request, **form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        except StripeError:
            form.add_error(None, STRIPE_UNREACHABLE)
        else:
            messages.success(request, done(form.cleaned_data, order))
            return _answer(request, order)
    messages.error(request, error_text(ValidationError([e for errors in form.errors.values() for e in errors])))
    return _answer(request, order, status=400, failed=(order.pk, name, form))


@host_view(Rule.HANDLE_ORDERS)
@require_POST
def approve(request, pk):
    return _simple(request, pk, order_services.approve, _("Approved: the guest’s card is charged and they’re told."))


@host_view(Rule.HANDLE_ORDERS)
@require_POST
def decline(request, pk):
    return _with_form(
        request,
        pk,
        DeclineForm,
        "decline",
        order_services.decline,
        lambda data, order: _("Declined: the hold on the guest’s card is released and they’re told."),
    )


@host_view(Rule.HANDLE_ORDERS)
@require_POST
def refund(request, pk):
    return _with_form(
        request,
        pk,
        RefundForm,
        "refund",
        order_services.refund,
        lambda data, order: (
            _("%(amount)s refunded to the guest’s card.") % {"amount": money(data["amount"], order.currency)}
        ),
    )


@host_view(Rule.HANDLE_ORDERS)
@require_POST
def claim_deposit(request, pk):
    return _with_form(
        request,
        pk,
        ClaimDepositForm,
        "claim",
        order_services.claim_deposit,
        lambda data, order: (
            _("%(amount)s of the deposit claimed; the rest is released.")
            % {"amount": money(data["amount"], order.currency)}
        ),
    )


@host_view(Rule.HANDLE_ORDERS)
@require_POST
def release_deposit(request, pk):
    return _simple(
        request, pk, order_services.release_deposit, _("Deposit released: the hold on the guest’s card is lifted.")
    )
