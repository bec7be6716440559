"""Reads for check-in: the account's forms, and a reservation's check-in and documents."""

from django.core.exceptions import PermissionDenied
from django.db.models import Q

from accounts.permissions import Rule, require
from gorently.access import get_or_404
from properties.selectors import properties_of
from reservations.checkin.models import CheckinForm, CheckinSubmission, DocumentKind, FormField, GuestDocument

# --- Forms ------------------------------------------------------------------------------------


def forms_of(actor):
    return CheckinForm.objects.filter(organization=actor.organization)


def get_form_for(actor, pk):
    return get_or_404(forms_of(actor), pk=pk)


def get_field_for(actor, form, pk):
    return get_or_404(FormField.objects.filter(form=form, organization=actor.organization), pk=pk)


def form_of_property(property):
    """The form a property's guests answer: its own, else the account's default."""
    if property.checkin_form_id:
        return property.checkin_form
    return CheckinForm.objects.filter(organization_id=property.organization_id, is_default=True).first()


def can_edit_form(actor, form):
    """Owners edit every form; a manager edits a form only the properties they look after use.

    The default form is asked at every property without a form of its own, so it is
    the owners' (rule EDIT_DEFAULT_FORM), like any form also used by a property the
    manager does not see: changing it would change what other properties' guests answer.
    """
    if actor.can(Rule.EDIT_DEFAULT_FORM):
        return True
    if not actor.can(Rule.EDIT_CHECKIN_FORMS) or form.is_default:
        return False
    users = form.properties.filter(organization=actor.organization)
    return not users.exclude(pk__in=properties_of(actor, include_archived=True)).exists()


def require_form_editable(actor, form):
    require(actor, Rule.EDIT_CHECKIN_FORMS)
    if not can_edit_form(actor, form):
        raise PermissionDenied


# --- A reservation's check-in -------------------------------------------------------------------


def submission_of(reservation):
    try:
        return reservation.checkin
    except CheckinSubmission.DoesNotExist:
        return None


def documents_of(submission):
    """{(guest_index, field_key, kind): document} for a submission."""
    return {(d.guest_index, d.field_key, d.kind): d for d in GuestDocument.objects.filter(submission=submission)}


def get_document_for(actor, reservation, document_id):
    """A guest document of a reservation the actor sees; 404 if not theirs.

    After the retention purge only the signatures remain (the signed agreement);
    any other document of a purged check-in is 404 as well.
    """
    documents = GuestDocument.objects.filter(
        Q(submission__purged_at__isnull=True) | Q(kind=DocumentKind.SIGNATURE),
        organization=actor.organization,
        submission__reservation=reservation,
    )
    return get_or_404(documents, pk=document_id)
