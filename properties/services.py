"""Writes for properties and their branding."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.activity import changes, record_member_action, snapshot
from properties.models import Brand, Property

SECRET_FIELDS = {"wifi_password", "door_code"}


def _assign(instance, fields):
    # save_form_data knows form conventions (a cleared file is False, an untouched one None).
    for name, value in fields.items():
        instance._meta.get_field(name).save_form_data(instance, value)


def _check_form_is_own(property):
    form = property.checkin_form
    if form is not None and form.organization_id != property.organization_id:
        raise ValidationError({"checkin_form": _("Choose one of your check-in forms.")})


@transaction.atomic
def create_property(*, membership, request=None, **fields):
    property = Property(organization=membership.organization)
    _assign(property, fields)
    _check_form_is_own(property)
    property.full_clean()
    property.save()
    record_member_action(membership, "property.created", target=property, request=request)
    return property


@transaction.atomic
def update_property(*, membership, property, request=None, **fields):
    before = snapshot(property, fields)
    _assign(property, fields)
    _check_form_is_own(property)
    property.full_clean()
    property.save()
    changed = changes(before, property)
    for name in SECRET_FIELDS & changed.keys():
        changed[name] = ["•••", "•••"]  # Logged as changed, never the secret itself.
    if changed:
        record_member_action(membership, "property.updated", target=property, request=request, changed=changed)
    return property


@transaction.atomic
def set_archived(*, membership, property, archived, request=None):
    property.archived_at = timezone.now() if archived else None
    property.save(update_fields=["archived_at", "updated_at"])
    action = "property.archived" if archived else "property.restored"
    record_member_action(membership, action, target=property, request=request)
    return property


@transaction.atomic
def save_brand(*, membership, property=None, request=None, **fields):
    """Save the account's brand, or a property's override of it."""
    organization = membership.organization
    if property is not None and property.organization_id != organization.pk:
        raise ValidationError(_("Choose one of your properties."))
    brand = Brand.objects.filter(organization=organization, property=property).first() or Brand(
        organization=organization, property=property
    )
    _assign(brand, fields)
    brand.full_clean()
    brand.save()
    record_member_action(
        membership,
        "brand.updated",
        target=property or organization,
        request=request,
        **{f: str(v) for f, v in fields.items() if f != "logo"},
    )
    return brand


@transaction.atomic
def clear_brand_override(*, membership, property, request=None):
    deleted, _ = Brand.objects.filter(organization=membership.organization, property=property).delete()
    if deleted:
        record_member_action(membership, "brand.override_removed", target=property, request=request)
