"""The extras catalogue (owners): the list, in the order guests see it, and a page to add or change one.

The list answers htmx with itself (moved or deleted), with the message as a toast; without
JavaScript every button is a form that comes back to the list.
"""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from accounts.permissions import Rule, host_view
from gorently.forms import add_service_errors
from gorently.pages import render_page
from payments.forms import MoveForm, UpsellForm
from payments.selectors import get_upsell_for, payment_account_of, upsells_of
from payments.services import catalogue
from payments.views.account import connection_state
from properties.selectors import properties_of

LIST = "payments/upsells.html"
FORM = "payments/upsell_form.html"


def _list(request, *, status=200, partial="list"):
    organization = request.membership.organization
    upsells = list(upsells_of(request.membership))
    for index, upsell in enumerate(upsells):
        upsell.can_up, upsell.can_down = index > 0, index < len(upsells) - 1
        upsell.property_names = [p.name for p in upsell.properties.all()]
    context = {
        "upsells": upsells,
        "state": connection_state(payment_account_of(organization)),
        "languages": organization.guest_language_choices(),
    }
    return render_page(request, LIST, context, partial=partial, status=status)


def _done(request):
    if request.htmx:
        return _list(request, partial="update")
    return redirect("payments:upsells")


@host_view(Rule.MANAGE_PAYMENTS)
def upsells(request):
    return _list(request)


def _form(request, upsell=None):
    membership = request.membership
    organization = membership.organization
    account = payment_account_of(organization)
    return UpsellForm(
        request.POST or None,
        request.FILES or None,
        languages=organization.guest_language_choices(),
        properties=properties_of(membership),
        currency=account.default_currency if account else "eur",
        upsell=upsell,
    )


def _edit(request, upsell):
    form = _form(request, upsell)
    if request.method == "POST" and form.is_valid():
        try:
            saved = catalogue.save_upsell(
                actor=request.membership, upsell=upsell, request=request, **form.upsell_attrs()
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            if upsell is None:
                messages.success(request, _("“%(name)s” added to your extras.") % {"name": saved})
            else:
                messages.success(request, _("“%(name)s” saved.") % {"name": saved})
            return redirect("payments:upsells")
    context = {
        "form": form,
        "upsell": upsell,
        "state": connection_state(payment_account_of(request.membership.organization)),
    }
    return render_page(request, FORM, context, status=400 if form.errors else 200)


@host_view(Rule.MANAGE_PAYMENTS)
def upsell_new(request):
    return _edit(request, None)


@host_view(Rule.MANAGE_PAYMENTS)
def upsell_edit(request, pk):
    return _edit(request, get_upsell_for(request.membership, pk))


@host_view(Rule.MANAGE_PAYMENTS)
@require_POST
def upsell_delete(request, pk):
    upsell = get_upsell_for(request.membership, pk)
    name = str(upsell)
    catalogue.delete_upsell(actor=request.membership, upsell=upsell, request=request)
    messages.success(request, _("“%(name)s” deleted. Orders already placed keep it.") % {"name": name})
    return _done(request)


@host_view(Rule.MANAGE_PAYMENTS)
@require_POST
def upsell_move(request, pk):
    upsell = get_upsell_for(request.membership, pk)
    form = MoveForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Move an extra up or down."))
        if request.htmx:
            return _list(request, partial="update", status=400)
        return redirect("payments:upsells")
    catalogue.move_upsell(actor=request.membership, upsell=upsell, direction=form.cleaned_data["direction"])
    return _done(request)
