from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from accounts import services
from accounts.forms import AccountSettingsForm
from accounts.permissions import Rule, host_view
from gorently.forms import add_service_errors


@host_view(Rule.MANAGE_ACCOUNT)
def account_settings(request):
    organization = request.membership.organization
    initial = {"name": organization.name, "languages": [code for code in organization.languages if code != "en"]}
    initial |= {field: getattr(organization, field) for field in services.ACCOUNT_SETTINGS}
    form = AccountSettingsForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.update_organization(actor=request.membership, **form.cleaned_data, request=request)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Settings saved."))
            return redirect("accounts:settings")
    return render(request, "accounts/settings.html", {"form": form}, status=400 if form.errors else 200)
