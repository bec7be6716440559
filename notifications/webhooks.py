"""Twilio's webhooks: delivery statuses and guests' messages, both signed with `X-Twilio-Signature`.

The signature covers the public URL (PUBLIC_BASE_URL, so it holds behind a proxy) and the form
fields; a bad one answers 403 and stores nothing. Unknown fields are accepted (Twilio adds some
without notice).
"""

from django.db import IntegrityError, transaction
from django.http import HttpResponse
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST

from notifications.errors import explain
from notifications.models import FAILED_STATUSES, Message, MessageStatus
from notifications.services.inbound import receive
from notifications.services.sending import fall_back, set_status
from notifications.twilio_api import signed_by_twilio

EMPTY_TWIML = '<?xml version="1.0" encoding="UTF-8"?><Response></Response>'


@csrf_exempt
@require_POST
def twilio_status(request):
    if not signed_by_twilio(request):
        return HttpResponse("Bad signature.", status=403, content_type="text/plain")
    sid = request.POST.get("MessageSid", "")
    status = request.POST.get("MessageStatus", "")
    message = Message.objects.filter(provider_sid=sid).first() if sid else None
    if message is None or status not in MessageStatus.values:
        return HttpResponse(status=204)  # not ours, or a status we do not track: acknowledged
    code = request.POST.get("ErrorCode", "")
    if set_status(message, status, error_code=code, error_message=explain(code)) and status in FAILED_STATUSES:
        fall_back(message)
    return HttpResponse(status=204)


@csrf_exempt
@require_POST
def twilio_inbound(request):
    if not signed_by_twilio(request):
        return HttpResponse("Bad signature.", status=403, content_type="text/plain")
    try:
        with transaction.atomic():
            receive(request.POST.dict())
    except IntegrityError:
        pass  # the same message delivered twice: filed once
    return HttpResponse(EMPTY_TWIML, content_type="text/xml")
