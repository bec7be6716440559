from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction
from django.tasks import task
from django.template.loader import render_to_string
from django.urls import reverse

from accounts.models import Invitation


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
