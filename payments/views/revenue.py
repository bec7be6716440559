"""Revenue (owners, and managers for their properties): money that moved in a period, by property and currency.

Amounts are never added across currencies: the totals are one row per currency. The CSV
holds the same rows, amounts in major units (12.50), refunds negative.
"""

from urllib.parse import urlencode

from django.utils import timezone
from django.views.decorators.http import require_safe

from accounts.permissions import Rule, host_view
from gorently.pages import render_page
from gorently.spreadsheets import spreadsheet_response
from payments.forms import RevenueForm
from payments.money import ZERO_DECIMAL
from payments.selectors import revenue_by_property, revenue_totals

PAGE = "payments/revenue.html"
AMOUNTS = ("gross", "commission", "host_net", "refunds", "net_after_refunds")
HEADER = [
    "Property",
    "Currency",
    "Orders",
    "Gross",
    "Commission",
    "Host net",
    "Refunds",
    "Net after refunds",
]


class Amount(float):
    """An amount in major units that a spreadsheet reads as a number and people as money: 12.50, -3.00."""

    def __str__(self):
        return f"{self:.2f}"

    __repr__ = __str__


def major(amount, currency):
    if currency.lower() in ZERO_DECIMAL:
        return int(amount)
    return Amount(amount / 100)


def _form(request):
    return RevenueForm(request.GET, today=timezone.localdate())


@host_view(Rule.VIEW_REVENUE)
@require_safe
def revenue(request):
    form = _form(request)
    context = {"form": form}
    if form.is_valid():
        start, end = form.period()
        rows = revenue_by_property(request.membership, start=start, end=end)
        period = urlencode({"from": start.isoformat(), "to": end.isoformat()})
        context |= {"rows": rows, "totals": revenue_totals(rows), "start": start, "end": end, "period": period}
    return render_page(request, PAGE, context, partial="results")


def _csv_rows(rows):
    for row in rows:
        yield [row.property, row.currency.upper(), row.orders, *(major(getattr(row, n), row.currency) for n in AMOUNTS)]


@host_view(Rule.VIEW_REVENUE)
@require_safe
def revenue_export(request):
    form = _form(request)
    if not form.is_valid():
        return render_page(request, PAGE, {"form": form}, status=400)
    start, end = form.period()
    rows = revenue_by_property(request.membership, start=start, end=end)
    return spreadsheet_response("csv", f"revenue-{start:%Y%m%d}-{end:%Y%m%d}", HEADER, _csv_rows(rows))
