"""The cast: an owner, a manager and a concierge of one host account, and an outsider in another.

The manager and the concierge are assigned `cast.villa` only; `cast.loft` is
visible to the owner alone. The outsider owns a host account of their own.
"""

from dataclasses import dataclass

import pytest

from accounts.models import Membership, Organization, Role
from properties.models import Property
from reservations.models import Reservation
from tests.factories import MembershipFactory, OrganizationFactory, PropertyFactory, ReservationFactory


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
def client_for(client):
    """Sign the test client in as one member of the cast: `client_for(cast.manager)`."""

    def sign_in(membership):
        client.force_login(membership.user)
        session = client.session
        session["organization_id"] = membership.organization_id
        session.save()
        return client

    return sign_in
