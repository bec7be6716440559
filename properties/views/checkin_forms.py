"""Host pages for check-in forms: the list of forms and the builder with its live guest preview.

Builder actions are small POST forms that work without JavaScript (they redirect back
to the builder); with htmx they answer the `#fields` column, an out-of-band refreshed
`#preview` and the toasts, all from `properties/form_builder.html#update`.
"""

from datetime import date, timedelta

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import Count
from django.shortcuts import redirect, render
from django.utils import translation
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from accounts.models import Role
from gorently.access import host_view
from gorently.forms import add_service_errors
from properties import checkin_forms as services
from properties.branding import readable_text_on
from properties.checkin_forms import forms_of, get_field_for, get_form_for
from properties.forms import CheckinFormNameForm, FormFieldForm, guest_languages
from properties.models import FieldScope, FieldType
from properties.selectors import account_brand, properties_of
from properties.standard_fields import STANDARD_FIELDS
from reservations.checkin.answers import localized
from reservations.portal.fields import fill_placeholders

TEMPLATE = "properties/form_builder.html"

SCOPE_NOTES = {
    FieldScope.RESERVATION: gettext_lazy("Asked once per reservation"),
    FieldScope.MAIN_GUEST: gettext_lazy("Asked of the main guest only"),
    FieldScope.EVERY_GUEST: gettext_lazy("Asked for every guest"),
}
INPUT_TYPES = {
    FieldType.TEXT: "text",
    FieldType.EMAIL: "email",
    FieldType.PHONE: "tel",
    FieldType.DATE: "date",
    FieldType.NUMBER: "number",
}


# --- The list of forms --------------------------------------------------------------


@host_view(role=Role.MANAGER)
def form_list(request):
    return _form_list(request, CheckinFormNameForm())


def _form_list(request, name_form, status=200):
    membership = request.membership
    rows = list(forms_of(membership).annotate(field_count=Count("fields")))
    default = next((form for form in rows if form.is_default), None)
    used_by = {form.pk: [] for form in rows}
    # Only the properties this member may see; those without a form of their own use the default.
    for name, form_id in properties_of(membership).values_list("name", "checkin_form_id"):
        target = form_id or (default and default.pk)
        if target in used_by:
            used_by[target].append(name)
    for form in rows:
        form.used_by = used_by[form.pk]
    context = {"forms": rows, "name_form": name_form}
    return render(request, "properties/forms.html", context, status=status)


@host_view(role=Role.MANAGER)
@require_POST
def form_create(request):
    name_form = CheckinFormNameForm(request.POST)
    if name_form.is_valid():
        try:
            form = services.create_form(
                membership=request.membership, name=name_form.cleaned_data["name"], request=request
            )
        except ValidationError as error:
            add_service_errors(name_form, error)
        else:
            messages.success(request, _("Form created with the standard fields. Adjust it to your needs."))
            return redirect("properties:form_builder", pk=form.pk)
    return _form_list(request, name_form, status=400)


# --- The builder ----------------------------------------------------------------------


def _preview_language(request, languages):
    lang = request.GET.get("lang") or request.POST.get("lang") or "en"
    return lang if lang in dict(languages) else "en"


def _samples(organization, lang):
    """Sample values for an agreement's placeholders, dates in the guest's language."""
    check_in = date.today() + timedelta(days=14)
    with translation.override(lang):
        return {
            "guest_name": "Alex Morgan",
            "property_name": _("Your property"),
            "check_in": date_format(check_in),
            "check_out": date_format(check_in + timedelta(days=3)),
            "host_name": organization.name,
        }


def guest_view(fields, lang, organization):
    """The fields as a guest reading `lang` sees them: translations with English fallback."""
    samples = _samples(organization, lang)
    rows = []
    for field in fields:
        agreement = fill_placeholders(localized(field.agreement_text, lang), samples)
        rows.append(
            {
                "field": field,
                "label": localized(field.label, lang),
                "help": localized(field.help_text, lang),
                "options": [(option["value"], localized(option["label"], lang)) for option in field.options],
                "agreement": agreement,
                "input_type": INPUT_TYPES.get(field.type),
                "scope_note": SCOPE_NOTES[field.scope],
                "accept": field.spec()["file_types"],
            }
        )
    return rows


def _builder(request, form, *, partial=None, status=200, editing=None, edit_form=None, add_form=None, name_form=None):
    """The builder page, or one of its partials for htmx."""
    organization = request.membership.organization
    languages = guest_languages(organization)
    lang = _preview_language(request, languages)
    fields = list(form.fields.all())
    present = {field.key for field in fields}
    brand = account_brand(organization)
    context = {
        "checkin_form": form,
        "fields": fields,
        "editing": editing,
        "edit_form": edit_form,
        "add_form": add_form or FormFieldForm(languages=languages, auto_id="add_%s"),
        "name_form": name_form or CheckinFormNameForm(initial={"name": form.name}),
        "standard": [
            (key, spec["label"]["en"], FieldType(spec["type"]).label)
            for key, spec in STANDARD_FIELDS.items()
            if key not in present
        ],
        "languages": languages,
        "lang": lang,
        "preview": guest_view(fields, lang, organization),
        "brand": brand,
        "brand_text": readable_text_on(brand.primary_color),
    }
    template = f"{TEMPLATE}#{partial}" if partial and request.htmx else TEMPLATE
    return render(request, template, context, status=status)


def _done(request, form):
    """After a successful builder action: the refreshed regions for htmx, else back to the builder."""
    if request.htmx:
        return _builder(request, form, partial="update")
    return redirect("properties:form_builder", pk=form.pk)


@host_view(role=Role.MANAGER)
def form_builder(request, pk):
    form = get_form_for(request.membership, pk)
    return _builder(request, form, partial="fields")


@host_view(role=Role.MANAGER)
def form_preview(request, pk):
    form = get_form_for(request.membership, pk)
    return _builder(request, form, partial="preview")


@host_view(role=Role.MANAGER)
@require_POST
def form_rename(request, pk):
    form = get_form_for(request.membership, pk)
    name_form = CheckinFormNameForm(request.POST)
    if name_form.is_valid():
        try:
            services.rename_form(
                membership=request.membership, form=form, name=name_form.cleaned_data["name"], request=request
            )
        except ValidationError as error:
            add_service_errors(name_form, error)
        else:
            messages.success(request, _("Form renamed."))
            return redirect("properties:form_builder", pk=form.pk)
    form.refresh_from_db()
    return _builder(request, form, name_form=name_form, status=400)


@host_view(role=Role.MANAGER)
@require_POST
def form_duplicate(request, pk):
    form = get_form_for(request.membership, pk)
    copy = services.duplicate_form(membership=request.membership, form=form, request=request)
    messages.success(request, _("Form copied. You are now editing the copy."))
    return redirect("properties:form_builder", pk=copy.pk)


@host_view(role=Role.MANAGER)
@require_POST
def form_make_default(request, pk):
    form = get_form_for(request.membership, pk)
    services.make_default(membership=request.membership, form=form, request=request)
    messages.success(
        request, _("“%(name)s” is now the form of every property without one of its own.") % {"name": form.name}
    )
    if request.POST.get("back") == "list":
        return redirect("properties:forms")
    return redirect("properties:form_builder", pk=form.pk)


@host_view(role=Role.MANAGER)
@require_POST
def field_add(request, pk):
    form = get_form_for(request.membership, pk)
    languages = guest_languages(request.membership.organization)
    add_form = FormFieldForm(request.POST, languages=languages, auto_id="add_%s")
    if add_form.is_valid():
        try:
            field = services.add_field(
                membership=request.membership, form=form, request=request, **add_form.field_attrs()
            )
        except ValidationError as error:
            add_service_errors(add_form, error)
        else:
            messages.success(request, _("“%(label)s” added.") % {"label": field})
            return _done(request, form)
    return _builder(request, form, partial="update", add_form=add_form, status=400)


@host_view(role=Role.MANAGER)
@require_POST
def field_add_standard(request, pk):
    form = get_form_for(request.membership, pk)
    try:
        field = services.add_standard_field(
            membership=request.membership, form=form, key=request.POST.get("key", ""), request=request
        )
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return _builder(request, form, partial="update", status=400)
    messages.success(request, _("“%(label)s” added.") % {"label": field})
    return _done(request, form)


@host_view(role=Role.MANAGER)
def field_edit(request, pk, field_pk):
    form = get_form_for(request.membership, pk)
    field = get_field_for(request.membership, form, field_pk)
    languages = guest_languages(request.membership.organization)
    edit_form = FormFieldForm(request.POST or None, languages=languages, field=field, auto_id="edit_%s")
    edit_form.fields["label_en"].widget.attrs["autofocus"] = True
    if request.method != "POST":
        return _builder(request, form, partial="fields", editing=field, edit_form=edit_form)
    if edit_form.is_valid():
        try:
            services.update_field(
                membership=request.membership, field=field, request=request, **edit_form.field_attrs()
            )
        except ValidationError as error:
            add_service_errors(edit_form, error)
        else:
            messages.success(request, _("“%(label)s” saved.") % {"label": field})
            return _done(request, form)
    field.refresh_from_db()
    return _builder(request, form, partial="update", editing=field, edit_form=edit_form, status=400)


@host_view(role=Role.MANAGER)
@require_POST
def field_move(request, pk, field_pk):
    form = get_form_for(request.membership, pk)
    field = get_field_for(request.membership, form, field_pk)
    direction = request.POST.get("direction")
    if direction not in ("up", "down"):
        messages.error(request, _("Move a field up or down."))
        return _builder(request, form, partial="update", status=400)
    services.move_field(membership=request.membership, field=field, direction=direction, request=request)
    return _done(request, form)


@host_view(role=Role.MANAGER)
@require_POST
def field_remove(request, pk, field_pk):
    form = get_form_for(request.membership, pk)
    field = get_field_for(request.membership, form, field_pk)
    services.remove_field(membership=request.membership, field=field, request=request)
    messages.success(request, _("“%(label)s” removed.") % {"label": field})
    return _done(request, form)
