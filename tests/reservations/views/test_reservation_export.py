"""Exporting the reservations list (CSV and Excel) with the filters on the page.

Every member may export; the file holds the stays they see (a manager's, their
properties' only), every matching row rather than one page, and each export is
written to the activity log with its filters.
"""

import csv
import io
from datetime import UTC, date, datetime, timedelta

import pytest
from django.urls import reverse
from openpyxl import load_workbook
from pytest_django.asserts import assertContains

from accounts.models import ActivityLog
from reservations.models import CheckinStatus, ReservationStatus
from tests.factories import ReservationFactory

pytestmark = pytest.mark.django_db

LIST = reverse("reservations:list")
HEADER = [
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


def export(file_format="csv"):
    return reverse("reservations:export", args=[file_format])


def csv_rows(response):
    text = b"".join(response.streaming_content).decode("utf-8-sig")
    return list(csv.reader(io.StringIO(text)))


def xlsx_rows(response):
    sheet = load_workbook(io.BytesIO(b"".join(response.streaming_content))).active
    return [["" if v is None else v for v in row] for row in sheet.iter_rows(values_only=True)]


@pytest.fixture
def stays(cast):
    """Two more stays at the villa, one at the loft, in 2030, distinct in what the filters read."""
    return [
        ReservationFactory(
            property=cast.villa,
            guest_name="Bea Brandt",
            guest_email="bea@mail.test",
            guest_phone="+34600123456",
            confirmation_code="CODE-B",
            check_in=date(2030, 3, 1),
            check_out=date(2030, 3, 4),
            checkin_status=CheckinStatus.COMPLETED,
            checkin_completed_at=datetime(2030, 2, 27, 17, 5, tzinfo=UTC),
        ),
        ReservationFactory(
            property=cast.villa,
            guest_name="Dora Diaz",
            confirmation_code="CODE-D",
            check_in=date(2030, 3, 10),
            check_out=date(2030, 3, 11),
            status=ReservationStatus.CANCELED,
        ),
        ReservationFactory(
            property=cast.loft,
            guest_name="Carl Castro",
            confirmation_code="CODE-C",
            check_in=date(2030, 3, 5),
            check_out=date(2030, 3, 7),
        ),
    ]


def test_the_csv_has_a_row_per_reservation_in_the_lists_order(stays, cast, client_for):
    response = client_for(cast.owner).get(export(), {"arrival_from": "2030-01-01", "sort": "arrival"})

    assert response["Content-Disposition"].startswith('attachment; filename="reservations-')
    header, *rows = csv_rows(response)
    assert header == HEADER
    assert [row[2] for row in rows] == ["Bea Brandt", "Carl Castro", "Dora Diaz"]
    assert rows[0] == [
        "CODE-B",
        "Villa Mar",
        "Bea Brandt",
        "bea@mail.test",
        "'+34 600 12 34 56",  # a leading + is a formula to a spreadsheet: kept as text (the Excel file has no quote)
        "2030-03-01",
        "2030-03-04",
        "3",
        "2",
        "Direct",
        "Confirmed",
        "Completed",
        "2030-02-27 18:05",  # the property's wall clock (Madrid)
    ]


def test_the_excel_file_holds_the_same_rows(stays, cast, client_for):
    client = client_for(cast.owner)
    params = {"arrival_from": "2030-01-01", "sort": "arrival"}

    as_csv = csv_rows(client.get(export("csv"), params))
    as_xlsx = xlsx_rows(client.get(export("xlsx"), params))

    def text(value):
        if isinstance(value, datetime):
            return value.strftime("%Y-%m-%d %H:%M") if value.hour or value.minute else value.date().isoformat()
        return "'" + value if str(value).startswith("+") else str(value)

    assert [[text(v) for v in row] for row in as_xlsx] == as_csv
    assert as_xlsx[1][4] == "+34 600 12 34 56"
    assert as_xlsx[1][5] == datetime(2030, 3, 1)  # a date cell, not text


def test_the_filters_of_the_page_apply(stays, cast, client_for):
    params = {"q": "a", "status": "canceled", "property": cast.villa.pk}

    _, *rows = csv_rows(client_for(cast.owner).get(export(), params))

    assert [row[0] for row in rows] == ["CODE-D"]


def test_every_matching_row_not_one_page(cast, client_for):
    for n in range(30):
        ReservationFactory(property=cast.villa, guest_name=f"Many {n}", check_in=date(2031, 1, 1) + timedelta(days=n))

    _, *rows = csv_rows(client_for(cast.owner).get(export(), {"q": "Many"}))

    assert len(rows) == 30


@pytest.mark.parametrize("role", ["manager", "concierge"])
def test_a_member_exports_only_their_properties_stays(stays, cast, client_for, role):
    _, *rows = csv_rows(client_for(cast.member(role)).get(export()))

    assert sorted(row[2] for row in rows) == ["Ana Villa", "Bea Brandt", "Dora Diaz"]


def test_a_property_they_do_not_see_is_no_filter_to_a_manager(stays, cast, client_for):
    """A loft id in the query is ignored like any invalid filter: never a way to the loft's stays."""
    _, *rows = csv_rows(client_for(cast.manager).get(export(), {"property": cast.loft.pk}))

    assert "Carl Castro" not in {row[2] for row in rows}
    assert "Lars Loft" not in {row[2] for row in rows}


@pytest.mark.parametrize("file_format", ["csv", "xlsx"])
def test_an_outsiders_export_never_holds_this_accounts_stays(stays, cast, client_for, file_format):
    client = client_for(cast.outsider)
    response = client.get(export(file_format), {"property": cast.villa.pk})

    rows = csv_rows(response) if file_format == "csv" else xlsx_rows(response)
    assert [row[2] for row in rows[1:]] == ["Otto Outsider"]


def test_a_guest_name_that_is_a_formula_is_kept_as_text(cast, client_for):
    ReservationFactory(property=cast.villa, guest_name='=HYPERLINK("http://evil","x")', confirmation_code="EVIL")
    client = client_for(cast.owner)

    [row] = csv_rows(client.get(export(), {"q": "EVIL"}))[1:]
    assert row[2] == '\'=HYPERLINK("http://evil","x")'
    sheet = load_workbook(io.BytesIO(b"".join(client.get(export("xlsx"), {"q": "EVIL"}).streaming_content))).active
    assert sheet["C2"].value == '=HYPERLINK("http://evil","x")'
    assert sheet["C2"].data_type == "s"


@pytest.mark.parametrize("file_format", ["csv", "xlsx"])
def test_each_export_is_logged_with_its_filters(stays, cast, client_for, file_format):
    client_for(cast.manager).get(
        export(file_format), {"property": cast.villa.pk, "arrival_from": "2030-01-01", "sort": "guest", "page": "3"}
    )

    entry = ActivityLog.objects.get(action="reservation.exported")
    assert entry.actor_user == cast.manager.user
    assert entry.organization == cast.organization
    assert entry.details == {
        "format": file_format,
        "property": cast.villa.pk,
        "arrival_from": "2030-01-01",
        "sort": "guest",
        "rows": 2,
    }


def test_an_unknown_format_is_404_and_not_logged(cast, client_for):
    assert client_for(cast.owner).get(export("pdf")).status_code == 404
    assert not ActivityLog.objects.filter(action="reservation.exported").exists()


def test_an_export_is_only_read_with_get(cast, client_for):
    assert client_for(cast.owner).post(export()).status_code == 405


# --- The Export menu -------------------------------------------------------------------------


def test_the_list_offers_csv_and_excel_with_its_filters(cast, client_for):
    response = client_for(cast.concierge).get(LIST, {"status": "confirmed", "sort": "guest"})

    assertContains(response, f'<a href="{export("csv")}?status=confirmed&amp;sort=guest">CSV')
    assertContains(response, f'<a href="{export("xlsx")}?status=confirmed&amp;sort=guest">Excel (.xlsx)')


def test_filtering_in_place_updates_the_menus_links(cast, client_for):
    response = client_for(cast.owner).get(LIST, {"q": "Ana"}, headers={"HX-Request": "true"})

    body = response.content.decode()
    assert body.lstrip().startswith('<div id="results"')
    assert '<details class="menu-dropdown" id="export-menu" hx-swap-oob="true">' in body
    assert f'href="{export("csv")}?q=Ana"' in body
