"""Writes for accounts: sign-up, team membership and invitations."""

from datetime import timedelta

import django.dispatch
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import transaction
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _

from accounts.activity import changes, record, record_action, snapshot
from accounts.models import Invitation, Membership, Organization, User
from accounts.permissions import Role, Rule, require
from accounts.tasks import send_invitation_email

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


@transaction.atomic
def sign_up(*, email, password, full_name, account_name, request=None):
    """Create a person, their host account, and make them its owner."""
    email = User.objects.normalize_email(email).lower()
    if User.objects.filter(email__iexact=email).exists():
        raise ValidationError({"email": _("An account with this email already exists. Sign in instead.")})
    user = User(email=email, full_name=full_name.strip())
    user.set_password(password)
    user.full_clean(exclude=["password"])
    user.save()
    return create_organization(name=account_name, owner=user, request=request)


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
    email = User.objects.normalize_email(email).lower()
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


@transaction.atomic
def update_organization(*, actor, name, languages=None, request=None):
    """Rename the host account and choose its guest languages (English is always one of them)."""
    require(actor, Rule.MANAGE_ACCOUNT)
    organization = actor.organization
    before = snapshot(organization, ["name", "languages"])
    organization.name = name.strip()
    if languages is not None:
        known = [code for code, _name in settings.LANGUAGES]
        if set(languages) - set(known):
            raise ValidationError({"languages": _("Choose from the languages offered.")})
        organization.languages = ["en"] + [code for code in known if code in languages and code != "en"]
    organization.full_clean()
    organization.save(update_fields=["name", "languages", "updated_at"])
    changed = changes(before, organization)
    if changed:
        record_action(actor, "account.updated", target=organization, request=request, **changed)
    return organization
