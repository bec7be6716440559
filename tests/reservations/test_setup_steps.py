"""The owner's getting-started list: each step is done once the account holds what it asks for."""

import pytest
from django.urls import reverse
from pytest_django.asserts import assertContains, assertNotContains

from accounts.permissions import Role
from properties.models import Brand
from reservations.selectors import setup_steps
from tests.factories import (
    GuideSectionFactory,
    InvitationFactory,
    MembershipFactory,
    PropertyFactory,
    ReservationFactory,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def newcomer():
    """An owner who has just signed up: an account with nothing in it."""
    return MembershipFactory(role=Role.OWNER, user__email="new@host.test")


def _done(membership):
    return [(str(step.title), step.done) for step in setup_steps(membership)]


def test_a_new_account_has_every_step_to_do(newcomer):
    assert _done(newcomer) == [
        ("Add your first property", False),
        ("Brand the guest pages", False),
        ("Write the house guide", False),
        ("Add a reservation", False),
        ("Invite your team", False),
    ]


def test_each_step_is_done_by_what_it_asks_for(newcomer):
    organization = newcomer.organization
    villa = PropertyFactory(organization=organization)
    Brand.objects.create(organization=organization)
    GuideSectionFactory(organization=organization, property=villa)
    ReservationFactory(property=villa)

    assert [done for _title, done in _done(newcomer)] == [True, True, True, True, False]


@pytest.mark.parametrize("joined", ["invited", "member"])
def test_the_team_step_is_done_by_an_invitation_or_a_colleague(newcomer, joined):
    organization = newcomer.organization
    villa = PropertyFactory(organization=organization)
    Brand.objects.create(organization=organization)
    GuideSectionFactory(organization=organization, property=villa)
    ReservationFactory(property=villa)
    if joined == "invited":
        InvitationFactory(organization=organization)
    else:
        MembershipFactory(organization=organization, role=Role.CONCIERGE)

    assert setup_steps(newcomer) == []  # all done: the list goes away


def test_an_archived_property_or_a_property_branding_does_not_count(newcomer):
    villa = PropertyFactory(organization=newcomer.organization, archived_at="2030-01-01T00:00Z")
    Brand.objects.create(organization=newcomer.organization, property=villa)

    assert _done(newcomer)[:2] == [("Add your first property", False), ("Brand the guest pages", False)]


def test_another_accounts_rows_do_not_count(newcomer, cast):
    assert not any(done for _title, done in _done(newcomer))


@pytest.mark.parametrize("role", [Role.MANAGER, Role.CONCIERGE])
def test_only_owners_get_the_list(newcomer, role):
    assert setup_steps(MembershipFactory(organization=newcomer.organization, role=role)) == []


def test_the_dashboard_shows_the_list_with_links_and_progress(newcomer, client):
    PropertyFactory(organization=newcomer.organization)
    client.force_login(newcomer.user)

    response = client.get(reverse("dashboard"))

    assertContains(response, "Get GoRently ready for your guests")
    assertContains(response, "1 of 5 done")
    assertContains(response, '<progress class="setup-progress" max="5" value="1"', html=False)
    assertContains(response, "<s>Add your first property</s>", html=False)
    assertContains(response, f'<a href="{reverse("properties:account_branding")}">Brand the guest pages</a>', html=True)


def test_the_dashboard_of_a_set_up_account_has_no_list(cast, client_for):
    """The cast's account has properties, reservations, a team… but a brand and a guide complete it."""
    Brand.objects.create(organization=cast.organization)
    GuideSectionFactory(organization=cast.organization, property=cast.villa)

    assertNotContains(client_for(cast.owner).get(reverse("dashboard")), "Get GoRently ready")
