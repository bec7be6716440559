"""The owner's "getting started" list on the dashboard of a new host account.

Each step is done when the account holds what it asks for, so the list needs
no state of its own and disappears once everything is in place.
"""

from dataclasses import dataclass

from django.db.models import Exists, OuterRef
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from accounts.models import Invitation, Membership, Organization, Role
from properties.models import Brand, GuideSection, Property
from reservations.models import Reservation


@dataclass(frozen=True)
class SetupStep:
    title: str
    hint: str
    url: str
    done: bool


def _in_account(model, **lookups):
    return Exists(model.objects.filter(organization=OuterRef("pk"), **lookups))


def setup_steps(membership):
    """The steps, in order, for an owner; nothing for other roles or once every step is done."""
    if membership.role != Role.OWNER:
        return []
    have = (
        Organization.objects.filter(pk=membership.organization_id)
        .annotate(
            property=_in_account(Property, archived_at__isnull=True),
            brand=_in_account(Brand, property__isnull=True),
            guide=_in_account(GuideSection),
            reservation=_in_account(Reservation),
            colleague=Exists(Membership.objects.filter(organization=OuterRef("pk")).exclude(pk=membership.pk)),
            invitation=_in_account(Invitation),
        )
        .values("property", "brand", "guide", "reservation", "colleague", "invitation")
        .get()
    )
    steps = [
        SetupStep(
            _("Add your first property"),
            _("Its address, check-in times and how many guests it sleeps."),
            reverse("properties:create"),
            have["property"],
        ),
        SetupStep(
            _("Brand the guest pages"),
            _("Your colours, logo and font on every guest’s phone."),
            reverse("properties:account_branding"),
            have["brand"],
        ),
        SetupStep(
            _("Write the house guide"),
            _("Wi-Fi, door code, house rules: answered before guests ask."),
            reverse("properties:shared_guide"),
            have["guide"],
        ),
        SetupStep(
            _("Add a reservation"),
            _("Each one gets a private link where the guests check in online."),
            reverse("reservations:create"),
            have["reservation"],
        ),
        SetupStep(
            _("Invite your team"),
            _("Property managers and concierges, each with their properties."),
            reverse("accounts:team"),
            have["colleague"] or have["invitation"],
        ),
    ]
    return [] if all(step.done for step in steps) else steps
