"""Reading the guidebook: which sections a visitor may see, and their text rendered safely.

Section bodies are Markdown written by hosts. They are rendered with markdown-it
(raw HTML disabled) and then cleaned by nh3 with a short allow-list, so no host
can put script, event handlers or `javascript:` links on a guest's page.
"""

from dataclasses import dataclass
from datetime import datetime, timedelta
from urllib.parse import quote_plus

import nh3
from django.db.models import Q
from django.utils import timezone
from django.utils.formats import time_format
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from markdown_it import MarkdownIt

from gorently.dates import day_with_weekday
from properties.models import GuideSection, Visibility
from reservations.checkin.answers import localized
from reservations.models import CheckinStatus
from reservations.portal.fields import fill_placeholders

_markdown = MarkdownIt("commonmark", {"html": False, "linkify": False, "breaks": True}).enable("table")
ALLOWED_TAGS = {"p", "br", "strong", "em", "ul", "ol", "li", "a", "h3", "h4", "blockquote", "code", "hr", "table",
                "thead", "tbody", "tr", "th", "td"}  # fmt: skip
ALLOWED_ATTRIBUTES = {"a": {"href", "title"}}


def render_markdown(text):
    html = _markdown.render(text or "")
    clean = nh3.clean(
        html,
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes={"http", "https", "mailto", "tel"},
        link_rel="noopener noreferrer nofollow",
    )
    return mark_safe(clean)


def map_link(address):
    return f"https://www.google.com/maps/search/?api=1&query={quote_plus(address)}" if address else ""


# --- Who sees what -----------------------------------------------------------------------


@dataclass
class SectionState:
    visible: bool
    reason: str = ""  # what the guest must do (or wait for) to see it


def window_of(section, reservation):
    """The arrival window in the property's time zone: N hours before check-in time until check-out time."""
    property = reservation.property
    opens = datetime.combine(reservation.check_in, property.check_in_time, tzinfo=property.tz) - timedelta(
        hours=section.unlock_hours_before
    )
    closes = datetime.combine(reservation.check_out, property.check_out_time, tzinfo=property.tz)
    return opens, closes


def state_of(section, reservation, now=None):
    """Whether a reservation's guest sees this section now, and if not, why."""
    if section.visibility == Visibility.ALWAYS:
        return SectionState(True)
    if reservation is None:
        return SectionState(False, _("Shown to guests in their private portal."))
    if reservation.checkin_status != CheckinStatus.COMPLETED:
        return SectionState(False, _("Complete your online check-in to see this."))
    if section.visibility == Visibility.AFTER_CHECKIN:
        return SectionState(True)
    now = now or timezone.now()
    opens, closes = window_of(section, reservation)
    if now < opens:
        local = opens.astimezone(reservation.property.tz)
        when = f"{day_with_weekday(local, year=False)}, {time_format(local, 'H:i')}"
        return SectionState(False, _("Available from %(when)s.") % {"when": when})
    if now > closes:
        return SectionState(False, _("No longer available: your stay has ended."))
    return SectionState(True)


# --- Reading a property's guide ------------------------------------------------------------


def sections_of(property):
    """The property's own sections and the account's shared sections it includes, in order."""
    return (
        GuideSection.objects.filter(organization_id=property.organization_id)
        .filter(Q(property=property) | Q(property__isnull=True, shared_with=property))
        .prefetch_related("places")
        .distinct()
        .order_by("position", "id")
    )


def placeholders(property, reservation, *, include_secrets):
    """Values for {placeholders}; secrets only where the section itself is secret and unlocked."""
    values = {
        "guest_first_name": (reservation.guest_name.split(" ")[0] if reservation else "") or _("guest"),
        "check_in_time": time_format(property.check_in_time, "H:i"),
        "check_out_time": time_format(property.check_out_time, "H:i"),
        "property_name": property.name,
        "property_address": ", ".join(filter(None, [property.address, property.city])),
        "wifi_name": property.wifi_name,
    }
    hidden = "••••"
    values["wifi_password"] = property.wifi_password if include_secrets else hidden
    values["door_code"] = property.door_code if include_secrets else hidden
    return values


@dataclass
class SectionView:
    section: GuideSection
    title: str
    body: str
    state: SectionState
    places: list


def guide_for(property, *, reservation=None, language="en", now=None, public=False):
    """The guide as one visitor sees it. Public: only sections visible to everyone, secrets never rendered."""
    views = []
    for section in sections_of(property):
        if public and section.is_secret():
            continue
        state = state_of(section, reservation, now)
        title = localized(section.title, language) or section.get_kind_display()
        body, places = "", []
        if state.visible:
            values = placeholders(property, reservation, include_secrets=section.is_secret())
            body = render_markdown(fill_placeholders(localized(section.body, language), values))
            places = [
                {
                    "name": place.name,
                    "category": place.category,
                    "address": place.address,
                    "link": place.link,
                    "map": map_link(place.address),
                    "note": localized(place.note, language),
                }
                for place in section.places.all()
            ]
        views.append(SectionView(section, title, body, state, places))
    return views
