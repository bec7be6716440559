"""Account services: sign-up, host accounts, invitations and team membership."""

import re
from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.test import RequestFactory
from django.utils import timezone

from accounts import services
from accounts.forms import MemberForm, SignUpForm
from accounts.models import ActivityLog, ActorType, Invitation, Membership, Organization, User
from accounts.permissions import Role
from accounts.selectors import invitation_by_token
from properties.models import Property
from tests.factories import InvitationFactory, MembershipFactory, UserFactory

ACCEPT_LINK = re.compile(r"/accounts/invitations/(?P<token>[A-Za-z0-9_\-]+)/")


def request_by(membership, ip="203.0.113.7"):
    request = RequestFactory().post("/", REMOTE_ADDR=ip)
    request.user = membership.user
    return request


def token_in(mail):
    match = ACCEPT_LINK.search(mail.body)
    assert match, f"no accept link in: {mail.body!r}"
    return match["token"]


def invite(cast, email="new.person@example.com", role=Role.MANAGER, properties=None, by=None):
    by = by or cast.owner
    return services.invite_member(
        actor=by,
        email=email,
        role=role,
        properties=[cast.villa] if properties is None else properties,
        request=request_by(by),
    )


# --- Sign-up -------------------------------------------------------------------------------------


@pytest.mark.django_db
def test_sign_up_creates_an_inactive_person_their_host_account_and_makes_them_owner():
    services.sign_up(
        email=" Maria@Example.COM", password="a-long-passphrase", full_name="  Maria Ruiz ", account_name="Casa Maria"
    )

    user = User.objects.get()
    assert user.email == "maria@example.com"
    assert user.full_name == "Maria Ruiz"
    assert user.check_password("a-long-passphrase")
    assert user.is_active is False
    membership = Membership.objects.get(user=user)
    assert membership.role == Role.OWNER
    assert membership.organization.name == "Casa Maria"
    assert membership.organization.slug == "casa-maria"


@pytest.mark.django_db
def test_sign_up_logs_the_new_account_as_created_by_its_owner():
    services.sign_up(
        email="maria@example.com", password="a-long-passphrase", full_name="Maria", account_name="Casa Maria"
    )

    entry = ActivityLog.objects.get()
    assert entry.action == "account.created"
    assert entry.organization == Organization.objects.get(name="Casa Maria")
    assert entry.actor_type == ActorType.USER
    assert entry.actor_user == User.objects.get(email="maria@example.com")
    assert entry.target_label == "Casa Maria"


@pytest.mark.django_db
def test_sign_up_emails_the_confirmation_link_once_committed(mailoutbox, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        services.sign_up(email="maria@example.com", password="a-long-passphrase", full_name="M", account_name="Casa")
    assert mailoutbox == []

    for callback in callbacks:
        callback()

    assert [m.subject for m in mailoutbox] == ["Confirm your email to finish signing up for GoRently"]
    assert "/accounts/signup/confirm/" in mailoutbox[0].body


def test_signing_up_with_a_taken_email_writes_nothing_and_tells_its_owner(
    cast, mailoutbox, django_capture_on_commit_callbacks
):
    counts = (User.objects.count(), Organization.objects.count(), Membership.objects.count())
    log_size = ActivityLog.objects.count()

    with django_capture_on_commit_callbacks(execute=True):
        result = services.sign_up(
            email="OWNER@seaside.test", password="a-long-passphrase", full_name="Copycat", account_name="Copy Stays"
        )

    assert result is None  # the same answer as for a new address
    assert (User.objects.count(), Organization.objects.count(), Membership.objects.count()) == counts
    assert ActivityLog.objects.count() == log_size
    assert [(m.to, m.subject) for m in mailoutbox] == [(["owner@seaside.test"], "You already have a GoRently account")]


def test_sign_up_refuses_bad_input_the_same_for_a_taken_email(cast):
    for email in ("owner@seaside.test", "new@example.com"):
        with pytest.raises(ValidationError) as error:
            services.sign_up(email=email, password="a-long-passphrase", full_name="Someone", account_name="  ")
        assert "account_name" in error.value.message_dict


def _pending(email="maria@example.com", account_name="Casa Maria"):
    services.sign_up(email=email, password="a-long-passphrase", full_name="Maria", account_name=account_name)
    return User.objects.get(email=email)


@pytest.mark.django_db
def test_confirming_a_sign_up_activates_the_login_and_logs_it():
    user = _pending()

    membership = services.confirm_sign_up(user=user)

    user.refresh_from_db()
    assert user.is_active is True
    assert membership.user == user
    assert membership.organization.name == "Casa Maria"
    entry = ActivityLog.objects.get(action="account.confirmed")
    assert (entry.organization, entry.actor_user) == (membership.organization, user)


@pytest.mark.django_db
def test_a_sign_up_is_confirmed_only_once():
    user = _pending()
    services.confirm_sign_up(user=user)

    with pytest.raises(ValidationError):
        services.confirm_sign_up(user=user)


@pytest.mark.django_db
def test_the_link_finds_the_sign_up_only_while_it_awaits_confirmation():
    from django.utils.encoding import force_bytes
    from django.utils.http import urlsafe_base64_encode

    from accounts.tokens import signup_confirmation_token

    user = _pending()
    uid, token = urlsafe_base64_encode(force_bytes(user.pk)), signup_confirmation_token.make_token(user)
    assert services.signup_awaiting_confirmation(uid, token) == user

    services.confirm_sign_up(user=user)

    assert services.signup_awaiting_confirmation(uid, token) is None


# --- Password reset requests ---------------------------------------------------------------------------


def test_a_reset_request_emails_the_active_login_with_that_address(
    cast, mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        services.request_password_reset(email=" Manager@Seaside.test")

    assert [m.to for m in mailoutbox] == [["manager@seaside.test"]]


@pytest.mark.parametrize("email", ["nobody@seaside.test", "inactive@seaside.test", "no-password@seaside.test"])
def test_a_reset_request_for_no_active_login_with_a_password_sends_nothing(
    cast, email, mailoutbox, django_capture_on_commit_callbacks
):
    UserFactory(email="inactive@seaside.test", is_active=False)
    UserFactory(email="no-password@seaside.test", password=None)

    with django_capture_on_commit_callbacks(execute=True):
        services.request_password_reset(email=email)

    assert mailoutbox == []


# --- Host accounts -------------------------------------------------------------------------------


@pytest.mark.django_db
def test_create_organization_makes_the_creator_its_owner_and_logs_it():
    user = UserFactory()

    membership = services.create_organization(name="  Beach House  ", owner=user)

    assert membership.user == user
    assert membership.role == Role.OWNER
    assert membership.organization.name == "Beach House"
    assert ActivityLog.objects.filter(action="account.created", organization=membership.organization).exists()


@pytest.mark.django_db
def test_two_accounts_with_the_same_name_get_distinct_slugs():
    first = services.create_organization(name="Beach House", owner=UserFactory())
    second = services.create_organization(name="Beach House", owner=UserFactory())

    assert first.organization.slug == "beach-house"
    assert second.organization.slug == "beach-house-2"


def test_renaming_the_account_logs_the_old_and_new_name(cast):
    services.update_organization(actor=cast.owner, name=" Seaside Homes ", request=request_by(cast.owner))

    cast.organization.refresh_from_db()
    assert cast.organization.name == "Seaside Homes"
    entry = ActivityLog.objects.get(action="account.updated")
    assert entry.details == {"name": ["Seaside Stays", "Seaside Homes"]}
    assert entry.actor_user == cast.owner.user


# --- Inviting ------------------------------------------------------------------------------------


def test_inviting_creates_a_pending_invitation_with_the_role_and_properties(cast):
    invitation = invite(cast, email="New.Person@Example.com", role=Role.CONCIERGE)

    invitation.refresh_from_db()
    assert invitation.organization == cast.organization
    assert invitation.email == "new.person@example.com"
    assert invitation.role == Role.CONCIERGE
    assert list(invitation.properties.all()) == [cast.villa]
    assert invitation.invited_by == cast.owner.user
    assert invitation.status == "pending"


def test_inviting_logs_member_invited_by_the_inviter(cast):
    invitation = invite(cast, role=Role.MANAGER)

    entry = ActivityLog.objects.get(action="member.invited")
    assert entry.organization == cast.organization
    assert entry.actor_user == cast.owner.user
    assert entry.ip_address == "203.0.113.7"
    assert entry.target_id == str(invitation.pk)
    assert entry.details == {"email": "new.person@example.com", "role": "manager", "properties": [cast.villa.pk]}


def test_inviting_emails_an_accept_link_whose_token_matches_the_stored_hash(
    cast, mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        invitation = invite(cast)

    assert len(mailoutbox) == 1
    mail = mailoutbox[0]
    assert mail.to == ["new.person@example.com"]
    invitation.refresh_from_db()
    assert Invitation.hash(token_in(mail)) == invitation.token_hash
    assert invitation_by_token(token_in(mail)) == invitation


def test_the_invitation_email_waits_for_the_transaction_to_commit(cast, mailoutbox, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        invite(cast)

    assert mailoutbox == []
    assert len(callbacks) == 1


def test_inviting_an_invalid_email_writes_nothing(cast, mailoutbox, django_capture_on_commit_callbacks):
    log_size = ActivityLog.objects.count()

    with django_capture_on_commit_callbacks(execute=True), pytest.raises(ValidationError) as error:
        invite(cast, email="not-an-email")

    assert "email" in error.value.message_dict
    assert not Invitation.objects.exists()
    assert ActivityLog.objects.count() == log_size
    assert mailoutbox == []


def test_inviting_someone_already_on_the_team_is_refused(cast):
    with pytest.raises(ValidationError) as error:
        invite(cast, email="Manager@Seaside.test")

    assert "email" in error.value.message_dict
    assert not Invitation.objects.exists()


def test_a_member_of_another_account_can_be_invited(cast):
    invitation = invite(cast, email="owner@rival.test")

    assert invitation.status == "pending"


def test_inviting_with_a_property_of_another_account_is_refused(cast):
    with pytest.raises(ValidationError) as error:
        invite(cast, properties=[cast.villa, cast.outsider_property])

    assert "properties" in error.value.message_dict
    assert not Invitation.objects.exists()


def test_inviting_with_an_unknown_role_is_refused(cast):
    with pytest.raises(ValidationError) as error:
        invite(cast, role="admin")

    assert "role" in error.value.message_dict
    assert not Invitation.objects.exists()


def test_an_owner_invitation_carries_no_properties(cast):
    invitation = invite(cast, role=Role.OWNER, properties=[cast.villa])

    assert list(invitation.properties.all()) == []


def test_reinviting_an_address_replaces_its_pending_invitation(cast):
    first = invite(cast, role=Role.CONCIERGE)

    second = invite(cast, email="NEW.person@example.com", role=Role.MANAGER)

    first.refresh_from_db()
    assert first.status == "revoked"
    assert second.status == "pending"
    assert list(Invitation.objects.pending()) == [second]


def test_reinviting_leaves_other_accounts_invitations_alone(cast):
    elsewhere = InvitationFactory(organization=cast.outsider.organization, email="new.person@example.com")

    invite(cast)

    elsewhere.refresh_from_db()
    assert elsewhere.status == "pending"


# --- Invitation model ----------------------------------------------------------------------------


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("changes", "status"),
    [
        ({}, "pending"),
        ({"accepted_at": timezone.now()}, "accepted"),
        ({"revoked_at": timezone.now()}, "revoked"),
        ({"expires_at": timezone.now() - timedelta(seconds=1)}, "expired"),
    ],
)
def test_an_invitation_status_follows_its_dates(changes, status):
    invitation = InvitationFactory(**changes)

    assert invitation.status == status
    assert Invitation.objects.pending().filter(pk=invitation.pk).exists() == (status == "pending")


def test_a_new_token_is_random_and_only_its_hash_is_kept():
    raw, hashed = Invitation.new_token()

    assert len(raw) >= 40
    assert hashed == Invitation.hash(raw) != raw
    assert Invitation.new_token()[0] != raw


# --- Accepting -----------------------------------------------------------------------------------


def test_accepting_joins_the_account_with_the_invited_role_and_properties(cast):
    invitation = InvitationFactory(organization=cast.organization, role=Role.CONCIERGE, properties=[cast.loft])
    user = UserFactory(email=invitation.email)

    membership = services.accept_invitation(invitation=invitation, user=user)

    assert membership.organization == cast.organization
    assert membership.role == Role.CONCIERGE
    assert list(membership.properties.all()) == [cast.loft]


def test_accepting_marks_the_invitation_accepted_and_logs_member_joined(cast):
    invitation = InvitationFactory(organization=cast.organization)
    user = UserFactory(email=invitation.email)

    membership = services.accept_invitation(invitation=invitation, user=user)

    invitation.refresh_from_db()
    assert invitation.status == "accepted"
    assert invitation.accepted_by == user
    entry = ActivityLog.objects.get(action="member.joined")
    assert entry.organization == cast.organization
    assert entry.actor_user == user
    assert entry.target_id == str(membership.pk)
    assert entry.details == {"role": "manager"}


def test_accepting_checks_the_email_case_insensitively(cast):
    invitation = InvitationFactory(organization=cast.organization, email="Mixed.Case@Example.com")
    user = UserFactory(email="mixed.case@example.com")

    assert services.accept_invitation(invitation=invitation, user=user).user == user


def test_accepting_with_another_email_is_refused(cast):
    invitation = InvitationFactory(organization=cast.organization)

    with pytest.raises(ValidationError):
        services.accept_invitation(invitation=invitation, user=cast.outsider.user)

    invitation.refresh_from_db()
    assert invitation.status == "pending"
    assert not Membership.objects.filter(user=cast.outsider.user, organization=cast.organization).exists()


@pytest.mark.parametrize(
    "changes",
    [
        {"expires_at": timezone.now() - timedelta(minutes=1)},
        {"revoked_at": timezone.now()},
        {"accepted_at": timezone.now()},
    ],
    ids=["expired", "revoked", "already-accepted"],
)
def test_an_invitation_that_is_no_longer_pending_cannot_be_accepted(cast, changes):
    invitation = InvitationFactory(organization=cast.organization, **changes)
    user = UserFactory(email=invitation.email)

    with pytest.raises(ValidationError):
        services.accept_invitation(invitation=invitation, user=user)

    assert not Membership.objects.filter(user=user).exists()


def test_accepting_when_already_a_member_keeps_the_current_role(cast):
    invitation = InvitationFactory(organization=cast.organization, email="manager@seaside.test", role=Role.CONCIERGE)

    membership = services.accept_invitation(invitation=invitation, user=cast.manager.user)

    assert membership == cast.manager
    assert membership.role == Role.MANAGER


def test_signing_up_from_an_invitation_creates_the_person_and_joins(cast):
    invitation = InvitationFactory(organization=cast.organization, email="fresh@example.com", properties=[cast.villa])

    membership = services.sign_up_from_invitation(
        invitation=invitation, full_name=" Fresh Face ", password="a-long-passphrase"
    )

    assert membership.user.email == "fresh@example.com"
    assert membership.user.full_name == "Fresh Face"
    assert membership.user.check_password("a-long-passphrase")
    assert membership.organization == cast.organization
    assert list(membership.properties.all()) == [cast.villa]


def test_signing_up_from_an_invitation_to_an_existing_account_is_refused(cast):
    invitation = InvitationFactory(organization=cast.organization, email="owner@rival.test")
    users = User.objects.count()

    with pytest.raises(ValidationError):
        services.sign_up_from_invitation(invitation=invitation, full_name="Rival", password="a-long-passphrase")

    assert User.objects.count() == users
    invitation.refresh_from_db()
    assert invitation.status == "pending"


# --- Resending and revoking ----------------------------------------------------------------------


def test_resending_extends_the_invitation_and_sends_a_fresh_link(cast, mailoutbox, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        invitation = invite(cast)
    first_token = token_in(mailoutbox[0])
    Invitation.objects.filter(pk=invitation.pk).update(expires_at=timezone.now() + timedelta(hours=1))
    invitation.refresh_from_db()

    with django_capture_on_commit_callbacks(execute=True):
        services.resend_invitation(actor=cast.owner, invitation=invitation, request=request_by(cast.owner))

    invitation.refresh_from_db()
    assert invitation.expires_at > timezone.now() + timedelta(days=6)
    assert len(mailoutbox) == 2
    assert invitation_by_token(token_in(mailoutbox[1])) == invitation
    assert invitation_by_token(first_token) is None
    assert ActivityLog.objects.filter(action="member.invitation_resent", target_id=str(invitation.pk)).exists()


def test_revoking_an_invitation_makes_its_link_useless_and_logs_it(cast):
    invitation = InvitationFactory(organization=cast.organization, token="the-link-token")

    services.revoke_invitation(actor=cast.owner, invitation=invitation, request=request_by(cast.owner))

    invitation.refresh_from_db()
    assert invitation.status == "revoked"
    assert invitation_by_token("the-link-token") is None
    entry = ActivityLog.objects.get(action="member.invitation_revoked")
    assert entry.actor_user == cast.owner.user


@pytest.mark.parametrize("service", [services.resend_invitation, services.revoke_invitation])
def test_only_a_pending_invitation_can_be_resent_or_revoked(cast, service):
    invitation = InvitationFactory(organization=cast.organization, revoked_at=timezone.now())

    with pytest.raises(ValidationError):
        service(actor=cast.owner, invitation=invitation)

    assert not ActivityLog.objects.filter(action__startswith="member.invitation").exists()


# --- Changing and removing members ---------------------------------------------------------------


def test_changing_a_role_logs_member_role_changed_with_before_and_after(cast):
    services.change_member(
        actor=cast.owner,
        member=cast.concierge,
        role=Role.MANAGER,
        properties=[cast.villa, cast.loft],
        request=request_by(cast.owner),
    )

    cast.concierge.refresh_from_db()
    assert cast.concierge.role == Role.MANAGER
    assert set(cast.concierge.properties.all()) == {cast.villa, cast.loft}
    entry = ActivityLog.objects.get(action="member.role_changed")
    assert entry.actor_user == cast.owner.user
    assert entry.details == {
        "before": {"role": "concierge", "properties": [cast.villa.pk]},
        "after": {"role": "manager", "properties": sorted([cast.villa.pk, cast.loft.pk])},
    }


def test_changing_only_the_properties_logs_member_properties_changed(cast):
    services.change_member(actor=cast.owner, member=cast.manager, role=Role.MANAGER, properties=[cast.loft])

    assert list(cast.manager.properties.all()) == [cast.loft]
    assert ActivityLog.objects.filter(action="member.properties_changed").count() == 1
    assert not ActivityLog.objects.filter(action="member.role_changed").exists()


def test_saving_a_member_unchanged_logs_nothing(cast):
    services.change_member(actor=cast.owner, member=cast.manager, role=Role.MANAGER, properties=[cast.villa])

    assert not ActivityLog.objects.filter(action__startswith="member.").exists()


def test_promoting_to_owner_clears_the_assigned_properties(cast):
    services.change_member(actor=cast.owner, member=cast.manager, role=Role.OWNER, properties=[cast.villa])

    cast.manager.refresh_from_db()
    assert cast.manager.role == Role.OWNER
    assert list(cast.manager.properties.all()) == []


def test_demoting_the_last_owner_is_refused(cast):
    with pytest.raises(ValidationError) as error:
        services.change_member(actor=cast.owner, member=cast.owner, role=Role.MANAGER, properties=[cast.villa])

    assert "role" in error.value.message_dict
    cast.owner.refresh_from_db()
    assert cast.owner.role == Role.OWNER


def test_an_owner_can_be_demoted_while_another_owner_remains(cast):
    MembershipFactory(organization=cast.organization, role=Role.OWNER)

    services.change_member(actor=cast.owner, member=cast.owner, role=Role.MANAGER, properties=[cast.villa])

    cast.owner.refresh_from_db()
    assert cast.owner.role == Role.MANAGER


def test_another_accounts_owner_does_not_count_as_a_second_owner(cast):
    with pytest.raises(ValidationError):
        services.change_member(actor=cast.owner, member=cast.owner, role=Role.CONCIERGE, properties=[])


def test_assigning_a_property_of_another_account_is_refused(cast):
    with pytest.raises(ValidationError) as error:
        services.change_member(
            actor=cast.owner, member=cast.manager, role=Role.MANAGER, properties=[cast.outsider_property]
        )

    assert "properties" in error.value.message_dict
    assert list(cast.manager.properties.all()) == [cast.villa]


def test_changing_to_an_unknown_role_is_refused(cast):
    with pytest.raises(ValidationError) as error:
        services.change_member(actor=cast.owner, member=cast.manager, role="superuser")

    assert "role" in error.value.message_dict


def test_removing_a_member_deletes_the_membership_and_logs_who_it_was(cast):
    services.remove_member(actor=cast.owner, member=cast.concierge, request=request_by(cast.owner))

    assert not Membership.objects.filter(pk=cast.concierge.pk).exists()
    assert User.objects.filter(email="concierge@seaside.test").exists()
    entry = ActivityLog.objects.get(action="member.removed")
    assert entry.details == {"email": "concierge@seaside.test", "role": "concierge"}
    assert entry.actor_user == cast.owner.user


def test_removing_the_last_owner_is_refused(cast):
    with pytest.raises(ValidationError):
        services.remove_member(actor=cast.owner, member=cast.owner)

    assert Membership.objects.filter(pk=cast.owner.pk).exists()
    assert not ActivityLog.objects.filter(action="member.removed").exists()


def test_an_owner_can_be_removed_while_another_owner_remains(cast):
    MembershipFactory(organization=cast.organization, role=Role.OWNER)

    services.remove_member(actor=cast.owner, member=cast.owner)

    assert not Membership.objects.filter(pk=cast.owner.pk).exists()


# --- Forms ---------------------------------------------------------------------------------------


@pytest.mark.parametrize("role", [Role.MANAGER, Role.CONCIERGE])
def test_the_member_form_requires_properties_for_a_manager_or_concierge(cast, role):
    form = MemberForm({"role": role}, properties=Property.objects.filter(organization=cast.organization))

    assert not form.is_valid()
    assert "properties" in form.errors


def test_the_member_form_lets_an_owner_have_no_properties(cast):
    form = MemberForm({"role": Role.OWNER}, properties=Property.objects.filter(organization=cast.organization))

    assert form.is_valid(), form.errors


def test_the_member_form_offers_only_the_given_properties(cast):
    form = MemberForm(
        {"role": Role.MANAGER, "properties": [cast.outsider_property.pk]},
        properties=Property.objects.filter(organization=cast.organization),
    )

    assert not form.is_valid()
    assert "properties" in form.errors


@pytest.mark.django_db
@pytest.mark.parametrize("password", ["short", "12345678901", "password123"])
def test_the_sign_up_form_rejects_weak_passwords(password):
    form = SignUpForm(
        {"full_name": "Maria", "email": "maria@example.com", "password": password, "account_name": "Casa Maria"}
    )

    assert not form.is_valid()
    assert "password" in form.errors
