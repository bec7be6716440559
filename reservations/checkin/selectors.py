"""Reads for the guest portal: a token leads to exactly one reservation, or to nothing."""

import re
from datetime import timedelta

from django.conf import settings
from django.utils import timezone

from reservations.models import CheckinSubmission, GuestDocument, Reservation, ReservationStatus

TOKEN_CHARACTERS = re.compile(r"[A-Za-z0-9_-]+")


def reservation_for_token(token):
    """The reservation whose portal this token opens; None when wrong, revoked, canceled or expired."""
    # Tokens are secrets.token_urlsafe(); anything else (a NUL byte would make PostgreSQL fail) opens nothing.
    if not token or len(token) > 64 or not TOKEN_CHARACTERS.fullmatch(token):
        return None
    reservation = (
        Reservation.objects.select_related("property", "organization", "checkin", "checkin__form_version")
        .filter(portal_token=token, portal_revoked_at__isnull=True)
        .exclude(status=ReservationStatus.CANCELED)
        .first()
    )
    if reservation is None or portal_expired(reservation):
        return None
    return reservation


def portal_expires_on(reservation):
    return reservation.check_out + timedelta(days=settings.PORTAL_LINK_DAYS_AFTER_CHECKOUT)


def portal_expired(reservation):
    return timezone.localdate(timezone=reservation.property.tz) > portal_expires_on(reservation)


def submission_of(reservation):
    try:
        return reservation.checkin
    except CheckinSubmission.DoesNotExist:
        return None


def documents_of(submission):
    """{(guest_index, field_key, kind): document} for a submission."""
    return {(d.guest_index, d.field_key, d.kind): d for d in GuestDocument.objects.filter(submission=submission)}
