"""Guesty's objects read into GoRently's terms, and check-in answers written into Guesty's custom fields.

Pure functions. Guesty's documents disagree on some shapes (see ../shared/INTEGRATIONS.md), so the
readers accept each documented variant: `listingId` or the first stay's `unitId`, localized dates at
the top or in `stay[0]`, a guest embedded or only its `guestId`.
"""

from dataclasses import dataclass
from datetime import UTC, date, datetime, time
from decimal import Decimal, InvalidOperation

import phonenumbers
from django.conf import settings
from django.utils.dateparse import parse_datetime
from django_countries import countries

from gorently.timezones import is_known_zone
from reservations.checkin.fields import FieldType
from reservations.guesty.models import IssueKind
from reservations.models import Channel, ReservationStatus

STATUSES = {
    "confirmed": ReservationStatus.CONFIRMED,
    "reserved": ReservationStatus.RESERVED,
    "awaiting_payment": ReservationStatus.RESERVED,
    "inquiry": ReservationStatus.INQUIRY,
    "canceled": ReservationStatus.CANCELED,
    "cancelled": ReservationStatus.CANCELED,
    "declined": ReservationStatus.CANCELED,
    "expired": ReservationStatus.CANCELED,
    "closed": ReservationStatus.CLOSED,
}
# Stays a guest will arrive for. Inquiries and refusals are not brought in, only applied to stays already held
# (a booking that is then canceled, declined or expired).
BOOKED = frozenset({"confirmed", "reserved", "awaiting_payment"})
# Guesty's `source` names the channel, in several spellings ("airbnb2", "Booking.com", "manual").
CHANNEL_WORDS = (
    ("airbnb", Channel.AIRBNB),
    ("booking", Channel.BOOKING),
    ("vrbo", Channel.VRBO),
    ("homeaway", Channel.VRBO),
    ("manual", Channel.DIRECT),
    ("direct", Channel.DIRECT),
    ("website", Channel.DIRECT),
)


@dataclass(frozen=True)
class GuestDetails:
    name: str = ""
    email: str = ""
    phone: str = ""
    language: str = ""


@dataclass(frozen=True)
class GuestyStay:
    """A Guesty reservation, read."""

    id: str
    listing_id: str
    guest_id: str
    guesty_status: str
    confirmation_code: str
    check_in: date
    check_out: date
    guests_count: int
    channel: str
    updated_at: datetime | None
    guest: GuestDetails | None  # when the reservation carries its guest

    @property
    def status(self):
        return STATUSES.get(self.guesty_status, ReservationStatus.CONFIRMED)

    @property
    def is_booked(self):
        return self.guesty_status in BOOKED


class Unreadable(ValueError):
    """A reservation missing something GoRently cannot do without; the message says what."""


def read_stay(data):
    if not isinstance(data, dict) or not str(data.get("_id") or "").strip():
        raise Unreadable("Guesty sent a reservation without an id.")
    stay = (data.get("stay") or [{}])[0] if isinstance(data.get("stay"), list) else {}
    stay = stay if isinstance(stay, dict) else {}
    check_in = _date(data.get("checkInDateLocalized") or stay.get("checkInDateLocalized") or data.get("checkIn"))
    check_out = _date(data.get("checkOutDateLocalized") or stay.get("checkOutDateLocalized") or data.get("checkOut"))
    if check_in is None or check_out is None:
        raise Unreadable("The reservation has no readable arrival or departure date.")
    if check_out <= check_in:
        raise Unreadable(f"The reservation leaves ({check_out}) before it arrives ({check_in}).")
    guests = _int(data.get("guestsCount") or stay.get("guestsCount")) or 1
    guest = data.get("guest") if isinstance(data.get("guest"), dict) else None
    return GuestyStay(
        id=str(data["_id"]),
        listing_id=str(data.get("listingId") or stay.get("unitId") or ""),
        guest_id=str(data.get("guestId") or (guest or {}).get("_id") or ""),
        guesty_status=str(data.get("status") or "confirmed").lower(),
        confirmation_code=str(data.get("confirmationCode") or data["_id"])[:40],
        check_in=check_in,
        check_out=check_out,
        guests_count=max(1, min(guests, 50)),
        channel=channel_of(data.get("source") or data.get("platform")),
        updated_at=read_datetime(data.get("lastUpdatedAt") or data.get("updatedAt")),
        guest=read_guest(guest) if guest and _guest_has_details(guest) else None,
    )


def _guest_has_details(guest):
    return any(guest.get(key) for key in ("fullName", "firstName", "lastName", "email", "phone"))


def read_guest(data):
    name = str(data.get("fullName") or " ".join(filter(None, [data.get("firstName"), data.get("lastName")])) or "")
    email = data.get("email") or _first(data.get("emails"))
    phone = data.get("phone") or _first(data.get("phones"))
    return GuestDetails(
        name=name.strip()[:150],
        email=_email(email),
        phone=_phone(phone),
        language=_language(data.get("preferredLanguage")),
    )


def channel_of(source):
    text = str(source or "").lower()
    for word, channel in CHANNEL_WORDS:
        if word in text:
            return channel
    return Channel.OTHER if text else Channel.GUESTY


@dataclass(frozen=True)
class ListingDetails:
    title: str
    nickname: str
    address: str
    city: str
    country: str
    timezone: str
    accommodates: int | None
    active: bool
    check_in_time: time | None
    check_out_time: time | None


def read_listing(data):
    address = data.get("address") if isinstance(data.get("address"), dict) else {}
    country = str(address.get("country") or "").strip()
    return ListingDetails(
        title=str(data.get("title") or "")[:255],
        nickname=str(data.get("nickname") or "")[:255],
        address=str(address.get("street") or address.get("full") or "")[:255],
        city=str(address.get("city") or "")[:120],
        country=_country_code(country),
        timezone=data.get("timezone") if is_known_zone(data.get("timezone")) else "",
        accommodates=_int(data.get("accommodates")),
        active=data.get("active") is not False,
        check_in_time=_time(data.get("defaultCheckInTime")),
        check_out_time=_time(data.get("defaultCheckOutTime")),
    )


# Custom fields: which Guesty types take each check-in question's answer.
COMPATIBLE_TYPES = {
    FieldType.TEXT: {"text", "longtext"},
    FieldType.TEXTAREA: {"longtext", "text"},
    FieldType.EMAIL: {"text", "longtext"},
    FieldType.PHONE: {"text", "longtext"},
    FieldType.COUNTRY: {"text", "longtext"},
    FieldType.DATE: {"date", "text"},
    FieldType.NUMBER: {"number", "text"},
    FieldType.YESNO: {"boolean"},
    FieldType.AGREEMENT: {"boolean"},
    FieldType.CHOICE: {"enum", "text", "longtext"},
    FieldType.MULTICHOICE: {"text", "longtext"},
}
GUESTY_TYPE_NAMES = {
    "text": "text",
    "longtext": "long text",
    "number": "number",
    "date": "date",
    "boolean": "yes/no",
    "enum": "choice",
    "time": "time",
    "contact": "contact",
    "user": "user",
}


class Mismatch(Exception):
    """An answer that cannot go into a Guesty field: `kind` is an IssueKind value, `str()` says why."""

    def __init__(self, kind, message):
        super().__init__(message)
        self.kind = kind


def mapping_problem(question_type, options, guesty_type, guesty_options):
    """Why a question cannot be mapped to a Guesty field, or "" when it can."""
    allowed = COMPATIBLE_TYPES.get(question_type, set())
    if guesty_type not in allowed:
        if not allowed:
            return "This kind of question cannot be copied to Guesty."
        names = ", ".join(sorted(GUESTY_TYPE_NAMES.get(name, name) for name in allowed))
        return (
            f"A {GUESTY_TYPE_NAMES.get(guesty_type, guesty_type)} field in Guesty cannot take this answer: use {names}."
        )
    if guesty_type == "enum":
        missing = [label for label in _option_words(options) if _match_option(label, guesty_options) is None]
        if missing:
            return "Guesty's field has no option for: " + ", ".join(missing[:5]) + "."
    return ""


def guesty_value(spec, answer, guesty_type, guesty_options):
    """The value for Guesty's field from a stored answer; raises Mismatch."""
    problem = mapping_problem(spec.type, spec.options, guesty_type, guesty_options)
    if problem and guesty_type != "enum":
        raise Mismatch(IssueKind.INCOMPATIBLE_TYPE, problem)
    if guesty_type == "boolean":
        return bool(answer)
    if guesty_type == "number":
        try:
            number = Decimal(str(answer))
        except InvalidOperation:
            raise Mismatch(IssueKind.INCOMPATIBLE_TYPE, "The answer is not a number.") from None
        return int(number) if number == number.to_integral_value() else float(number)
    if guesty_type == "date":
        if _date(answer) is None:
            raise Mismatch(IssueKind.INCOMPATIBLE_TYPE, "The answer is not a date.")
        return str(answer)[:10]
    if guesty_type == "enum":
        label = _option_label(spec, answer)
        match = _match_option(answer, guesty_options) or _match_option(label, guesty_options)
        if match is None:
            raise Mismatch(IssueKind.NOT_AN_OPTION, f"“{label}” is not one of the options of Guesty's field.")
        return match
    return _as_text(spec, answer)


def _as_text(spec, answer):
    if isinstance(answer, list):
        return ", ".join(_option_label(spec, value) for value in answer)
    if spec.type == FieldType.COUNTRY:
        return str(dict(countries).get(answer, answer))
    if spec.type == FieldType.CHOICE:
        return _option_label(spec, answer)
    return str(answer)


def _option_label(spec, value):
    for option in spec.options:
        if str(option.get("value")) == str(value):
            return (option.get("label") or {}).get("en") or str(value)
    return str(value)


def _option_words(options):
    return [(option.get("label") or {}).get("en") or str(option.get("value")) for option in options]


def _match_option(text, guesty_options):
    wanted = str(text or "").strip().casefold()
    for option in guesty_options or ():
        if str(option).strip().casefold() == wanted:
            return option
    return None


# Small readers, forgiving of Guesty's variants.


def _date(value):
    if isinstance(value, date):
        return value
    text = str(value or "")[:10]
    try:
        return date.fromisoformat(text)
    except ValueError:
        return None


def read_datetime(value):
    """An ISO timestamp as an aware datetime (UTC when it names no offset); None when unreadable."""
    try:
        moment = parse_datetime(str(value)) if value else None
    except ValueError:
        return None
    if moment is not None and moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    return moment


def _time(value):
    try:
        return time.fromisoformat(str(value)) if value else None
    except ValueError:
        return None


def _int(value):
    try:
        return int(value)
    except (TypeError, ValueError):
        return None


def _first(values):
    if isinstance(values, list) and values:
        first = values[0]
        return first.get("value") or first.get("phone") or first.get("email") if isinstance(first, dict) else first
    return ""


def _email(value):
    text = str(value or "").strip()
    return text if "@" in text and len(text) <= 254 and " " not in text else ""


def _phone(value):
    text = str(value or "").strip()
    if not text or len(text) > 40:
        return ""
    try:
        number = phonenumbers.parse(text if text.startswith("+") else "+" + text.lstrip("0"), None)
    except phonenumbers.NumberParseException:
        return ""
    if not phonenumbers.is_possible_number(number):
        return ""
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)


def _language(value):
    code = str(value or "").lower().replace("_", "-").split("-")[0]
    return code if code in dict(settings.LANGUAGES) else ""


def _country_code(value):
    if len(value) == 2 and value.upper() in dict(countries):
        return value.upper()
    return countries.by_name(value) or "" if value else ""
