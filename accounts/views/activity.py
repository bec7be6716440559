"""The host account's activity log: browse, filter, export."""

import csv
import json

from django import forms
from django.core.paginator import Paginator
from django.http import StreamingHttpResponse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts.actions import describe
from accounts.permissions import Rule, host_view
from accounts.selectors import activity_actions_of, activity_of
from gorently.pages import render_page


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
    page = Paginator(rows, 50).get_page(request.GET.get("page"))
    params = request.GET.copy()
    params.pop("page", None)
    context = {
        "form": form,
        "page": page,
        "actions": [(code, describe(code)) for code in activity_actions_of(request.membership)],
        "params": params.urlencode(),
    }
    return render_page(request, "accounts/activity.html", context, partial="results")


def _cell(value):
    """Neutralise spreadsheet formulas in free text (CSV injection)."""
    value = str(value)
    return "'" + value if value[:1] in ("=", "+", "-", "@", "\t", "\r") else value


class _Echo:
    def write(self, value):
        return value


@host_view(Rule.VIEW_ACTIVITY)
def activity_export(request):
    _, rows = _filtered(request)
    writer = csv.writer(_Echo())
    header = [
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

    def lines():
        yield writer.writerow(header)
        for row in rows.iterator(chunk_size=2000):
            cells = [
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
            yield writer.writerow([_cell(c) for c in cells])

    stamp = timezone.now().strftime("%Y%m%d-%H%M")
    response = StreamingHttpResponse(lines(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="activity-{stamp}.csv"'
    return response
