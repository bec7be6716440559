"""The reservations list's rows as the page prints them: labels, dates and links made once a page."""

from dataclasses import dataclass

from gorently.display import DateText, badge_tone, id_url, labels_of
from reservations.models import CheckinStatus, ReservationStatus

DATE = "D j M Y"


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
