"""The host account's activity log: browse, filter, export."""

import json

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts.actions import describe
from accounts.activity import in_words
from accounts.permissions import Rule, host_view
from accounts.selectors import activity_actions_of, activity_of
from accounts.views.activity_rows import activity_rows
from gorently.pages import render_page
from gorently.paging import CappedPaginator
from gorently.spreadsheets import csv_response


class ActivityFilterForm(forms.Form):
    action = forms.CharField(required=False, label=_("Action"))
    actor = forms.CharField(required=False, label=_("Who"))
    query = forms.CharField(required=False, label=_("About"))
    date_from = forms.DateField(required=False, label=_("From"), widget=forms.DateInput(attrs={"type": "date"}))
    date_to = forms.DateField(required=False, label=_("To"), widget=forms.DateInput(attrs={"type": "date"}))


def _filtered(request):
    form = ActivityFilterForm(request.GET, label_suffix="")
    # An invalid filter (a malformed date) is shown as an error and ignored; the others still apply.
    form.is_valid()
    filters = {k: v for k, v in form.cleaned_data.items() if v}
    return form, activity_of(request.membership, **filters)


@host_view(Rule.VIEW_ACTIVITY)
def activity(request):
    form, rows = _filtered(request)
    page = CappedPaginator(rows, 50).get_page(request.GET.get("page"))
    # Ids in the details become names: a few queries for the whole page, not one per entry.
    page.object_list = activity_rows(in_words(page.object_list, request.membership.organization), request.user.tz)
    params = request.GET.copy()
    params.pop("page", None)
    context = {
        "form": form,
        "page": page,
        "actions": [(code, describe(code)) for code in activity_actions_of(request.membership)],
        "params": params.urlencode(),
        # Times read in the viewer's own zone (Your profile), with its abbreviation.
        "viewer_timezone": request.user.tz,
    }
    return render_page(request, "accounts/activity.html", context, partial="results")


HEADER = [
    "time_utc",
    "actor_type",
    "actor",
    "action",
    "target_type",
    "target_id",
    "target",
    "ip",
    "details",
    "description",
]


@host_view(Rule.VIEW_ACTIVITY)
def activity_export(request):
    _, rows = _filtered(request)

    def lines():
        for row in rows.iterator(chunk_size=2000):
            yield [
                row.created_at.isoformat(),
                row.actor_type,
                row.actor_label,
                row.action,
                row.target_type,
                row.target_id,
                row.target_label,
                row.ip_address or "",
                json.dumps(row.details, ensure_ascii=False),
                row.description,
            ]

    stamp = timezone.now().strftime("%Y%m%d-%H%M")
    return csv_response(f"activity-{stamp}.csv", HEADER, lines())
