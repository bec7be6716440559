"""Host pages for reservations, and the dashboard home."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.forms.models import model_to_dict
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from accounts.models import Role
from gorently.access import host_view
from gorently.forms import add_service_errors
from properties.selectors import properties_of
from reservations import services
from reservations.checkin.retention import purge_date, purge_now
from reservations.checkin.selectors import portal_expired, submission_of
from reservations.checkin.services import reopen_checkin
from reservations.forms import ReservationFilterForm, ReservationForm
from reservations.portal.summary import summary_of
from reservations.selectors import get_reservation_for, search_reservations, today_board
from reservations.setup import setup_steps

PAGE_SIZE = 25


@host_view
def dashboard(request):
    steps = setup_steps(request.membership)
    context = {"board": today_board(request.membership), "setup": steps, "setup_done": sum(s.done for s in steps)}
    return render(request, "reservations/dashboard.html", context)


@host_view
def reservation_list(request):
    membership = request.membership
    form = ReservationFilterForm(request.GET, properties=properties_of(membership, include_archived=True))
    filters = form.filters()
    page = Paginator(search_reservations(membership, **filters), PAGE_SIZE).get_page(request.GET.get("page"))
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
        "can_create": membership.has_role(Role.MANAGER),
    }
    template = "reservations/list.html#results" if request.htmx else "reservations/list.html"
    return render(request, template, context)


@host_view
def reservation_detail(request, pk):
    reservation = get_reservation_for(request.membership, pk)
    context = {
        "reservation": reservation,
        "guests": reservation.guests.all(),
        "can_edit": request.membership.has_role(Role.MANAGER),
        "portal_url": request.build_absolute_uri(reverse("portal:home", args=[reservation.portal_token])),
        "portal_expired": portal_expired(reservation),
        **_checkin_context(request, reservation),
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


@host_view(role=Role.MANAGER)
def reservation_create(request):
    form = _form(request)
    if request.method == "POST" and form.is_valid():
        try:
            reservation = services.create_reservation(
                membership=request.membership, **form.cleaned_data, request=request
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Reservation %(code)s created.") % {"code": reservation.confirmation_code})
            return redirect("reservations:detail", pk=reservation.pk)
    return render(request, "reservations/form.html", {"form": form}, status=400 if form.errors else 200)


@host_view(role=Role.MANAGER)
def reservation_edit(request, pk):
    reservation = get_reservation_for(request.membership, pk, write=True)
    form = _form(request, reservation)
    if request.method == "POST" and form.is_valid():
        try:
            services.update_reservation(
                membership=request.membership, reservation=reservation, **form.cleaned_data, request=request
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Changes saved."))
            return redirect("reservations:detail", pk=reservation.pk)
    context = {"form": form, "reservation": reservation}
    return render(request, "reservations/form.html", context, status=400 if form.errors else 200)


def _checkin_context(request, reservation):
    """The check-in as the host reads it: answers and documents per step, the signature with the agreement."""
    submission = submission_of(reservation)
    if submission is None:
        return {"submission": None}
    return {"submission": submission, "summary": summary_of(submission, "en"), "purge_on": purge_date(reservation)}


@host_view
def reservation_checkin_print(request, pk):
    reservation = get_reservation_for(request.membership, pk)
    context = {"reservation": reservation, **_checkin_context(request, reservation)}
    return render(request, "reservations/checkin_print.html", context)


@host_view(role=Role.MANAGER)
@require_POST
def portal_link_regenerate(request, pk):
    reservation = get_reservation_for(request.membership, pk, write=True)
    services.regenerate_portal_link(membership=request.membership, reservation=reservation, request=request)
    messages.success(request, _("A new guest link was made. The old one no longer works."))
    return redirect("reservations:detail", pk=reservation.pk)


@host_view(role=Role.MANAGER)
@require_POST
def portal_link_revoke(request, pk):
    reservation = get_reservation_for(request.membership, pk, write=True)
    services.revoke_portal_link(membership=request.membership, reservation=reservation, request=request)
    messages.success(request, _("The guest link is switched off. Make a new one to share again."))
    return redirect("reservations:detail", pk=reservation.pk)


def _checkin_action(request, pk, service, done):
    """Run a manager's action on a reservation's check-in; its refusal, or `done`, is the message."""
    reservation = get_reservation_for(request.membership, pk, write=True)
    try:
        service(membership=request.membership, reservation=reservation, request=request)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, done)
    return redirect("reservations:detail", pk=reservation.pk)


@host_view(role=Role.MANAGER)
@require_POST
def checkin_reopen(request, pk):
    return _checkin_action(
        request, pk, reopen_checkin, _("Check-in reopened: the guest can correct and send it again.")
    )


@host_view(role=Role.MANAGER)
@require_POST
def checkin_purge(request, pk):
    return _checkin_action(
        request, pk, purge_now, _("The guests’ identity documents and document numbers are deleted.")
    )
