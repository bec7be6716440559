from datetime import timedelta

from django.db.models import Q
from django.utils import timezone

from accounts.models import Role
from gorently.access import get_or_404, require_role
from properties.selectors import properties_of
from reservations.models import CheckinStatus, DocumentKind, GuestDocument, Reservation, ReservationStatus

SORTS = {
    "arrival": ("check_in", "id"),
    "-arrival": ("-check_in", "-id"),
    "departure": ("check_out", "id"),
    "-departure": ("-check_out", "-id"),
    "guest": ("guest_name", "id"),
    "-guest": ("-guest_name", "-id"),
    "code": ("confirmation_code",),
    "-code": ("-confirmation_code",),
    "property": ("property__name", "check_in"),
    "-property": ("-property__name", "-check_in"),
}
DEFAULT_SORT = "-arrival"
LIST_COLUMNS = [
    "id",
    "confirmation_code",
    "channel",
    "status",
    "check_in",
    "check_out",
    "guests_count",
    "guest_name",
    "guest_email",
    "checkin_status",
    "property__id",
    "property__name",
    "property__timezone",
]


def reservations_of(membership):
    """Reservations of the properties the member may see (archived properties included)."""
    rows = Reservation.objects.filter(organization=membership.organization)
    if not membership.sees_all_properties:
        rows = rows.filter(property__in=properties_of(membership, include_archived=True))
    return rows


def search_reservations(
    membership,
    *,
    q="",
    property=None,
    status="",
    checkin_status="",
    arrival_from=None,
    arrival_to=None,
    sort=DEFAULT_SORT,
):
    """The reservations list: only the columns it shows, in one query."""
    rows = reservations_of(membership).select_related("property").only(*LIST_COLUMNS)
    if q:
        rows = rows.filter(Q(guest_name__icontains=q) | Q(confirmation_code__icontains=q) | Q(guest_email__icontains=q))
    if property:
        rows = rows.filter(property=property)
    if status:
        rows = rows.filter(status=status)
    if checkin_status:
        rows = rows.filter(checkin_status=checkin_status)
    if arrival_from:
        rows = rows.filter(check_in__gte=arrival_from)
    if arrival_to:
        rows = rows.filter(check_in__lte=arrival_to)
    return rows.order_by(*SORTS.get(sort, SORTS[DEFAULT_SORT]))


def get_reservation_for(membership, pk, *, write=False):
    """One visible reservation; 404 if not visible, 403 if `write` and the role may not edit."""
    if write:
        require_role(membership, Role.MANAGER)
    return get_or_404(reservations_of(membership).select_related("property"), pk=pk)


def get_document_for(membership, reservation, document_id):
    """A guest document of a reservation the member may see; 404 if not theirs.

    After the retention purge only the signatures remain (the signed agreement);
    any other document of a purged check-in is 404 as well.
    """
    documents = GuestDocument.objects.filter(
        Q(submission__purged_at__isnull=True) | Q(kind=DocumentKind.SIGNATURE),
        organization=membership.organization,
        submission__reservation=reservation,
    )
    return get_or_404(documents, pk=document_id)


def upcoming_reservations_of_property(membership, property):
    today = timezone.localdate(timezone=property.tz)
    return (
        reservations_of(membership)
        .filter(property=property, check_out__gte=today)
        .exclude(status=ReservationStatus.CANCELED)
        .order_by("check_in")
    )


def today_board(membership):
    """What needs the team today, in each property's own time zone: arrivals and departures
    today and tomorrow, stays in house, and check-ins not completed for the coming week."""
    utc_today = timezone.now().date()
    # Local dates are at most a day either side of UTC's; fetch that wider window, then bucket.
    rows = (
        reservations_of(membership)
        .exclude(status=ReservationStatus.CANCELED)
        .filter(check_in__lte=utc_today + timedelta(days=8), check_out__gte=utc_today - timedelta(days=1))
        .select_related("property")
        .only(*LIST_COLUMNS)
        .order_by("check_in", "property__name")
    )
    board = {
        "arrivals_today": [],
        "arrivals_tomorrow": [],
        "departures_today": [],
        "departures_tomorrow": [],
        "checkins_pending": [],
        "in_house": 0,
    }
    for reservation in rows:
        today = timezone.localdate(timezone=reservation.property.tz)
        tomorrow = today + timedelta(days=1)
        for kind, date in (("arrivals", reservation.check_in), ("departures", reservation.check_out)):
            if date == today:
                board[f"{kind}_today"].append(reservation)
            elif date == tomorrow:
                board[f"{kind}_tomorrow"].append(reservation)
        if reservation.check_in <= today < reservation.check_out:
            board["in_house"] += 1
        pending = reservation.checkin_status != CheckinStatus.COMPLETED
        if pending and today <= reservation.check_in <= today + timedelta(days=7):
            board["checkins_pending"].append(reservation)
    return board
