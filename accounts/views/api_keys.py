"""API keys page (owners only): the account's keys to the REST API, making a new one and revoking one.

A new key's secret is shown once, in the answer to the POST that made it (no redirect: it is stored
nowhere, not even in the session), and the page is never cached.
"""

from django.core.exceptions import ValidationError
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_POST

from accounts.api_keys import create_api_key, revoke_api_key
from accounts.forms import ApiKeyForm
from accounts.permissions import Rule, host_view
from accounts.selectors import api_key_for, api_keys_of
from gorently.forms import add_service_errors
from gorently.pages import render_page, run_and_report

API_DOCS_PATH = "/api/docs/"
EXAMPLE_PATH = "/api/v1/reservations/"


@host_view(Rule.MANAGE_INTEGRATIONS)
@require_http_methods(["GET", "POST"])
@never_cache
def api_keys(request):
    membership = request.membership
    properties = membership.organization.properties.active().order_by("name")
    form = ApiKeyForm(request.POST or None, properties=properties)
    created = secret = None
    if request.method == "POST" and form.is_valid():
        try:
            created, secret = create_api_key(actor=membership, **form.cleaned_data, request=request)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            form = ApiKeyForm(properties=properties)  # a blank form for the next key
    context = {
        "keys": api_keys_of(membership),
        "form": form,
        "created": created,
        "secret": secret,
        "example_url": request.build_absolute_uri(EXAMPLE_PATH),
        "docs_url": API_DOCS_PATH,
        "viewer_timezone": request.user.tz,
    }
    return render_page(request, "accounts/api_keys.html", context, status=400 if form.errors else 200)


@host_view(Rule.MANAGE_INTEGRATIONS)
@require_POST
def api_key_revoke(request, pk):
    key = api_key_for(request.membership, pk)
    run_and_report(
        request,
        lambda: revoke_api_key(actor=request.membership, key=key, request=request),
        _("Key “%(name)s” revoked: integrations using it are refused from now on.") % {"name": key.name},
    )
    return redirect("accounts:api_keys")
