"""The guest register: every checked-in guest's identity data for a range of arrivals, as CSV or Excel.

It is what authorities in Spain, Italy and Portugal ask hosts to keep: one row per
guest with the stay, name, nationality, date of birth, document type and number and
the check-in's other answers. Identity data: owners and managers only (a concierge
is refused), of the properties they see; check-ins purged after the stay come without
the purged answers; every download is written to the activity log with its range.
"""

import csv
import io
from datetime import date, datetime, timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook
from pytest_django.asserts import assertContains, assertNotContains

from accounts.models import ActivityLog
from reservations.checkin.services.forms import ensure_default_form
from reservations.checkin.services.retention import purge_now
from reservations.checkin.services.submissions import start_checkin, submit_checkin
from reservations.models import Reservation, ReservationStatus
from tests.checkins import fill_in_everything
from tests.factories import ReservationFactory

pytestmark = pytest.mark.django_db

PAGE = reverse("reservations:guest_register")
MARCH = {"arrival_from": "2030-03-01", "arrival_to": "2030-03-31"}


def export(file_format="csv"):
    return reverse("reservations:guest_register_export", args=[file_format])


def checked_in(property, check_in, *, party_size=2, send=True, **extra):
    """A stay checked in through the real services with the account's standard form (tests/checkins.py)."""
    ensure_default_form(property.organization)
    reservation = ReservationFactory(
        property=property, check_in=check_in, check_out=check_in + timedelta(days=3), guests_count=party_size, **extra
    )
    submission = start_checkin(reservation=reservation, language="en")
    fill_in_everything(submission, party_size=party_size)
    if send:
        submit_checkin(submission=submission, notify=False)
    return Reservation.objects.get(pk=reservation.pk)


@pytest.fixture
def march(cast):
    """Stays around March 2030: two checked-in in March (villa, loft), and others that hold no rows."""
    return {
        "villa": checked_in(cast.villa, date(2030, 3, 2), confirmation_code="VILLA-MAR"),
        "loft": checked_in(cast.loft, date(2030, 3, 20), party_size=1, confirmation_code="LOFT-MAR"),
        "april": checked_in(cast.villa, date(2030, 4, 1), confirmation_code="VILLA-APR"),
        "unsent": checked_in(cast.villa, date(2030, 3, 5), send=False, confirmation_code="VILLA-UNSENT"),
        "canceled": checked_in(
            cast.villa, date(2030, 3, 6), confirmation_code="VILLA-CANCELED", status=ReservationStatus.CANCELED
        ),
    }


def csv_rows(response):
    """The rows as {column: value}."""
    text = b"".join(response.streaming_content).decode("utf-8-sig")
    return list(csv.DictReader(io.StringIO(text)))


def xlsx_rows(response):
    sheet = load_workbook(io.BytesIO(b"".join(response.streaming_content))).active
    header, *rows = sheet.iter_rows(values_only=True)
    return [dict(zip(header, row, strict=True)) for row in rows]


# --- What it holds ---------------------------------------------------------------------------


def test_one_row_per_guest_of_each_sent_check_in_arriving_in_the_range(march, cast, client_for):
    rows = csv_rows(client_for(cast.owner).get(export(), MARCH))

    assert [(row["Reservation code"], row["Guest no."], row["First name"]) for row in rows] == [
        ("VILLA-MAR", "1", "Anastasia"),
        ("VILLA-MAR", "2", "Luis"),
        ("LOFT-MAR", "1", "Anastasia"),
    ]


def test_each_row_holds_the_stay_and_the_guests_identity_data(march, cast, client_for):
    first, second, _loft = csv_rows(client_for(cast.owner).get(export(), MARCH))

    assert first["Property"] == "Villa Mar"
    assert (first["Arrival"], first["Departure"]) == ("2030-03-02", "2030-03-05")
    assert (first["First name"], first["Last name"]) == ("Anastasia", "García")
    assert (first["Nationality"], first["Nationality (ISO code)"]) == ("Spain", "ES")
    assert first["Date of birth"] == "1990-04-01"
    assert (first["Document type"], first["Document number"]) == ("Passport", "X1234567")
    assert (second["Document type"], second["Document number"]) == ("National ID card", "Y7654321")
    assert first["Check-in sent"]
    assert first["Identity data deleted"] == ""


def test_the_other_answers_follow_labelled_by_the_form(march, cast, client_for):
    first, second, _loft = csv_rows(client_for(cast.owner).get(export(), MARCH))

    assert first["Email"] == "anastasia@example.com"
    assert first["Mobile phone"] == "'+34 612 34 56 78"  # formatted; the quote keeps a spreadsheet from computing it
    assert first["Estimated arrival time"] == "17:30"  # asked once for the stay: on every guest's row
    assert second["Estimated arrival time"] == "17:30"
    assert second["Email"] == ""  # asked of the main guest only
    assert "Photo of the document" not in first  # files are not answers


def test_one_property_or_all(march, cast, client_for):
    rows = csv_rows(client_for(cast.owner).get(export(), {**MARCH, "property": cast.loft.pk}))

    assert {row["Reservation code"] for row in rows} == {"LOFT-MAR"}


def test_the_range_is_of_arrivals_both_days_included(march, cast, client_for):
    rows = csv_rows(client_for(cast.owner).get(export(), {"arrival_from": "2030-03-20", "arrival_to": "2030-04-01"}))

    assert [row["Reservation code"] for row in rows] == ["LOFT-MAR", "VILLA-APR", "VILLA-APR"]


def test_a_purged_check_in_is_exported_without_the_purged_data(march, cast, client_for):
    purge_now(actor=cast.owner, reservation=march["villa"])

    first, second, _loft = csv_rows(client_for(cast.owner).get(export(), MARCH))

    assert (first["First name"], first["Nationality"], first["Date of birth"]) == ("Anastasia", "Spain", "1990-04-01")
    assert first["Document number"] == ""
    assert second["Document number"] == ""
    # The day it was deleted where the property is (an evening in UTC may be tomorrow there).
    assert first["Identity data deleted"] == timezone.localdate(timezone=march["villa"].property.tz).isoformat()
    assert "X1234567" not in str(first) + str(second)


def test_the_excel_file_holds_the_same_rows(march, cast, client_for):
    client = client_for(cast.owner)

    as_csv = csv_rows(client.get(export("csv"), MARCH))
    as_xlsx = xlsx_rows(client.get(export("xlsx"), MARCH))

    assert list(as_xlsx[0]) == list(as_csv[0])
    assert len(as_xlsx) == len(as_csv) == 3
    for in_excel, in_csv in zip(as_xlsx, as_csv, strict=True):
        for column, value in in_excel.items():
            if isinstance(value, datetime):  # date cells: ISO text in the CSV
                assert in_csv[column].startswith(value.date().isoformat()), column
            elif isinstance(value, str) and value.startswith("+"):
                assert in_csv[column] == "'" + value, column
            else:
                assert in_csv[column] == ("" if value is None else str(value)), column
    assert as_xlsx[0]["Date of birth"] == datetime(1990, 4, 1)
    assert as_xlsx[0]["Mobile phone"] == "+34 612 34 56 78"


def test_a_formula_typed_as_an_answer_stays_text(cast, client_for):
    reservation = checked_in(cast.villa, date(2030, 3, 2))
    submission = reservation.checkin
    submission.answers["guests"][0]["first_name"] = "=1+2"
    submission.save()
    client = client_for(cast.owner)

    assert csv_rows(client.get(export(), MARCH))[0]["First name"] == "'=1+2"
    sheet = load_workbook(io.BytesIO(b"".join(client.get(export("xlsx"), MARCH).streaming_content))).active
    assert sheet["F2"].value == "=1+2"
    assert sheet["F2"].data_type == "s"


# --- Who may --------------------------------------------------------------------------------------


def test_a_manager_gets_only_their_properties_guests(march, cast, client_for):
    rows = csv_rows(client_for(cast.manager).get(export(), MARCH))

    assert {row["Reservation code"] for row in rows} == {"VILLA-MAR"}


def test_a_manager_asking_for_a_property_they_do_not_see_is_told_to_choose_another(march, cast, client_for):
    response = client_for(cast.manager).get(export(), {**MARCH, "property": cast.loft.pk})

    assert response.status_code == 400
    assert not ActivityLog.objects.filter(action="guests.exported").exists()


@pytest.mark.parametrize("url", [PAGE, export("csv"), export("xlsx")])
def test_a_concierge_is_refused(march, cast, client_for, url):
    assert client_for(cast.concierge).get(url, MARCH).status_code == 403
    assert not ActivityLog.objects.filter(action="guests.exported").exists()


def test_an_outsiders_register_never_holds_this_accounts_guests(march, cast, client_for):
    checked_in(cast.outsider_property, date(2030, 3, 3), confirmation_code="RIVAL-MAR")

    rows = csv_rows(client_for(cast.outsider).get(export(), MARCH))

    assert {row["Reservation code"] for row in rows} == {"RIVAL-MAR"}


@pytest.mark.parametrize("file_format", ["csv", "xlsx"])
def test_each_download_is_logged_with_its_range(march, cast, client_for, file_format):
    client_for(cast.manager).get(export(file_format), {**MARCH, "property": cast.villa.pk})

    entry = ActivityLog.objects.get(action="guests.exported")
    assert entry.actor_user == cast.manager.user
    assert entry.details == {
        "format": file_format,
        "arrival_from": "2030-03-01",
        "arrival_to": "2030-03-31",
        "property": cast.villa.pk,
        "checkins": 1,
    }


# --- The page -------------------------------------------------------------------------------------


def test_the_page_shows_the_stays_in_the_range_and_what_the_register_holds(march, cast, client_for):
    response = client_for(cast.owner).get(PAGE, MARCH)

    assertContains(response, "Arrivals 1 Mar 2030 – 31 Mar 2030")
    assertContains(response, "3 stays · 2 check-ins sent · <strong>3 guests in the register</strong>", html=True)
    assertContains(response, "VILLA-UNSENT")
    assertContains(response, "not yet: check-in not sent")
    assertNotContains(response, "VILLA-CANCELED")
    assertNotContains(response, "VILLA-APR")
    assertNotContains(response, "X1234567")  # the page lists stays, not identity data


def test_the_downloads_carry_the_range(march, cast, client_for):
    response = client_for(cast.owner).get(PAGE, {**MARCH, "property": cast.villa.pk})

    query = f"arrival_from=2030-03-01&amp;arrival_to=2030-03-31&amp;property={cast.villa.pk}"
    assertContains(response, f'href="{export("xlsx")}?{query}"')
    assertContains(response, f'href="{export("csv")}?{query}"')


def test_without_dates_it_is_this_months_arrivals(cast, client_for):
    today = date.today()

    response = client_for(cast.owner).get(PAGE)

    assertContains(response, f'value="{today.replace(day=1).isoformat()}"')
    assertContains(response, f"Arrivals 1 {today:%b %Y}")


def test_a_range_that_ends_before_it_starts_is_an_error(cast, client_for):
    backwards = {"arrival_from": "2030-03-31", "arrival_to": "2030-03-01"}
    client = client_for(cast.owner)

    assertContains(client.get(PAGE, backwards), "The last day can’t be before the first.")
    assertContains(client.get(export(), backwards), "The last day can’t be before the first.", status_code=400)


@pytest.mark.parametrize("role", ["owner", "manager"])
def test_the_reservations_list_links_to_it_for_those_allowed(cast, client_for, role):
    assertContains(client_for(cast.member(role)).get(reverse("reservations:list")), f'href="{PAGE}"')


def test_a_concierge_sees_no_link_to_it(cast, client_for):
    assertNotContains(client_for(cast.concierge).get(reverse("reservations:list")), f'href="{PAGE}"')


@pytest.mark.parametrize("file_format", ["csv", "xlsx"])
def test_the_export_reads_a_flat_number_of_queries(cast, client_for, django_assert_num_queries, file_format):
    client = client_for(cast.owner)
    checked_in(cast.villa, date(2030, 3, 2))
    with CaptureQueriesContext(connection) as one_stay:
        b"".join(client.get(export(file_format), MARCH).streaming_content)
    for day in range(3, 9):
        checked_in(cast.loft if day % 2 else cast.villa, date(2030, 3, day), party_size=2)

    with django_assert_num_queries(len(one_stay.captured_queries)):
        response = client.get(export(file_format), MARCH)
        rows = csv_rows(response) if file_format == "csv" else xlsx_rows(response)

    assert len(rows) == 14
