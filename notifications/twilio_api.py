"""The one way GoRently talks to Twilio: a `twilio.rest.Client` on TWILIO_API_URL (a local fake in tests, demo)."""

from django.conf import settings
from twilio.request_validator import RequestValidator
from twilio.rest import Client


def messaging_enabled():
    """WhatsApp and SMS are on once a Twilio account is configured; email works either way."""
    return bool(settings.TWILIO_ACCOUNT_SID and settings.TWILIO_AUTH_TOKEN)


def client():
    twilio = Client(settings.TWILIO_ACCOUNT_SID, settings.TWILIO_AUTH_TOKEN)
    # twilio-python has no base-URL argument: the API domain is swapped on the client (docs: INTEGRATIONS.md).
    twilio.api.base_url = settings.TWILIO_API_URL
    return twilio


def signed_by_twilio(request):
    """The request carries Twilio's signature of the public URL it was sent to and its form fields."""
    if not messaging_enabled():
        return False
    url = settings.PUBLIC_BASE_URL + request.get_full_path()
    signature = request.headers.get("X-Twilio-Signature", "")
    return RequestValidator(settings.TWILIO_AUTH_TOKEN).validate(url, request.POST.dict(), signature)
