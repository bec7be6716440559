"""Host pages for reservations: the list, one stay, adding and changing them, and the dashboard home."""

from contextlib import nullcontext

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.forms.models import model_to_dict
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from accounts.permissions import Rule, host_view
from gorently.forms import add_service_errors
from gorently.pages import render_page
from gorently.paging import CappedPaginator
from gorently.planning import planned_for_values
from properties.selectors import get_property_for, properties_of
from reservations import services
from reservations.checkin.views.record import checkin_context
from reservations.forms import ReservationFilterForm, ReservationForm
from reservations.selectors import (
    get_reservation_for,
    list_page_rows,
    portal_expired,
    setup_steps,
    today_board,
    upcoming_reservations_of_property,
)
from reservations.views.rows import board_rows, list_rows

PAGE_SIZE = 25
# A search's matches are counted up to 100: a word as common as a surname matches thousands of stays
# in a large account, and counting them all took longer than the page (bench/RESULTS.md).
SEARCH_COUNT_CAP = 100


@host_view()
def dashboard(request):
    steps = setup_steps(request.membership)
    board = board_rows(today_board(request.membership))
    context = {"board": board, "setup": steps, "setup_done": sum(s.done for s in steps)}
    return render(request, "reservations/dashboard.html", context)


@host_view()
def reservation_list(request):
    membership = request.membership
    form = ReservationFilterForm(request.GET, properties=properties_of(membership, include_archived=True))
    filters = form.filters()
    searching = bool(filters.get("q"))
    with planned_for_values() if searching else nullcontext():
        rows = list_page_rows(membership, **filters)
        page = CappedPaginator(rows, PAGE_SIZE, cap=SEARCH_COUNT_CAP if searching else None).get_page(
            request.GET.get("page")
        )
        page.object_list = list_rows(page.object_list, property_names=form.property_names)
    params = request.GET.copy()
    params.pop("page", None)
    sort_params = params.copy()
    sort_params.pop("sort", None)
    context = {
        "form": form,
        "page": page,
        "sort": filters["sort"],
        "params": params.urlencode(),
        "sort_params": sort_params.urlencode(),
        "filtered": any(k != "sort" for k in filters),
        "narrowed_by": sum(1 for k in filters if k not in ("q", "sort")),
    }
    return render_page(request, "reservations/list.html", context, partial="results")


@host_view()
def reservation_detail(request, pk):
    reservation = get_reservation_for(request.membership, pk)
    context = {
        "reservation": reservation,
        "guests": reservation.guests.all(),
        "portal_url": request.build_absolute_uri(reverse("portal:home", args=[reservation.portal_token])),
        "portal_expired": portal_expired(reservation),
        **checkin_context(reservation),
    }
    return render(request, "reservations/detail.html", context)


def _form(request, instance=None):
    properties = properties_of(request.membership)
    if instance is not None:
        # An archived property stays selectable for the reservations it already has.
        properties = properties | properties_of(request.membership, include_archived=True).filter(
            pk=instance.property_id
        )
    initial = model_to_dict(instance, fields=ReservationForm._meta.fields) if instance else None
    return ReservationForm(request.POST or None, initial=initial, properties=properties)


@host_view(Rule.EDIT_RESERVATIONS)
def reservation_create(request):
    form = _form(request)
    if request.method == "POST" and form.is_valid():
        try:
            reservation = services.create_reservation(actor=request.membership, **form.cleaned_data, request=request)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Reservation %(code)s created.") % {"code": reservation.confirmation_code})
            return redirect("reservations:detail", pk=reservation.pk)
    return render(request, "reservations/form.html", {"form": form}, status=400 if form.errors else 200)


@host_view(Rule.EDIT_RESERVATIONS)
def reservation_edit(request, pk):
    reservation = get_reservation_for(request.membership, pk)
    form = _form(request, reservation)
    if request.method == "POST" and form.is_valid():
        try:
            services.update_reservation(
                actor=request.membership, reservation=reservation, **form.cleaned_data, request=request
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Changes saved."))
            return redirect("reservations:detail", pk=reservation.pk)
    context = {"form": form, "reservation": reservation}
    return render(request, "reservations/form.html", context, status=400 if form.errors else 200)


@host_view(Rule.EDIT_RESERVATIONS)
@require_POST
def portal_link_regenerate(request, pk):
    reservation = get_reservation_for(request.membership, pk)
    services.regenerate_portal_link(actor=request.membership, reservation=reservation, request=request)
    messages.success(request, _("A new guest link was made. The old one no longer works."))
    return redirect("reservations:detail", pk=reservation.pk)


@host_view(Rule.EDIT_RESERVATIONS)
@require_POST
def portal_link_revoke(request, pk):
    reservation = get_reservation_for(request.membership, pk)
    services.revoke_portal_link(actor=request.membership, reservation=reservation, request=request)
    messages.success(request, _("The guest link is switched off. Make a new one to share again."))
    return redirect("reservations:detail", pk=reservation.pk)


@host_view()
def property_stays(request, pk):
    """The property page's "upcoming and current stays", loaded into it by htmx."""
    property = get_property_for(request.membership, pk)
    context = {"property": property, "upcoming": upcoming_reservations_of_property(request.membership, property)[:10]}
    return render(request, "reservations/_property_stays.html", context)
