"""Accepting an invitation from its emailed link."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone
from pytest_django.asserts import assertContains, assertRedirects

from accounts.models import ActivityLog, Membership, User
from accounts.permissions import Role
from tests.factories import InvitationFactory

pytestmark = pytest.mark.django_db

TOKEN = "a-raw-token-from-the-email"


def _url(token=TOKEN):
    return reverse("accounts:accept_invitation", args=[token])


@pytest.fixture
def invitation(cast):
    """Seaside Stays invites a new concierge for the villa."""
    return InvitationFactory(
        organization=cast.organization,
        email="newcomer@example.com",
        role=Role.CONCIERGE,
        invited_by=cast.owner.user,
        properties=[cast.villa],
        token=TOKEN,
    )


@pytest.fixture
def invitation_for_outsider(cast):
    """Seaside Stays invites the owner of Rival Rentals, who already has a login, as a manager."""
    return InvitationFactory(
        organization=cast.organization,
        email="owner@rival.test",
        role=Role.MANAGER,
        properties=[cast.loft],
        token=TOKEN,
    )


def test_a_new_person_sees_whom_they_are_joining(invitation, client):
    response = client.get(_url())

    assertContains(response, "Join Seaside Stays")
    assertContains(response, "newcomer@example.com")
    assertContains(response, 'name="password"')
    assertContains(response, "Create my login and join")


def test_a_new_person_creates_a_login_joins_and_is_signed_in(invitation, cast, client):
    response = client.post(_url(), {"full_name": "Nora Newcomer", "password": "harbour-lights-at-nine"})

    assertRedirects(response, reverse("dashboard"))
    user = User.objects.get(email="newcomer@example.com")
    assert user.full_name == "Nora Newcomer"
    membership = Membership.objects.get(user=user)
    assert membership.organization == cast.organization
    assert membership.role == Role.CONCIERGE
    assert list(membership.properties.all()) == [cast.villa]
    assert int(client.session["_auth_user_id"]) == user.pk
    assert client.session["organization_id"] == cast.organization.pk
    invitation.refresh_from_db()
    assert invitation.status == "accepted"
    assert invitation.accepted_by == user
    assert ActivityLog.objects.filter(organization=cast.organization, action="member.joined").exists()


def test_the_link_works_only_once(invitation, client):
    client.post(_url(), {"full_name": "Nora Newcomer", "password": "harbour-lights-at-nine"})
    client.logout()

    response = client.get(_url())

    assert response.status_code == 404
    assertContains(response, "This invitation isn’t valid", status_code=404)


def test_a_new_person_with_a_weak_password_is_told_and_nothing_is_created(invitation, client):
    response = client.post(_url(), {"full_name": "Nora Newcomer", "password": "password"})

    assertContains(response, "This password is too common.")
    assert not User.objects.filter(email="newcomer@example.com").exists()
    invitation.refresh_from_db()
    assert invitation.status == "pending"


def test_someone_with_a_login_who_is_signed_out_is_sent_to_sign_in_first(invitation_for_outsider, client):
    response = client.get(_url())

    assertRedirects(response, f"{reverse('accounts:login')}?next={_url()}", fetch_redirect_response=False)
    assertContains(client.get(response.url), "Sign in as owner@rival.test to accept the invitation.")


def test_someone_signed_in_with_the_invited_email_accepts_with_one_click(invitation_for_outsider, cast, client_for):
    client = client_for(cast.outsider)
    assertContains(client.get(_url()), "Accept invitation")

    response = client.post(_url(), follow=True)

    assertRedirects(response, reverse("dashboard"))
    assertContains(response, "You joined Seaside Stays.")
    membership = Membership.objects.get(user=cast.outsider.user, organization=cast.organization)
    assert membership.role == Role.MANAGER
    assert list(membership.properties.all()) == [cast.loft]
    assert client.session["organization_id"] == cast.organization.pk
    # Their own host account is untouched.
    assert Membership.objects.filter(pk=cast.outsider.pk, role=Role.OWNER).exists()


def test_a_get_alone_does_not_accept(invitation_for_outsider, cast, client_for):
    client_for(cast.outsider).get(_url())

    assert not Membership.objects.filter(user=cast.outsider.user, organization=cast.organization).exists()


def test_someone_signed_in_with_another_email_is_told_and_does_not_join(invitation, cast, client_for):
    client = client_for(cast.outsider)

    response = client.post(_url())

    assert response.status_code == 200
    assertContains(response, "This invitation was sent to newcomer@example.com.")
    assert not Membership.objects.filter(user=cast.outsider.user, organization=cast.organization).exists()
    invitation.refresh_from_db()
    assert invitation.status == "pending"


@pytest.mark.parametrize("token", ["garbage", "x" * 300, "%20"])
def test_an_unknown_token_shows_the_not_valid_page(invitation, client, token):
    response = client.get(_url(token))

    assertContains(response, "This invitation isn’t valid", status_code=404)


@pytest.mark.parametrize(
    "change",
    [{"revoked_at": timezone.now()}, {"expires_at": timezone.now() - timedelta(minutes=1)}],
    ids=["revoked", "expired"],
)
def test_a_revoked_or_expired_invitation_shows_the_not_valid_page(invitation, client, change):
    for field, value in change.items():
        setattr(invitation, field, value)
    invitation.save()

    response = client.post(_url(), {"full_name": "Nora Newcomer", "password": "harbour-lights-at-nine"})

    assertContains(response, "This invitation isn’t valid", status_code=404)
    assert not User.objects.filter(email="newcomer@example.com").exists()
