"""Removing someone from the team."""

import pytest
from django.urls import reverse
from pytest_django.asserts import assertContains, assertRedirects

from accounts.models import ActivityLog, Membership
from accounts.permissions import Role
from tests.factories import MembershipFactory

pytestmark = pytest.mark.django_db


def _url(member):
    return reverse("accounts:member_remove", args=[member.pk])


def test_removes_the_member_and_logs_it(cast, client_for):
    response = client_for(cast.owner).post(_url(cast.manager), follow=True)

    assertRedirects(response, reverse("accounts:team"))
    assertContains(response, "no longer has access.")
    assert not Membership.objects.filter(pk=cast.manager.pk).exists()
    entry = ActivityLog.objects.get(action="member.removed")
    assert entry.organization == cast.organization
    assert entry.details == {"email": "manager@seaside.test", "role": "manager"}


def test_a_removed_member_loses_access_at_once(cast, client_for):
    client = client_for(cast.owner)
    client.post(_url(cast.concierge))

    client.force_login(cast.concierge.user)
    response = client.get(reverse("reservations:list"))

    assertRedirects(response, reverse("accounts:no_account"))


def test_the_last_owner_cannot_be_removed(cast, client_for):
    response = client_for(cast.owner).post(_url(cast.owner), follow=True)

    assertContains(response, "A host account needs at least one owner.")
    assert Membership.objects.filter(pk=cast.owner.pk).exists()
    assert not ActivityLog.objects.filter(action="member.removed").exists()


def test_an_owner_can_be_removed_while_another_owner_remains(cast, client_for):
    other_owner = MembershipFactory(organization=cast.organization, role=Role.OWNER)

    client_for(cast.owner).post(_url(other_owner))

    assert not Membership.objects.filter(pk=other_owner.pk).exists()


@pytest.mark.parametrize("role", ["concierge", "manager"])
def test_only_owners_may_remove(cast, client_for, role):
    response = client_for(cast.member(role)).post(_url(cast.concierge))

    assert response.status_code == 403
    assert Membership.objects.filter(pk=cast.concierge.pk).exists()


def test_another_accounts_member_is_not_found(cast, client_for):
    response = client_for(cast.owner).post(_url(cast.outsider))

    assert response.status_code == 404
    assert Membership.objects.filter(pk=cast.outsider.pk).exists()
