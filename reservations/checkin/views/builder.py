"""Host pages for check-in forms: the list of forms and the builder with its live guest preview.

Builder actions are small POST forms that work without JavaScript (they redirect back
to the builder); with htmx they answer the `#fields` column, an out-of-band refreshed
`#preview` and the toasts, all from `checkin/form_builder.html#update`.
"""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Count
from django.shortcuts import redirect, render
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from accounts.permissions import Rule, host_view
from gorently.forms import add_service_errors, error_text
from gorently.pages import render_page
from properties.selectors import account_brand, properties_of
from reservations.checkin.fields import FieldScope, FieldType
from reservations.checkin.forms import CheckinFormNameForm, FormFieldForm
from reservations.checkin.models import DOCUMENT_SIDES
from reservations.checkin.questions import document_field, question, sample_agreement_values, signature_pad
from reservations.checkin.selectors import can_edit_form, forms_of, get_field_for, get_form_for
from reservations.checkin.services import forms as services
from reservations.checkin.standard_fields import STANDARD_FIELDS

TEMPLATE = "checkin/form_builder.html"

SCOPE_NOTES = {
    FieldScope.RESERVATION: gettext_lazy("Asked once per reservation"),
    FieldScope.MAIN_GUEST: gettext_lazy("Asked of the main guest only"),
    FieldScope.EVERY_GUEST: gettext_lazy("Asked for every guest"),
}

# --- The list of forms --------------------------------------------------------------


@host_view(Rule.EDIT_CHECKIN_FORMS)
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
        form.editable = can_edit_form(membership, form)
    context = {"forms": rows, "name_form": name_form}
    return render(request, "checkin/forms.html", context, status=status)


@host_view(Rule.EDIT_CHECKIN_FORMS)
@require_POST
def form_create(request):
    name_form = CheckinFormNameForm(request.POST)
    if name_form.is_valid():
        try:
            form = services.create_form(actor=request.membership, name=name_form.cleaned_data["name"], request=request)
        except ValidationError as error:
            add_service_errors(name_form, error)
        else:
            messages.success(request, _("Form created with the standard fields. Adjust it to your needs."))
            return redirect("checkin:form_builder", pk=form.pk)
    return _form_list(request, name_form, status=400)


# --- The builder ----------------------------------------------------------------------


def _editable_form(request, pk):
    """A form of the account (404 otherwise) that this member may change (403 otherwise)."""
    form = get_form_for(request.membership, pk)
    if not can_edit_form(request.membership, form):
        raise PermissionDenied
    return form


def _preview_language(request, languages):
    lang = request.GET.get("lang") or request.POST.get("lang") or "en"
    return lang if lang in dict(languages) else "en"


def guest_view(fields, lang, organization):
    """The fields as a guest reading `lang` sees them, drawn by the portal's own question templates."""
    agreement = sample_agreement_values(organization.name, lang)
    with translation.override(lang):  # what the question code itself says (Yes, No, countries) is the guest's too
        return [_preview_row(field, lang, agreement) for field in fields]


def _preview_row(field, lang, agreement):
    spec, name = field.spec(), f"preview-{field.key}"
    row = {"field": field, "scope_note": SCOPE_NOTES[field.scope]}
    if spec.type == FieldType.DOCUMENT:
        names = {kind: f"{name}-{kind}" for kind in DOCUMENT_SIDES}
        row["document"] = document_field(spec, names=names, language=lang)
    elif spec.type == FieldType.SIGNATURE:
        row["signature"] = signature_pad(spec, name=name, language=lang)
    else:
        row["question"] = question(spec, name=name, language=lang, agreement=agreement)
    return row


def _builder(request, form, *, partial=None, status=200, editing=None, edit_form=None, add_form=None, name_form=None):
    """The builder page, or one of its partials for htmx."""
    organization = request.membership.organization
    languages = organization.guest_language_choices()
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
    }
    return render_page(request, TEMPLATE, context, partial=partial, status=status)


def _done(request, form):
    """After a successful builder action: the refreshed regions for htmx, else back to the builder."""
    if request.htmx:
        return _builder(request, form, partial="update")
    return redirect("checkin:form_builder", pk=form.pk)


@host_view(Rule.EDIT_CHECKIN_FORMS)
def form_builder(request, pk):
    form = _editable_form(request, pk)
    return _builder(request, form, partial="fields")


@host_view(Rule.EDIT_CHECKIN_FORMS)
def form_preview(request, pk):
    form = _editable_form(request, pk)
    return _builder(request, form, partial="preview")


@host_view(Rule.EDIT_CHECKIN_FORMS)
@require_POST
def form_rename(request, pk):
    form = _editable_form(request, pk)
    name_form = CheckinFormNameForm(request.POST)
    if name_form.is_valid():
        try:
            services.rename_form(
                actor=request.membership, form=form, name=name_form.cleaned_data["name"], request=request
            )
        except ValidationError as error:
            add_service_errors(name_form, error)
        else:
            messages.success(request, _("Form renamed."))
            return redirect("checkin:form_builder", pk=form.pk)
    form.refresh_from_db()
    return _builder(request, form, name_form=name_form, status=400)


@host_view(Rule.EDIT_CHECKIN_FORMS)
@require_POST
def form_duplicate(request, pk):
    form = get_form_for(request.membership, pk)
    copy = services.duplicate_form(actor=request.membership, form=form, request=request)
    messages.success(request, _("Form copied. You are now editing the copy."))
    return redirect("checkin:form_builder", pk=copy.pk)


@host_view(Rule.EDIT_DEFAULT_FORM)
@require_POST
def form_make_default(request, pk):
    form = _editable_form(request, pk)
    services.make_default(actor=request.membership, form=form, request=request)
    messages.success(
        request, _("“%(name)s” is now the form of every property without one of its own.") % {"name": form.name}
    )
    if request.POST.get("back") == "list":
        return redirect("checkin:forms")
    return redirect("checkin:form_builder", pk=form.pk)


@host_view(Rule.EDIT_CHECKIN_FORMS)
@require_POST
def field_add(request, pk):
    form = _editable_form(request, pk)
    languages = request.membership.organization.guest_language_choices()
    add_form = FormFieldForm(request.POST, languages=languages, auto_id="add_%s")
    if add_form.is_valid():
        try:
            field = services.add_field(actor=request.membership, form=form, request=request, **add_form.field_attrs())
        except ValidationError as error:
            add_service_errors(add_form, error)
        else:
            messages.success(request, _("“%(label)s” added.") % {"label": field})
            return _done(request, form)
    return _builder(request, form, partial="update", add_form=add_form, status=400)


@host_view(Rule.EDIT_CHECKIN_FORMS)
@require_POST
def field_add_standard(request, pk):
    form = _editable_form(request, pk)
    try:
        field = services.add_standard_field(
            actor=request.membership, form=form, key=request.POST.get("key", ""), request=request
        )
    except ValidationError as error:
        messages.error(request, error_text(error))
        return _builder(request, form, partial="update", status=400)
    messages.success(request, _("“%(label)s” added.") % {"label": field})
    return _done(request, form)


@host_view(Rule.EDIT_CHECKIN_FORMS)
def field_edit(request, pk, field_pk):
    form = _editable_form(request, pk)
    field = get_field_for(request.membership, form, field_pk)
    languages = request.membership.organization.guest_language_choices()
    edit_form = FormFieldForm(request.POST or None, languages=languages, field=field, auto_id="edit_%s")
    edit_form.fields["label_en"].widget.attrs["autofocus"] = True
    if request.method != "POST":
        return _builder(request, form, partial="fields", editing=field, edit_form=edit_form)
    if edit_form.is_valid():
        try:
            services.update_field(actor=request.membership, field=field, request=request, **edit_form.field_attrs())
        except ValidationError as error:
            add_service_errors(edit_form, error)
        else:
            messages.success(request, _("“%(label)s” saved.") % {"label": field})
            return _done(request, form)
    field.refresh_from_db()
    return _builder(request, form, partial="update", editing=field, edit_form=edit_form, status=400)


@host_view(Rule.EDIT_CHECKIN_FORMS)
@require_POST
def field_move(request, pk, field_pk):
    form = _editable_form(request, pk)
    field = get_field_for(request.membership, form, field_pk)
    direction = request.POST.get("direction")
    if direction not in ("up", "down"):
        messages.error(request, _("Move a field up or down."))
        return _builder(request, form, partial="update", status=400)
    services.move_field(actor=request.membership, field=field, direction=direction, request=request)
    return _done(request, form)


@host_view(Rule.EDIT_CHECKIN_FORMS)
@require_POST
def field_remove(request, pk, field_pk):
    form = _editable_form(request, pk)
    field = get_field_for(request.membership, form, field_pk)
    services.remove_field(actor=request.membership, field=field, request=request)
    messages.success(request, _("“%(label)s” removed.") % {"label": field})
    return _done(request, form)
