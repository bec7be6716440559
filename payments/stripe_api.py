"""The one way GoRently talks to Stripe: a `StripeClient` on STRIPE_API_URL (a local fake in tests and the demo)."""

from urllib.parse import urlsplit

from django.conf import settings
from stripe import StripeClient


def payments_enabled():
    """Payments are on once a secret key is configured; without one, hosts are told and guests see no extras."""
    return bool(settings.STRIPE_SECRET_KEY)


def live_mode():
    return settings.STRIPE_SECRET_KEY.startswith(("sk_live_", "rk_live_"))


def client():
    base = settings.STRIPE_API_URL
    return StripeClient(
        settings.STRIPE_SECRET_KEY,
        base_addresses={"api": base, "connect": base, "files": base},
        max_network_retries=2,
    )


def hosted_origins():
    """Where Stripe's own pages are (Checkout, Connect onboarding): Stripe's, or a local Stripe's (the fake)."""
    api = urlsplit(settings.STRIPE_API_URL)
    if api.hostname == "api.stripe.com":
        return ["https://checkout.stripe.com", "https://connect.stripe.com"]
    return [f"{api.scheme}://{api.netloc}"]


def may_send_forms_to_stripe(response):
    """A page whose form answers with a redirect to Stripe: browsers hold that redirect to the page's CSP
    `form-action`, so it names Stripe's pages too (Django's per-response CSP override)."""
    policy = dict(settings.SECURE_CSP or {})
    if policy:
        policy["form-action"] = [*policy.get("form-action", []), *hosted_origins()]
        response._csp_config = policy
    return response
