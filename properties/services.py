"""Writes for properties, their branding and their guide."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.activity import changes, record_action, snapshot
from accounts.permissions import Rule, require
from gorently.ordering import next_position, swap_with_neighbour
from properties.models import KIND_ICONS, Brand, GuidePlace, GuideSection, Property, SectionKind
from properties.selectors import properties_of, rule_to_edit

SECRET_FIELDS = {"wifi_password", "door_code"}
SECTION_ATTRS = ["kind", "title", "body", "icon", "visibility", "unlock_hours_before"]
PLACE_ATTRS = ["name", "category", "address", "link", "note"]


def _assign(instance, fields):
    # save_form_data knows form conventions (a cleared file is False, an untouched one None).
    for name, value in fields.items():
        instance._meta.get_field(name).save_form_data(instance, value)


def _account_or_property(actor, property, *, account_rule):
    """The actor's account, once they may change it as a whole (property None) or this property of it."""
    require(actor, account_rule if property is None else Rule.EDIT_PROPERTIES)
    if property is not None and property.organization_id != actor.organization.pk:
        raise ValidationError(_("Choose one of your properties."))
    return actor.organization


def _check_form_is_own(property):
    form = property.checkin_form
    if form is not None and form.organization_id != property.organization_id:
        raise ValidationError({"checkin_form": _("Choose one of your check-in forms.")})


@transaction.atomic
def create_property(*, actor, request=None, **fields):
    require(actor, Rule.ADD_PROPERTIES)
    property = Property(organization=actor.organization)
    _assign(property, fields)
    _check_form_is_own(property)
    property.full_clean()
    property.save()
    record_action(actor, "property.created", target=property, request=request)
    return property


@transaction.atomic
def update_property(*, actor, property, request=None, **fields):
    require(actor, Rule.EDIT_PROPERTIES)
    before = snapshot(property, fields)
    _assign(property, fields)
    _check_form_is_own(property)
    property.full_clean()
    property.save()
    changed = changes(before, property)
    for name in SECRET_FIELDS & changed.keys():
        changed[name] = ["•••", "•••"]  # Logged as changed, never the secret itself.
    if changed:
        record_action(actor, "property.updated", target=property, request=request, changed=changed)
    return property


@transaction.atomic
def set_archived(*, actor, property, archived, request=None):
    require(actor, Rule.ARCHIVE_PROPERTIES)
    property.archived_at = timezone.now() if archived else None
    property.save(update_fields=["archived_at", "updated_at"])
    action = "property.archived" if archived else "property.restored"
    record_action(actor, action, target=property, request=request)
    return property


@transaction.atomic
def save_brand(*, actor, property=None, request=None, **fields):
    """Save the account's brand, or a property's override of it."""
    organization = _account_or_property(actor, property, account_rule=Rule.MANAGE_ACCOUNT)
    brand = Brand.objects.filter(organization=organization, property=property).first() or Brand(
        organization=organization, property=property
    )
    _assign(brand, fields)
    brand.full_clean()
    brand.save()
    record_action(
        actor,
        "brand.updated",
        target=property or organization,
        request=request,
        **{f: str(v) for f, v in fields.items() if f != "logo"},
    )
    return brand


@transaction.atomic
def clear_brand_override(*, actor, property, request=None):
    require(actor, Rule.EDIT_PROPERTIES)
    deleted, _ = Brand.objects.filter(organization=actor.organization, property=property).delete()
    if deleted:
        record_action(actor, "brand.override_removed", target=property, request=request)


# --- The guide --------------------------------------------------------------------------------


def _set(instance, attrs, names):
    for name in names:
        if name in attrs:
            setattr(instance, name, attrs[name])


def _clean_section(section):
    if not (section.title or {}).get("en", "").strip():
        raise ValidationError({"title": _("An English title is required.")})
    section.full_clean()


@transaction.atomic
def create_section(*, actor, property=None, request=None, **attrs):
    """A new section in a property's guide, or (property None) a shared one for chosen properties."""
    organization = _account_or_property(actor, property, account_rule=Rule.EDIT_SHARED_GUIDE)
    kind = attrs.get("kind") or SectionKind.FREE
    section = GuideSection(
        organization=organization,
        property=property,
        kind=kind,
        icon=KIND_ICONS.get(kind, "info"),
        position=next_position(GuideSection.objects.filter(organization=organization, property=property)),
    )
    _set(section, attrs, SECTION_ATTRS)
    if not section.title:
        section.title = {"en": str(SectionKind(kind).label)}
    _clean_section(section)
    section.save()
    if property is None:
        section.shared_with.set(attrs.get("shared_with") or properties_of(actor))
    record_action(
        actor,
        "guide.section_added",
        target=property or section,
        request=request,
        section=section.pk,
        kind=kind,
        shared=property is None,
    )
    return section


@transaction.atomic
def update_section(*, actor, section, request=None, **attrs):
    require(actor, rule_to_edit(section))
    _set(section, attrs, SECTION_ATTRS)
    _clean_section(section)
    section.save()
    if section.property_id is None and "shared_with" in attrs:
        foreign = [p for p in attrs["shared_with"] if p.organization_id != section.organization_id]
        if foreign:
            raise ValidationError({"shared_with": _("Choose properties of this host account.")})
        section.shared_with.set(attrs["shared_with"])
    record_action(
        actor, "guide.section_changed", target=section.property or section, request=request, section=section.pk
    )
    return section


@transaction.atomic
def move_section(*, actor, section, direction, request=None):
    """Swap with the neighbour above or below among the same guide's own (or the shared) sections."""
    require(actor, rule_to_edit(section))
    siblings = GuideSection.objects.filter(organization=section.organization, property_id=section.property_id)
    if swap_with_neighbour(siblings.order_by("position", "id"), section, direction):
        record_action(
            actor,
            "guide.section_moved",
            target=section.property or section,
            request=request,
            section=section.pk,
            direction=direction,
        )
    return section


@transaction.atomic
def remove_section(*, actor, section, request=None):
    require(actor, rule_to_edit(section))
    record_action(
        actor,
        "guide.section_removed",
        target=section.property or section,
        request=request,
        section=section.pk,
        title=str(section),
    )
    section.delete()


@transaction.atomic
def add_place(*, actor, section, request=None, **attrs):
    require(actor, rule_to_edit(section))
    if section.kind != SectionKind.RECOMMENDATIONS:
        raise ValidationError(_("Places belong in a local recommendations section."))
    place = GuidePlace(organization=section.organization, section=section)
    _set(place, attrs, PLACE_ATTRS)
    place.position = next_position(section.places)
    place.full_clean()
    place.save()
    _record_place(actor, "guide.place_added", place, request)
    return place


@transaction.atomic
def update_place(*, actor, place, request=None, **attrs):
    require(actor, rule_to_edit(place.section))
    _set(place, attrs, PLACE_ATTRS)
    place.full_clean()
    place.save()
    _record_place(actor, "guide.place_changed", place, request)
    return place


@transaction.atomic
def remove_place(*, actor, place, request=None):
    require(actor, rule_to_edit(place.section))
    _record_place(actor, "guide.place_removed", place, request)
    place.delete()


def _record_place(actor, action, place, request):
    # A place is logged against the guide it appears in: its property's, or the shared one.
    section = place.section
    record_action(actor, action, target=section.property or section, request=request, place=place.name)
