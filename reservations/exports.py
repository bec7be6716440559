"""What the reservation downloads hold: the list as filtered on the page, and the guest register.

Each is a header and a generator of rows for gorently.spreadsheets (CSV or XLSX alike).
Rows are built while the file is written, so a long export streams from the database.

The guest register is what authorities in Spain, Italy and Portugal ask hosts to keep:
one row per guest of every sent check-in, with the stay, the person's identity data and
the check-in's other answers, labelled and written as the frozen form version the guest
answered defines them. Dates are dates (ISO in CSV, date cells in Excel); choices and
countries are their English names, the country's ISO code next to the nationality.
Answers a purge removed (identity data after the retention period, or on request) are
blank; the row says when they were deleted.
"""

from django.utils import timezone, translation
from django.utils.dateparse import parse_date

from gorently.phones import international
from gorently.translations import localized
from reservations.checkin.fields import FILE_TYPES, FieldScope, FieldType
from reservations.checkin.summary import display_value

# --- The reservation list ---------------------------------------------------------------------

RESERVATION_HEADER = [
    "Reservation code",
    "Property",
    "Guest",
    "Email",
    "Phone",
    "Arrival",
    "Departure",
    "Nights",
    "Guests",
    "Channel",
    "Status",
    "Check-in",
    "Check-in completed",
]
RESERVATION_WIDTHS = [16, 24, 24, 28, 18, 12, 12, 8, 8, 12, 12, 14, 18]


def _local(moment, zone):
    """A stored instant as the property's wall-clock time (naive: spreadsheets have no zones)."""
    return timezone.localtime(moment, zone).replace(tzinfo=None, second=0, microsecond=0) if moment else None


def reservation_rows(reservations):
    for r in reservations.iterator(chunk_size=1000):
        yield [
            r.confirmation_code,
            r.property.name,
            r.guest_name,
            r.guest_email,
            international(r.guest_phone),
            r.check_in,
            r.check_out,
            r.nights(),
            r.guests_count,
            r.get_channel_display(),
            r.get_status_display(),
            r.get_checkin_status_display(),
            _local(r.checkin_completed_at, r.property.tz),
        ]


# --- The guest register -----------------------------------------------------------------------

# The identity data every register asks for, by the standard fields' keys (standard_fields.py).
IDENTITY = [
    ("first_name", "First name"),
    ("last_name", "Last name"),
    ("nationality", "Nationality"),
    ("date_of_birth", "Date of birth"),
    ("document_type", "Document type"),
    ("document_number", "Document number"),
]
STAY_HEADER = ["Reservation code", "Property", "Arrival", "Departure", "Guest no."]
IDENTITY_HEADER = ["First name", "Last name", "Nationality", "Nationality (ISO code)"] + [
    label for _key, label in IDENTITY[3:]
]
END_HEADER = ["Check-in sent", "Identity data deleted"]


class GuestRegister:
    """The register of `submissions` (reservations.selectors.guest_register), which answered `versions`."""

    def __init__(self, submissions, versions):
        self.submissions = submissions
        versions = list(versions)
        self.specs = {version.pk: {spec.key: spec for spec in version.specs} for version in versions}
        self.other = self._other_questions(versions)

    @staticmethod
    def _other_questions(versions):
        """[(key, label)]: every other answered question of the versions, newest version's order and labels first."""
        skip = {key for key, _label in IDENTITY}
        questions = {}
        for version in versions:
            for spec in version.specs:
                if spec.key not in skip and spec.type not in FILE_TYPES and spec.key not in questions:
                    questions[spec.key] = localized(spec.label, "en") or spec.key
        return list(questions.items())

    @property
    def header(self):
        return [*STAY_HEADER, *IDENTITY_HEADER, *(label for _key, label in self.other), *END_HEADER]

    @property
    def widths(self):
        return [16, 24, 12, 12, 9, 18, 22, 18, 10, 14, 16, 18] + [20] * len(self.other) + [18, 14]

    def rows(self):
        with translation.override("en"):
            for submission in self.submissions.iterator(chunk_size=500):
                yield from self._guests(submission)

    def _guests(self, submission):
        reservation = submission.reservation
        zone = reservation.property.tz
        specs = self.specs.get(submission.form_version_id, {})
        answers = submission.answers if isinstance(submission.answers, dict) else {}
        shared = answers.get("reservation") if isinstance(answers.get("reservation"), dict) else {}
        guests = [g if isinstance(g, dict) else {} for g in answers.get("guests") or []]
        for index in range(max(submission.party_size, 1)):
            given = guests[index] if index < len(guests) else {}

            def answer(key, index=index, given=given):
                spec = specs.get(key)
                if spec is None:
                    return None
                if spec.scope == FieldScope.RESERVATION:
                    return _cell(spec, shared.get(key))
                if spec.scope == FieldScope.MAIN_GUEST and index > 0:
                    return None
                return _cell(spec, given.get(key))

            nationality = specs.get("nationality")
            code = given.get("nationality") if nationality and nationality.type == FieldType.COUNTRY else None
            yield [
                reservation.confirmation_code,
                reservation.property.name,
                reservation.check_in,
                reservation.check_out,
                index + 1,
                answer("first_name"),
                answer("last_name"),
                answer("nationality"),
                code or None,
                *(answer(key) for key, _label in IDENTITY[3:]),
                *(answer(key) for key, _label in self.other),
                _local(submission.submitted_at, zone),
                timezone.localtime(submission.purged_at, zone).date() if submission.purged_at else None,
            ]


def _cell(spec, value):
    """An answer as a spreadsheet holds it; None when not given (or purged)."""
    if value in (None, "", []):
        return None
    if spec.type == FieldType.DATE:
        try:
            return parse_date(str(value)) or str(value)
        except ValueError:
            return str(value)
    if spec.type == FieldType.PHONE:
        return international(value)
    if spec.type == FieldType.NUMBER and isinstance(value, int | float) and not isinstance(value, bool):
        return value
    if spec.type in (FieldType.TEXT, FieldType.TEXTAREA, FieldType.EMAIL):
        return str(value)
    return str(display_value(spec, value, "en"))
