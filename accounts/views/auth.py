"""Sign-up and its confirmation, password reset, joining by invitation and switching host accounts.

Sign-up and password reset never say whether an address has a login: both end on
the same "check your email" page, and only the email (sent by a task) differs.
Both are throttled per client address (over the limit: 429) and per email address
(over the limit: the same page, and nothing is sent).
"""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import login
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpResponseRedirect
from django.shortcuts import redirect, render
from django.urls import reverse, reverse_lazy
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST
from django_ratelimit.core import is_ratelimited

from accounts import services
from accounts.forms import AcceptInvitationForm, AccountNameForm, SignUpForm
from accounts.models import normalize_email
from accounts.selectors import SESSION_KEY, invitation_by_token, memberships_of, user_exists
from gorently.access import get_or_404
from gorently.forms import add_service_errors, error_text
from gorently.throttle import client_ip

BACKEND = "accounts.backends.UserBackend"
# The address a sign-up was sent to, for the "Check your inbox" page to name.
SIGNUP_EMAIL_KEY = "signup_email"


def _enter(request, membership):
    request.session[SESSION_KEY] = membership.organization_id


def _over_limit(request, group, rate, value):
    """Count one more request for `value` (a client address, an email) in `group`; True when over `rate`."""
    return is_ratelimited(request, group=group, key=lambda _group, _request: value, rate=rate, increment=True)


def _too_many(request):
    return render(request, "accounts/too_many.html", status=429)


def signup(request):
    if request.user.is_authenticated:
        return redirect("dashboard")
    ip = client_ip(request)
    if request.method == "POST" and _over_limit(request, "accounts:signup:ip", settings.SIGNUP_RATE, ip):
        return _too_many(request)
    form = SignUpForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        email = normalize_email(form.cleaned_data["email"])
        try:
            # Over the address's limit: the same page, and nothing is created or sent.
            if not _over_limit(request, "accounts:signup:email", settings.SIGNUP_EMAIL_RATE, email):
                services.sign_up(**form.cleaned_data, request=request)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            request.session[SIGNUP_EMAIL_KEY] = email
            return redirect("accounts:signup_sent")
    return render(request, "accounts/signup.html", {"form": form}, status=400 if form.errors else 200)


def signup_sent(request):
    return render(
        request,
        "accounts/signup_sent.html",
        {"email": request.session.get(SIGNUP_EMAIL_KEY), "valid_days": settings.SIGNUP_CONFIRMATION_VALID_DAYS},
    )


def signup_confirm(request, uidb64, token):
    """The emailed link: a page with one button, which activates the login and signs it in.

    A button rather than the link itself, so a mail scanner that opens links does not
    use up the link (and get the session).
    """
    user = services.signup_awaiting_confirmation(uidb64, token)
    if user is not None and request.method == "POST":
        try:
            membership = services.confirm_sign_up(user=user, request=request)
        except ValidationError:
            user = None
        else:
            login(request, user, backend=BACKEND)
            request.session.pop(SIGNUP_EMAIL_KEY, None)
            if membership is None:
                return redirect("accounts:no_account")
            _enter(request, membership)
            messages.success(request, _("Welcome to GoRently! Start by adding your first property."))
            return redirect("properties:create")
    if user is None:
        return render(
            request,
            "accounts/signup_confirm_invalid.html",
            {"valid_days": settings.SIGNUP_CONFIRMATION_VALID_DAYS},
            status=404,
        )
    return render(request, "accounts/signup_confirm.html", {"person": user})


class PasswordResetView(auth_views.PasswordResetView):
    """Django's page, throttled, and the email sent by a task (services.request_password_reset)."""

    template_name = "accounts/password_reset.html"
    success_url = reverse_lazy("accounts:password_reset_done")

    def post(self, request, *args, **kwargs):
        if _over_limit(request, "accounts:password_reset:ip", settings.PASSWORD_RESET_RATE, client_ip(request)):
            return _too_many(request)
        return super().post(request, *args, **kwargs)

    def form_valid(self, form):
        email = normalize_email(form.cleaned_data["email"])
        # Over the address's limit: the same page, and nothing is sent.
        if not _over_limit(self.request, "accounts:password_reset:email", settings.PASSWORD_RESET_EMAIL_RATE, email):
            services.request_password_reset(email=email)
        return HttpResponseRedirect(self.get_success_url())


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
