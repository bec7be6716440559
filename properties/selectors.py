"""Reads for properties: which ones an actor sees, their branding, and their guide as each visitor sees it."""

import re
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from django.db.models import FilteredRelation, Q
from django.utils import timezone
from django.utils.formats import time_format
from django.utils.translation import gettext as _

from accounts.permissions import Rule
from gorently.access import get_or_404
from gorently.compiled import CompiledLookup, CompiledQuery
from gorently.dates import day_with_weekday
from gorently.markdown import render_markdown
from gorently.placeholders import fill_placeholders
from gorently.translations import localized
from properties.models import GUIDE_SECRET_PLACEHOLDERS, Brand, GuidePlace, GuideSection, Property, Visibility


def properties_of(actor, *, include_archived=False):
    """The properties a member may see: all of the account's for owners, else those assigned."""
    rows = actor.visible_properties(Property.objects.filter(organization=actor.organization))
    if not include_archived:
        rows = rows.active()
    return rows


def get_property_for(actor, pk):
    """One property the actor sees (archived included); 404 for any other id."""
    return get_or_404(properties_of(actor, include_archived=True).select_related("brand"), pk=pk)


def account_brand(organization):
    """The account's brand; the defaults (unsaved) until the host saves one."""
    return Brand.objects.filter(organization=organization, property=None).first() or Brand(organization=organization)


def with_branding(rows, property_path=""):
    """`rows` with what branding_of reads joined in, for the property at `property_path` (the row itself
    when empty): its host account, its own brand and the account's brand. Hand each row read to
    `keep_joined_brand`, and branding_of brands a guest page without another query."""
    prefix = f"{property_path}__" if property_path else ""
    accounts_own = FilteredRelation(
        f"{prefix}organization__brands", condition=Q(**{f"{prefix}organization__brands__property__isnull": True})
    )
    return rows.annotate(joined_brand=accounts_own).select_related(
        f"{prefix}organization", f"{prefix}brand", "joined_brand"
    )


def keep_joined_brand(row, property):
    """The account's brand joined on `row` by with_branding goes with its property (None: the host has none;
    Django sets nothing on the row then)."""
    property.joined_account_brand = getattr(row, "joined_brand", None)


def brand_for(property):
    """The brand a property's guest pages use: its own override, else the account's."""
    try:
        return property.brand
    except Brand.DoesNotExist:
        if hasattr(property, "joined_account_brand"):  # read with the property (with_branding)
            return property.joined_account_brand or Brand(organization=property.organization)
        return account_brand(property.organization)


def branding_of(property):
    """What a guest page's layout needs to brand itself: the property, its host account and its brand."""
    return {"property": property, "organization": property.organization, "brand": brand_for(property)}


GUIDE_TOKEN_CHARACTERS = re.compile(r"[A-Za-z0-9_-]{1,32}")


# Branded in this one query; the secrets (only in the private portal's guide) stay encrypted, unread. Asked on
# every visit of a public guide: compiled once per connection (gorently.compiled), 3.7 ms to 0.7 a visit.
_BY_GUIDE_TOKEN = CompiledLookup(
    lambda token: with_branding(Property.objects.active()).defer(*GUIDE_SECRET_PLACEHOLDERS).filter(guide_token=token)
)


def property_for_guide_token(token):
    """The active property whose public guide this token opens; None for a wrong token or an archived property."""
    # Tokens are secrets.token_urlsafe(); anything else opens nothing without asking the database.
    if not token or not GUIDE_TOKEN_CHARACTERS.fullmatch(token):
        return None
    property = _BY_GUIDE_TOKEN.get_or_none(token)
    if property is not None:
        keep_joined_brand(property, property)
    return property


# --- The guide -------------------------------------------------------------------------------


def shared_sections_of(actor):
    return GuideSection.objects.filter(organization=actor.organization, property__isnull=True)


def get_section_for(actor, pk):
    """A section the actor sees: a visible property's, or one shared across the account."""
    rows = GuideSection.objects.filter(organization=actor.organization)
    section = get_or_404(rows.select_related("property"), pk=pk)
    if section.property_id is not None:
        get_or_404(properties_of(actor, include_archived=True), pk=section.property_id)
    return section


def rule_to_edit(section):
    """A shared section changes the guide of every property it is shown in: the owners' to edit."""
    return Rule.EDIT_SHARED_GUIDE if section.property_id is None else Rule.EDIT_PROPERTIES


def get_place_for(actor, section, pk):
    return get_or_404(GuidePlace.objects.filter(section=section, organization=actor.organization), pk=pk)


# --- Who sees what -----------------------------------------------------------------------


@dataclass
class SectionState:
    visible: bool
    reason: str = ""  # what the guest must do (or wait for) to see it


@dataclass(frozen=True)
class Stay:
    """A guest's stay as their guide needs it; reservations.selectors.stay_of makes one of a reservation."""

    guest_name: str
    check_in: date
    check_out: date
    checked_in: bool  # online check-in completed


def window_of(section, property, stay):
    """The arrival window in the property's time zone: N hours before check-in time until check-out time."""
    opens = datetime.combine(stay.check_in, property.check_in_time, tzinfo=property.tz) - timedelta(
        hours=section.unlock_hours_before
    )
    closes = datetime.combine(stay.check_out, property.check_out_time, tzinfo=property.tz)
    return opens, closes


def secrets_close_at(property, stay):
    """When the sections that unlock lock again (door code, Wi-Fi password): the end of the check-out
    day in the property's time zone, plus the days of grace the host gives."""
    last_day = stay.check_out + timedelta(days=property.secrets_days_after_checkout + 1)
    return datetime.combine(last_day, time.min, tzinfo=property.tz)


def state_of(section, property, stay, now=None):
    """Whether the guest of `stay` sees this section now (None: a visitor of the public guide), and if not, why."""
    if section.visibility == Visibility.ALWAYS:
        return SectionState(True)
    if stay is None:
        return SectionState(False, _("Shown to guests in their private portal."))
    if not stay.checked_in:
        return SectionState(False, _("Complete your online check-in to see this."))
    now = now or timezone.now()
    ended = SectionState(False, _("No longer available: your stay has ended."))
    if now >= secrets_close_at(property, stay):
        return ended
    if section.visibility == Visibility.AFTER_CHECKIN:
        return SectionState(True)
    opens, closes = window_of(section, property, stay)
    if now < opens:
        local = opens.astimezone(property.tz)
        when = f"{day_with_weekday(local, year=False)}, {time_format(local, 'H:i')}"
        return SectionState(False, _("Available from %(when)s.") % {"when": when})
    if now > closes:
        return ended
    return SectionState(True)


# --- Reading a property's guide ------------------------------------------------------------


def _sections_of(organization_id, property_id):
    return GuideSection.objects.filter(organization_id=organization_id).filter(
        Q(property=property_id) | Q(property__isnull=True, shared_with=property_id)
    )


def sections_of(property):
    """The property's own sections and the account's shared sections it includes, in order."""
    return (
        _sections_of(property.organization_id, property.pk)
        .prefetch_related("places")
        .distinct()
        .order_by("position", "id")
    )


# Asked on every guest home page: compiled once per connection (gorently.compiled).
_A_SECTION = CompiledQuery(
    lambda organization_id, property_id: _sections_of(organization_id, property_id).order_by().only("pk")[:1]
)


def has_guide(property):
    """The property has at least one guide section: its own, or a shared one it includes."""
    return bool(_A_SECTION.all(property.organization_id, property.pk))


def placeholders(property, stay, *, include_secrets):
    """Values for GUIDE_PLACEHOLDERS; secrets only where the section itself is secret and unlocked."""
    values = {
        "guest_first_name": (stay.guest_name.split(" ")[0] if stay else "") or _("guest"),
        "check_in_time": time_format(property.check_in_time, "H:i"),
        "check_out_time": time_format(property.check_out_time, "H:i"),
        "property_name": property.name,
        "property_address": ", ".join(filter(None, [property.address, property.city])),
        "wifi_name": property.wifi_name,
    }
    if include_secrets and (unread := property.get_deferred_fields() & set(GUIDE_SECRET_PLACEHOLDERS)):
        property.refresh_from_db(fields=unread)  # left unread by the page's query: both in one query
    for name in GUIDE_SECRET_PLACEHOLDERS:
        values[name] = getattr(property, name) if include_secrets else "••••"
    return values


@dataclass
class SectionView:
    section: GuideSection
    title: str
    body: str
    state: SectionState
    places: list


def guide_for(property, *, stay=None, language="en", now=None, public=False, sections=None):
    """The guide as one visitor sees it. Public: only sections visible to everyone, secrets never rendered.

    `sections`: the property's sections (sections_of), when the caller has read them already.
    """
    views = []
    values = {}  # include_secrets → the placeholders' values, worked out once a guide
    for section in sections_of(property) if sections is None else sections:
        if public and section.is_secret():
            continue
        state = state_of(section, property, stay, now)
        title = localized(section.title, language) or section.get_kind_display()
        body, places = "", []
        if state.visible:
            secret = section.is_secret()
            if secret not in values:
                values[secret] = placeholders(property, stay, include_secrets=secret)
            body = render_markdown(fill_placeholders(localized(section.body, language), values[secret]))
            places = [
                {
                    "name": place.name,
                    "category": place.category,
                    "address": place.address,
                    "link": place.link,
                    "map": place.map_url,
                    "note": localized(place.note, language),
                }
                for place in section.places.all()
            ]
        views.append(SectionView(section, title, body, state, places))
    return views
