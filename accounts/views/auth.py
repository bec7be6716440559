"""Sign-up, sign-in, joining by invitation and switching host accounts."""

from django.contrib import messages
from django.contrib.auth import login
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from accounts import services
from accounts.forms import AcceptInvitationForm, AccountNameForm, SignUpForm
from accounts.selectors import SESSION_KEY, invitation_by_token, memberships_of, user_exists
from gorently.access import get_or_404
from gorently.forms import add_service_errors, error_text

BACKEND = "django.contrib.auth.backends.ModelBackend"


def _enter(request, membership):
    request.session[SESSION_KEY] = membership.organization_id


def signup(request):
    if request.user.is_authenticated:
        return redirect("dashboard")
    form = SignUpForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            membership = services.sign_up(**form.cleaned_data, request=request)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            login(request, membership.user, backend=BACKEND)
            _enter(request, membership)
            messages.success(request, _("Welcome to GoRently! Start by adding your first property."))
            return redirect("properties:create")
    return render(request, "accounts/signup.html", {"form": form}, status=400 if form.errors else 200)


@login_required
def no_account(request):
    """For a signed-in person without a host account (e.g. removed from one): start a new one."""
    if request.membership:
        return redirect("dashboard")
    form = AccountNameForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            membership = services.create_organization(
                name=form.cleaned_data["name"], owner=request.user, request=request
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            _enter(request, membership)
            return redirect("dashboard")
    return render(request, "accounts/no_account.html", {"form": form}, status=400 if form.errors else 200)


def accept_invitation(request, token):
    invitation = invitation_by_token(token)
    if invitation is None:
        return render(request, "accounts/invitation_invalid.html", status=404)
    if request.user.is_authenticated:
        if request.method == "POST":
            try:
                membership = services.accept_invitation(invitation=invitation, user=request.user, request=request)
            except ValidationError as error:
                messages.error(request, error_text(error))
            else:
                _enter(request, membership)
                messages.success(request, _("You joined %(name)s.") % {"name": invitation.organization.name})
                return redirect("dashboard")
        return render(request, "accounts/accept_invitation.html", {"invitation": invitation, "form": None})

    if user_exists(invitation.email):
        messages.info(request, _("Sign in as %(email)s to accept the invitation.") % {"email": invitation.email})
        return redirect(f"{reverse('accounts:login')}?next={request.path}")
    form = AcceptInvitationForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            membership = services.sign_up_from_invitation(invitation=invitation, **form.cleaned_data, request=request)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            login(request, membership.user, backend=BACKEND)
            _enter(request, membership)
            return redirect("dashboard")
    return render(request, "accounts/accept_invitation.html", {"invitation": invitation, "form": form})


@login_required
@require_POST
def switch_account(request):
    # A malformed id is as unknown as another account's: 404, not 500.
    membership = get_or_404(memberships_of(request.user), organization_id=request.POST.get("organization"))
    _enter(request, membership)
    return redirect("dashboard")
