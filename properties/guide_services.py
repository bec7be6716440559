"""Writes for the guidebook: sections (a property's own or shared by the account) and places."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils.translation import gettext as _

from accounts.activity import record_member_action
from accounts.models import Role
from gorently.access import get_or_404, require_role
from gorently.ordering import swap_with_neighbour
from properties.models import KIND_ICONS, GuidePlace, GuideSection, SectionKind
from properties.selectors import properties_of

SECTION_ATTRS = ["kind", "title", "body", "icon", "visibility", "unlock_hours_before"]
PLACE_ATTRS = ["name", "category", "address", "link", "note"]


# --- Reads ----------------------------------------------------------------------------------


def shared_sections_of(membership):
    return GuideSection.objects.filter(organization=membership.organization, property__isnull=True)


def get_section_for(membership, pk, *, write=False):
    """A section the member may see: a visible property's, or a shared one (only owners change those)."""
    rows = GuideSection.objects.filter(organization=membership.organization)
    section = get_or_404(rows.select_related("property"), pk=pk)
    if section.property_id is None:
        if write:
            require_role(membership, Role.OWNER)
    else:
        get_or_404(properties_of(membership, include_archived=True), pk=section.property_id)
        if write:
            require_role(membership, Role.MANAGER)
    return section


def get_place_for(membership, section, pk):
    return get_or_404(GuidePlace.objects.filter(section=section, organization=membership.organization), pk=pk)


# --- Writes ---------------------------------------------------------------------------------


def _next_position(organization, property):
    rows = GuideSection.objects.filter(organization=organization, property=property)
    return (rows.aggregate(top=Max("position"))["top"] or 0) + 1


def _assign(instance, attrs, names):
    for name in names:
        if name in attrs:
            setattr(instance, name, attrs[name])


def _clean_section(section):
    if not (section.title or {}).get("en", "").strip():
        raise ValidationError({"title": _("An English title is required.")})
    section.full_clean()


@transaction.atomic
def create_section(*, membership, property=None, request=None, **attrs):
    """A new section in a property's guide, or (property None) a shared one for chosen properties."""
    organization = membership.organization
    if property is not None and property.organization_id != organization.pk:
        raise ValidationError(_("Choose one of your properties."))
    kind = attrs.get("kind") or SectionKind.FREE
    section = GuideSection(
        organization=organization,
        property=property,
        kind=kind,
        icon=KIND_ICONS.get(kind, "info"),
        position=_next_position(organization, property),
    )
    _assign(section, attrs, SECTION_ATTRS)
    if not section.title:
        section.title = {"en": str(SectionKind(kind).label)}
    _clean_section(section)
    section.save()
    if property is None:
        section.shared_with.set(attrs.get("shared_with") or properties_of(membership))
    record_member_action(
        membership,
        "guide.section_added",
        target=property or section,
        request=request,
        section=section.pk,
        kind=kind,
        shared=property is None,
    )
    return section


@transaction.atomic
def update_section(*, membership, section, request=None, **attrs):
    _assign(section, attrs, SECTION_ATTRS)
    _clean_section(section)
    section.save()
    if section.property_id is None and "shared_with" in attrs:
        foreign = [p for p in attrs["shared_with"] if p.organization_id != section.organization_id]
        if foreign:
            raise ValidationError({"shared_with": _("Choose properties of this host account.")})
        section.shared_with.set(attrs["shared_with"])
    record_member_action(
        membership, "guide.section_changed", target=section.property or section, request=request, section=section.pk
    )
    return section


@transaction.atomic
def move_section(*, membership, section, direction, request=None):
    """Swap with the neighbour above or below among the same guide's own (or the shared) sections."""
    siblings = GuideSection.objects.filter(organization=section.organization, property_id=section.property_id)
    if swap_with_neighbour(siblings.order_by("position", "id"), section, direction):
        record_member_action(
            membership,
            "guide.section_moved",
            target=section.property or section,
            request=request,
            section=section.pk,
            direction=direction,
        )
    return section


@transaction.atomic
def remove_section(*, membership, section, request=None):
    record_member_action(
        membership,
        "guide.section_removed",
        target=section.property or section,
        request=request,
        section=section.pk,
        title=str(section),
    )
    section.delete()


@transaction.atomic
def add_place(*, membership, section, request=None, **attrs):
    if section.kind != SectionKind.RECOMMENDATIONS:
        raise ValidationError(_("Places belong in a local recommendations section."))
    place = GuidePlace(organization=section.organization, section=section)
    _assign(place, attrs, PLACE_ATTRS)
    place.position = (section.places.aggregate(top=Max("position"))["top"] or 0) + 1
    place.full_clean()
    place.save()
    _record_place(membership, "guide.place_added", place, request)
    return place


@transaction.atomic
def update_place(*, membership, place, request=None, **attrs):
    _assign(place, attrs, PLACE_ATTRS)
    place.full_clean()
    place.save()
    _record_place(membership, "guide.place_changed", place, request)
    return place


@transaction.atomic
def remove_place(*, membership, place, request=None):
    _record_place(membership, "guide.place_removed", place, request)
    place.delete()


def _record_place(membership, action, place, request):
    # A place is logged against the guide it appears in: its property's, or the shared one.
    section = place.section
    record_member_action(membership, action, target=section.property or section, request=request, place=place.name)
