"""Host pages for properties and branding."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.forms.models import model_to_dict
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from accounts.permissions import Rule, host_view
from gorently.forms import add_service_errors
from properties import services
from properties.forms import BrandForm, PropertyForm
from properties.models import Brand, contrast_ratio
from properties.selectors import account_brand, brand_for, get_property_for, properties_of


def _bound(form_class, request, instance=None, **form_kwargs):
    # The form validates input only; the service applies it, so the instance stays untouched until then.
    initial = model_to_dict(instance, fields=form_class._meta.fields) if instance else None
    return form_class(request.POST or None, request.FILES or None, initial=initial, **form_kwargs)


@host_view()
def property_list(request):
    show_archived = request.GET.get("archived") == "1"
    rows = properties_of(request.membership, include_archived=show_archived)
    if show_archived:
        rows = rows.filter(archived_at__isnull=False)
    context = {"properties": rows, "show_archived": show_archived}
    return render(request, "properties/list.html", context)


@host_view()
def property_detail(request, pk):
    property = get_property_for(request.membership, pk)
    context = {
        "property": property,
        "brand": brand_for(property),
        "address_parts": [part for part in (property.address, property.city, property.country.name) if part],
    }
    return render(request, "properties/detail.html", context)


@host_view(Rule.ADD_PROPERTIES)
def property_create(request):
    form = _bound(PropertyForm, request, organization=request.membership.organization)
    if request.method == "POST" and form.is_valid():
        try:
            property = services.create_property(actor=request.membership, **form.cleaned_data, request=request)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("%(name)s added.") % {"name": property.name})
            return redirect("properties:detail", pk=property.pk)
    return render(request, "properties/form.html", {"form": form}, status=400 if form.errors else 200)


@host_view(Rule.EDIT_PROPERTIES)
def property_edit(request, pk):
    property = get_property_for(request.membership, pk)
    form = _bound(PropertyForm, request, property, organization=request.membership.organization)
    if request.method == "POST" and form.is_valid():
        try:
            services.update_property(actor=request.membership, property=property, **form.cleaned_data, request=request)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Changes saved."))
            return redirect("properties:detail", pk=property.pk)
    context = {"form": form, "property": property}
    return render(request, "properties/form.html", context, status=400 if form.errors else 200)


@host_view(Rule.ARCHIVE_PROPERTIES)
@require_POST
def property_archive(request, pk):
    property = get_property_for(request.membership, pk)
    archive = not property.is_archived
    services.set_archived(actor=request.membership, property=property, archived=archive, request=request)
    if archive:
        messages.success(request, _("%(name)s archived. Its reservations are kept.") % {"name": property.name})
    else:
        messages.success(request, _("%(name)s restored.") % {"name": property.name})
    return redirect("properties:detail", pk=property.pk)


def _brand_editor(request, *, brand, property=None):
    """The branding editor for the account (property None) or one property's override."""
    form = _bound(BrandForm, request, brand)
    if request.method == "POST" and form.is_valid():
        try:
            services.save_brand(actor=request.membership, property=property, **form.cleaned_data, request=request)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Branding saved."))
            return redirect(request.path)
    context = {"form": form, "brand": brand, "property": property, "preview": _preview(brand)}
    return render(request, "properties/branding.html", context, status=400 if form.errors else 200)


def _preview(brand):
    return {
        "primary": brand.primary_color,
        "accent": brand.accent_color,
        "primary_text": brand.primary_text,
        "accent_text": brand.accent_text,
        "font_stack": brand.font_stack(),
        "low_contrast_on_white": contrast_ratio(brand.primary_color, "#ffffff") < 3,
    }


@host_view(Rule.MANAGE_ACCOUNT)
def branding(request):
    return _brand_editor(request, brand=account_brand(request.membership.organization))


@host_view(Rule.EDIT_PROPERTIES)
def property_branding(request, pk):
    property = get_property_for(request.membership, pk)
    return _brand_editor(request, brand=brand_for(property), property=property)


@host_view(Rule.EDIT_PROPERTIES)
@require_POST
def property_branding_reset(request, pk):
    property = get_property_for(request.membership, pk)
    services.clear_brand_override(actor=request.membership, property=property, request=request)
    messages.success(request, _("%(name)s now uses your account's branding.") % {"name": property.name})
    return redirect("properties:branding", pk=property.pk)


@host_view(Rule.EDIT_PROPERTIES)
@require_POST
def branding_preview(request):
    """htmx: re-render the preview from unsaved values; invalid ones keep the defaults."""
    form = BrandForm(request.POST)
    form.is_valid()
    draft = Brand(
        **{f: form.cleaned_data[f] for f in ("primary_color", "accent_color", "font") if f in form.cleaned_data}
    )
    return render(request, "properties/branding.html#preview", {"preview": _preview(draft)})
