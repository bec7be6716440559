"""`POST /webhooks/stripe/`: Stripe's events, verified, stored once by id, applied by a task.

The raw body's `Stripe-Signature` is checked by the stripe library against the platform
endpoint's secret, then the Connect endpoint's (both may point here): a bad or stale signature
answers 400 and stores nothing. An event from the other mode (test vs live) is refused too. A
repeated event id is acknowledged; if its first delivery was not applied yet, it is queued again.
"""

import stripe
from django.conf import settings
from django.db import IntegrityError, transaction
from django.http import HttpResponse, JsonResponse
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST

from payments.models import StripeEvent
from payments.stripe_api import live_mode, payments_enabled


@csrf_exempt
@require_POST
def stripe_webhook(request):
    from payments.tasks import apply_stripe_event

    if not payments_enabled():
        return HttpResponse("Payments are off.", status=400, content_type="text/plain")
    event = _verified(request)
    if event is None:
        return HttpResponse("Bad signature.", status=400, content_type="text/plain")
    if bool(event.get("livemode")) != live_mode():
        return HttpResponse("Wrong mode for this key.", status=400, content_type="text/plain")
    obj = (event.get("data") or {}).get("object") or {}
    try:
        with transaction.atomic():
            stored = StripeEvent.objects.create(
                event_id=str(event.get("id"))[:100],
                type=str(event.get("type"))[:100],
                account=str(event.get("account") or "")[:64],
                object_id=str(obj.get("id") or "")[:100],
                created=int(event.get("created") or 0),
                payload=event,
            )
    except IntegrityError:
        stored = StripeEvent.objects.get(event_id=str(event.get("id"))[:100])
        if stored.processed_at is None:
            transaction.on_commit(lambda: apply_stripe_event.enqueue(stored.pk))
        return JsonResponse({"received": True, "duplicate": True})
    transaction.on_commit(lambda: apply_stripe_event.enqueue(stored.pk))
    return JsonResponse({"received": True})


def _verified(request):
    header = request.headers.get("Stripe-Signature", "")
    for secret in filter(None, (settings.STRIPE_WEBHOOK_SECRET, settings.STRIPE_CONNECT_WEBHOOK_SECRET)):
        try:
            event = stripe.Webhook.construct_event(request.body, header, secret)
        except (stripe.SignatureVerificationError, ValueError):
            continue
        return event.to_dict()
    return None
