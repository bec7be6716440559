"""Writes and reads for check-in forms: the builder's services and the version guests answer."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils.translation import gettext as _

from accounts.activity import record, record_member_action
from gorently.access import get_or_404
from gorently.ordering import swap_with_neighbour
from properties.models import CheckinForm, FormField, FormVersion
from properties.standard_fields import DEFAULT_FORM_KEYS, STANDARD_FIELDS

EDITABLE_FIELD_ATTRS = [
    "key",
    "type",
    "label",
    "help_text",
    "required",
    "scope",
    "options",
    "min_value",
    "max_value",
    "pattern",
    "file_types",
    "max_file_mb",
    "agreement_text",
    "sensitive",
    "guesty_custom_field_id",
]


# --- Reads -----------------------------------------------------------------------


def forms_of(membership):
    return CheckinForm.objects.filter(organization=membership.organization)


def get_form_for(membership, pk):
    return get_or_404(forms_of(membership), pk=pk)


def get_field_for(membership, form, pk):
    return get_or_404(FormField.objects.filter(form=form, organization=membership.organization), pk=pk)


def form_of_property(property):
    """The form a property's guests answer: its own, else the account's default."""
    if property.checkin_form_id:
        return property.checkin_form
    return CheckinForm.objects.filter(organization_id=property.organization_id, is_default=True).first()


# --- Writes ------------------------------------------------------------------------


def _next_position(form):
    return (form.fields.aggregate(top=Max("position"))["top"] or 0) + 1


def _save_field(field):
    field.full_clean()
    field.save()
    field.form.save(update_fields=["updated_at"])
    return field


@transaction.atomic
def create_form(*, membership, name, request=None, with_defaults=True):
    form = CheckinForm(organization=membership.organization, name=name.strip())
    form.full_clean()
    form.save()
    if with_defaults:
        for key in DEFAULT_FORM_KEYS:
            _add_standard(form, key)
    record_member_action(membership, "form.created", target=form, request=request)
    return form


def ensure_default_form(organization):
    """Give a host account its default form if it has none (new accounts start with one)."""
    if CheckinForm.objects.filter(organization=organization, is_default=True).exists():
        return None
    form = CheckinForm.objects.create(organization=organization, name=_("Standard check-in"), is_default=True)
    for key in DEFAULT_FORM_KEYS:
        _add_standard(form, key)
    return form


def _add_standard(form, key):
    spec = STANDARD_FIELDS[key]
    field = FormField(organization=form.organization, form=form, key=key, position=_next_position(form), **spec)
    return _save_field(field)


@transaction.atomic
def add_standard_field(*, membership, form, key, request=None):
    if key not in STANDARD_FIELDS:
        raise ValidationError(_("Unknown standard field."))
    if form.fields.filter(key=key).exists():
        raise ValidationError(_("This form already has that field."))
    field = _add_standard(form, key)
    record_member_action(membership, "form.field_added", target=form, request=request, key=key)
    return field


@transaction.atomic
def add_field(*, membership, form, request=None, **attrs):
    if form.fields.filter(key=attrs.get("key")).exists():
        raise ValidationError({"key": _("Another field of this form has this key.")})
    field = FormField(organization=form.organization, form=form, position=_next_position(form))
    for name in EDITABLE_FIELD_ATTRS:
        if name in attrs:
            setattr(field, name, attrs[name])
    _save_field(field)
    record_member_action(membership, "form.field_added", target=form, request=request, key=field.key)
    return field


@transaction.atomic
def update_field(*, membership, field, request=None, **attrs):
    if "key" in attrs and field.form.fields.exclude(pk=field.pk).filter(key=attrs["key"]).exists():
        raise ValidationError({"key": _("Another field of this form has this key.")})
    for name in EDITABLE_FIELD_ATTRS:
        if name in attrs:
            setattr(field, name, attrs[name])
    _save_field(field)
    record_member_action(membership, "form.field_changed", target=field.form, request=request, key=field.key)
    return field


@transaction.atomic
def move_field(*, membership, field, direction, request=None):
    """Swap a field with its neighbour above ("up") or below ("down")."""
    if not swap_with_neighbour(field.form.fields.order_by("position", "id"), field, direction):
        return field
    field.form.save(update_fields=["updated_at"])
    record_member_action(
        membership, "form.field_moved", target=field.form, request=request, key=field.key, direction=direction
    )
    return field


@transaction.atomic
def remove_field(*, membership, field, request=None):
    form = field.form
    record_member_action(membership, "form.field_removed", target=form, request=request, key=field.key)
    field.delete()
    form.save(update_fields=["updated_at"])


@transaction.atomic
def rename_form(*, membership, form, name, request=None):
    form.name = name.strip()
    form.full_clean()
    form.save()
    record_member_action(membership, "form.renamed", target=form, request=request)
    return form


@transaction.atomic
def duplicate_form(*, membership, form, request=None):
    copy = CheckinForm.objects.create(organization=form.organization, name=_("Copy of %(name)s") % {"name": form.name})
    FormField.objects.bulk_create(
        FormField(
            organization=form.organization,
            form=copy,
            position=field.position,
            **{name: getattr(field, name) for name in EDITABLE_FIELD_ATTRS},
        )
        for field in form.fields.all()
    )
    record(
        action="form.duplicated",
        organization=form.organization,
        request=request,
        actor=membership.user,
        target=copy,
        details={"from": form.pk},
    )
    return copy


@transaction.atomic
def make_default(*, membership, form, request=None):
    CheckinForm.objects.filter(organization=form.organization, is_default=True).exclude(pk=form.pk).update(
        is_default=False
    )
    form.is_default = True
    form.save(update_fields=["is_default", "updated_at"])
    record_member_action(membership, "form.made_default", target=form, request=request)
    return form


@transaction.atomic
def current_version(form):
    """The version guests answer now: the latest snapshot, or a new one if the fields changed since."""
    schema = [field.spec() for field in form.fields.order_by("position", "id")]
    latest = FormVersion.objects.select_for_update().filter(form=form).order_by("-number").first()
    if latest is not None and latest.schema == schema:
        return latest
    return FormVersion.objects.create(form=form, number=(latest.number + 1) if latest else 1, schema=schema)
