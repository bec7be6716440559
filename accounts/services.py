"""Writes for accounts: sign-up and its confirmation, password-reset requests, team membership and invitations."""

from datetime import timedelta
from functools import partial

import django.dispatch
from django.conf import settings
from django.contrib.auth.hashers import make_password
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.encoding import force_str
from django.utils.http import urlsafe_base64_decode
from django.utils.text import slugify
from django.utils.translation import gettext as _

from accounts.activity import changes, record, record_action, snapshot
from accounts.models import Invitation, Membership, Organization, User, normalize_email
from accounts.permissions import Role, Rule, require
from accounts.tasks import (
    send_account_exists_email,
    send_invitation_email,
    send_password_reset_email,
    send_signup_confirmation_email,
)
from accounts.tokens import signup_confirmation_token

# Sent inside the transaction that creates a host account; apps above give it what it starts with.
organization_created = django.dispatch.Signal()


def _unique_slug(name):
    base = slugify(name)[:120] or "host"
    slug, n = base, 1
    while Organization.objects.filter(slug=slug).exists():
        n += 1
        slug = f"{base}-{n}"
    return slug


@transaction.atomic
def create_organization(*, name, owner, request=None):
    organization = Organization(name=name.strip(), slug=_unique_slug(name))
    organization.full_clean()
    organization.save()
    membership = Membership.objects.create(user=owner, organization=organization, role=Role.OWNER)
    record(action="account.created", organization=organization, request=request, actor=owner, target=organization)
    organization_created.send(sender=Organization, organization=organization)
    return membership


def _awaiting_confirmation(user):
    """A login made by sign-up whose email was never confirmed (confirming signs it in)."""
    return not user.is_active and user.last_login is None


@transaction.atomic
def sign_up(*, email, password, full_name, account_name, request=None):
    """Start a sign-up, answering the same whether or not the email already has a login.

    Every outcome is an email to the address, so only its owner learns which it was:
    - a new address gets an inactive login, its host account (owner membership) and a
      confirmation link; `confirm_sign_up` activates it;
    - an address whose earlier sign-up was never confirmed gets that sign-up's details
      replaced by these (the earlier links stop working) and a new link: the inbox's owner
      decides, so nobody can squat an address by signing up with it first;
    - an address with an active login gets "you already have an account", and nothing changes;
    - a login deactivated by staff gets nothing.
    Returns nothing: the caller must not be able to tell these apart.
    """
    email, full_name, account_name = normalize_email(email), full_name.strip(), account_name.strip()
    # The input is checked the same whatever the address, so a refusal says nothing about it.
    User(email=email, full_name=full_name).full_clean(exclude=["password"], validate_unique=False)
    try:
        Organization(name=account_name).full_clean(exclude=["slug"])
    except ValidationError as error:
        raise ValidationError({"account_name": error.messages}) from None
    user = User.objects.select_for_update().filter(email__iexact=email).first()
    if user is None:
        user = User(email=email, full_name=full_name, is_active=False)
        user.set_password(password)
        try:
            with transaction.atomic():
                user.save()
        except IntegrityError:
            return  # the same address signed up a moment ago, in another request: that one goes on
        create_organization(name=account_name, owner=user, request=request)
    elif _awaiting_confirmation(user):
        user.full_name = full_name
        user.set_password(password)
        user.save(update_fields=["full_name", "password"])
        membership = user.memberships.select_related("organization").filter(role=Role.OWNER).first()
        if membership is None:
            create_organization(name=account_name, owner=user, request=request)
        else:
            membership.organization.name = account_name
            membership.organization.save(update_fields=["name", "updated_at"])
    else:
        # Hash the password anyway, so this answer takes as long as the others.
        make_password(password)
        if user.is_active:
            transaction.on_commit(lambda: send_account_exists_email.enqueue(user_id=user.pk))
        return
    transaction.on_commit(lambda: send_signup_confirmation_email.enqueue(user_id=user.pk))


def signup_awaiting_confirmation(uidb64, token):
    """The login a sign-up confirmation link is for, if the link still works; else None."""
    try:
        pk = force_str(urlsafe_base64_decode(uidb64))
        user = User.objects.filter(pk=int(pk)).first()
    except (ValueError, OverflowError):
        return None
    if user is None or not _awaiting_confirmation(user) or not signup_confirmation_token.check_token(user, token):
        return None
    return user


@transaction.atomic
def confirm_sign_up(*, user, request=None):
    """The sign-up's email is confirmed: activate the login. Returns its owner membership.

    The caller then signs the person in (which also retires the link: see accounts.tokens).
    """
    user = User.objects.select_for_update().get(pk=user.pk)
    if not _awaiting_confirmation(user):
        raise ValidationError(_("This link has already been used."))
    user.is_active = True
    user.save(update_fields=["is_active"])
    membership = user.memberships.select_related("organization", "user").order_by("created_at").first()
    record(
        action="account.confirmed",
        organization=membership and membership.organization,
        request=request,
        actor=user,
        target=user,
    )
    return membership


@transaction.atomic
def request_password_reset(*, email):
    """Email a reset link to the active login with this address, if there is one; the same either way.

    The email is sent by a task (which also mints the token), so the answer takes as long
    for an unknown address as for a known one.
    """
    for user in User.objects.filter(email__iexact=normalize_email(email), is_active=True):
        if user.has_usable_password():
            transaction.on_commit(partial(send_password_reset_email.enqueue, user_id=user.pk))


def _checked_properties(organization, role, properties):
    """Owners see every property; others only those given, which must be this account's."""
    if role == Role.OWNER:
        return []
    properties = list(properties or [])
    if any(p.organization_id != organization.pk for p in properties):
        raise ValidationError({"properties": _("Choose properties of this host account.")})
    return properties


@transaction.atomic
def invite_member(*, actor, email, role, properties=(), request=None):
    """Invite someone by email; a new invitation to the same address replaces the pending one."""
    require(actor, Rule.MANAGE_TEAM)
    organization = actor.organization
    try:
        validate_email(email)
    except ValidationError:
        raise ValidationError({"email": _("Enter a valid email address.")}) from None
    email = normalize_email(email)
    if role not in Role.values:
        raise ValidationError({"role": _("Choose a role.")})
    properties = _checked_properties(organization, role, properties)
    if Membership.objects.filter(organization=organization, user__email__iexact=email).exists():
        raise ValidationError({"email": _("%(email)s is already on your team.") % {"email": email}})

    Invitation.objects.pending().filter(organization=organization, email__iexact=email).update(
        revoked_at=timezone.now()
    )
    # The real token is made by the email task, so it lives only in the email.
    unusable_hash = Invitation.new_token()[1]
    invitation = Invitation.objects.create(
        organization=organization,
        email=email,
        role=role,
        token_hash=unusable_hash,
        invited_by=actor.log_identity().user,
        expires_at=timezone.now() + timedelta(days=settings.INVITATION_VALID_DAYS),
    )
    invitation.properties.set(properties)
    record_action(
        actor,
        "member.invited",
        target=invitation,
        request=request,
        email=email,
        role=role,
        properties=[p.pk for p in properties],
    )
    transaction.on_commit(lambda: send_invitation_email.enqueue(invitation_id=invitation.pk))
    return invitation


@transaction.atomic
def resend_invitation(*, actor, invitation, request=None):
    require(actor, Rule.MANAGE_TEAM)
    if invitation.status != "pending":
        raise ValidationError(_("Only a pending invitation can be sent again."))
    invitation.expires_at = timezone.now() + timedelta(days=settings.INVITATION_VALID_DAYS)
    invitation.save(update_fields=["expires_at", "updated_at"])
    record_action(actor, "member.invitation_resent", target=invitation, request=request)
    transaction.on_commit(lambda: send_invitation_email.enqueue(invitation_id=invitation.pk))


@transaction.atomic
def revoke_invitation(*, actor, invitation, request=None):
    require(actor, Rule.MANAGE_TEAM)
    if invitation.status != "pending":
        raise ValidationError(_("Only a pending invitation can be revoked."))
    invitation.revoked_at = timezone.now()
    invitation.save(update_fields=["revoked_at", "updated_at"])
    record_action(actor, "member.invitation_revoked", target=invitation, request=request)


@transaction.atomic
def accept_invitation(*, invitation, user, request=None):
    """Join the invitation's host account as `user` (whose email must be the invited one)."""
    invitation = Invitation.objects.select_for_update().get(pk=invitation.pk)
    if invitation.status != "pending":
        raise ValidationError(_("This invitation is no longer valid. Ask for a new one."))
    if user.email.lower() != invitation.email.lower():
        raise ValidationError(
            _("This invitation was sent to %(email)s. Sign in with that address to accept it.")
            % {"email": invitation.email}
        )
    membership, created = Membership.objects.get_or_create(
        user=user, organization=invitation.organization, defaults={"role": invitation.role}
    )
    if created:
        membership.properties.set(invitation.properties.all())
    invitation.accepted_at = timezone.now()
    invitation.accepted_by = user
    invitation.save(update_fields=["accepted_at", "accepted_by", "updated_at"])
    record(
        action="member.joined",
        organization=invitation.organization,
        request=request,
        actor=user,
        target=membership,
        details={"role": membership.role},
    )
    return membership


@transaction.atomic
def sign_up_from_invitation(*, invitation, full_name, password, request=None):
    if User.objects.filter(email__iexact=invitation.email).exists():
        raise ValidationError(_("You already have an account. Sign in to accept the invitation."))
    user = User(email=invitation.email.lower(), full_name=full_name.strip())
    user.set_password(password)
    user.full_clean(exclude=["password"])
    user.save()
    return accept_invitation(invitation=invitation, user=user, request=request)


def _other_owners(member):
    return Membership.objects.filter(organization=member.organization, role=Role.OWNER).exclude(pk=member.pk)


@transaction.atomic
def change_member(*, actor, member, role, properties=(), request=None):
    """Change a teammate's role and assigned properties."""
    require(actor, Rule.MANAGE_TEAM)
    if role not in Role.values:
        raise ValidationError({"role": _("Choose a role.")})
    if member.role == Role.OWNER and role != Role.OWNER and not _other_owners(member).exists():
        raise ValidationError({"role": _("A host account needs at least one owner.")})
    properties = _checked_properties(member.organization, role, properties)
    before = {"role": member.role, "properties": sorted(member.properties.values_list("pk", flat=True))}
    member.role = role
    member.save(update_fields=["role", "updated_at"])
    member.properties.set(properties)
    after = {"role": role, "properties": sorted(p.pk for p in properties)}
    if before != after:
        action = "member.role_changed" if before["role"] != role else "member.properties_changed"
        record_action(actor, action, target=member, request=request, before=before, after=after)
    return member


@transaction.atomic
def remove_member(*, actor, member, request=None):
    require(actor, Rule.MANAGE_TEAM)
    if member.role == Role.OWNER and not _other_owners(member).exists():
        raise ValidationError(_("A host account needs at least one owner."))
    record_action(actor, "member.removed", target=member, request=request, email=member.user.email, role=member.role)
    member.delete()


ACCOUNT_SETTINGS = (
    "adult_age",
    "guests_may_change_party",
    "contact_name",
    "contact_phone",
    "contact_whatsapp",
    "contact_email",
)


@transaction.atomic
def update_organization(*, actor, name, languages=None, request=None, **settings_given):
    """Rename the host account, choose its guest languages (English is always one of them), and set the
    rest of ACCOUNT_SETTINGS (those given as None keep their value)."""
    require(actor, Rule.MANAGE_ACCOUNT)
    organization = actor.organization
    unknown = set(settings_given) - set(ACCOUNT_SETTINGS)
    if unknown:
        raise TypeError(f"Not an account setting: {', '.join(sorted(unknown))}")
    before = snapshot(organization, ["name", "languages", *ACCOUNT_SETTINGS])
    organization.name = name.strip()
    for field, value in settings_given.items():
        if value is not None:
            setattr(organization, field, value)
    if languages is not None:
        known = [code for code, _name in settings.LANGUAGES]
        if set(languages) - set(known):
            raise ValidationError({"languages": _("Choose from the languages offered.")})
        organization.languages = ["en"] + [code for code in known if code in languages and code != "en"]
    organization.full_clean()
    organization.save(update_fields=["name", "languages", *ACCOUNT_SETTINGS, "updated_at"])
    changed = changes(before, organization)
    if changed:
        record_action(actor, "account.updated", target=organization, request=request, **changed)
    return organization
