"""Messaging's background work: sending through Twilio or by email, with backoff after transient failures."""

import json
import logging
from datetime import timedelta

import requests
from django.conf import settings
from django.core.mail import send_mail
from django.tasks import task
from django.urls import reverse
from django.utils import timezone
from twilio.base.exceptions import TwilioRestException

from notifications.errors import explain
from notifications.models import Channel, Message, MessageStatus
from notifications.services.sending import fall_back, set_status
from notifications.twilio_api import client
from reservations.models import Reservation

logger = logging.getLogger(__name__)

MAX_ATTEMPTS = 5


@task
def deliver(message_pk):
    message = Message.objects.filter(pk=message_pk, status=MessageStatus.QUEUED, provider_sid="").first()
    if message is None:
        return "already sent"
    Message.objects.filter(pk=message.pk).update(attempts=message.attempts + 1)
    if message.channel == Channel.EMAIL:
        send_mail(subject=message.subject or "—", message=message.body, from_email=None, recipient_list=[message.to])
        set_status(message, MessageStatus.SENT)
        return "emailed"
    try:
        sent = client().messages.create(**_twilio_params(message))
    except TwilioRestException as error:
        if error.status == 429 or error.status >= 500:
            return _later(message, f"Twilio answered {error.status}")
        code = str(error.code or "")
        set_status(message, MessageStatus.FAILED, error_code=code, error_message=explain(code) or str(error.msg))
        fall_back(message)
        return f"failed: {code}"
    except requests.RequestException as error:
        return _later(message, type(error).__name__)
    Message.objects.filter(pk=message.pk, provider_sid="").update(provider_sid=sent.sid)
    return sent.sid


def _twilio_params(message):
    params = {
        "to": message.to,
        "from_": message.sender,
        "status_callback": settings.PUBLIC_BASE_URL + reverse("twilio_status"),
    }
    if message.content_sid:
        params["content_sid"] = message.content_sid
        params["content_variables"] = json.dumps(message.content_variables)
    else:
        params["body"] = message.body
    return params


def _later(message, reason):
    """A transient failure: try again with exponential backoff, then give up and say so."""
    if message.attempts + 1 >= MAX_ATTEMPTS or not deliver.get_backend().supports_defer:
        set_status(message, MessageStatus.FAILED, error_message=f"Twilio could not be reached ({reason}).")
        fall_back(message)
        return "gave up"
    wait = timedelta(seconds=30 * 2**message.attempts)
    deliver.using(run_after=timezone.now() + wait).enqueue(message.pk)
    return f"retry in {wait}"


SCHEDULE_EVERY = timedelta(minutes=1)


@task
def send_due_messages():
    """One pass of the automations, then the next in a minute (`manage.py schedule_tasks` starts the chain)."""
    from notifications.services.automations import run_pass

    try:
        sent = run_pass()
    finally:
        if send_due_messages.get_backend().supports_defer:
            send_due_messages.using(run_after=timezone.now() + SCHEDULE_EVERY).enqueue()
    return f"sent {sent}"


@task
def send_occurrence(occurrence_pk):
    """Send one claimed automated message (taken once, whatever the number of workers)."""
    from notifications.services.automations import send_claimed

    return "sent" if send_claimed(occurrence_pk) else "not sent"


@task
def tell_team(reservation_pk, event, **details):
    """Email the host's team about what a guest did (`services.team`)."""
    from notifications.services.team import email_team

    reservation = Reservation.objects.select_related("property").filter(pk=reservation_pk).first()
    if reservation is None:
        return "reservation gone"
    return f"sent to {email_team(reservation, event, **details)}"
