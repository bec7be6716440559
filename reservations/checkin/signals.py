"""Check-in's receivers of other apps' signals (like accounts/signals.py)."""

from django.dispatch import receiver

from accounts.services import organization_created
from reservations.checkin.services.forms import ensure_default_form


@receiver(organization_created)
def give_new_account_its_default_form(sender, organization, **kwargs):
    ensure_default_form(organization)
