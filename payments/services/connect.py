"""The host's Stripe connected account: created by the platform, onboarded on Stripe's own pages.

Onboarding needs a link from Stripe at the moment the host clicks, so these calls run in the
request; everything else Stripe tells about the account arrives as `account.updated` events.
"""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils.translation import gettext as _
from stripe import StripeError

from accounts.activity import record_action
from accounts.permissions import Rule, require
from payments.models import PaymentAccount
from payments.stripe_api import client, payments_enabled


def _account_of(organization):
    account, _created = PaymentAccount.objects.get_or_create(organization=organization)
    return account


def onboarding_link(*, actor, request=None):
    """Where to send the host to set up (or finish setting up) their Stripe account."""
    require(actor, Rule.MANAGE_PAYMENTS)
    if not payments_enabled():
        raise ValidationError(_("Payments are off on this installation: no Stripe key is configured."))
    stripe = client()
    try:
        return _onboarding_link(stripe, actor, request)
    except StripeError as error:
        raise ValidationError(_("Stripe refused: %(reason)s") % {"reason": _reason(error)}) from None


def _reason(error):
    return getattr(error, "user_message", None) or str(error) or type(error).__name__


def _onboarding_link(stripe, actor, request):
    with transaction.atomic():
        account = PaymentAccount.objects.select_for_update().get(pk=_account_of(actor.organization).pk)
        if not account.stripe_account_id:
            created = stripe.v1.accounts.create(
                params={
                    # The platform collects fees and bears losses; Stripe hosts onboarding and the dashboard.
                    "controller": {
                        "fees": {"payer": "application"},
                        "losses": {"payments": "application"},
                        "stripe_dashboard": {"type": "express"},
                    },
                    "capabilities": {"card_payments": {"requested": True}, "transfers": {"requested": True}},
                    "metadata": {"organization": str(actor.organization.pk)},
                },
                options={"idempotency_key": f"gorently-account-{actor.organization.pk}"},
            )
            account.stripe_account_id = created.id
            account.save(update_fields=["stripe_account_id", "updated_at"])
            record_action(actor, "payments.stripe_account_created", target=account, request=request)
    link = stripe.v1.account_links.create(
        params={
            "account": account.stripe_account_id,
            "type": "account_onboarding",
            "refresh_url": settings.SITE_URL + reverse("payments:connect_refresh"),
            "return_url": settings.SITE_URL + reverse("payments:connect_return"),
        }
    )
    return link.url


def refresh_account(*, actor, request=None):
    """Read the connected account's state from Stripe (after the host comes back from onboarding)."""
    require(actor, Rule.MANAGE_PAYMENTS)
    account = _account_of(actor.organization)
    if payments_enabled() and account.stripe_account_id:
        try:
            remote = client().v1.accounts.retrieve(account.stripe_account_id)
        except StripeError as error:
            raise ValidationError(_("Stripe refused: %(reason)s") % {"reason": _reason(error)}) from None
        apply_account_state(remote.to_dict(), as_of=None)
        account.refresh_from_db()
    return account


def apply_account_state(data, *, as_of):
    """Store what Stripe says of a connected account; an event older than the state stored changes nothing."""
    accounts = PaymentAccount.objects.select_for_update().filter(stripe_account_id=data.get("id") or "-")
    with transaction.atomic():
        account = accounts.first()
        if account is None or (as_of is not None and as_of < account.state_as_of):
            return None
        requirements = data.get("requirements") or {}
        account.details_submitted = bool(data.get("details_submitted"))
        account.charges_enabled = bool(data.get("charges_enabled"))
        account.payouts_enabled = bool(data.get("payouts_enabled"))
        account.requirements_due = list(requirements.get("currently_due") or [])
        if as_of is not None:
            account.state_as_of = as_of
        account.save()
        return account


def save_settings(*, actor, approval_hours_before_arrival, request=None):
    require(actor, Rule.MANAGE_PAYMENTS)
    account = _account_of(actor.organization)
    account.approval_hours_before_arrival = approval_hours_before_arrival
    account.full_clean()
    account.save(update_fields=["approval_hours_before_arrival", "updated_at"])
    record_action(actor, "payments.settings_changed", request=request, hours=approval_hours_before_arrival)
    return account
