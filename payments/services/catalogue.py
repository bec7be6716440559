"""The extras catalogue and the properties' security deposits."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from accounts.activity import record_action
from accounts.permissions import Rule, require
from payments.models import DepositPolicy, Upsell

UPSELL_FIELDS = (
    "name",
    "description",
    "price",
    "currency",
    "pricing",
    "all_properties",
    "opens_days_before_arrival",
    "closes_hours",
    "closes_relative_to",
    "max_quantity",
    "needs_approval",
    "active",
)


@transaction.atomic
def save_upsell(*, actor, upsell=None, properties=(), image=None, request=None, **fields):
    """Create or change an extra. `image`: a cleaned upload, None to keep the photo, False to remove it."""
    require(actor, Rule.MANAGE_PAYMENTS)
    created = upsell is None
    if created:
        last = Upsell.objects.filter(organization=actor.organization).order_by("-position").first()
        upsell = Upsell(organization=actor.organization, position=(last.position + 1) if last else 0)
    for name in UPSELL_FIELDS:
        if name in fields:
            setattr(upsell, name, fields[name])
    if not (upsell.name or {}).get("en", "").strip():
        raise ValidationError({"name": _("An English name is required.")})
    if image is False:
        upsell.image = ""
    elif image is not None:
        upsell.image = image
    properties = list(properties)
    if any(place.organization_id != actor.organization.pk for place in properties):
        raise ValidationError({"properties": _("Choose among your properties.")})
    if not upsell.all_properties and not properties:
        raise ValidationError({"properties": _("Choose the properties that offer it, or offer it everywhere.")})
    upsell.full_clean()
    upsell.save()
    upsell.properties.set([] if upsell.all_properties else properties)
    record_action(actor, "upsell.created" if created else "upsell.updated", target=upsell, request=request)
    return upsell


@transaction.atomic
def delete_upsell(*, actor, upsell, request=None):
    """Remove an extra from the catalogue; orders keep what was sold (their items are snapshots)."""
    require(actor, Rule.MANAGE_PAYMENTS)
    record_action(actor, "upsell.deleted", target=upsell, request=request)
    upsell.delete()


@transaction.atomic
def move_upsell(*, actor, upsell, direction, request=None):
    require(actor, Rule.MANAGE_PAYMENTS)
    siblings = list(Upsell.objects.filter(organization=actor.organization).order_by("position", "id"))
    index = next(i for i, other in enumerate(siblings) if other.pk == upsell.pk)
    swap = index - 1 if direction == "up" else index + 1
    if 0 <= swap < len(siblings):
        siblings[index], siblings[swap] = siblings[swap], siblings[index]
        for position, item in enumerate(siblings):
            if item.position != position:
                Upsell.objects.filter(pk=item.pk).update(position=position)
    return upsell


@transaction.atomic
def save_deposit_policy(*, actor, property, request=None, **fields):
    require(actor, Rule.MANAGE_PAYMENTS)
    if property.organization_id != actor.organization.pk:
        raise ValidationError(_("Choose one of your properties."))
    policy = DepositPolicy.objects.filter(property=property).first() or DepositPolicy(
        organization=actor.organization, property=property
    )
    for name in ("amount", "currency", "authorise_days_before_arrival", "release_days_after_checkout", "active"):
        if name in fields:
            setattr(policy, name, fields[name])
    policy.full_clean()
    policy.save()
    record_action(actor, "deposit.policy_saved", target=property, request=request, amount=policy.amount)
    return policy


@transaction.atomic
def remove_deposit_policy(*, actor, property, request=None):
    require(actor, Rule.MANAGE_PAYMENTS)
    deleted, _rows = DepositPolicy.objects.filter(property=property, organization=actor.organization).delete()
    if deleted:
        record_action(actor, "deposit.policy_removed", target=property, request=request)
