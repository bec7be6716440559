"""The revenue as CSV: the page's rows, amounts in major units, refunds negative (and not taken for formulas)."""

import csv
import io

import pytest
from django.urls import reverse

from tests.payments.views.test_revenue import MARCH, march  # noqa: F401 (the same hand-made orders)

pytestmark = pytest.mark.django_db

URL = reverse("payments:revenue_export")


def _rows(response):
    text = b"".join(response.streaming_content).decode("utf-8-sig")
    return list(csv.reader(io.StringIO(text)))


def test_the_csv_has_the_pages_numbers(cast, client_for, march):  # noqa: F811
    response = client_for(cast.owner).get(URL, MARCH)

    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert 'filename="revenue-20260301-20260331.csv"' in response["Content-Disposition"]
    assert response["Cache-Control"] == "private, no-store"
    assert _rows(response) == [
        ["Property", "Currency", "Orders", "Gross", "Commission", "Host net", "Refunds", "Net after refunds"],
        ["Old Town Loft", "EUR", "1", "100.00", "10.00", "90.00", "0.00", "90.00"],
        ["Old Town Loft", "JPY", "1", "12000", "1200", "10800", "0", "10800"],
        ["Villa Mar", "EUR", "2", "80.00", "8.00", "72.00", "-10.00", "63.00"],
    ]


def test_a_manager_downloads_only_their_properties(cast, client_for, march):  # noqa: F811
    rows = _rows(client_for(cast.manager).get(URL, MARCH))

    assert [row[0] for row in rows[1:]] == ["Villa Mar"]


def test_a_property_name_that_looks_like_a_formula_stays_text(cast, client_for, march):  # noqa: F811
    cast.villa.name = '=HYPERLINK("http://evil")'
    cast.villa.save()

    rows = _rows(client_for(cast.owner).get(URL, MARCH))

    assert rows[1][0] == '\'=HYPERLINK("http://evil")'


def test_bad_dates_are_a_400_with_the_reason(cast, client_for):
    response = client_for(cast.owner).get(URL, {"from": "2026-02-30"})

    assert response.status_code == 400
    assert "Enter a date like 2026-05-31." in response.content.decode()


def test_a_concierge_is_refused(cast, client_for):
    assert client_for(cast.concierge).get(URL, MARCH).status_code == 403
