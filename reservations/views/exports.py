"""Downloads of reservations: the list as filtered on its page, and the guest register (CSV or Excel).

Both read only what the member sees (their properties' stays); the guest register holds
identity data, so only the roles of Rule.EXPORT_GUEST_REGISTER reach it. Every download
is written to the activity log with the filters it was made with.
"""

from django.core.paginator import Paginator
from django.http import Http404
from django.utils import timezone
from django.views.decorators.http import require_safe

from accounts.activity import record_action
from accounts.permissions import Rule, host_view
from gorently.pages import render_page
from gorently.spreadsheets import spreadsheet_response
from properties.selectors import properties_of
from reservations.exports import RESERVATION_HEADER, RESERVATION_WIDTHS, GuestRegister, reservation_rows
from reservations.forms import GuestRegisterForm, ReservationFilterForm
from reservations.selectors import (
    DEFAULT_SORT,
    export_reservations,
    form_versions_of,
    guest_register,
    register_stays,
    register_totals,
)

FORMATS = ("csv", "xlsx")
PAGE_SIZE = 50


def _format(file_format):
    if file_format not in FORMATS:
        raise Http404
    return file_format


def _logged(filters):
    """Filters as the activity log keeps them: ids and ISO dates (the log names the property when shown)."""
    logged = {}
    for key, value in filters.items():
        if key == "sort" and value == DEFAULT_SORT:
            continue
        if hasattr(value, "pk"):
            value = value.pk
        elif hasattr(value, "isoformat"):
            value = value.isoformat()
        logged[key] = value
    return logged


@host_view()
@require_safe
def reservation_export(request, file_format):
    """The reservations list with the page's filters and sort, every row (not one page of it)."""
    file_format = _format(file_format)
    membership = request.membership
    form = ReservationFilterForm(request.GET, properties=properties_of(membership, include_archived=True))
    filters = form.filters()
    rows = export_reservations(membership, **filters)
    record_action(
        membership, "reservation.exported", request=request, format=file_format, **_logged(filters), rows=rows.count()
    )
    stamp = timezone.now().strftime("%Y%m%d-%H%M")
    return spreadsheet_response(
        file_format,
        f"reservations-{stamp}",
        RESERVATION_HEADER,
        reservation_rows(rows),
        title="Reservations",
        widths=RESERVATION_WIDTHS,
    )


def _register_form(request):
    properties = properties_of(request.membership, include_archived=True)
    return GuestRegisterForm(request.GET, properties=properties, today=timezone.localdate())


def _register_page(request, form, status=200):
    context = {"form": form}
    if form.is_valid():
        membership, arrivals = request.membership, form.range()
        params = form.data.copy()  # the request's, with the default dates it left out
        params.pop("page", None)
        context |= {
            "totals": register_totals(membership, **arrivals),
            "page": Paginator(register_stays(membership, **arrivals), PAGE_SIZE).get_page(request.GET.get("page")),
            "params": params.urlencode(),
        }
    return render_page(request, "reservations/guest_register.html", context, partial="results", status=status)


@host_view(Rule.EXPORT_GUEST_REGISTER)
def guest_register_page(request):
    """Pick a property (or all) and a range of arrivals; see the stays it covers; download it."""
    return _register_page(request, _register_form(request))


@host_view(Rule.EXPORT_GUEST_REGISTER)
@require_safe
def guest_register_export(request, file_format):
    """One row per guest of every sent check-in of the stays arriving in the range."""
    file_format = _format(file_format)
    form = _register_form(request)
    if not form.is_valid():
        return _register_page(request, form, status=400)
    membership, arrivals = request.membership, form.range()
    submissions = guest_register(membership, **arrivals)
    register = GuestRegister(submissions, form_versions_of(submissions))
    record_action(
        membership,
        "guests.exported",
        request=request,
        format=file_format,
        **_logged({k: v for k, v in arrivals.items() if v is not None}),
        checkins=submissions.count(),
    )
    name = f"guest-register-{arrivals['arrival_from']:%Y%m%d}-{arrivals['arrival_to']:%Y%m%d}"
    return spreadsheet_response(
        file_format, name, register.header, register.rows(), title="Guest register", widths=register.widths
    )
