"""Writes for check-in forms: the builder's services, and the frozen version guests answer."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from accounts.activity import record_action
from accounts.permissions import Rule, require
from gorently.ordering import next_position, swap_with_neighbour
from reservations.checkin.models import CheckinForm, FormField, FormVersion
from reservations.checkin.selectors import require_form_editable
from reservations.checkin.standard_fields import DEFAULT_FORM_KEYS, STANDARD_FIELDS

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
]


def _save_field(field):
    field.full_clean()
    field.save()
    field.form.save(update_fields=["updated_at"])
    return field


@transaction.atomic
def create_form(*, actor, name, request=None, with_defaults=True):
    require(actor, Rule.EDIT_CHECKIN_FORMS)
    form = CheckinForm(organization=actor.organization, name=name.strip())
    form.full_clean()
    form.save()
    if with_defaults:
        for key in DEFAULT_FORM_KEYS:
            _add_standard(form, key)
    record_action(actor, "form.created", target=form, request=request)
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
    field = FormField(organization=form.organization, form=form, key=key, position=next_position(form.fields), **spec)
    return _save_field(field)


@transaction.atomic
def add_standard_field(*, actor, form, key, request=None):
    require_form_editable(actor, form)
    if key not in STANDARD_FIELDS:
        raise ValidationError(_("Unknown standard field."))
    if form.fields.filter(key=key).exists():
        raise ValidationError(_("This form already has that field."))
    field = _add_standard(form, key)
    record_action(actor, "form.field_added", target=form, request=request, key=key)
    return field


@transaction.atomic
def add_field(*, actor, form, request=None, **attrs):
    require_form_editable(actor, form)
    if form.fields.filter(key=attrs.get("key")).exists():
        raise ValidationError({"key": _("Another field of this form has this key.")})
    field = FormField(organization=form.organization, form=form, position=next_position(form.fields))
    for name in EDITABLE_FIELD_ATTRS:
        if name in attrs:
            setattr(field, name, attrs[name])
    _save_field(field)
    record_action(actor, "form.field_added", target=form, request=request, key=field.key)
    return field


@transaction.atomic
def update_field(*, actor, field, request=None, **attrs):
    require_form_editable(actor, field.form)
    if "key" in attrs and field.form.fields.exclude(pk=field.pk).filter(key=attrs["key"]).exists():
        raise ValidationError({"key": _("Another field of this form has this key.")})
    for name in EDITABLE_FIELD_ATTRS:
        if name in attrs:
            setattr(field, name, attrs[name])
    _save_field(field)
    record_action(actor, "form.field_changed", target=field.form, request=request, key=field.key)
    return field


@transaction.atomic
def move_field(*, actor, field, direction, request=None):
    """Swap a field with its neighbour above ("up") or below ("down")."""
    require_form_editable(actor, field.form)
    if not swap_with_neighbour(field.form.fields.order_by("position", "id"), field, direction):
        return field
    field.form.save(update_fields=["updated_at"])
    record_action(actor, "form.field_moved", target=field.form, request=request, key=field.key, direction=direction)
    return field


@transaction.atomic
def remove_field(*, actor, field, request=None):
    require_form_editable(actor, field.form)
    form = field.form
    record_action(actor, "form.field_removed", target=form, request=request, key=field.key)
    field.delete()
    form.save(update_fields=["updated_at"])


@transaction.atomic
def rename_form(*, actor, form, name, request=None):
    require_form_editable(actor, form)
    form.name = name.strip()
    form.full_clean()
    form.save()
    record_action(actor, "form.renamed", target=form, request=request)
    return form


@transaction.atomic
def duplicate_form(*, actor, form, request=None):
    require(actor, Rule.EDIT_CHECKIN_FORMS)
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
    record_action(actor, "form.duplicated", target=copy, request=request, **{"from": form.pk})
    return copy


@transaction.atomic
def make_default(*, actor, form, request=None):
    require(actor, Rule.EDIT_DEFAULT_FORM)
    CheckinForm.objects.filter(organization=form.organization, is_default=True).exclude(pk=form.pk).update(
        is_default=False
    )
    form.is_default = True
    form.save(update_fields=["is_default", "updated_at"])
    record_action(actor, "form.made_default", target=form, request=request)
    return form


@transaction.atomic
def current_version(form):
    """The version guests answer now: the latest snapshot, or a new one if the fields changed since."""
    schema = [field.spec().as_dict() for field in form.fields.order_by("position", "id")]
    latest = FormVersion.objects.select_for_update().filter(form=form).order_by("-number").first()
    if latest is not None and latest.schema == schema:
        return latest
    return FormVersion.objects.create(form=form, number=(latest.number + 1) if latest else 1, schema=schema)
