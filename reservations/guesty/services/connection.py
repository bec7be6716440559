"""The Guesty connection of a host account: credentials saved, checked, the webhook registered, disconnected.

Saving credentials only stores them and queues a check: every call to Guesty happens in a task
(or in `manage.py guesty_connect`, which runs the same check in the foreground).
"""

import contextlib

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from accounts.activity import record_action
from accounts.permissions import Rule, require
from reservations.guesty.client import GuestyError, GuestyRejected, sleep
from reservations.guesty.events import RESERVATION_EVENTS
from reservations.guesty.models import ConnectionStatus, GuestyConnection, SyncKind
from reservations.guesty.services.runs import queue_run

# Guesty may not know a new webhook's signing secret for a short while after creating it.
SECRET_ATTEMPTS = 5


def connect(*, actor, client_id, client_secret, request=None):
    """Store (or replace) the account's credentials and queue a check of them."""
    require(actor, Rule.MANAGE_INTEGRATIONS)
    client_id = client_id.strip()
    with transaction.atomic():
        connection = GuestyConnection.objects.select_for_update().filter(organization=actor.organization).first()
        if connection is None:
            connection = GuestyConnection(organization=actor.organization)
        if connection.client_id != client_id or connection.client_secret != client_secret:
            connection.access_token, connection.token_expires_at = "", None  # a token of other credentials
        connection.client_id, connection.client_secret = client_id, client_secret
        connection.status, connection.status_message = ConnectionStatus.CHECKING, ""
        connection.full_clean()
        connection.save()
        record_action(actor, "guesty.connected", target=connection, request=request, client_id=client_id)
        queue_run(organization=actor.organization, kind=SyncKind.CONNECT, trigger=actor.log_identity().label)
    return connection


def test_connection(*, actor, request=None):
    """Queue a new check of the stored credentials."""
    require(actor, Rule.MANAGE_INTEGRATIONS)
    with transaction.atomic():
        checking = GuestyConnection.objects.filter(organization=actor.organization).exclude(
            status=ConnectionStatus.DISCONNECTING
        )
        if not checking.update(status=ConnectionStatus.CHECKING, status_message=""):
            raise ValidationError("Connect Guesty first: there are no credentials to check.")
        return queue_run(organization=actor.organization, kind=SyncKind.CONNECT, trigger=actor.log_identity().label)


def disconnect(*, actor, request=None):
    """Forget the credentials; the webhook at Guesty is removed by a task, then the connection row."""
    from reservations.guesty.tasks import forget_connection

    require(actor, Rule.MANAGE_INTEGRATIONS)
    with transaction.atomic():
        updated = GuestyConnection.objects.filter(organization=actor.organization).update(
            status=ConnectionStatus.DISCONNECTING, next_reconcile_at=None
        )
        if updated:
            record_action(actor, "guesty.disconnected", request=request)
            organization_id = actor.organization.pk
            transaction.on_commit(lambda: forget_connection.enqueue(organization_id))
    return bool(updated)


def update_settings(*, actor, reconcile_every_minutes, request=None):
    require(actor, Rule.MANAGE_INTEGRATIONS)
    connection = GuestyConnection.objects.filter(organization=actor.organization).first()
    if connection is None:
        raise ValidationError("Connect Guesty first.")
    connection.reconcile_every_minutes = reconcile_every_minutes
    connection.full_clean()
    connection.next_reconcile_at = timezone.now() + timezone.timedelta(minutes=reconcile_every_minutes)
    connection.save(update_fields=["reconcile_every_minutes", "next_reconcile_at", "updated_at"])
    record_action(actor, "guesty.settings_changed", request=request, reconcile_every_minutes=reconcile_every_minutes)
    return connection


# Run in tasks (and by the terminal commands).


def check(context):
    """Sign in, read the Guesty account, register the webhook, refresh custom fields and listings."""
    from reservations.guesty.services.fields import refresh_fields
    from reservations.guesty.services.listings import refresh_listings

    connection = context.client.connection
    try:
        me = context.client.get("/accounts/me")
        connection.account_id = str((me or {}).get("_id") or (me or {}).get("id") or "")
        register_webhook(context.client)
    except GuestyError as error:
        _set_status(connection, ConnectionStatus.FAILED, str(error))
        raise
    refresh_fields(context)
    refresh_listings(context)
    message = (
        ""
        if connection.webhook_secret
        else (
            "Guesty has not issued the webhook's signing secret yet: changes arrive with the regular checks "
            "until the next connection check gets it."
        )
    )
    if connection.next_reconcile_at is None:
        connection.next_reconcile_at = timezone.now() + timezone.timedelta(minutes=connection.reconcile_every_minutes)
    _set_status(connection, ConnectionStatus.CONNECTED, message)


def webhook_url(connection):
    return settings.SITE_URL + reverse("guesty_webhook", args=[connection.webhook_key])


def register_webhook(client):
    """One webhook per connection at Guesty, pointing at this account's address, and its signing secret.

    A webhook's URL cannot be changed at Guesty: an old one for the same address is deleted and
    created again.
    """
    connection = client.connection
    url = webhook_url(connection)
    listed = client.get("/webhooks")
    listed = listed.get("results", []) if isinstance(listed, dict) else listed or []
    for hook in listed:
        if isinstance(hook, dict) and hook.get("url") == url:
            client.delete(f"/webhooks/{hook.get('_id')}")
    created = client.post("/webhooks", {"url": url, "events": RESERVATION_EVENTS})
    connection.webhook_id = str((created or {}).get("_id") or (created or {}).get("id") or "")
    connection.webhook_secret = fetch_secret(client, url)
    connection.save(update_fields=["account_id", "webhook_id", "webhook_secret", "updated_at"])


def fetch_secret(client, url):
    for attempt in range(SECRET_ATTEMPTS):
        try:
            body = client.get("/webhooks-v2/secret", url=url)
        except GuestyRejected as error:
            if error.status != 404:
                raise
            sleep(2 * (attempt + 1) * settings.GUESTY_BACKOFF_SECONDS)
            continue
        # The field's name is not documented: accept the names seen in the wild.
        for name in ("secret", "key", "signingSecret", "webhookSecret"):
            if isinstance(body, dict) and str(body.get(name) or "").startswith("whsec_"):
                return body[name]
        if isinstance(body, str) and body.startswith("whsec_"):
            return body
        return ""
    return ""


def forget(client):
    """Delete the webhook at Guesty (best effort: a gone key or webhook is fine), then the connection."""
    connection = client.connection
    if connection.webhook_id and connection.client_secret:
        with contextlib.suppress(GuestyError):
            client.delete(f"/webhooks/{connection.webhook_id}")
    connection.delete()


def _set_status(connection, status, message):
    connection.status, connection.status_message, connection.checked_at = status, message, timezone.now()
    connection.save(update_fields=["status", "status_message", "checked_at", "account_id", "next_reconcile_at"])
