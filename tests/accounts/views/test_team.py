"""The team page: who is on the team, and inviting someone new."""

import re

import pytest
from django.urls import reverse
from pytest_django.asserts import assertContains, assertNotContains, assertRedirects

from accounts.models import ActivityLog, Invitation
from accounts.permissions import Role
from tests.factories import InvitationFactory

pytestmark = pytest.mark.django_db

URL = reverse("accounts:team")


def test_lists_the_members_with_their_roles_and_properties(cast, client_for):
    response = client_for(cast.owner).get(URL)

    for email in ("owner@seaside.test", "manager@seaside.test", "concierge@seaside.test"):
        assertContains(response, email)
    assertContains(response, "Property manager")
    assertContains(response, "Villa Mar")
    assertNotContains(response, "owner@rival.test")


def test_lists_pending_invitations_only(cast, client_for):
    InvitationFactory(organization=cast.organization, email="pending@example.com")
    InvitationFactory(organization=cast.outsider.organization, email="rivals-invitee@example.com")

    response = client_for(cast.owner).get(URL)

    assertContains(response, "Pending invitations")
    assertContains(response, "pending@example.com")
    assertNotContains(response, "rivals-invitee@example.com")


def test_the_invite_form_offers_only_this_accounts_properties(cast, client_for):
    response = client_for(cast.owner).get(URL)

    assertContains(response, "Old Town Loft")
    assertNotContains(response, "Rival House")


def test_inviting_creates_an_invitation_and_emails_the_link(
    cast, client_for, mailoutbox, django_capture_on_commit_callbacks
):
    client = client_for(cast.owner)

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            URL, {"email": "New.Person@Example.com", "role": "manager", "properties": [cast.loft.pk]}
        )

    assertRedirects(response, URL)
    invitation = Invitation.objects.get(organization=cast.organization)
    assert invitation.email == "new.person@example.com"
    assert invitation.role == Role.MANAGER
    assert list(invitation.properties.all()) == [cast.loft]
    assert invitation.invited_by == cast.owner.user
    assert ActivityLog.objects.filter(organization=cast.organization, action="member.invited").exists()
    assert len(mailoutbox) == 1
    message = mailoutbox[0]
    assert message.to == ["new.person@example.com"]
    assert message.subject == "You’re invited to Seaside Stays on GoRently"
    assert "/accounts/invitations/" in message.body


def test_the_emailed_link_opens_the_invitation(cast, client_for, mailoutbox, django_capture_on_commit_callbacks):
    client = client_for(cast.owner)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(URL, {"email": "new.person@example.com", "role": "owner"})
    path = re.search(r"(/accounts/invitations/[^/\s]+/)", mailoutbox[0].body).group(1)
    client.logout()

    assertContains(client.get(path), "Join Seaside Stays")


def test_confirms_the_invitation_was_sent(cast, client_for, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        response = client_for(cast.owner).post(URL, {"email": "new.person@example.com", "role": "owner"}, follow=True)

    assertContains(response, "Invitation sent to new.person@example.com.")
    assertContains(response, "Pending invitations")


def test_an_owner_needs_no_properties(cast, client_for):
    response = client_for(cast.owner).post(URL, {"email": "co-owner@example.com", "role": "owner"})

    assertRedirects(response, URL)
    assert Invitation.objects.get(email="co-owner@example.com").role == Role.OWNER


def test_inviting_the_same_address_again_replaces_the_pending_invitation(cast, client_for):
    client = client_for(cast.owner)
    client.post(URL, {"email": "twice@example.com", "role": "owner"})

    client.post(URL, {"email": "twice@example.com", "role": "owner"})

    statuses = sorted(i.status for i in Invitation.objects.filter(email="twice@example.com"))
    assert statuses == ["pending", "revoked"]


def test_an_invalid_email_is_refused_and_nothing_is_written(cast, client_for, mailoutbox):
    response = client_for(cast.owner).post(URL, {"email": "not-an-email", "role": "owner"})

    assert response.status_code == 400
    assertContains(response, "Enter a valid email address.", status_code=400)
    assert not Invitation.objects.exists()
    assert not ActivityLog.objects.filter(action="member.invited").exists()
    assert mailoutbox == []


def test_someone_already_on_the_team_is_refused(cast, client_for):
    response = client_for(cast.owner).post(URL, {"email": "Manager@Seaside.test", "role": "owner"})

    assertContains(response, "manager@seaside.test is already on your team.", status_code=400)
    assert not Invitation.objects.exists()


@pytest.mark.parametrize("role", ["manager", "concierge"])
def test_a_manager_or_concierge_needs_at_least_one_property(cast, client_for, role):
    response = client_for(cast.owner).post(URL, {"email": "new.person@example.com", "role": role})

    assertContains(response, "Choose at least one property for a manager or concierge.", status_code=400)
    assert not Invitation.objects.exists()


def test_another_accounts_property_cannot_be_assigned(cast, client_for):
    response = client_for(cast.owner).post(
        URL, {"email": "new.person@example.com", "role": "manager", "properties": [cast.outsider_property.pk]}
    )

    assertContains(response, "Select a valid choice.", status_code=400)
    assert not Invitation.objects.exists()


def test_an_unknown_role_is_refused(cast, client_for):
    response = client_for(cast.owner).post(URL, {"email": "new.person@example.com", "role": "admin"})

    assertContains(response, "Select a valid choice.", status_code=400)
    assert not Invitation.objects.exists()
