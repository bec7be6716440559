"""The Stripe connection page (owners): its state, onboarding on Stripe's pages, the commission, the approval deadline.

Stripe sends the host back to `connect_return` when onboarding ends (finished or not) and to
`connect_refresh` when its link expired: both read the account from Stripe again; the second
asks for a fresh link and goes straight back to Stripe.
"""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpResponseRedirect
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.formats import number_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST, require_safe
from stripe import StripeError

from accounts.permissions import Rule, host_view
from gorently.forms import add_service_errors, error_text
from gorently.pages import render_page
from payments.forms import PaymentSettingsForm
from payments.money import default_percent
from payments.selectors import payment_account_of
from payments.services import connect as connections
from payments.stripe_api import may_send_forms_to_stripe, payments_enabled

PAGE = "payments/settings.html"
PAYMENTS_OFF = gettext_lazy("Payments are off on this installation: no Stripe key is configured.")
STRIPE_UNREACHABLE = gettext_lazy("Stripe could not be reached just now. Try again in a minute.")

# What Stripe's requirement ids ask for, as a host reads them; the first matching prefix wins.
REQUIREMENTS = [
    ("external_account", gettext_lazy("A bank account for payouts")),
    ("tos_acceptance", gettext_lazy("Accepting Stripe’s terms of service")),
    ("business_type", gettext_lazy("Your type of business")),
    ("business_profile", gettext_lazy("Your business details (website, activity)")),
    ("company", gettext_lazy("Your company’s details")),
    ("representative", gettext_lazy("Details of the company’s representative")),
    ("owners", gettext_lazy("The company’s owners")),
    ("directors", gettext_lazy("The company’s directors")),
    ("executives", gettext_lazy("The company’s executives")),
    ("individual.verification", gettext_lazy("A photo of your identity document")),
    ("individual.dob", gettext_lazy("Your date of birth")),
    ("individual.address", gettext_lazy("Your address")),
    ("individual.id_number", gettext_lazy("Your ID or tax number")),
    ("individual.ssn_last_4", gettext_lazy("Your ID or tax number")),
    ("individual", gettext_lazy("Your personal details")),
    ("settings", gettext_lazy("Your account settings on Stripe")),
]


def requirements_text(codes):
    """Stripe's `currently_due` ids as a short list of what to do, without repeats."""
    labels = []
    for code in codes or ():
        code = str(code)
        label = next((text for prefix, text in REQUIREMENTS if code == prefix or code.startswith(prefix + ".")), None)
        label = str(label) if label else code.replace("_", " ").replace(".", " › ")
        if label not in labels:
            labels.append(label)
    return labels


def connection_state(account):
    """One word for the page: off, not_connected, incomplete, charges_only or ready."""
    if not payments_enabled():
        return "off"
    if account is None or not account.stripe_account_id:
        return "not_connected"
    if not account.charges_enabled:
        return "incomplete"
    if not account.payouts_enabled:
        return "charges_only"
    return "ready"


def _page(request, *, settings_form=None, status=200):
    account = payment_account_of(request.membership.organization)
    percent = account.commission_percent if account and account.commission_percent is not None else None
    context = {
        "account": account,
        "state": connection_state(account),
        "requirements": requirements_text(account.requirements_due if account else ()),
        "commission_percent": number_format((percent if percent is not None else default_percent()).normalize()),
        "commission_is_custom": percent is not None,
        "settings_form": settings_form
        or PaymentSettingsForm(
            initial={"approval_hours_before_arrival": account.approval_hours_before_arrival if account else 24}
        ),
    }
    return may_send_forms_to_stripe(render_page(request, PAGE, context, status=status))


def _see_other(url):
    response = HttpResponseRedirect(url)
    response.status_code = 303
    return response


@host_view(Rule.MANAGE_PAYMENTS)
@require_safe
def settings_page(request):
    return _page(request)


@host_view(Rule.MANAGE_PAYMENTS)
@require_POST
def connect(request):
    """Create the connected account if needed and send the host to Stripe's onboarding."""
    try:
        url = connections.onboarding_link(actor=request.membership, request=request)
    except ValidationError as error:
        messages.error(request, error_text(error))
    except StripeError:
        messages.error(request, STRIPE_UNREACHABLE)
    else:
        return _see_other(url)
    return _see_other(reverse("payments:settings"))


def _refreshed(request):
    """The account as Stripe describes it now; None (with a message) when Stripe can't be asked."""
    try:
        return connections.refresh_account(actor=request.membership, request=request)
    except ValidationError as error:
        messages.error(request, error_text(error))
    except StripeError:
        messages.error(request, STRIPE_UNREACHABLE)
    return None


@host_view(Rule.MANAGE_PAYMENTS)
@require_safe
def connect_return(request):
    """Back from Stripe's onboarding, finished or not: the state as Stripe now tells it."""
    if payments_enabled():
        account = _refreshed(request)
        state = connection_state(account) if account is not None else None
        if state == "ready":
            messages.success(request, _("Your Stripe account is ready: guests can buy extras."))
        elif state == "charges_only":
            messages.success(request, _("Guests can buy extras now. Stripe pays you out once it has the last details."))
        elif state in ("incomplete", "not_connected"):
            messages.warning(
                request, _("Stripe still needs some details before guests can pay. Continue when you’re ready.")
            )
    return _page(request)


@host_view(Rule.MANAGE_PAYMENTS)
@require_safe
def connect_refresh(request):
    """Stripe's onboarding link expired (or was opened twice): a fresh one, straight back to Stripe."""
    if payments_enabled() and _refreshed(request) is not None:
        try:
            url = connections.onboarding_link(actor=request.membership, request=request)
        except ValidationError as error:
            messages.error(request, error_text(error))
        except StripeError:
            messages.error(request, STRIPE_UNREACHABLE)
        else:
            return _see_other(url)
    return _page(request)


@host_view(Rule.MANAGE_PAYMENTS)
@require_POST
def save_settings(request):
    if not payments_enabled():
        messages.error(request, PAYMENTS_OFF)
        return redirect("payments:settings")
    form = PaymentSettingsForm(request.POST)
    if form.is_valid():
        try:
            connections.save_settings(actor=request.membership, **form.cleaned_data, request=request)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Settings saved."))
            return redirect("payments:settings")
    return _page(request, settings_form=form, status=400)
