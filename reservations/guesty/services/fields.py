"""Guesty reservation custom fields: mirrored, and mapped to check-in questions with their types checked."""

from django.core.exceptions import ValidationError
from django.utils import timezone

from accounts.activity import record_action
from accounts.permissions import Rule, require
from reservations.checkin.fields import FieldType
from reservations.checkin.models import FormField
from reservations.guesty.mapping import mapping_problem
from reservations.guesty.models import GuestyField


def refresh_fields(context):
    """Mirror the account's reservation custom fields; the ones Guesty no longer lists are marked deleted."""
    connection = context.client.connection
    organization = context.run.organization
    if not connection.account_id:
        return
    body = context.client.get(f"/accounts/{connection.account_id}/custom-fields")
    items = body if isinstance(body, list) else (body or {}).get("results") or (body or {}).get("customFields") or []
    now = timezone.now()
    seen = []
    for item in items:
        if not isinstance(item, dict) or str(item.get("object") or "reservation") != "reservation":
            continue
        field_id = str(item.get("fieldId") or item.get("_id") or "")
        if not field_id:
            continue
        seen.append(field_id)
        GuestyField.objects.update_or_create(
            organization=organization,
            field_id=field_id,
            defaults={
                "display_name": str(item.get("displayName") or item.get("key") or field_id)[:255],
                "key": str(item.get("key") or "")[:255],
                "type": str(item.get("type") or "text")[:20],
                "options": [str(option) for option in item.get("options") or [] if option is not None],
                "seen_at": now,
                "deleted_at": None,
            },
        )
    GuestyField.objects.filter(organization=organization, deleted_at=None).exclude(field_id__in=seen).update(
        deleted_at=now
    )
    context.save()


def map_field(*, actor, form_field, guesty_field_id, request=None):
    """Copy a question's answers to a Guesty field (or stop, with ""), when the field's type takes them."""
    require(actor, Rule.MANAGE_INTEGRATIONS)
    if form_field.organization_id != actor.organization.pk:
        raise FormField.DoesNotExist
    if guesty_field_id:
        target = GuestyField.objects.filter(
            organization=actor.organization, field_id=guesty_field_id, deleted_at=None
        ).first()
        if target is None:
            raise ValidationError("Guesty no longer lists this field: refresh the fields and choose again.")
        problem = mapping_problem(FieldType(form_field.type), form_field.options, target.type, target.options)
        if problem:
            raise ValidationError(problem)
    if form_field.guesty_custom_field_id != guesty_field_id:
        before = form_field.guesty_custom_field_id
        form_field.guesty_custom_field_id = guesty_field_id
        form_field.save(update_fields=["guesty_custom_field_id"])
        record_action(
            actor,
            "guesty.field_mapped",
            target=form_field.form,
            request=request,
            key=form_field.key,
            guesty_field=[before, guesty_field_id],
        )
    return form_field
