"""Host pages of the Guesty integration (owners only): the connection, listings, field mapping and sync issues.

Every action is a plain POST that redirects back with a message; the field mapping also
answers htmx with just the row it saved. The integration page follows a running sync by
polling `progress`, which stops asking once nothing runs.
"""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext
from django.views.decorators.http import require_POST

from accounts.permissions import Rule, host_view
from gorently.access import get_or_404
from gorently.forms import add_service_errors, error_text
from gorently.pages import render_page, run_and_report
from reservations.checkin.selectors import forms_of
from reservations.guesty import selectors
from reservations.guesty.forms import (
    ConnectForm,
    ImportListingsForm,
    LinkListingForm,
    MapFieldForm,
    SettingsForm,
    SyncForm,
)
from reservations.guesty.models import SyncKind
from reservations.guesty.services import connection as connections
from reservations.guesty.services import fields as field_services
from reservations.guesty.services import issues as issue_services
from reservations.guesty.services import listings as listing_services
from reservations.guesty.services import runs

INTEGRATION = "guesty/integration.html"
ISSUES_PER_PAGE = 50
SYNC_DONE = {
    SyncKind.RECONCILE: gettext_lazy("Checking Guesty for changes."),
    SyncKind.BACKFILL: gettext_lazy("Full import started: every reservation is read from Guesty again."),
    SyncKind.LISTINGS: gettext_lazy("Refreshing the listings and custom fields from Guesty."),
}

# --- The integration page -------------------------------------------------------------------


def _integration(request, *, status=200, partial=None, **forms):
    membership = request.membership
    connection = selectors.connection_of(membership)
    context = {
        "connection": connection,
        "connect_form": forms.get("connect_form") or ConnectForm(),
        "settings_form": forms.get("settings_form")
        or SettingsForm(initial={"reconcile_every_minutes": connection.reconcile_every_minutes if connection else 15}),
        "run": selectors.progress_of(membership),
        "runs": selectors.recent_runs_of(membership),
        "open_issues": selectors.open_issue_count(membership.organization),
        "viewer_timezone": request.user.tz,
    }
    return render_page(request, INTEGRATION, context, partial=partial, status=status)


@host_view(Rule.MANAGE_INTEGRATIONS)
def integration(request):
    return _integration(request)


@host_view(Rule.MANAGE_INTEGRATIONS)
def progress(request):
    """The running sync's progress for the page's poll; once nothing runs, the page's status and history too."""
    htmx = request.htmx
    if not htmx or htmx.history_restore_request:
        return _integration(request)
    run = selectors.progress_of(request.membership)
    if run is not None:
        context = {"run": run, "viewer_timezone": request.user.tz}
        return render_page(request, INTEGRATION, context, partial="progress")
    # The run just ended: its outcome shows in the status and the history, swapped in out of band.
    return _integration(request, partial="progress_done")


@host_view(Rule.MANAGE_INTEGRATIONS)
@require_POST
def connect(request):
    form = ConnectForm(request.POST)
    if form.is_valid():
        try:
            connections.connect(actor=request.membership, **form.cleaned_data, request=request)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Credentials saved. Checking them with Guesty…"))
            return redirect("guesty:integration")
    return _integration(request, connect_form=form, status=400)


@host_view(Rule.MANAGE_INTEGRATIONS)
@require_POST
def connection_test(request):
    run_and_report(
        request,
        lambda: connections.test_connection(actor=request.membership, request=request),
        _("Checking the connection with Guesty…"),
    )
    return redirect("guesty:integration")


@host_view(Rule.MANAGE_INTEGRATIONS)
@require_POST
def sync(request):
    form = SyncForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Choose what to sync."))
        return _integration(request, status=400)
    kind = form.cleaned_data["kind"]
    run_and_report(
        request, lambda: runs.start_sync(actor=request.membership, kind=kind, request=request), SYNC_DONE[kind]
    )
    return redirect("guesty:integration")


@host_view(Rule.MANAGE_INTEGRATIONS)
@require_POST
def disconnect(request):
    if connections.disconnect(actor=request.membership, request=request):
        messages.success(request, _("Guesty is being disconnected. Imported properties and reservations stay."))
    else:
        messages.error(request, _("Guesty is not connected."))
    return redirect("guesty:integration")


@host_view(Rule.MANAGE_INTEGRATIONS)
@require_POST
def sync_settings(request):
    form = SettingsForm(request.POST)
    if not form.is_valid():
        return _integration(request, settings_form=form, status=400)
    run_and_report(
        request,
        lambda: connections.update_settings(actor=request.membership, **form.cleaned_data, request=request),
        _("Sync settings saved."),
    )
    return redirect("guesty:integration")


# --- Listings -------------------------------------------------------------------------------------


def _listings(request, *, import_form=None, status=200):
    membership = request.membership
    rows = selectors.listing_rows_of(membership)
    import_form = import_form or ImportListingsForm(listings=rows)
    context = {
        "connection": selectors.connection_of(membership),
        "rows": rows,
        "import_form": import_form,
        "chosen": set(import_form["listings"].value() or ()),
        "linkable": list(selectors.linkable_properties_of(membership).values_list("pk", "name")),
        "run": selectors.progress_of(membership),
    }
    return render_page(request, "guesty/listings.html", context, status=status)


@host_view(Rule.MANAGE_INTEGRATIONS)
def listings(request):
    return _listings(request)


@host_view(Rule.MANAGE_INTEGRATIONS)
@require_POST
def import_listings(request):
    membership = request.membership
    form = ImportListingsForm(request.POST, listings=selectors.listings_of(membership))
    if form.is_valid():
        try:
            imported = listing_services.import_listings(
                actor=membership,
                listing_ids=form.cleaned_data["listings"],
                leave_out_others=form.cleaned_data["leave_out_others"],
                request=request,
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(
                request,
                ngettext(
                    "%(count)d listing imported; its reservations are on their way.",
                    "%(count)d listings imported; their reservations are on their way.",
                    len(imported),
                )
                % {"count": len(imported)},
            )
            return redirect("guesty:listings")
    return _listings(request, import_form=form, status=400)


@host_view(Rule.MANAGE_INTEGRATIONS)
@require_POST
def link_listing(request, pk):
    membership = request.membership
    row = selectors.get_listing_for(membership, pk)
    form = LinkListingForm(request.POST, properties=selectors.linkable_properties_of(membership))
    if not form.is_valid():
        messages.error(request, error_text(ValidationError(list(form.errors.values()))))
        return _listings(request, status=400)
    property = form.cleaned_data["property"]
    run_and_report(
        request,
        lambda: listing_services.link_listing(
            actor=membership, listing_id=row.listing_id, property=property, request=request
        ),
        _("%(property)s is now linked to %(listing)s; its reservations are on their way.")
        % {"property": property.name, "listing": row.name},
    )
    return redirect("guesty:listings")


@host_view(Rule.MANAGE_INTEGRATIONS)
@require_POST
def leave_out(request, pk):
    row = selectors.get_listing_for(request.membership, pk)
    left_out = request.POST.get("left_out") != "0"
    listing_services.leave_out(
        actor=request.membership, listing_ids=[row.listing_id], left_out=left_out, request=request
    )
    if left_out:
        messages.success(request, _("%(listing)s is left out: its reservations are skipped.") % {"listing": row.name})
    else:
        messages.success(request, _("%(listing)s is taken back in.") % {"listing": row.name})
    return redirect("guesty:listings")


# --- Field mapping --------------------------------------------------------------------------------


def _chosen_form(request, pk):
    """The check-in form to map: the one asked for (404 if not the account's), else the first."""
    forms = forms_of(request.membership)
    if pk:
        return get_or_404(forms, pk=pk)
    return forms.first()


def _fields_page(request, checkin_form, *, status=200, error=None):
    membership = request.membership
    rows = selectors.mapping_rows_of(membership, checkin_form) if checkin_form else []
    if error is not None:
        for row in rows:
            if row.question.pk == error[0].pk:
                row.error = error[1]
    context = {
        "forms": list(forms_of(membership).values_list("pk", "name")),
        "checkin_form": checkin_form,
        "rows": rows,
        "has_guesty_fields": selectors.guesty_fields_of(membership).exists(),
        "connection": selectors.connection_of(membership),
    }
    return render_page(request, "guesty/fields.html", context, status=status)


@host_view(Rule.MANAGE_INTEGRATIONS)
def fields(request):
    return _fields_page(request, _chosen_form(request, request.GET.get("form")))


def _row(request, question, *, error="", status=200):
    (row,) = selectors.mapping_rows_of(request.membership, question.form, only=question)
    row.error = error
    return render_page(request, "guesty/fields.html", {"row": row}, partial="row_update", status=status)


@host_view(Rule.MANAGE_INTEGRATIONS)
@require_POST
def map_field(request):
    membership = request.membership
    form = MapFieldForm(request.POST, questions=selectors.form_fields_of(membership).select_related("form"))
    if not form.is_valid():
        messages.error(request, error_text(ValidationError(list(form.errors.values()))))
        if request.htmx:  # no row to redraw: the message alone
            response = render_page(request, "guesty/fields.html", {}, partial="messages", status=400)
            response["HX-Reswap"] = "none"
            return response
        return _fields_page(request, _chosen_form(request, None), status=400)
    question = form.cleaned_data["form_field"]
    try:
        field_services.map_field(
            actor=membership, form_field=question, guesty_field_id=form.cleaned_data["guesty_field_id"], request=request
        )
    except ValidationError as error:
        question.refresh_from_db(fields=["guesty_custom_field_id"])
        if request.htmx:
            return _row(request, question, error=error_text(error), status=400)
        messages.error(request, error_text(error))
        return _fields_page(request, question.form, status=400, error=(question, error_text(error)))
    label = question.label.get("en") or question.key
    if question.guesty_custom_field_id:
        messages.success(request, _("“%(label)s” is copied to Guesty.") % {"label": label})
    else:
        messages.success(request, _("“%(label)s” is not copied to Guesty any more.") % {"label": label})
    if request.htmx:
        return _row(request, question)
    return redirect(f"{reverse('guesty:fields')}?form={question.form_id}")


# --- Sync issues ----------------------------------------------------------------------------------


@host_view(Rule.MANAGE_INTEGRATIONS)
def issues(request):
    membership = request.membership
    resolved = request.GET.get("state") == "resolved"
    page = Paginator(selectors.issue_list_of(membership, resolved=resolved), ISSUES_PER_PAGE).get_page(
        request.GET.get("page")
    )
    context = {
        "page": page,
        "resolved": resolved,
        "params": "state=resolved" if resolved else "",
        "open_issues": page.paginator.count if not resolved else selectors.open_issue_count(membership.organization),
        "viewer_timezone": request.user.tz,
    }
    return render_page(request, "guesty/issues.html", context, partial="results")


def _report_retry(request, queued, issues):
    if queued:
        messages.success(
            request,
            ngettext("Trying again: %(count)d sync queued.", "Trying again: %(count)d syncs queued.", len(queued))
            % {"count": len(queued)},
        )
    elif issues:
        messages.error(request, _("Nothing to try again: fix the cause in Guesty or here, then retry."))
    else:
        messages.error(request, _("No open issues to try again."))


@host_view(Rule.MANAGE_INTEGRATIONS)
@require_POST
def retry_issue(request, pk):
    issue = selectors.get_issue_for(request.membership, pk)
    _retry(request, selectors.issues_of(request.membership).filter(pk=issue.pk))
    return redirect("guesty:issues")


@host_view(Rule.MANAGE_INTEGRATIONS)
@require_POST
def retry_all(request):
    _retry(request, selectors.issues_of(request.membership))
    return redirect("guesty:issues")


def _retry(request, issues):
    try:
        queued = issue_services.retry(actor=request.membership, issues=issues, request=request)
    except ValidationError as error:
        messages.error(request, error_text(error))
    else:
        _report_retry(request, queued, issues.exists())
