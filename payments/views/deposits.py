"""Security deposits (owners): per property, how much is held on the guest's card, when, and for how long.

One page lists every property with its deposit; editing one opens its form in place (htmx)
or on the same page at its own address (without JavaScript).
"""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from accounts.permissions import Rule, host_view
from gorently.access import get_or_404
from gorently.forms import add_service_errors
from gorently.pages import render_page
from payments.forms import DepositPolicyForm
from payments.models import DepositPolicy
from payments.selectors import payment_account_of
from payments.services import catalogue
from payments.views.account import connection_state
from properties.selectors import properties_of

PAGE = "payments/deposits.html"


def _policy_of(property):
    try:
        return property.deposit_policy
    except DepositPolicy.DoesNotExist:
        return None


def _page(request, *, editing=None, form=None, status=200, partial="list"):
    membership = request.membership
    account = payment_account_of(membership.organization)
    properties = list(properties_of(membership).select_related("deposit_policy").order_by("name"))
    for property in properties:
        property.policy = _policy_of(property)
    if editing is not None and form is None:
        form = DepositPolicyForm(
            policy=_policy_of(editing),
            currency=account.default_currency if account else "eur",
            auto_id=f"deposit{editing.pk}-%s",
        )
    context = {
        "properties": properties,
        "editing": editing,
        "form": form,
        "state": connection_state(account),
    }
    return render_page(request, PAGE, context, partial=partial, status=status)


def _property(membership, pk):
    """One of the member's active properties (archived ones ask for nothing); 404 for any other id."""
    return get_or_404(properties_of(membership), pk=pk)


def _done(request, property):
    if request.htmx:
        return _page(request, partial="update")
    return redirect(f"{reverse('payments:deposits')}#property-{property.pk}")


@host_view(Rule.MANAGE_PAYMENTS)
def deposits(request):
    return _page(request)


@host_view(Rule.MANAGE_PAYMENTS)
def deposit_edit(request, pk):
    membership = request.membership
    property = _property(membership, pk)
    if request.method != "POST":
        return _page(request, editing=property)
    form = DepositPolicyForm(request.POST, auto_id=f"deposit{property.pk}-%s")
    if form.is_valid():
        try:
            catalogue.save_deposit_policy(actor=membership, property=property, request=request, **form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Deposit of %(property)s saved.") % {"property": property.name})
            return _done(request, property)
    partial = "update" if request.htmx else "list"
    return _page(request, editing=property, form=form, status=400, partial=partial)


@host_view(Rule.MANAGE_PAYMENTS)
@require_POST
def deposit_remove(request, pk):
    membership = request.membership
    property = _property(membership, pk)
    catalogue.remove_deposit_policy(actor=membership, property=property, request=request)
    messages.success(
        request,
        _("%(property)s no longer asks for a deposit. Deposits already held stay.") % {"property": property.name},
    )
    return _done(request, property)
