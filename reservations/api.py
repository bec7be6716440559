"""The API's reservations: list, read, add, change and cancel stays.

GET /api/v1/reservations/ (filters, cursor pages), GET /api/v1/reservations/{id}/, POST /api/v1/reservations/,
PATCH /api/v1/reservations/{id}/, POST /api/v1/reservations/{id}/cancel/. Reads need Rule.VIEW, writes
Rule.EDIT_RESERVATIONS (a read-and-write key); every write goes through reservations.services and is logged.
"""

from datetime import date

import django_filters
from django.conf import settings
from django.core.exceptions import NON_FIELD_ERRORS
from django.core.exceptions import ValidationError as DjangoValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import (
    OpenApiExample,
    OpenApiParameter,
    extend_schema,
    extend_schema_field,
    extend_schema_view,
)
from phonenumber_field.serializerfields import PhoneNumberField
from rest_framework import mixins, serializers, status
from rest_framework.decorators import action
from rest_framework.response import Response
from rest_framework.routers import SimpleRouter

from accounts.api_base import AccountViewSet
from accounts.permissions import Rule
from gorently.api import ID, ID_SCHEMA, MAX_ID, id_in_path
from gorently.api_filters import IdFilter, MomentFilter
from properties.models import Property
from properties.selectors import properties_of
from reservations import services
from reservations.models import CheckinStatus, Reservation, ReservationStatus
from reservations.selectors import get_reservation_for, reservations_of

ID_PARAMETER = OpenApiParameter(
    "id",
    ID_SCHEMA,
    OpenApiParameter.PATH,
    description="The reservation's id.",
)


# Stays' days: wide enough for any booking, far from the calendar's ends (a day past 9999-12-31 cannot be).
DAYS = [MinValueValidator(date(2000, 1, 1)), MaxValueValidator(date(2199, 12, 31))]
CODE_TAKEN = next(c for c in Reservation._meta.constraints if c.name == "unique_confirmation_code")


def said_of_fields(error):
    """A service's refusal with the model's non-field errors named as the API names them: the account's
    confirmation codes clashing under `confirmation_code`, the rest under `non_field_errors`."""
    if not hasattr(error, "error_dict") or NON_FIELD_ERRORS not in error.error_dict:
        return error
    fields = dict(error.error_dict)
    for problem in fields.pop(NON_FIELD_ERRORS):
        name = "confirmation_code" if problem.message == CODE_TAKEN.violation_error_message else "non_field_errors"
        fields.setdefault(name, []).append(problem)
    return DjangoValidationError(fields)


@extend_schema_field(ID_SCHEMA)
class PropertyField(serializers.PrimaryKeyRelatedField):
    """A property the caller sees, by id. Any other id (another account's, or a property the key is not
    given) reads as missing, so the answer never tells whether it exists."""

    def get_queryset(self):
        return properties_of(self.context["view"].actor, include_archived=True)

    def to_internal_value(self, data):
        if isinstance(data, str) and data.isascii() and data.isdigit():
            data = int(data)
        if isinstance(data, bool) or not isinstance(data, int):
            self.fail("incorrect_type", data_type=type(data).__name__)
        if not 1 <= data <= MAX_ID:
            self.fail("does_not_exist", pk_value=data)
        return super().to_internal_value(data)


class ReservationSerializer(serializers.ModelSerializer):
    property = PropertyField(
        queryset=Property.objects.none(),
        help_text="The property's id: one the key sees and not archived (a stay may keep an archived one).",
    )
    confirmation_code = serializers.CharField(
        max_length=40, required=False, help_text="Unique in the account; leave it out to have one made up (GR-7QK2MX)."
    )
    guest_phone = PhoneNumberField(
        required=False, allow_blank=True, help_text="In international (E.164) form: `+34600123456`."
    )
    guest_language = serializers.ChoiceField(
        choices=[("", "As the guest's browser says"), *settings.LANGUAGES],
        required=False,
        allow_blank=True,
        help_text="The language the guest pages open in; empty: the guest's browser decides.",
    )
    portal_url = serializers.SerializerMethodField(
        help_text=(
            "The guest's private portal (check-in, guide, extras): the link to send the guest. "
            "Null while the link is switched off or the stay is canceled."
        )
    )

    class Meta:
        model = Reservation
        fields = [
            "id",
            "property",
            "confirmation_code",
            "channel",
            "status",
            "check_in",
            "check_out",
            "guests_count",
            "guest_name",
            "guest_email",
            "guest_phone",
            "guest_language",
            "notes",
            "checkin_status",
            "checkin_completed_at",
            "party_checked_in",
            "portal_url",
            "external_id",
            "created_at",
            "updated_at",
        ]
        read_only_fields = [
            "id",
            "checkin_status",
            "checkin_completed_at",
            "party_checked_in",
            "portal_url",
            "external_id",
            "created_at",
            "updated_at",
        ]
        extra_kwargs = {
            "status": {"help_text": "Not `canceled` here: cancel a stay with POST /api/v1/reservations/{id}/cancel/."},
            "check_in": {"help_text": "Arrival day (the property's local date), in 2000–2199.", "validators": DAYS},
            "check_out": {"help_text": "Departure day: after `check_in`, in 2000–2199.", "validators": DAYS},
            "guests_count": {"help_text": "Guests booked: at most the property's `max_guests`."},
            "notes": {"help_text": "Internal notes for the team; guests never see them."},
            "checkin_status": {"help_text": "The guests' online check-in."},
            "party_checked_in": {"help_text": "How many guests the online check-in named (null before it)."},
            "external_id": {"help_text": "The stay's id in Guesty, for synced stays; empty otherwise."},
        }

    @extend_schema_field(serializers.URLField(allow_null=True))
    def get_portal_url(self, reservation) -> str | None:
        if reservation.portal_revoked_at is not None or reservation.status == ReservationStatus.CANCELED:
            return None
        return settings.SITE_URL + reverse("portal:home", args=[reservation.portal_token])

    def validate_property(self, property):
        keeps_it = self.instance is not None and self.instance.property_id == property.pk
        if property.is_archived and not keeps_it:
            raise serializers.ValidationError(_("This property is archived: restore it to add stays to it."))
        return property

    def validate_status(self, value):
        unchanged = self.instance is not None and self.instance.status == value
        if value == ReservationStatus.CANCELED and not unchanged:
            raise serializers.ValidationError(_("Cancel a stay with POST /api/v1/reservations/{id}/cancel/."))
        return value


class ReservationFilter(django_filters.FilterSet):
    property = IdFilter(field_name="property_id", help_text="Stays at this property (its id).")
    status = django_filters.ChoiceFilter(choices=ReservationStatus.choices, help_text="The booking's status.")
    checkin_status = django_filters.ChoiceFilter(
        choices=CheckinStatus.choices, help_text="The guests' online check-in."
    )
    arrival_from = django_filters.DateFilter(
        field_name="check_in", lookup_expr="gte", help_text="Arriving on or after this day (`2026-07-01`)."
    )
    arrival_to = django_filters.DateFilter(
        field_name="check_in", lookup_expr="lte", help_text="Arriving on or before this day (`2026-07-31`)."
    )
    updated_since = MomentFilter(
        field_name="updated_at",
        lookup_expr="gte",
        help_text="Changed at or after this time (ISO 8601, `2026-11-30T10:00:00Z`): for incremental syncs.",
    )


RESERVATION_EXAMPLE = {
    "id": 1042,
    "property": 14,
    "confirmation_code": "GR-7QK2MX",
    "channel": "direct",
    "status": "confirmed",
    "check_in": "2026-12-20",
    "check_out": "2026-12-27",
    "guests_count": 2,
    "guest_name": "Ana García",
    "guest_email": "ana@example.net",
    "guest_phone": "+34600123456",
    "guest_language": "es",
    "notes": "Late arrival, around 23:00.",
    "checkin_status": "completed",
    "checkin_completed_at": "2026-12-18T19:02:11Z",
    "party_checked_in": 2,
    "portal_url": "https://app.gorently.com/g/9bq2…/",
    "external_id": "",
    "created_at": "2026-11-02T08:15:00Z",
    "updated_at": "2026-12-18T19:02:11Z",
}
NEW_RESERVATION = {
    "property": 14,
    "check_in": "2026-12-20",
    "check_out": "2026-12-27",
    "guests_count": 2,
    "guest_name": "Ana García",
    "guest_email": "ana@example.net",
    "guest_phone": "+34600123456",
    "guest_language": "es",
}
SEES = "Only stays at properties the key sees; any other id is 404."


@extend_schema_view(
    list=extend_schema(
        summary="List reservations",
        description=(
            "The stays at the properties the key sees, newest first (`-id`) or sorted by `ordering` "
            "(`check_in`, `created_at`, `updated_at`, `-` for descending). Sync changes with `updated_since`."
        ),
        examples=[OpenApiExample("A reservation", value=RESERVATION_EXAMPLE, response_only=True)],
    ),
    retrieve=extend_schema(
        summary="Get a reservation",
        description=SEES + " `portal_url` is the guest's private link.",
        parameters=[ID_PARAMETER],
        examples=[OpenApiExample("A reservation", value=RESERVATION_EXAMPLE, response_only=True)],
    ),
    create=extend_schema(
        summary="Add a reservation",
        description=(
            "Needs a read-and-write key. Without `confirmation_code` one is made up. The main guest is added "
            "from the guest fields, and the change is in the activity log under the key's name. "
            "`status` may not be `canceled`."
        ),
        examples=[
            OpenApiExample("A direct booking", value=NEW_RESERVATION, request_only=True),
            OpenApiExample("Added", value=RESERVATION_EXAMPLE, response_only=True, status_codes=["201"]),
        ],
    ),
    partial_update=extend_schema(
        summary="Change a reservation",
        description=(
            "Send only the fields to change. Needs a read-and-write key. A stay may stay at its archived "
            "property, not move to one. `status` may not become `canceled`: use the cancel action. "
            "A Guesty-synced stay is overwritten by the next sync; change it in Guesty. " + SEES
        ),
        parameters=[ID_PARAMETER],
        examples=[
            OpenApiExample("Two more guests", value={"guests_count": 4, "notes": "Cot needed."}, request_only=True),
            OpenApiExample("Changed", value=RESERVATION_EXAMPLE | {"guests_count": 4}, response_only=True),
        ],
    ),
    cancel=extend_schema(
        summary="Cancel a reservation",
        description=(
            "Sets the status to `canceled` (logged as `reservation.canceled`); the guest's link stops opening. "
            "Canceling a canceled stay changes nothing. Needs a read-and-write key. " + SEES
        ),
        parameters=[ID_PARAMETER],
        request=None,
        examples=[
            OpenApiExample(
                "Canceled",
                value=RESERVATION_EXAMPLE | {"status": "canceled", "portal_url": None},
                response_only=True,
            )
        ],
    ),
)
class ReservationViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, AccountViewSet):
    serializer_class = ReservationSerializer
    filterset_class = ReservationFilter
    ordering_fields = ["check_in", "created_at", "updated_at"]
    write_rule = Rule.EDIT_RESERVATIONS
    action_rules = {"cancel": Rule.EDIT_RESERVATIONS}
    queryset = Reservation.objects.none()
    lookup_value_regex = ID

    def rows(self):
        return reservations_of(self.actor)

    def get_object(self):
        reservation = get_reservation_for(self.actor, id_in_path(self))
        self.check_object_permissions(self.request, reservation)
        return reservation

    def create(self, request):
        serializer = self.get_serializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        try:
            reservation = services.create_reservation(actor=self.actor, request=request, **serializer.validated_data)
        except DjangoValidationError as error:
            raise said_of_fields(error) from None
        return Response(self.get_serializer(reservation).data, status=status.HTTP_201_CREATED)

    def partial_update(self, request, pk=None):
        reservation = self.get_object()
        serializer = self.get_serializer(reservation, data=request.data, partial=True)
        serializer.is_valid(raise_exception=True)
        try:
            services.update_reservation(
                actor=self.actor, reservation=reservation, request=request, **serializer.validated_data
            )
        except DjangoValidationError as error:
            raise said_of_fields(error) from None
        return Response(self.get_serializer(reservation).data)

    @action(detail=True, methods=["post"])
    def cancel(self, request, pk=None):
        reservation = services.cancel_reservation(actor=self.actor, reservation=self.get_object(), request=request)
        return Response(self.get_serializer(reservation).data)


router = SimpleRouter()
router.register("reservations", ReservationViewSet, basename="reservation")
urlpatterns = router.urls
