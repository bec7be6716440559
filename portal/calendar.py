"""A stay as an iCalendar event (RFC 5545), for the guest's "Add to calendar".

Times are written in UTC, converted from the property's time zone, so no
VTIMEZONE block is needed and every calendar app places the stay right.
"""

from datetime import UTC, datetime

from django.utils import timezone
from django.utils.translation import gettext as _


def _text(value):
    """Escape a TEXT value (section 3.3.11)."""
    return (
        value.replace("\\", "\\\\").replace(";", "\\;").replace(",", "\\,").replace("\r\n", "\\n").replace("\n", "\\n")
    )


def _fold(line):
    """Lines longer than 75 octets continue on the next line after a space (section 3.1)."""
    data, parts = line.encode(), []
    while len(data) > 75:
        cut = 75 if not parts else 74
        while cut and (data[cut] & 0xC0) == 0x80:  # never split a UTF-8 character
            cut -= 1
        parts.append(data[:cut])
        data = data[cut:]
    parts.append(data)
    return "\r\n ".join(part.decode() for part in parts)


def _utc(day, time, tz):
    return timezone.make_aware(datetime.combine(day, time), tz).astimezone(UTC).strftime("%Y%m%dT%H%M%SZ")


def stay_event(reservation, *, portal_url, domain):
    """The .ics file's text for the stay, from check-in time to check-out time."""
    property = reservation.property
    summary = _("Stay at %(property)s") % {"property": property.name}
    description = _("Booking %(code)s. Your stay page: %(url)s") % {
        "code": reservation.confirmation_code,
        "url": portal_url,
    }
    lines = [
        "BEGIN:VCALENDAR",
        "VERSION:2.0",
        "PRODID:-//GoRently//Guest portal//EN",
        "CALSCALE:GREGORIAN",
        "METHOD:PUBLISH",
        "BEGIN:VEVENT",
        f"UID:stay-{reservation.pk}@{domain}",
        f"DTSTAMP:{timezone.now().astimezone(UTC):%Y%m%dT%H%M%SZ}",
        f"DTSTART:{_utc(reservation.check_in, property.check_in_time, property.tz)}",
        f"DTEND:{_utc(reservation.check_out, property.check_out_time, property.tz)}",
        f"SUMMARY:{_text(summary)}",
        f"LOCATION:{_text(property.postal_address)}",
        f"DESCRIPTION:{_text(description)}",
        f"URL:{portal_url}",
        "END:VEVENT",
        "END:VCALENDAR",
    ]
    return "".join(_fold(line) + "\r\n" for line in lines)
