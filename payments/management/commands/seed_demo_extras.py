"""Extras and a deposit for the Seaside Stays demo, sold through the fake Stripe that `make run` starts.

Idempotent. Only against a Stripe on this machine (the fake, whose `--demo-account` is already
onboarded): a real Stripe key never gets a demo account.
"""

from urllib.parse import urlsplit

from django.conf import settings
from django.core.management.base import BaseCommand
from django.db import transaction

from accounts.models import Organization
from payments.models import DepositPolicy, PaymentAccount, Upsell
from properties.models import Property

DEMO_ACCOUNT = "acct_demoSeasideStays"
EXTRAS = [
    # (English name, Spanish name, price in cents, pricing, max, needs approval, closes hours, relative to)
    ("Early check-in (from 12:00)", "Entrada anticipada (desde las 12:00)", 2500, "per_stay", 1, True, 24, "arrival"),
    ("Late check-out (until 15:00)", "Salida tardía (hasta las 15:00)", 3000, "per_stay", 1, True, 12, "departure"),
    ("Breakfast basket", "Cesta de desayuno", 1200, "per_guest", 3, False, 24, "arrival"),
    ("Airport transfer", "Traslado al aeropuerto", 4500, "per_stay", 2, False, 48, "arrival"),
    ("Bottle of local cava", "Botella de cava local", 1800, "per_stay", 3, False, 6, "arrival"),
]


class Command(BaseCommand):
    help = "Add the demo's extras and security deposit (only when Stripe is the local fake)."

    def handle(self, *args, **options):
        if (
            urlsplit(settings.STRIPE_API_URL).hostname not in ("127.0.0.1", "localhost")
            or not settings.STRIPE_SECRET_KEY
        ):
            self.stdout.write("Extras: not seeded (Stripe is not the local fake).")
            return
        organization = Organization.objects.get(slug="seaside-stays")
        with transaction.atomic():
            PaymentAccount.objects.update_or_create(
                organization=organization,
                defaults={
                    "stripe_account_id": DEMO_ACCOUNT,
                    "details_submitted": True,
                    "charges_enabled": True,
                    "payouts_enabled": True,
                },
            )
            for position, (name, spanish, price, pricing, most, approval, hours, moment) in enumerate(EXTRAS):
                Upsell.objects.update_or_create(
                    organization=organization,
                    name__en=name,
                    defaults={
                        "name": {"en": name, "es": spanish},
                        "price": price,
                        "pricing": pricing,
                        "max_quantity": most,
                        "needs_approval": approval,
                        "closes_hours": hours,
                        "closes_relative_to": moment,
                        "position": position,
                    },
                )
            villa = Property.objects.get(organization=organization, name="Villa Mar")
            DepositPolicy.objects.update_or_create(
                property=villa,
                defaults={"organization": organization, "amount": 20000, "authorise_days_before_arrival": 5},
            )
        self.stdout.write(
            f"Extras: {len(EXTRAS)} on sale through the fake Stripe ({settings.STRIPE_API_URL}); "
            "a €200 deposit at Villa Mar."
        )
