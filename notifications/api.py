"""The API's messages: the conversations of the stays the caller sees, and a message sent to a stay's guest.

GET /api/v1/messages/ (newest first) and /messages/{id}/; POST /api/v1/messages/ queues a message through
the sending service, as the conversation on the reservation page does: everyone who sees a stay may
write to its guest (Rule.VIEW; a key needs read-and-write access), free text on WhatsApp only within
24 hours of the guest's last message, an approved template otherwise.
"""

import django_filters
from django.utils.translation import gettext as _
from drf_spectacular.utils import (
    OpenApiExample,
    extend_schema,
    extend_schema_serializer,
    extend_schema_view,
)
from rest_framework import mixins, serializers, status
from rest_framework.response import Response
from rest_framework.routers import SimpleRouter

from accounts.api_base import AccountViewSet
from accounts.permissions import Rule
from gorently.api import Filters
from gorently.api_filters import IdFilter, MomentFilter
from notifications.forms import HAND_EVENTS, MAX_TEXT
from notifications.models import Channel, Direction, Event, Message, MessageStatus
from notifications.rendering import render
from notifications.selectors import messages_of
from notifications.services.sending import best_channel, send
from reservations.models import Reservation
from reservations.selectors import reservations_of

# The messages sent by hand from a stay's page, each in its template's words ("Other" is free text: `body`).
EVENTS = [(event, label) for event, label in HAND_EVENTS if event != Event.MANUAL]


class MessageSerializer(serializers.ModelSerializer):
    to = serializers.CharField(read_only=True, help_text="`whatsapp:+E164`, `+E164` or an email address.")
    sender = serializers.CharField(read_only=True, help_text="Who it came from, in the same form as `to`.")
    content_sid = serializers.CharField(read_only=True, help_text="The WhatsApp template sent (Twilio Content SID).")
    author = serializers.CharField(
        read_only=True, help_text="A team member's email, `Automation: …`, an API key, or the guest's name."
    )
    error_code = serializers.CharField(read_only=True, help_text="Twilio's error code, when it failed.")
    fallback_for = serializers.PrimaryKeyRelatedField(
        read_only=True, help_text="The failed WhatsApp message this one replaced."
    )

    class Meta:
        model = Message
        fields = [
            "id",
            "reservation",
            "direction",
            "channel",
            "status",
            "to",
            "sender",
            "subject",
            "body",
            "content_sid",
            "author",
            "error_code",
            "error_message",
            "fallback_for",
            "read_at",
            "created_at",
            "updated_at",
        ]
        read_only_fields = fields


class MessageFilter(django_filters.FilterSet):
    reservation = IdFilter(field_name="reservation_id", help_text="The reservation's id.")
    direction = django_filters.ChoiceFilter(choices=Direction.choices, help_text="`out` sent, `in` received.")
    channel = django_filters.ChoiceFilter(choices=Channel.choices, help_text="How it went.")
    status = django_filters.ChoiceFilter(choices=MessageStatus.choices, help_text="Where its delivery is.")
    since = MomentFilter(
        field_name="created_at", lookup_expr="gte", help_text="Sent or received at or after this time (ISO 8601)."
    )


# "MessageRequest" in the schema: what one sends to make a message, beside the `Message` it answers.
@extend_schema_serializer(component_name="Message")
class SendSerializer(serializers.Serializer):
    reservation = serializers.PrimaryKeyRelatedField(
        queryset=Reservation.objects.none(), help_text="The stay whose guest it goes to."
    )
    channel = serializers.ChoiceField(
        choices=Channel.choices,
        required=False,
        help_text="Leave it out for the best one: WhatsApp when it may go, else SMS, else email.",
    )
    body = serializers.CharField(max_length=MAX_TEXT, required=False, help_text="Free text (or send `event` instead).")
    subject = serializers.CharField(
        max_length=200, required=False, help_text="For an email with `body`; an event brings its own."
    )
    event = serializers.ChoiceField(
        choices=EVENTS,
        required=False,
        help_text="A message in the account's words for the event (an approved WhatsApp template if there is one).",
    )

    def __init__(self, *args, actor=None, **kwargs):
        super().__init__(*args, **kwargs)
        if actor is not None:  # None: drf-spectacular, describing it
            self.fields["reservation"].queryset = reservations_of(actor).select_related("organization", "property")

    def validate(self, data):
        if ("body" in data) == ("event" in data):
            raise serializers.ValidationError(_("Send either `body` (free text) or `event` (a template)."))
        return data


MESSAGE = {
    "id": 5120,
    "reservation": 1042,
    "direction": "out",
    "channel": "whatsapp",
    "status": "queued",
    "to": "whatsapp:+34600111222",
    "sender": "whatsapp:+14155238886",
    "subject": "",
    "body": "Yes, there is free parking in front of the house.",
    "content_sid": "",
    "author": "API key Front desk (3fa94c1e)",
    "error_code": "",
    "error_message": "",
    "fallback_for": None,
    "read_at": None,
    "created_at": "2026-11-30T10:15:00Z",
    "updated_at": "2026-11-30T10:15:00Z",
}


@extend_schema_view(
    list=extend_schema(
        summary="List messages",
        description=(
            "Messages to and from the guests of the stays this key sees, newest first (`?reservation=` for one "
            "stay's conversation, `?since=` for what is new)."
        ),
        examples=[OpenApiExample("A reply", value=MESSAGE, response_only=True)],
    ),
    retrieve=extend_schema(
        summary="Get one message",
        description="One message, to follow its delivery `status`; another account's (or a stay out of sight) is 404.",
        examples=[OpenApiExample("A reply", value=MESSAGE, response_only=True)],
    ),
    create=extend_schema(
        summary="Send a message to a guest",
        description=(
            "Queues a message to the stay's guest and answers 202 with it; its `status` follows the delivery. "
            "Send `body` (free text) or `event` (the account's wording for it). WhatsApp takes free text only "
            "within 24 hours of the guest's last message; outside that window only an event with an approved "
            "template goes, and free text is a 400. A stay this key does not see is a 400 on `reservation`. "
            "Needs a read-and-write key; it is in the activity log as `message.sent`."
        ),
        request=SendSerializer,
        responses={202: MessageSerializer},
        examples=[
            OpenApiExample(
                "A reply",
                value={"reservation": 1042, "channel": "whatsapp", "body": MESSAGE["body"]},
                request_only=True,
            ),
            OpenApiExample(
                "The check-in reminder", value={"reservation": 1042, "event": "checkin_reminder"}, request_only=True
            ),
            OpenApiExample("Queued", value=MESSAGE, response_only=True, status_codes=["202"]),
        ],
    ),
)
class MessageViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, AccountViewSet):
    serializer_class = MessageSerializer
    filterset_class = MessageFilter
    queryset = Message.objects.none()
    filter_backends = [Filters]  # newest first (the cursor's -id)
    # As on the reservation page: whoever sees the stay answers its guest (concierges too).
    write_rule = Rule.VIEW

    def rows(self):
        return messages_of(self.actor)

    def create(self, request):
        form = SendSerializer(data=request.data, actor=self.actor)
        form.is_valid(raise_exception=True)
        message = _send(self.actor, request, **form.validated_data)
        return Response(MessageSerializer(message).data, status=status.HTTP_202_ACCEPTED)


def _send(actor, request, *, reservation, channel=None, body=None, subject="", event=None):
    """The service sends (and refuses: no address, WhatsApp's window, messaging off); here, only its arguments."""
    rendered = render(event, reservation) if event else None
    channel = channel or best_channel(reservation, content_sid=rendered.content_sid if rendered else "")
    if channel is None:
        raise serializers.ValidationError({"channel": [_("This guest has no phone number or email address.")]})
    if rendered is not None:
        template = channel == Channel.WHATSAPP
        return send(
            actor=actor,
            reservation=reservation,
            channel=channel,
            body=rendered.body,
            subject=rendered.subject if channel == Channel.EMAIL else "",
            content_sid=rendered.content_sid if template else "",
            content_variables=rendered.content_variables if template else None,
            request=request,
        )
    if channel == Channel.EMAIL:
        subject = subject or _("A message about your stay")
    return send(
        actor=actor,
        reservation=reservation,
        channel=channel,
        body=body,
        subject=subject if channel == Channel.EMAIL else "",
        request=request,
    )


router = SimpleRouter()
router.register("messages", MessageViewSet, basename="message")
urlpatterns = router.urls
