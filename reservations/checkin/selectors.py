"""Reads for check-in: the account's forms, and a reservation's check-in and documents."""

import logging
from dataclasses import dataclass
from datetime import datetime

from django.core.exceptions import PermissionDenied
from django.db.models import F, Prefetch, Q
from django.http import Http404
from django.utils.dateparse import parse_datetime

from accounts.permissions import Rule, require
from gorently.access import get_or_404
from gorently.encrypted_files import UnreadableFile
from properties.selectors import properties_of
from reservations.checkin.fields import FieldType
from reservations.checkin.models import (
    CheckinForm,
    CheckinSubmission,
    DocumentKind,
    FormField,
    FormVersion,
    GuestDocument,
)
from reservations.models import Guest
from reservations.selectors import reservations_of

logger = logging.getLogger(__name__)

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


@dataclass(frozen=True)
class TypedSignature:
    """A signature the guest typed (their full name), when, and from which client address."""

    name: str
    signed_at: datetime | None
    signed_from: str


def typed_signatures_of(submission):
    """{field key: TypedSignature} for the signature fields a guest signed by typing their name.

    A typed signature is the signature field's answer at reservation level (see
    services.submissions._save_signatures); a drawn one is a GuestDocument instead.
    """
    keys = {spec.key for spec in submission.form_version.specs if spec.type == FieldType.SIGNATURE}
    given = (submission.answers or {}).get("reservation") or {}
    signatures = {}
    for key in keys:
        answer = given.get(key)
        if isinstance(answer, dict) and answer.get("typed"):
            signed_at = parse_datetime(answer.get("signed_at") or "")
            signatures[key] = TypedSignature(answer["typed"], signed_at, answer.get("signed_from") or "")
    return signatures


def guest_document(submission, document_id, *, kinds=None):
    """One of this check-in's own files, for its guest (the portal): 404 for any other.

    Identity documents until the retention purge, the signature after it too (as for hosts);
    `kinds` narrows it further (the guest removes only document sides).
    """
    documents = GuestDocument.objects.filter(
        Q(submission__purged_at__isnull=True) | Q(kind=DocumentKind.SIGNATURE), submission=submission
    )
    if kinds is not None:
        documents = documents.filter(kind__in=kinds)
    return get_or_404(documents, pk=document_id)


MAIN_GUEST_KEYS = ("first_name", "last_name", "email", "phone")


def known_main_guest_answers(reservation):
    """The main guest's name and contacts as the host already has them, offered pre-filled on their step.

    {first_name, last_name, email, phone}, blanks left out: the main Guest row first,
    then the reservation's own fields (its name split as reservations.services does).
    """
    first, _sep, last = reservation.guest_name.strip().rpartition(" ")
    if not first:
        first, last = last, ""
    phone = reservation.guest_phone
    known = {
        "first_name": first,
        "last_name": last,
        "email": reservation.guest_email,
        "phone": phone.as_e164 if phone else "",
    }
    main = Guest.objects.filter(reservation=reservation, is_main=True).first()
    if main is not None:
        row = {
            "first_name": main.first_name,
            "last_name": main.last_name,
            "email": main.email,
            "phone": main.phone.as_e164 if main.phone else "",
        }
        known |= {key: value for key, value in row.items() if value}
    return {key: str(value) for key, value in known.items() if value}


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


# --- The API's reads ----------------------------------------------------------------------------


def forms_with_fields(actor):
    """The account's forms, each with its fields in order (`fields`) and its latest frozen version
    (`latest_versions`, empty before a guest first answered it): one query each, whatever the number of forms."""
    return forms_of(actor).prefetch_related(
        Prefetch("fields", queryset=FormField.objects.order_by("position", "id")),
        Prefetch("versions", queryset=FormVersion.objects.order_by("-number")[:1], to_attr="latest_versions"),
    )


def properties_by_form(actor):
    """{form id: [(property id, name), ...]}: the properties the actor sees (archived left out) and the form
    their guests answer; those without a form of their own are under None (the default form's)."""
    users = {}
    for pk, name, form_id in properties_of(actor).order_by("name", "id").values_list("id", "name", "checkin_form_id"):
        users.setdefault(form_id, []).append((pk, name))
    return users


def kept_files():
    """A check-in's files a host may still open: identity documents until the retention purge, signatures
    after it too (as `get_document_for`)."""
    kept = GuestDocument.objects.filter(Q(submission__purged_at__isnull=True) | Q(kind=DocumentKind.SIGNATURE))
    return kept.order_by(F("guest_index").asc(nulls_last=True), "field_key", "kind", "id")  # guests', then the stay's


def checkins_of(actor):
    """The reservations the actor sees, each ready to read with its check-in whole: the submission and its
    form version, the guests' rows, and the files still kept (`checkin.kept_files`). A fixed number of
    queries, whatever the number of guests and files; `submission_of` is None before the guest starts."""
    return (
        reservations_of(actor)
        .select_related("checkin__form_version")
        .prefetch_related(
            Prefetch("guests", queryset=Guest.objects.order_by("-is_main", "id")),
            Prefetch("checkin__documents", queryset=kept_files(), to_attr="kept_files"),
        )
    )


def get_file_for(actor, document_id):
    """(reservation, document): a check-in file of any reservation the actor sees, by the document's id alone
    (as `get_document_for`: after the purge, signatures only); 404 for any other."""
    reservation = get_or_404(reservations_of(actor), checkin__documents__pk=document_id)
    return reservation, get_document_for(actor, reservation, document_id)


def content_of(document):
    """A guest document's bytes, decrypted; 404 when the file is gone or cannot be decrypted (logged)."""
    try:
        return document.read()
    except FileNotFoundError:
        raise Http404 from None
    except UnreadableFile:
        logger.error(
            "Guest document %s (%s) cannot be decrypted with FIELD_ENCRYPTION_KEY: "
            "written with a key no longer configured, or damaged.",
            document.pk,
            document.file.name,
        )
        raise Http404 from None
