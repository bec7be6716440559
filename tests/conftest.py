"""The cast: an owner, a manager and a concierge of one host account, and an outsider in another.

The manager and the concierge are assigned `cast.villa` only; `cast.loft` is
visible to the owner alone. The outsider owns a host account of their own.
"""

from dataclasses import dataclass
from functools import cached_property

import pytest
from django.conf import settings
from django.utils import translation

from accounts.models import Membership, Organization
from accounts.permissions import Role
from properties.models import Property
from reservations.checkin.models import CheckinForm
from reservations.checkin.services.forms import ensure_default_form
from reservations.models import Reservation
from tests.factories import MembershipFactory, OrganizationFactory, PropertyFactory, ReservationFactory

# The fake Stripe and Twilio, for any directory's tests.
pytest_plugins = ["tests.fake_providers"]


@dataclass
class Cast:
    organization: Organization
    owner: Membership
    manager: Membership
    concierge: Membership
    outsider: Membership
    villa: Property
    loft: Property
    villa_reservation: Reservation
    loft_reservation: Reservation
    outsider_property: Property
    outsider_reservation: Reservation

    def member(self, role):
        return getattr(self, role)

    @cached_property
    def form(self):
        """The host account's default check-in form with the standard fields (made on first use)."""
        return _default_form(self.organization)

    @cached_property
    def outsider_form(self):
        return _default_form(self.outsider.organization)


def _default_form(organization):
    ensure_default_form(organization)
    return CheckinForm.objects.get(organization=organization, is_default=True)


@pytest.fixture
def cast(db):
    organization = OrganizationFactory(name="Seaside Stays")
    villa = PropertyFactory(organization=organization, name="Villa Mar")
    loft = PropertyFactory(organization=organization, name="Old Town Loft")
    other = OrganizationFactory(name="Rival Rentals")
    outsider_property = PropertyFactory(organization=other, name="Rival House")
    return Cast(
        organization=organization,
        owner=MembershipFactory(organization=organization, role=Role.OWNER, user__email="owner@seaside.test"),
        manager=MembershipFactory(
            organization=organization, role=Role.MANAGER, user__email="manager@seaside.test", properties=[villa]
        ),
        concierge=MembershipFactory(
            organization=organization, role=Role.CONCIERGE, user__email="concierge@seaside.test", properties=[villa]
        ),
        outsider=MembershipFactory(organization=other, role=Role.OWNER, user__email="owner@rival.test"),
        villa=villa,
        loft=loft,
        villa_reservation=ReservationFactory(property=villa, guest_name="Ana Villa"),
        loft_reservation=ReservationFactory(property=loft, guest_name="Lars Loft"),
        outsider_property=outsider_property,
        outsider_reservation=ReservationFactory(property=outsider_property, guest_name="Otto Outsider"),
    )


@pytest.fixture
def portal(cast):
    """The villa reservation, for two guests, checking in with the account's standard form."""
    ensure_default_form(cast.organization)
    reservation = cast.villa_reservation
    reservation.guests_count = 2
    reservation.save()
    return reservation


@pytest.fixture
def client_for(client):
    """Sign the test client in as one member of the cast: `client_for(cast.manager)`."""

    def sign_in(membership):
        client.force_login(membership.user)
        session = client.session
        session["organization_id"] = membership.organization_id
        session.save()
        return client

    return sign_in


@pytest.fixture(autouse=True)
def _english_after_each_test():
    """A request in the portal leaves its language active in the thread (as Django's LocaleMiddleware
    does): the next test starts in English again, whatever language the last one's guest spoke."""
    yield
    translation.activate(settings.LANGUAGE_CODE)


@pytest.fixture(autouse=True)
def _fresh_cache():
    """Rate-limit counters live in the cache, and drawn fragments in theirs: every test starts with none."""
    from django.core.cache import caches

    for alias in ("default", "fragments"):
        caches[alias].clear()
    yield
    for alias in ("default", "fragments"):
        caches[alias].clear()
