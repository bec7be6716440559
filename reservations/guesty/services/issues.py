"""Sync issues: every mismatch between Guesty and GoRently, recorded once per subject and kept in history."""

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone

from accounts.activity import record_action
from accounts.permissions import Rule, require
from gorently import badges
from reservations.guesty.models import (
    WRITE_BACK_ISSUES,
    ConnectionStatus,
    GuestyConnection,
    IssueKind,
    SyncIssue,
    SyncKind,
)
from reservations.guesty.services.runs import queue_run

# Issues a fresh read of the reservation settles (the host imported the listing, Guesty fixed the data).
READ_ISSUES = (IssueKind.UNKNOWN_LISTING, IssueKind.INVALID_RESERVATION)


def report(*, organization, run, kind, message, **subject):
    """Record an issue, or count one more occurrence of the same open issue.

    `subject`: reservation, guesty_reservation_id, guesty_listing_id, field_key, guesty_field_id,
    value, guesty_answer.
    """
    key = {name: subject.get(name, "") for name in ("guesty_reservation_id", "guesty_field_id", "field_key")}
    details = {
        "message": message[:2000],
        "run": run,
        "reservation": subject.get("reservation"),
        "guesty_listing_id": subject.get("guesty_listing_id", ""),
        "value": str(subject.get("value", ""))[:2000],
        "guesty_answer": str(subject.get("guesty_answer", ""))[:2000],
    }
    for _attempt in range(2):
        existing = SyncIssue.objects.filter(organization=organization, kind=kind, resolved_at=None, **key).first()
        if existing is not None:
            for name, value in details.items():
                setattr(existing, name, value)
            existing.occurrences = F("occurrences") + 1
            existing.last_seen_at = timezone.now()
            existing.save()
            return existing
        try:
            with transaction.atomic():
                return SyncIssue.objects.create(organization=organization, kind=kind, **key, **details)
        except IntegrityError:  # another worker recorded it a moment ago: count on it
            continue
    raise RuntimeError("Could not record a sync issue.")


def resolve(issues, resolution):
    """Mark open issues resolved; they stay in the history."""
    open_issues = issues.filter(resolved_at=None)
    accounts = set(open_issues.values_list("organization_id", flat=True))
    resolved = open_issues.update(resolved_at=timezone.now(), resolution=resolution[:200])
    for organization_id in accounts:
        badges.changed(organization_id)
    return resolved


def retry(*, actor, issues, request=None):
    """Try again what these open issues are about, after the host fixed the cause.

    Write-back issues write the reservation's answers again; listing and data issues read the
    reservations again from Guesty. Returns the runs queued.
    """
    require(actor, Rule.MANAGE_INTEGRATIONS)
    connected = GuestyConnection.objects.filter(organization=actor.organization, status=ConnectionStatus.CONNECTED)
    if not connected.exists():
        raise ValidationError("Guesty is not connected, or the connection is not working: check it first.")
    issues = list(issues.filter(resolved_at=None))
    runs = []
    write_backs = sorted(
        {issue.reservation_id for issue in issues if issue.kind in WRITE_BACK_ISSUES and issue.reservation_id}
    )
    for reservation_id in write_backs:
        runs.append(
            queue_run(
                organization=actor.organization,
                kind=SyncKind.WRITE_BACK,
                trigger=_trigger(actor),
                cursor={"reservation": reservation_id},
            )
        )
    reads = sorted({issue.guesty_reservation_id for issue in issues if issue.kind in READ_ISSUES})
    for start in range(0, len(reads), 500):
        runs.append(
            queue_run(
                organization=actor.organization,
                kind=SyncKind.FETCH,
                trigger=_trigger(actor),
                cursor={"ids": reads[start : start + 500]},
            )
        )
    if runs:
        record_action(actor, "guesty.issues_retried", request=request, issues=len(issues))
    return runs


def _trigger(actor):
    return actor.log_identity().label
