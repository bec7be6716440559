"""`POST /webhooks/guesty/<key>/`: Guesty's change feed, verified, stored once, applied by a task.

The signature is Svix's scheme (`svix-id`, `svix-timestamp`, `svix-signature`), which the Standard
Webhooks library verifies under its own header names: a bad signature or a timestamp more than
five minutes off answers 401 and stores nothing. A repeated `svix-id` is acknowledged and dropped.
The payload is not trusted for content: the task fetches the reservation from Guesty.
"""

import json

from django.db import IntegrityError, transaction
from django.http import Http404, HttpResponse, JsonResponse
from django.utils import timezone
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST
from standardwebhooks.webhooks import Webhook, WebhookVerificationError

from reservations.guesty.mapping import read_datetime
from reservations.guesty.models import ConnectionStatus, GuestyConnection, SyncKind, WebhookDelivery
from reservations.guesty.services.runs import queue_run

MAX_BODY = 1024 * 1024  # Guesty's lean events are a few hundred bytes; full legacy ones a few KB


@csrf_exempt
@require_POST
def guesty_webhook(request, key):
    connection = (
        GuestyConnection.objects.select_related("organization")
        .filter(webhook_key=key)
        .exclude(status=ConnectionStatus.DISCONNECTING)
        .first()
    )
    if connection is None:
        raise Http404
    if len(request.body) > MAX_BODY:
        return HttpResponse("Too large.", status=413, content_type="text/plain")
    if not _verified(connection, request):
        return HttpResponse("Bad signature.", status=401, content_type="text/plain")
    try:
        payload = json.loads(request.body)
    except ValueError:
        return HttpResponse("Not JSON.", status=400, content_type="text/plain")
    payload = payload if isinstance(payload, dict) else {}
    event = str(payload.get("event") or payload.get("type") or "")[:60]
    reservation_id, published_at = event_subject(payload) if event.startswith("reservation.") else ("", None)
    try:
        with transaction.atomic():
            WebhookDelivery.objects.create(
                organization=connection.organization,
                message_id=request.headers["svix-id"][:100],
                event=event,
                guesty_reservation_id=reservation_id,
                published_at=published_at,
                processed_at=None if reservation_id else timezone.now(),
                outcome="" if reservation_id else "ignored",
            )
            if reservation_id and connection.is_connected:
                queue_run(organization=connection.organization, kind=SyncKind.WEBHOOK, trigger="Guesty webhook")
    except IntegrityError:
        return JsonResponse({"received": True, "duplicate": True})
    return JsonResponse({"received": True})


def _verified(connection, request):
    if not connection.webhook_secret:
        return False
    headers = {
        "webhook-id": request.headers.get("svix-id", ""),
        "webhook-timestamp": request.headers.get("svix-timestamp", ""),
        "webhook-signature": request.headers.get("svix-signature", ""),
    }
    try:
        Webhook(connection.webhook_secret).verify(request.body, headers, json_parse=False)
    except (WebhookVerificationError, ValueError, UnicodeDecodeError):  # binascii.Error is a ValueError
        return False
    return True


def event_subject(payload):
    """The reservation an event is about and when the change was published, from any of the shapes seen:
    v2's lean `{reservationId, publishedAt}`, legacy `{reservation: {...}}`, or either under `data`."""
    for body in (payload, payload.get("data") if isinstance(payload.get("data"), dict) else {}):
        reservation = body.get("reservation") if isinstance(body.get("reservation"), dict) else {}
        reservation_id = body.get("reservationId") or reservation.get("_id") or reservation.get("id")
        if reservation_id:
            return str(reservation_id)[:64], read_datetime(body.get("publishedAt") or reservation.get("lastUpdatedAt"))
    return "", None
