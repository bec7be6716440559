"""Revenue: money that moved in a period, by property and currency, with totals per currency."""

from datetime import date, timedelta

import pytest
from django.urls import reverse
from django.utils import timezone
from pytest_django.asserts import assertContains, assertNotContains

from payments.models import TransactionKind
from tests.factories import PropertyFactory, ReservationFactory
from tests.payments.views.conftest import HTMX, make_order, make_transaction

pytestmark = pytest.mark.django_db

URL = reverse("payments:revenue")
MARCH = {"from": "2026-03-01", "to": "2026-03-31"}


@pytest.fixture
def march(cast):
    """Hand-made money movements of March 2026, and some that don't belong in it."""
    villa, loft = cast.villa_reservation, cast.loft_reservation
    a = make_order(villa, amount=5000, commission=500)
    make_transaction(a, when=date(2026, 3, 5))
    make_transaction(a, kind=TransactionKind.REFUND, gross=-1000, commission=-100, when=date(2026, 3, 10))
    b = make_order(villa, amount=3000, commission=300)
    make_transaction(b, kind=TransactionKind.AUTHORISATION, when=date(2026, 3, 19))  # moves nothing
    make_transaction(b, kind=TransactionKind.CAPTURE, when=date(2026, 3, 20))
    c = make_order(loft, amount=10000, commission=1000)
    make_transaction(c, when=date(2026, 3, 15))
    d = make_order(loft, amount=12000, commission=1200, currency="jpy")
    make_transaction(d, when=date(2026, 3, 16))
    e = make_order(villa, amount=7000, commission=700)
    make_transaction(e, when=date(2026, 4, 2))  # after the period
    f = make_order(cast.outsider_reservation, amount=9999, commission=999)
    make_transaction(f, when=date(2026, 3, 5))  # another account's


def _cells(response):
    """The table's rows as lists of cell texts."""
    import re

    html = response.content.decode()
    body = html[html.index("<tbody>") : html.index("</tfoot>")]
    rows = re.findall(r"<tr[^>]*>(.*?)</tr>", body, re.S)
    return [[re.sub(r"<[^>]+>", "", cell).strip() for cell in re.findall(r"<t[hd][^>]*>(.*?)</t[hd]>", row, re.S)]
            for row in rows]  # fmt: skip


def test_the_numbers_of_hand_made_orders(cast, client_for, march):
    response = client_for(cast.owner).get(URL, MARCH)

    assert _cells(response) == [
        ["Old Town Loft EUR", "1", "€100.00", "€10.00", "€90.00", "€0.00", "€90.00"],
        ["Old Town Loft JPY", "1", "¥12,000", "¥1,200", "¥10,800", "¥0", "¥10,800"],
        ["Villa Mar EUR", "2", "€80.00", "€8.00", "€72.00", "−€10.00", "€63.00"],
        ["Total in EUR", "3", "€180.00", "€18.00", "€162.00", "−€10.00", "€153.00"],
        ["Total in JPY", "1", "¥12,000", "¥1,200", "¥10,800", "¥0", "¥10,800"],
    ]
    assertContains(response, f"{reverse('payments:revenue_export')}?from=2026-03-01&amp;to=2026-03-31")
    assertNotContains(response, "Rival House")


def test_a_manager_sees_only_their_properties(cast, client_for, march):
    response = client_for(cast.manager).get(URL, MARCH)

    assert _cells(response) == [
        ["Villa Mar", "2", "€80.00", "€8.00", "€72.00", "−€10.00", "€63.00"],
        ["Total", "2", "€80.00", "€8.00", "€72.00", "−€10.00", "€63.00"],
    ]


def test_this_month_by_default(cast, client_for):
    stay = cast.villa_reservation
    make_transaction(make_order(stay, amount=4200, commission=420), when=timezone.now())
    long_ago = timezone.localdate().replace(day=1) - timedelta(days=1)
    make_transaction(make_order(stay, amount=9900, commission=990), when=long_ago)

    response = client_for(cast.owner).get(URL)

    assertContains(response, "€42.00")
    assertNotContains(response, "€99.00")
    assertContains(response, f'value="{timezone.localdate().replace(day=1).isoformat()}"')


def test_an_empty_period(cast, client_for, march):
    response = client_for(cast.owner).get(URL, {"from": "2025-01-01", "to": "2025-01-31"})

    assertContains(response, "No payments in this period")
    assertNotContains(response, reverse("payments:revenue_export"))


@pytest.mark.parametrize(
    "params, message",
    [
        ({"from": "2026-13-45"}, "Enter a date like 2026-05-31."),
        ({"from": "2026-03-31", "to": "2026-03-01"}, "The last day can’t be before the first."),
        ({"from": "0001-01-01"}, "Choose a date between 2000 and 2100."),
        ({"to": "9999-12-31"}, "Choose a date between 2000 and 2100."),
        ({"from": "\x00"}, "Enter a date like 2026-05-31."),
    ],
)
def test_bad_dates_are_explained(cast, client_for, march, params, message):
    response = client_for(cast.owner).get(URL, params, headers=HTMX)

    assertContains(response, message)
    assertNotContains(response, "<table")


def test_the_queries_do_not_grow_with_the_properties(cast, client_for, django_assert_max_num_queries):
    client = client_for(cast.owner)
    make_transaction(make_order(cast.villa_reservation), when=date(2026, 3, 5))
    with django_assert_max_num_queries(10) as few:
        client.get(URL, MARCH)
    for n in range(12):
        stay = ReservationFactory(property=PropertyFactory(organization=cast.organization, name=f"Flat {n}"))
        for _ in range(3):
            order = make_order(stay)
            make_transaction(order, when=date(2026, 3, 6))
            make_transaction(order, kind=TransactionKind.REFUND, gross=-100, commission=-10, when=date(2026, 3, 7))

    with django_assert_max_num_queries(len(few.captured_queries)):
        assertContains(client.get(URL, MARCH), "Flat 11")


def test_a_concierge_is_refused(cast, client_for):
    assert client_for(cast.concierge).get(URL).status_code == 403
