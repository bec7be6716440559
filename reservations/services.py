"""Writes for reservations entered by hand (hosts without a PMS)."""

import secrets

from django.db import transaction
from django.utils import timezone

from accounts.activity import changes, record_action, snapshot
from accounts.permissions import Rule, require
from reservations.models import Guest, Reservation, ReservationStatus, new_portal_token

# No 0/O or 1/I: codes are read out over the phone.
CODE_ALPHABET = "23456789ABCDEFGHJKLMNPQRSTUVWXYZ"


def _sync_main_guest(reservation):
    """Keep the party's main guest in step with the reservation's guest fields."""
    first, _, last = reservation.guest_name.strip().rpartition(" ")
    if not first:
        first, last = last, ""
    Guest.objects.update_or_create(
        reservation=reservation,
        is_main=True,
        defaults={
            "organization": reservation.organization,
            "first_name": first,
            "last_name": last,
            "email": reservation.guest_email,
            "phone": reservation.guest_phone,
        },
    )


def _new_confirmation_code(organization):
    while True:
        code = "GR-" + "".join(secrets.choice(CODE_ALPHABET) for _ in range(6))
        if not Reservation.objects.filter(organization=organization, confirmation_code=code).exists():
            return code


@transaction.atomic
def create_reservation(*, actor, request=None, **fields):
    """Create a reservation; without a confirmation code one is made up (GR-XXXXXX)."""
    require(actor, Rule.EDIT_RESERVATIONS)
    reservation = Reservation(organization=actor.organization, **fields)
    if not reservation.confirmation_code:
        reservation.confirmation_code = _new_confirmation_code(actor.organization)
    reservation.full_clean()
    reservation.save()
    _sync_main_guest(reservation)
    record_action(
        actor,
        "reservation.created",
        target=reservation,
        request=request,
        property=reservation.property.name,
        check_in=str(reservation.check_in),
    )
    return reservation


@transaction.atomic
def update_reservation(*, actor, reservation, request=None, **fields):
    require(actor, Rule.EDIT_RESERVATIONS)
    before = snapshot(reservation, fields)
    for name, value in fields.items():
        setattr(reservation, name, value)
    reservation.full_clean()
    reservation.save()
    _sync_main_guest(reservation)
    changed = changes(before, reservation)
    if changed:
        record_action(actor, "reservation.updated", target=reservation, request=request, changed=changed)
    return reservation


@transaction.atomic
def cancel_reservation(*, actor, reservation, request=None):
    """Cancel a stay: its guest link stops opening (selectors.reservation_for_token). Canceling a canceled
    stay changes and logs nothing."""
    require(actor, Rule.EDIT_RESERVATIONS)
    if reservation.status == ReservationStatus.CANCELED:
        return reservation
    before = reservation.status
    reservation.status = ReservationStatus.CANCELED
    reservation.save(update_fields=["status", "updated_at"])
    record_action(actor, "reservation.canceled", target=reservation, request=request, previous_status=before)
    return reservation


@transaction.atomic
def regenerate_portal_link(*, actor, reservation, request=None):
    """A new secret link; the old one stops working at once."""
    require(actor, Rule.EDIT_RESERVATIONS)
    reservation.portal_token = new_portal_token()
    reservation.portal_revoked_at = None
    reservation.save(update_fields=["portal_token", "portal_revoked_at", "updated_at"])
    record_action(actor, "portal.link_regenerated", target=reservation, request=request)
    return reservation


@transaction.atomic
def revoke_portal_link(*, actor, reservation, request=None):
    require(actor, Rule.EDIT_RESERVATIONS)
    reservation.portal_revoked_at = timezone.now()
    reservation.save(update_fields=["portal_revoked_at", "updated_at"])
    record_action(actor, "portal.link_revoked", target=reservation, request=request)
    return reservation
