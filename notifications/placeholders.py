"""The values a message's placeholders take for one stay, in the guest's language.

The door code and the Wi-Fi password are filled only when the guide would show them: the guest
has checked in, it is the arrival day or later (the property's time zone), and the stay's secrets
have not locked again. Otherwise they read "••••".
"""

from datetime import datetime, time

from django.conf import settings
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import time_format

from gorently.dates import day_with_weekday
from properties.selectors import secrets_close_at
from reservations.models import CheckinStatus
from reservations.selectors import stay_of

NAMES = (
    "guest_name",
    "property_name",
    "property_address",
    "check_in",
    "check_out",
    "check_in_time",
    "check_out_time",
    "portal_link",
    "guide_link",
    "host_name",
    "door_code",
    "wifi_name",
    "wifi_password",
    "extras",
    "order_status",
)
HIDDEN = "••••"


def secrets_allowed(reservation, now=None):
    now = now or timezone.now()
    place = reservation.property
    opens = datetime.combine(reservation.check_in, time.min, tzinfo=place.tz)
    return reservation.checkin_status == CheckinStatus.COMPLETED and opens <= now < secrets_close_at(
        place, stay_of(reservation)
    )


def values_for(reservation, *, now=None, extras="", order_status=""):
    """Placeholder values for a stay (call inside the guest's language)."""
    place = reservation.property
    portal = settings.SITE_URL + reverse("portal:home", args=[reservation.portal_token])
    secrets = secrets_allowed(reservation, now)
    contact = place.contact or {}
    return {
        "guest_name": reservation.guest_name.split(" ")[0] or reservation.guest_name,
        "property_name": place.name,
        "property_address": place.postal_address,
        "check_in": day_with_weekday(reservation.check_in),
        "check_out": day_with_weekday(reservation.check_out),
        "check_in_time": time_format(place.check_in_time, "H:i"),
        "check_out_time": time_format(place.check_out_time, "H:i"),
        "portal_link": portal,
        "guide_link": settings.SITE_URL + reverse("portal:guide", args=[reservation.portal_token]),
        "host_name": contact.get("name") or reservation.organization.name,
        "door_code": place.door_code if secrets and place.door_code else HIDDEN,
        "wifi_name": place.wifi_name,
        "wifi_password": place.wifi_password if secrets and place.wifi_password else HIDDEN,
        "extras": extras,
        "order_status": order_status,
    }
