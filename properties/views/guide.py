"""Host pages for the guidebook: a property's guide editor and the account's shared sections.

Both pages share one template and one set of section actions. Every action is a
small POST form that works without JavaScript (it redirects back to the page);
with htmx it answers the `#guide-sections` list, an out-of-band refreshed
`#guide-preview` and the toasts, all from `properties/guide_editor.html#update`.

The preview renders the guide through `properties.selectors.guide_for` for a
made-up stay, so it shows exactly what a guest sees: sanitised
text, filled placeholders, and locked sections with their reason.
"""

from datetime import datetime, timedelta

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.formats import time_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from accounts.permissions import Rule, host_view, require
from gorently.dates import day_with_weekday
from gorently.forms import add_service_errors, error_text
from gorently.pages import render_page
from properties import services
from properties.forms import GuidePlaceForm, GuideSectionForm
from properties.models import GUIDE_PLACEHOLDERS, GUIDE_SECRET_PLACEHOLDERS, SectionKind
from properties.selectors import (
    Stay,
    account_brand,
    brand_for,
    get_place_for,
    get_property_for,
    get_section_for,
    guide_for,
    properties_of,
    rule_to_edit,
    sections_of,
    shared_sections_of,
)

TEMPLATE = "properties/guide_editor.html"
PREVIEW_GUEST = "Alex Morgan"
MODES = {
    "before": gettext_lazy("Before check-in"),
    "after": gettext_lazy("After check-in"),
    "arrival": gettext_lazy("Arrival day"),
}
SECRET_PLACEHOLDERS = [f"{{{name}}}" for name in GUIDE_SECRET_PLACEHOLDERS]


# --- The preview -----------------------------------------------------------------------


def preview_stay(property, mode, now=None):
    """A made-up stay and the moment a guest in `mode` reads the guide.

    before: check-in not done, arriving in a week. after: check-in completed, arriving
    in a week (arrival-window sections still locked). arrival: completed, arriving
    today, read at the check-in time (inside every arrival window).
    """
    now = now or timezone.now()
    today = now.astimezone(property.tz).date()
    check_in = today if mode == "arrival" else today + timedelta(days=7)
    stay = Stay(PREVIEW_GUEST, check_in, check_in + timedelta(days=3), checked_in=mode != "before")
    if mode == "arrival":
        now = datetime.combine(check_in, property.check_in_time, tzinfo=property.tz)
    return stay, now


def _preview(property, mode, lang):
    if property is None:
        return [], ""
    stay, now = preview_stay(property, mode)
    with translation.override(lang):
        views = guide_for(property, stay=stay, language=lang, now=now)
    arrival = day_with_weekday(stay.check_in, year=False)
    at = time_format(property.check_in_time, "H:i")
    if mode == "before":
        note = _("%(guest)s, arriving %(date)s, has not checked in online yet.")
    elif mode == "after":
        note = _("%(guest)s, arriving %(date)s, has completed online check-in.")
    else:
        note = _("%(guest)s has checked in online and arrives today: the guide at %(time)s.")
    return views, note % {"guest": PREVIEW_GUEST, "date": arrival, "time": at}


def _choice(request, name, choices, default):
    value = request.GET.get(name) or request.POST.get(name) or default
    return value if value in choices else default


# --- The editor page -----------------------------------------------------------------------


def _rows(sections, property, membership):
    """Mark each listed section: editable here or not, may it move up or down, hints for the host."""
    own = [s for s in sections if (s.property_id == property.pk if property else True)]
    for section in sections:
        section.editable = section in own
        section.can_up = section.editable and section != own[0]
        section.can_down = section.editable and section != own[-1]
        uses_secrets = any(p in text for text in (section.body or {}).values() for p in SECRET_PLACEHOLDERS)
        section.shows_masked_secrets = uses_secrets and not section.is_secret()
        section.kind_differs = str(section) != section.get_kind_display()
        if property is None:
            section.shown_in = [p.name for p in section.shared_with.all()]
    return sections


def _section_form(request, section, data=None):
    membership = request.membership
    shared = section.property_id is None
    form = GuideSectionForm(
        data,
        languages=membership.organization.guest_language_choices(),
        section=section,
        properties=properties_of(membership) if shared else None,
        auto_id="section_%s",
    )
    form.fields["title_en"].widget.attrs["autofocus"] = True
    return form


def _place_form(request, *, data=None, place=None, prefix="place_add"):
    languages = request.membership.organization.guest_language_choices()
    return GuidePlaceForm(data, languages=languages, place=place, auto_id=f"{prefix}_%s")


def _editor(
    request,
    property,
    *,
    partial=None,
    status=200,
    editing=None,
    edit_form=None,
    place_form=None,
    editing_place=None,
    place_edit_form=None,
):
    """The guide editor of `property`, or (None) the shared sections page; or one of its partials for htmx."""
    membership = request.membership
    organization = membership.organization
    languages = organization.guest_language_choices()
    lang = _choice(request, "lang", dict(languages), "en")
    mode = _choice(request, "mode", MODES, "before")
    if property is None:
        sections = list(shared_sections_of(membership).prefetch_related("shared_with", "places"))
        choices = list(properties_of(membership))
        wanted = request.GET.get("property") or request.POST.get("property")
        preview_property = next((p for p in choices if str(p.pk) == wanted), choices[0] if choices else None)
    else:
        sections = list(sections_of(property))
        choices, preview_property = [], property
    if editing is not None and edit_form is None:
        edit_form = _section_form(request, editing)
    if editing is not None and editing.kind == SectionKind.RECOMMENDATIONS:
        places = list(editing.places.all())
        place_form = place_form or _place_form(request)
    else:
        places = []
    preview, preview_note = _preview(preview_property, mode, lang)
    brand = brand_for(preview_property) if preview_property else account_brand(organization)
    if property is None:
        page_url, preview_url = reverse("properties:shared_guide"), reverse("properties:shared_guide_preview")
        add_url = reverse("properties:shared_section_add")
    else:
        page_url = reverse("properties:guide", args=[property.pk])
        preview_url = reverse("properties:guide_preview", args=[property.pk])
        add_url = reverse("properties:guide_section_add", args=[property.pk])
    context = {
        "property": property,
        "shared_page": property is None,
        "sections": _rows(sections, property, membership),
        "editing": editing,
        "edit_form": edit_form,
        "places": places,
        "place_form": place_form,
        "editing_place": editing_place,
        "place_edit_form": place_edit_form,
        "kinds": SectionKind.choices,
        "languages": languages,
        "lang": lang,
        "modes": list(MODES.items()),
        "mode": mode,
        "preview": preview,
        "preview_note": preview_note,
        "preview_property": preview_property,
        "preview_choices": choices,
        "placeholders": [f"{{{name}}}" for name in GUIDE_PLACEHOLDERS],
        "secret_placeholders": [f"{{{name}}}" for name in GUIDE_SECRET_PLACEHOLDERS],
        "page_url": page_url,
        "preview_url": preview_url,
        "add_url": add_url,
        "brand": brand,
    }
    return render_page(request, TEMPLATE, context, partial=partial, status=status)


def _done(request, property, section=None, *, keep_editing=None):
    """After a successful action: the refreshed regions for htmx, else back to the page (or the open section)."""
    if request.htmx:
        return _editor(request, property, partial="update", editing=keep_editing)
    if keep_editing is not None:
        url = reverse("properties:guide_section_edit", args=[keep_editing.pk])
        return redirect(f"{url}#places")
    url = reverse("properties:shared_guide") if property is None else reverse("properties:guide", args=[property.pk])
    return redirect(f"{url}#section-{section.pk}" if section else url)


def _section_and_property(request, pk):
    """A section the member may change, and its property (None for a shared one): 404 or 403 otherwise."""
    membership = request.membership
    section = get_section_for(membership, pk)
    require(membership, rule_to_edit(section))
    if section.property_id is None:
        return section, None
    return section, get_property_for(membership, section.property_id)


# --- Pages ------------------------------------------------------------------------------------


@host_view(Rule.EDIT_PROPERTIES)
def guide(request, pk):
    property = get_property_for(request.membership, pk)
    return _editor(request, property, partial="sections")


@host_view(Rule.EDIT_PROPERTIES)
def guide_preview(request, pk):
    property = get_property_for(request.membership, pk)
    return _editor(request, property, partial="preview")


@host_view(Rule.EDIT_SHARED_GUIDE)
def shared_guide(request):
    return _editor(request, None, partial="sections")


@host_view(Rule.EDIT_SHARED_GUIDE)
def shared_guide_preview(request):
    return _editor(request, None, partial="preview")


# --- Sections ---------------------------------------------------------------------------------


def _add(request, property):
    kind = request.POST.get("kind", "")
    if kind not in SectionKind.values:
        messages.error(request, _("Choose what the new section is about."))
        return _editor(request, property, partial="update", status=400)
    section = services.create_section(actor=request.membership, property=property, kind=kind, request=request)
    messages.success(request, _("“%(title)s” added. Write its text and save.") % {"title": section})
    if request.htmx:
        return _editor(request, property, partial="update", editing=section)
    return redirect(reverse("properties:guide_section_edit", args=[section.pk]) + f"#section-{section.pk}")


@host_view(Rule.EDIT_PROPERTIES)
@require_POST
def section_add(request, pk):
    property = get_property_for(request.membership, pk)
    return _add(request, property)


@host_view(Rule.EDIT_SHARED_GUIDE)
@require_POST
def shared_section_add(request):
    return _add(request, None)


@host_view(Rule.EDIT_PROPERTIES)
def section_edit(request, pk):
    section, property = _section_and_property(request, pk)
    if request.method != "POST":
        return _editor(request, property, partial="sections", editing=section)
    form = _section_form(request, section, request.POST)
    if form.is_valid():
        attrs = form.section_attrs()
        if "shared_with" in attrs:
            # Archived properties are not offered as choices; the section stays in their guides.
            attrs["shared_with"] += [p for p in section.shared_with.all() if p.is_archived]
        try:
            services.update_section(actor=request.membership, section=section, request=request, **attrs)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("“%(title)s” saved.") % {"title": section})
            return _done(request, property, section)
    section.refresh_from_db()
    return _editor(request, property, partial="update", editing=section, edit_form=form, status=400)


@host_view(Rule.EDIT_PROPERTIES)
@require_POST
def section_move(request, pk):
    section, property = _section_and_property(request, pk)
    direction = request.POST.get("direction")
    if direction not in ("up", "down"):
        messages.error(request, _("Move a section up or down."))
        return _editor(request, property, partial="update", status=400)
    services.move_section(actor=request.membership, section=section, direction=direction, request=request)
    return _done(request, property, section)


@host_view(Rule.EDIT_PROPERTIES)
@require_POST
def section_remove(request, pk):
    section, property = _section_and_property(request, pk)
    title = str(section)
    services.remove_section(actor=request.membership, section=section, request=request)
    messages.success(request, _("“%(title)s” removed.") % {"title": title})
    return _done(request, property)


# --- Places of a recommendations section ------------------------------------------------------


@host_view(Rule.EDIT_PROPERTIES)
@require_POST
def place_add(request, pk):
    section, property = _section_and_property(request, pk)
    form = _place_form(request, data=request.POST)
    if form.is_valid():
        try:
            place = services.add_place(actor=request.membership, section=section, request=request, **form.place_attrs())
        except ValidationError as error:
            add_service_errors(form, error)
            if section.kind != SectionKind.RECOMMENDATIONS:  # No place form on the page to show it.
                messages.error(request, error_text(error))
        else:
            messages.success(request, _("“%(name)s” added.") % {"name": place.name})
            return _done(request, property, section, keep_editing=section)
    return _editor(request, property, partial="update", editing=section, place_form=form, status=400)


@host_view(Rule.EDIT_PROPERTIES)
def place_edit(request, pk, place_pk):
    section, property = _section_and_property(request, pk)
    place = get_place_for(request.membership, section, place_pk)
    data = request.POST if request.method == "POST" else None
    form = _place_form(request, data=data, place=place, prefix=f"place_{place.pk}")
    if data is None:
        return _editor(
            request, property, partial="sections", editing=section, editing_place=place, place_edit_form=form
        )
    if form.is_valid():
        try:
            services.update_place(actor=request.membership, place=place, request=request, **form.place_attrs())
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("“%(name)s” saved.") % {"name": place.name})
            return _done(request, property, section, keep_editing=section)
    place.refresh_from_db()
    return _editor(
        request,
        property,
        partial="update",
        editing=section,
        editing_place=place,
        place_edit_form=form,
        status=400,
    )


@host_view(Rule.EDIT_PROPERTIES)
@require_POST
def place_remove(request, pk, place_pk):
    section, property = _section_and_property(request, pk)
    place = get_place_for(request.membership, section, place_pk)
    services.remove_place(actor=request.membership, place=place, request=request)
    messages.success(request, _("“%(name)s” removed.") % {"name": place.name})
    return _done(request, property, section, keep_editing=section)
