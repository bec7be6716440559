"""Telling the host's team by email what a guest just did: checked in, ordered extras.

The team is the account's owners and the property's managers (the people who can act on it); the
wording is GoRently's, since hosts word only what guests read.
"""

from django.conf import settings
from django.core.mail import send_mail
from django.db.models import Q
from django.template.loader import render_to_string
from django.urls import reverse

from accounts.models import Membership
from accounts.permissions import Role


def team_of(reservation):
    """The email addresses of the account's owners and of the property's managers."""
    return sorted(
        Membership.objects.filter(organization_id=reservation.organization_id)
        .filter(Q(role=Role.OWNER) | Q(role=Role.MANAGER, properties=reservation.property_id))
        .values_list("user__email", flat=True)
        .distinct()
    )


def email_team(reservation, event, **details):
    """Email the team about `event` (a TEAM_EVENTS value); returns how many people it went to."""
    recipients = team_of(reservation)
    if not recipients:
        return 0
    context = {
        "reservation": reservation,
        "url": settings.SITE_URL + reverse("reservations:detail", args=[reservation.pk]),
        **details,
    }
    send_mail(
        subject=render_to_string(f"notifications/email/{event}_subject.txt", context).strip(),
        message=render_to_string(f"notifications/email/{event}.txt", context),
        from_email=None,
        recipient_list=recipients,
    )
    return len(recipients)
