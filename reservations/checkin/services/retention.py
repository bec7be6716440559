"""Deleting guests' identity data once the stay is long over.

A check-in whose reservation checked out more than GUEST_DOCUMENT_RETENTION_DAYS
days ago is purged once:

- every identity document (front and back photos, PDFs) is deleted from storage,
  then its row;
- every answer whose field spec is marked `sensitive` (document fields always
  are, and fields the host flags as identity data, such as `document_number`)
  is removed, at reservation level and for every guest;
- `purged_at` is set and one activity entry ("checkin.documents_purged") is
  written for the reservation.

A manager can also purge one completed check-in at once (`purge_now`): a guest
asks for their ID to be erased, or the host has no more use for it. The same
rules apply; the log names the member instead of the retention period.

Everything else stays: the reservation, its check-in status, the guests' rows,
the non-sensitive answers. **Signatures are kept**: a drawn signature is part of
the signed rental agreement, a record the host may need after the stay, and it
is not an identity document; hosts can still open it after the purge. A
signature whose field spec is itself marked sensitive is deleted like a document.

Files are deleted before the rows, inside the submission's transaction: if a
storage delete fails, that submission's rows roll back and the next run retries
it (deleting a file that is already gone is harmless), so no file outlives its
row unnoticed. A purged submission is never selected again: the purge is
idempotent. Dates: a check-out date counts as past once the UTC date is more than
the retention period after it.
"""

import logging
from dataclasses import dataclass
from datetime import UTC, timedelta

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.activity import record_action
from accounts.actors import SystemActor
from accounts.permissions import Rule, require
from reservations.checkin.models import CheckinSubmission, DocumentKind
from reservations.checkin.selectors import submission_of

logger = logging.getLogger(__name__)


@dataclass
class Purge:
    """What was (or, in a dry run, would be) purged for one reservation."""

    reservation_id: int
    confirmation_code: str
    documents: int
    answers: int
    signatures_kept: int


def retention_cutoff(now=None):
    """Check-outs before this date are past the retention period."""
    now = now or timezone.now()
    return now.astimezone(UTC).date() - timedelta(days=settings.GUEST_DOCUMENT_RETENTION_DAYS)


def purge_date(reservation):
    """The first day the daily purge takes this reservation's identity data (see `retention_cutoff`)."""
    return reservation.check_out + timedelta(days=settings.GUEST_DOCUMENT_RETENTION_DAYS + 1)


def expired_submissions(*, now=None):
    return (
        CheckinSubmission.objects.filter(purged_at__isnull=True, reservation__check_out__lt=retention_cutoff(now))
        .select_related("reservation", "form_version")
        .prefetch_related("documents")
        .order_by("reservation__check_out", "pk")
    )


def _is_sensitive(spec):
    return spec is not None and spec.sensitive


def _plan(submission):
    """(documents to delete, answer keys to drop per answers dict, a `Purge` summary) for one submission."""
    specs = {spec.key: spec for spec in submission.form_version.specs}
    doomed, kept = [], 0
    for document in submission.documents.all():
        spec = specs.get(document.field_key)
        if document.kind == DocumentKind.SIGNATURE and not _is_sensitive(spec):
            kept += 1
        else:
            doomed.append(document)
    answers = submission.answers or {}
    parts = [answers.get("reservation") or {}, *(answers.get("guests") or [])]
    drops = [[key for key in part if _is_sensitive(specs.get(key))] for part in parts]
    summary = Purge(
        reservation_id=submission.reservation_id,
        confirmation_code=submission.reservation.confirmation_code,
        documents=len(doomed),
        answers=sum(len(keys) for keys in drops),
        signatures_kept=kept,
    )
    return doomed, drops, summary


def _purge_one(submission, now, *, actor=None, request=None):
    """Purge one submission; by the retention schedule, or by `actor` when a member asks."""
    with transaction.atomic():
        submission = (
            CheckinSubmission.objects.select_for_update(of=("self",))
            .select_related("reservation__organization", "form_version")
            .filter(pk=submission.pk, purged_at__isnull=True)
            .first()
        )
        if submission is None:  # purged meanwhile by another run
            return None
        doomed, drops, summary = _plan(submission)
        for document in doomed:
            document.file.storage.delete(document.file.name)
            document.delete()
        answers = submission.answers or {}
        parts = [answers.get("reservation") or {}, *(answers.get("guests") or [])]
        for part, keys in zip(parts, drops, strict=True):
            for key in keys:
                del part[key]
        submission.answers = answers
        submission.purged_at = now
        submission.save(update_fields=["answers", "purged_at", "updated_at"])
        counts = {
            "documents": summary.documents,
            "answers": summary.answers,
            "signatures_kept": summary.signatures_kept,
        }
        if actor is None:  # the retention schedule
            actor = SystemActor(submission.reservation.organization)
            counts["retention_days"] = settings.GUEST_DOCUMENT_RETENTION_DAYS
        record_action(actor, "checkin.documents_purged", target=submission.reservation, request=request, **counts)
        return summary


def purge_expired_documents(*, now=None, dry_run=False):
    """Purge every check-in past the retention period; returns a `Purge` per reservation.

    With `dry_run`, nothing changes: the list says what a real run would do.
    """
    now = now or timezone.now()
    results = []
    for submission in expired_submissions(now=now):
        if dry_run:
            results.append(_plan(submission)[2])
            continue
        try:
            result = _purge_one(submission, now)
        except Exception:
            # One unreachable file must not stop the others; this one is retried next run.
            logger.exception("Could not purge the check-in documents of reservation %s", submission.reservation_id)
            continue
        if result is not None:
            results.append(result)
    return results


def purge_now(*, actor, reservation, request=None):
    """Delete a completed check-in's identity data now, before the retention period ends."""
    require(actor, Rule.PURGE_DOCUMENTS)
    submission = submission_of(reservation)
    if submission is None or not submission.is_submitted:
        raise ValidationError(_("Only a completed check-in’s documents can be deleted."))
    purge = None if submission.purged_at else _purge_one(submission, timezone.now(), actor=actor, request=request)
    if purge is None:  # deleted before, or by a second click a moment ago
        raise ValidationError(_("This check-in’s identity documents are already deleted."))
    return purge
