"""Rows of the reservations list and of the dashboard's board as the pages print them: labels, dates and
links made once a page, then printed by Jinja2 (reservations/jinja2/reservations/)."""

from dataclasses import dataclass

from django.utils.translation import gettext as _

from gorently.display import DateText, badge_tone, id_url, labels_of
from reservations.models import CheckinStatus, ReservationStatus

DATE = "D j M Y"
BOARD_DATE = "j M"
BOARD_LISTS = ("arrivals_today", "arrivals_tomorrow", "departures_today", "departures_tomorrow", "checkins_pending")


@dataclass(frozen=True, slots=True)
class ListRow:
    url: str
    guest_name: str
    property_name: str
    arrival: str
    departure: str
    guests_count: int
    code: str
    status: str
    status_label: str
    status_tone: str
    checkin_label: str
    checkin_tone: str


def list_rows(reservations, *, property_names):
    """One ListRow per reservation (of `reservations.selectors.list_page_rows`); {property id: name}."""
    url = id_url("reservations:detail")
    day = DateText(DATE)
    statuses, checkins = labels_of(ReservationStatus.choices), labels_of(CheckinStatus.choices)
    return [
        ListRow(
            url=url(r.pk),
            guest_name=r.guest_name,
            property_name=property_names.get(r.property_id, ""),
            arrival=day(r.check_in),
            departure=day(r.check_out),
            guests_count=r.guests_count,
            code=r.confirmation_code,
            status=r.status,
            status_label=statuses.get(r.status, r.status),
            status_tone=badge_tone(r.status),
            checkin_label=checkins.get(r.checkin_status, r.checkin_status),
            checkin_tone=badge_tone(r.checkin_status),
        )
        for r in reservations
    ]


@dataclass(frozen=True, slots=True)
class BoardRow:
    pk: int
    url: str
    guest_name: str
    property_name: str
    arrival: str
    departure: str
    party_note: str  # "3 of 2 guests" when the check-in named another number of guests than booked
    checkin_label: str
    checkin_tone: str


def board_rows(board):
    """The dashboard's board (`reservations.selectors.today_board`) with each list's reservations as BoardRows."""
    url = id_url("reservations:detail")
    day = DateText(BOARD_DATE)
    checkins = labels_of(CheckinStatus.choices)

    def row(r):
        return BoardRow(
            pk=r.pk,
            url=url(r.pk),
            guest_name=r.guest_name,
            property_name=r.property.name,
            arrival=day(r.check_in),
            departure=day(r.check_out),
            party_note=_("%(came)s of %(booked)s guests") % {"came": r.party_checked_in, "booked": r.guests_count}
            if r.party_differs()
            else "",
            checkin_label=checkins.get(r.checkin_status, r.checkin_status),
            checkin_tone=badge_tone(r.checkin_status),
        )

    return {**board, **{key: [row(r) for r in board[key]] for key in BOARD_LISTS}}
