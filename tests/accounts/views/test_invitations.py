"""Resending and revoking a pending invitation from the team page."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone
from pytest_django.asserts import assertContains, assertRedirects

from accounts.models import ActivityLog, Invitation
from tests.factories import InvitationFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def invitation(cast):
    return InvitationFactory(
        organization=cast.organization,
        email="invitee@example.com",
        properties=[cast.villa],
        expires_at=timezone.now() + timedelta(days=1),
    )


@pytest.fixture
def rival_invitation(cast):
    return InvitationFactory(organization=cast.outsider.organization, email="rival-invitee@example.com")


def _resend(invitation):
    return reverse("accounts:invitation_resend", args=[invitation.pk])


def _revoke(invitation):
    return reverse("accounts:invitation_revoke", args=[invitation.pk])


def test_resending_emails_a_fresh_link_and_extends_the_expiry(
    invitation, cast, client_for, mailoutbox, django_capture_on_commit_callbacks
):
    old_hash, old_expiry = invitation.token_hash, invitation.expires_at

    with django_capture_on_commit_callbacks(execute=True):
        response = client_for(cast.owner).post(_resend(invitation), follow=True)

    assertRedirects(response, reverse("accounts:team"))
    assertContains(response, "Invitation sent again to invitee@example.com.")
    invitation.refresh_from_db()
    assert invitation.expires_at > old_expiry
    assert invitation.token_hash != old_hash
    assert [m.to for m in mailoutbox] == [["invitee@example.com"]]
    assert ActivityLog.objects.filter(organization=cast.organization, action="member.invitation_resent").exists()


def test_revoking_makes_the_link_unusable(invitation, cast, client_for):
    response = client_for(cast.owner).post(_revoke(invitation), follow=True)

    assertRedirects(response, reverse("accounts:team"))
    assertContains(response, "Invitation to invitee@example.com revoked.")
    invitation.refresh_from_db()
    assert invitation.status == "revoked"
    assert not Invitation.objects.pending().exists()
    assert ActivityLog.objects.filter(organization=cast.organization, action="member.invitation_revoked").exists()


def test_a_revoked_invitation_cannot_be_resent(invitation, cast, client_for, mailoutbox):
    client = client_for(cast.owner)
    client.post(_revoke(invitation))

    response = client.post(_resend(invitation), follow=True)

    assertContains(response, "Only a pending invitation can be sent again.")
    invitation.refresh_from_db()
    assert invitation.status == "revoked"
    assert mailoutbox == []


def test_revoking_twice_is_refused_with_a_message(invitation, cast, client_for):
    client = client_for(cast.owner)
    client.post(_revoke(invitation))

    response = client.post(_revoke(invitation), follow=True)

    assertContains(response, "Only a pending invitation can be revoked.")
    assert ActivityLog.objects.filter(action="member.invitation_revoked").count() == 1


@pytest.mark.parametrize("action", [_resend, _revoke], ids=["resend", "revoke"])
def test_another_accounts_invitation_is_not_found(rival_invitation, cast, client_for, mailoutbox, action):
    response = client_for(cast.owner).post(action(rival_invitation))

    assert response.status_code == 404
    rival_invitation.refresh_from_db()
    assert rival_invitation.status == "pending"
    assert mailoutbox == []


@pytest.mark.parametrize("action", [_resend, _revoke], ids=["resend", "revoke"])
def test_a_manager_may_not_touch_invitations(invitation, cast, client_for, action):
    response = client_for(cast.manager).post(action(invitation))

    assert response.status_code == 403
    invitation.refresh_from_db()
    assert invitation.status == "pending"
