"""Rows of the Guesty mirror, made directly: the pages never call Guesty, so no fake server is needed here.

Names differ from the parent conftest's (`connected`, `listing`), which connect to a fake Guesty.
"""

import pytest
from django.utils import timezone

from reservations.guesty.models import (
    ConnectionStatus,
    GuestyConnection,
    GuestyField,
    GuestyListing,
    IssueKind,
    SyncIssue,
    SyncRun,
    SyncStatus,
)

SECRET = "gsty-SECRET-never-shown-7f3a9c"
HTMX = {"HX-Request": "true"}


@pytest.fixture
def guesty(cast):
    """The cast's account connected to Guesty (as a finished connection check leaves it)."""
    return GuestyConnection.objects.create(
        organization=cast.organization,
        client_id="client-seaside",
        client_secret=SECRET,
        account_id="acc_seaside",
        status=ConnectionStatus.CONNECTED,
        checked_at=timezone.now(),
        webhook_secret="whsec_signing-secret-never-shown",
        access_token="token-never-shown",
    )


def make_listing(organization, listing_id, title, **fields):
    fields.setdefault("seen_at", timezone.now())
    return GuestyListing.objects.create(organization=organization, listing_id=listing_id, title=title, **fields)


def make_field(organization, field_id, name, type, options=(), **fields):
    fields.setdefault("seen_at", timezone.now())
    return GuestyField.objects.create(
        organization=organization, field_id=field_id, display_name=name, type=type, options=list(options), **fields
    )


def make_issue(organization, kind=IssueKind.INVALID_RESERVATION, message="The reservation has no dates.", **fields):
    return SyncIssue.objects.create(organization=organization, kind=kind, message=message, **fields)


def make_run(organization, kind="reconcile", status=SyncStatus.SUCCEEDED, **fields):
    return SyncRun.objects.create(organization=organization, kind=kind, status=status, **fields)
