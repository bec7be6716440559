from django.conf import settings
from django.contrib.auth.tokens import default_token_generator
from django.core.mail import send_mail
from django.db import transaction
from django.tasks import task
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode

from accounts.models import Invitation, User
from accounts.tokens import signup_confirmation_token


@task
def send_invitation_email(invitation_id):
    """Mint the invitation's token and email the link; the raw token exists only in the email."""
    with transaction.atomic():
        invitation = (
            # Lock only the invitation: PostgreSQL refuses FOR UPDATE on the outer join to the nullable invited_by.
            Invitation.objects.pending()
            .select_for_update(of=("self",))
            .select_related("organization", "invited_by")
            .filter(pk=invitation_id)
            .first()
        )
        if invitation is None:
            return "skipped: invitation no longer pending"
        raw, invitation.token_hash = Invitation.new_token()
        invitation.save(update_fields=["token_hash", "updated_at"])
    context = {
        "invitation": invitation,
        "accept_url": settings.SITE_URL + reverse("accounts:accept_invitation", args=[raw]),
    }
    send_mail(
        subject=render_to_string("accounts/email/invitation_subject.txt", context).strip(),
        message=render_to_string("accounts/email/invitation.txt", context),
        from_email=None,
        recipient_list=[invitation.email],
    )
    return "sent"


def _send(template, user, context):
    """Email `user` the message templates/accounts/email/<template>.txt (and its _subject.txt)."""
    context = {"user": user, **context}
    send_mail(
        subject=render_to_string(f"accounts/email/{template}_subject.txt", context).strip(),
        message=render_to_string(f"accounts/email/{template}.txt", context),
        from_email=None,
        recipient_list=[user.email],
    )


@task
def send_signup_confirmation_email(user_id):
    """Mint the sign-up's confirmation token and email the link; the token exists only in the email."""
    user = User.objects.filter(pk=user_id, is_active=False, last_login__isnull=True).first()
    if user is None:
        return "skipped: no sign-up awaiting confirmation"
    membership = user.memberships.select_related("organization").order_by("created_at").first()
    uid = urlsafe_base64_encode(force_bytes(user.pk))
    path = reverse("accounts:signup_confirm", args=[uid, signup_confirmation_token.make_token(user)])
    _send(
        "signup_confirm",
        user,
        {
            "account_name": membership.organization.name if membership else "",
            "confirm_url": settings.SITE_URL + path,
            "valid_days": settings.SIGNUP_CONFIRMATION_VALID_DAYS,
        },
    )
    return "sent"


@task
def send_account_exists_email(user_id):
    """Someone signed up with the address of an existing login: tell its owner, with the ways back in."""
    user = User.objects.filter(pk=user_id, is_active=True).first()
    if user is None:
        return "skipped: no active login"
    _send(
        "account_exists",
        user,
        {
            "login_url": settings.SITE_URL + reverse("accounts:login"),
            "reset_url": settings.SITE_URL + reverse("accounts:password_reset"),
        },
    )
    return "sent"


@task
def send_password_reset_email(user_id):
    """Mint a password-reset token and email the link (Django's reset tokens and confirm page)."""
    user = User.objects.filter(pk=user_id, is_active=True).first()
    if user is None or not user.has_usable_password():
        return "skipped: no active login with a password"
    uid = urlsafe_base64_encode(force_bytes(user.pk))
    path = reverse("accounts:password_reset_confirm", args=[uid, default_token_generator.make_token(user)])
    _send("password_reset", user, {"reset_url": settings.SITE_URL + path})
    return "sent"
