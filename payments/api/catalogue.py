"""GET /api/v1/upsells/ and /{id}/: the extras catalogue (Rule.VIEW), as far as the caller sees the properties."""

import django_filters
from django.db.models import Q
from drf_spectacular.utils import OpenApiExample, extend_schema, extend_schema_field, extend_schema_view
from rest_framework import mixins, serializers

from accounts.api_base import AccountViewSet
from gorently.api import Filters
from gorently.api_filters import BooleanFilter, IdFilter
from payments.models import Upsell
from payments.selectors import visible_upsells

MINOR = "In minor units of `currency` (cents; yen for JPY)."


class UpsellSerializer(serializers.ModelSerializer):
    name = serializers.DictField(
        child=serializers.CharField(), read_only=True, help_text='By language code: {"en": "...", "es": "..."}.'
    )
    description = serializers.DictField(
        child=serializers.CharField(allow_blank=True), read_only=True, help_text="By language code, like `name`."
    )
    image = serializers.SerializerMethodField(help_text="The photo's address; null without one.")
    price = serializers.IntegerField(read_only=True, help_text=f"The unit price. {MINOR}")
    properties = serializers.SerializerMethodField(
        help_text="Where it is offered when `all_properties` is false (only the properties this key sees)."
    )

    class Meta:
        model = Upsell
        fields = [
            "id",
            "name",
            "description",
            "image",
            "price",
            "currency",
            "pricing",
            "max_quantity",
            "needs_approval",
            "active",
            "all_properties",
            "properties",
            "opens_days_before_arrival",
            "closes_hours",
            "closes_relative_to",
            "position",
            "created_at",
            "updated_at",
        ]
        read_only_fields = fields

    @extend_schema_field({"type": "string", "format": "uri", "nullable": True})
    def get_image(self, upsell):
        if not upsell.image:
            return None
        request = self.context.get("request")
        return request.build_absolute_uri(upsell.image.url) if request else upsell.image.url

    @extend_schema_field(serializers.ListField(child=serializers.IntegerField()))
    def get_properties(self, upsell):
        return [place.pk for place in upsell.properties_seen]


class UpsellFilter(django_filters.FilterSet):
    active = BooleanFilter(help_text="On sale (`true`) or not (`false`).")
    property = IdFilter(method="offered_at", help_text="Offered at this property (everywhere, or there).")

    def offered_at(self, rows, name, value):
        return rows.filter(Q(all_properties=True) | Q(properties=value)).distinct()


UPSELL = {
    "id": 14,
    "name": {"en": "Late check-out", "es": "Salida tardía"},
    "description": {"en": "Stay until 14:00."},
    "image": None,
    "price": 3000,
    "currency": "eur",
    "pricing": "per_stay",
    "max_quantity": 1,
    "needs_approval": True,
    "active": True,
    "all_properties": False,
    "properties": [3],
    "opens_days_before_arrival": None,
    "closes_hours": 24,
    "closes_relative_to": "departure",
    "position": 0,
    "created_at": "2026-10-02T09:00:00Z",
    "updated_at": "2026-10-02T09:00:00Z",
}


@extend_schema_view(
    list=extend_schema(
        summary="List the extras catalogue",
        description=(
            "The extras the account sells to guests (on sale or not), newest first. A key limited to some "
            "properties sees the extras offered at them."
        ),
        examples=[OpenApiExample("Late check-out", value=UPSELL, response_only=True)],
    ),
    retrieve=extend_schema(
        summary="Get one extra",
        description="One extra of the catalogue; another account's (or one offered only elsewhere) is 404.",
        examples=[OpenApiExample("Late check-out", value=UPSELL, response_only=True)],
    ),
)
class UpsellViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, AccountViewSet):
    serializer_class = UpsellSerializer
    filterset_class = UpsellFilter
    queryset = Upsell.objects.none()
    filter_backends = [Filters]

    def rows(self):
        return visible_upsells(self.actor)
