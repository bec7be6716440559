"""Reads for the Guesty pages: the account's connection, runs, issues, mirrored listings and fields.

Every query is scoped to the actor's host account; a row of another account is 404 (`get_or_404`).
Nothing here reads the stored secrets: the connection is loaded without them.
"""

from dataclasses import dataclass, field

from django.utils.translation import gettext as _

from gorently.access import get_or_404
from properties.models import Property
from reservations.checkin.fields import FieldType
from reservations.checkin.models import FormField
from reservations.guesty.mapping import COMPATIBLE_TYPES, GUESTY_TYPE_NAMES, mapping_problem
from reservations.guesty.models import GuestyConnection, GuestyField, GuestyListing, SyncIssue, SyncRun
from reservations.guesty.services.runs import active_run

SECRETS = ("client_secret", "access_token", "webhook_secret")
RUN_COLUMNS = (
    "kind",
    "status",
    "trigger",
    "created_at",
    "started_at",
    "finished_at",
    "pages",
    "created",
    "updated",
    "unchanged",
    "skipped",
    "failed",
    "requests",
    "error",
)
RECENT_RUNS = 20


def connection_of(actor):
    """The account's Guesty connection without its secrets (never decrypted for a page), or None."""
    return GuestyConnection.objects.defer(*SECRETS).filter(organization=actor.organization).first()


def progress_of(actor):
    """The waiting or running sync the integration page follows, or None."""
    return active_run(actor.organization)


def recent_runs_of(actor, limit=RECENT_RUNS):
    return list(SyncRun.objects.filter(organization=actor.organization).only(*RUN_COLUMNS)[:limit])


# --- Issues -------------------------------------------------------------------------------------


def issues_of(actor, *, resolved=False):
    """The account's sync issues, open (or resolved), newest first."""
    return SyncIssue.objects.filter(organization=actor.organization, resolved_at__isnull=not resolved)


def issue_list_of(actor, *, resolved=False):
    """The issues as the list shows them: one query with the reservation's name and code."""
    return (
        issues_of(actor, resolved=resolved)
        .select_related("reservation")
        .only(
            "kind",
            "message",
            "reservation",
            "reservation__guest_name",
            "reservation__confirmation_code",
            "guesty_reservation_id",
            "guesty_listing_id",
            "field_key",
            "guesty_field_id",
            "value",
            "guesty_answer",
            "occurrences",
            "last_seen_at",
            "resolved_at",
            "resolution",
        )
        .order_by("-last_seen_at", "-id")
    )


def get_issue_for(actor, pk):
    return get_or_404(SyncIssue.objects.filter(organization=actor.organization), pk=pk)


def open_issue_count(organization):
    """Open sync issues of an account: one COUNT (the navigation's badge)."""
    return SyncIssue.objects.filter(organization=organization, resolved_at=None).count()


# --- Listings -----------------------------------------------------------------------------------


def listings_of(actor):
    return GuestyListing.objects.filter(organization=actor.organization)


def get_listing_for(actor, pk):
    return get_or_404(listings_of(actor), pk=pk)


def listing_rows_of(actor):
    """The mirrored listings, each with the property imported from or linked to it (`row.property`: (pk, name))."""
    rows = list(listings_of(actor))
    linked = {
        listing_id: (pk, name)
        for pk, name, listing_id in Property.objects.filter(
            organization=actor.organization, guesty_listing_id__in=[row.listing_id for row in rows]
        ).values_list("pk", "name", "guesty_listing_id")
    }
    for row in rows:
        row.property = linked.get(row.listing_id)
    return rows


def linkable_properties_of(actor):
    """The account's active properties not linked to any Guesty listing yet."""
    return Property.objects.filter(organization=actor.organization, guesty_listing_id="").active().order_by("name")


# --- Field mapping ------------------------------------------------------------------------------


def guesty_fields_of(actor):
    """The account's Guesty reservation custom fields that Guesty still lists."""
    return GuestyField.objects.filter(organization=actor.organization, deleted_at=None)


def form_fields_of(actor):
    return FormField.objects.filter(organization=actor.organization)


@dataclass
class MappingRow:
    """One check-in question on the mapping page: where its answer may go in Guesty."""

    question: FormField
    label: str
    copyable: bool
    # (field_id, name, type) of the Guesty fields that take this question's answer.
    choices: list = field(default_factory=list)
    # (name, type, why not) of the ones that do not.
    refused: list = field(default_factory=list)
    # The id of the Guesty field it is copied to now ("" when it is not copied).
    selected: str = ""
    # The current field when it is no longer offered (deleted, or its type does not fit): (field_id, name).
    unavailable: tuple | None = None
    # Why the current mapping does not work ("" when it does).
    warning: str = ""
    # A refused change, shown at the row.
    error: str = ""


def mapping_rows_of(actor, form, *, only=None):
    """A MappingRow for each question of a check-in form (or only the question `only`)."""
    questions = form.fields.filter(organization=actor.organization)
    if only is not None:
        questions = questions.filter(pk=only.pk)
    targets = list(GuestyField.objects.filter(organization=actor.organization))
    by_id = {target.field_id: target for target in targets}
    listed = [target for target in targets if target.deleted_at is None]
    return [_mapping_row(question, listed, by_id) for question in questions]


def _mapping_row(question, listed, by_id):
    question_type = FieldType(question.type)
    row = MappingRow(
        question=question,
        label=question.label.get("en") or question.key,
        copyable=bool(COMPATIBLE_TYPES.get(question_type)),
    )
    if not row.copyable:
        return row
    for target in listed:
        problem = mapping_problem(question_type, question.options, target.type, target.options)
        kind = GUESTY_TYPE_NAMES.get(target.type, target.type)
        if problem:
            row.refused.append((target.display_name, kind, problem))
        else:
            row.choices.append((target.field_id, target.display_name, kind))
    mapped = row.selected = question.guesty_custom_field_id
    if mapped:
        target = by_id.get(mapped)
        if target is None or target.deleted_at is not None:
            row.warning = _("Guesty no longer lists the field this question is copied to: choose another one.")
        else:
            row.warning = mapping_problem(question_type, question.options, target.type, target.options)
        if row.warning:
            row.unavailable = (mapped, target.display_name if target else mapped)
    return row
