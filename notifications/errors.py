"""Twilio's error codes in words a host understands (https://www.twilio.com/docs/api/errors)."""

from django.utils.translation import gettext_lazy as _

EXPLANATIONS = {
    "21211": _("The phone number is not valid."),
    "21610": _("The guest replied STOP to this number: Twilio will not send to them."),
    "21614": _("The number is not a mobile number: it cannot receive text messages."),
    "63003": _("The number is not on WhatsApp."),
    "63016": _("Outside WhatsApp's 24-hour window: only an approved template can be sent."),
    "30003": _("The phone is off or out of reach."),
    "30005": _("The number does not exist or is no longer in use."),
    "30006": _("The number is a landline or cannot receive messages."),
    "30007": _("The carrier filtered the message out as unwanted."),
    "30008": _("The message could not be delivered for an unknown reason."),
}


def explain(code):
    return str(EXPLANATIONS.get(str(code or ""), _("Twilio could not deliver the message."))) if code else ""
