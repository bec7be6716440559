"""The API's properties and their guides (read only).

GET /api/v1/properties/ and /api/v1/properties/{id}/: the properties the caller sees, archived ones flagged.
GET /api/v1/properties/{property_id}/guide-sections/: one property's digital guide, in the order guests read it.

Neither ever shows a secret: no door code, no Wi-Fi password, no public guide token.
"""

import django_filters
from django import forms
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import (
    OpenApiExample,
    OpenApiParameter,
    extend_schema,
    extend_schema_field,
    extend_schema_view,
)
from rest_framework import mixins, serializers
from rest_framework.filters import OrderingFilter
from rest_framework.routers import SimpleRouter

from accounts.api_base import AccountViewSet
from gorently.api import ID, ID_SCHEMA, Cursor, Filters, id_in_path
from properties.models import GuidePlace, GuideSection, Property
from properties.selectors import get_property_for, properties_of, sections_of


# Ids are 64-bit: a larger number names no row and never reaches the database (SQLite cannot hold it).
@extend_schema_field({"type": "string", "pattern": "^[0-2][0-9]:[0-5][0-9]$", "example": "15:00"})
class LocalTimeField(serializers.TimeField):
    """A wall-clock time at the property, `15:00`: no offset (its time zone is the property's)."""

    def __init__(self, **kwargs):
        super().__init__(format="%H:%M", **kwargs)


NO_SECRETS = (
    "Secrets are never part of the API: no door code, Wi-Fi password or public guide token "
    "(they reach guests only through their private portal)."
)


# --- Properties ---------------------------------------------------------------------------------


class PropertySerializer(serializers.ModelSerializer):
    country = serializers.CharField(read_only=True, help_text="ISO 3166-1 alpha-2 code (`ES`); empty when not set.")
    timezone = serializers.CharField(read_only=True, help_text="IANA time zone: check-in times are local to it.")
    check_in_time = LocalTimeField(read_only=True, help_text="Guests may arrive from (local time, `HH:MM`).")
    check_out_time = LocalTimeField(read_only=True, help_text="Guests leave by (local time, `HH:MM`).")
    max_guests = serializers.IntegerField(read_only=True, help_text="How many guests the property sleeps.")
    archived = serializers.BooleanField(
        source="is_archived", read_only=True, help_text="Archived: no new reservations; its stays remain readable."
    )
    archived_at = serializers.DateTimeField(read_only=True, allow_null=True, help_text="When it was archived.")

    class Meta:
        model = Property
        fields = [
            "id",
            "name",
            "address",
            "city",
            "country",
            "timezone",
            "check_in_time",
            "check_out_time",
            "max_guests",
            "archived",
            "archived_at",
            "created_at",
            "updated_at",
        ]
        read_only_fields = fields


class YesOrNoField(forms.NullBooleanField):
    """`true` or `false` (also `1` / `0`); anything else is a 400, not quietly no filter."""

    widget = forms.TextInput  # the raw text: NullBooleanField's select would make anything else None

    def to_python(self, value):
        if value in (None, ""):
            return None
        answer = {"true": True, "1": True, "false": False, "0": False}.get(str(value).lower())
        if answer is None:
            raise forms.ValidationError(_("Send true or false."), code="invalid")
        return answer


class YesOrNoFilter(django_filters.BooleanFilter):
    field_class = YesOrNoField


class PropertyFilter(django_filters.FilterSet):
    archived = YesOrNoFilter(
        method="archived_or_not", help_text="`true`: archived properties only; `false`: active ones only. Default: all."
    )

    def archived_or_not(self, rows, name, value):
        return rows.filter(archived_at__isnull=not value)


PROPERTY_EXAMPLE = {
    "id": 14,
    "name": "Villa Mar",
    "address": "1 Beach Road",
    "city": "Valencia",
    "country": "ES",
    "timezone": "Europe/Madrid",
    "check_in_time": "15:00",
    "check_out_time": "11:00",
    "max_guests": 6,
    "archived": False,
    "archived_at": None,
    "created_at": "2026-03-02T09:12:44Z",
    "updated_at": "2026-10-18T16:40:03Z",
}


@extend_schema_view(
    list=extend_schema(
        summary="List properties",
        description=(
            "The properties the key (or member) sees: the whole account's, or those a limited key is given. "
            "Archived properties are included and flagged (`archived`); filter them with `archived`. " + NO_SECRETS
        ),
        examples=[OpenApiExample("A property", value=PROPERTY_EXAMPLE, response_only=True)],
    ),
    retrieve=extend_schema(
        summary="Get a property",
        description="One property the caller sees, archived or not; any other id is 404. " + NO_SECRETS,
        parameters=[OpenApiParameter("id", ID_SCHEMA, OpenApiParameter.PATH, description="The property's id.")],
        examples=[OpenApiExample("A property", value=PROPERTY_EXAMPLE, response_only=True)],
    ),
)
class PropertyViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, AccountViewSet):
    serializer_class = PropertySerializer
    filterset_class = PropertyFilter
    filter_backends = [Filters, OrderingFilter]
    ordering_fields = ["name", "updated_at"]
    queryset = Property.objects.none()
    lookup_value_regex = ID

    def rows(self):
        return properties_of(self.actor, include_archived=True)

    def get_object(self):
        property = get_property_for(self.actor, id_in_path(self))
        self.check_object_permissions(self.request, property)
        return property


# --- A property's guide ---------------------------------------------------------------------------


class GuidePlaceSerializer(serializers.ModelSerializer):
    note = serializers.DictField(
        child=serializers.CharField(), read_only=True, help_text="The host's note, by language code."
    )
    map_url = serializers.URLField(read_only=True, help_text="A map search for the address; empty without one.")

    class Meta:
        model = GuidePlace
        fields = ["id", "name", "category", "address", "link", "map_url", "note", "position"]
        read_only_fields = fields


class GuideSectionSerializer(serializers.ModelSerializer):
    title = serializers.DictField(
        child=serializers.CharField(), read_only=True, help_text="The title by language code (`en`, `es`…)."
    )
    body = serializers.DictField(
        child=serializers.CharField(),
        read_only=True,
        help_text=(
            "The text by language code, as the host wrote it: Markdown with `{placeholders}` left unfilled "
            "(`{door_code}` stays `{door_code}`: secrets are never filled in here)."
        ),
    )
    shared = serializers.SerializerMethodField(
        help_text="A section of the account shared across properties (edited once for all of them)."
    )
    public = serializers.SerializerMethodField(
        help_text="Shown to everyone, also on the public guide; else only to checked-in guests in their portal."
    )
    places = GuidePlaceSerializer(many=True, read_only=True, help_text="Local recommendations, in order.")

    class Meta:
        model = GuideSection
        fields = [
            "id",
            "kind",
            "icon",
            "title",
            "body",
            "position",
            "visibility",
            "unlock_hours_before",
            "public",
            "shared",
            "places",
            "created_at",
            "updated_at",
        ]
        read_only_fields = fields
        extra_kwargs = {
            "position": {"help_text": "Sections read in ascending position (then id)."},
            "visibility": {"help_text": "Who sees it: always, after check-in, or in the arrival window."},
            "unlock_hours_before": {
                "help_text": "For `arrival_window`: how many hours before check-in time the section opens."
            },
        }

    def get_shared(self, section) -> bool:
        return section.property_id is None

    def get_public(self, section) -> bool:
        return not section.is_secret()


class GuideOrder(Cursor):
    """The guide's own order; cursor pages like every list."""

    ordering = ("position", "id")


SECTION_EXAMPLE = {
    "id": 231,
    "kind": "arrival",
    "icon": "key",
    "title": {"en": "Getting in", "es": "Cómo entrar"},
    "body": {"en": "The key box is left of the door. Code: {door_code}.", "es": "La caja está a la izquierda."},
    "position": 1,
    "visibility": "arrival_window",
    "unlock_hours_before": 24,
    "public": False,
    "shared": False,
    "places": [],
    "created_at": "2026-03-02T09:30:00Z",
    "updated_at": "2026-09-11T12:05:41Z",
}


@extend_schema_view(
    list=extend_schema(
        summary="List a property's guide sections",
        description=(
            "The property's digital guide in the order guests read it: its own sections and the account's "
            "shared sections the host shows in this property's guide. Texts come in every language the host "
            "wrote. " + NO_SECRETS
        ),
        parameters=[
            OpenApiParameter("property_id", ID_SCHEMA, OpenApiParameter.PATH, description="The property's id.")
        ],
        examples=[OpenApiExample("An arrival section", value=SECTION_EXAMPLE, response_only=True)],
    )
)
class GuideSectionViewSet(mixins.ListModelMixin, AccountViewSet):
    """Nested under its property: a shared section belongs to several guides, and its place in each is the
    property's guide's, so a section is read through the property whose guide it is in."""

    serializer_class = GuideSectionSerializer
    pagination_class = GuideOrder
    filter_backends = []
    queryset = GuideSection.objects.none()

    def rows(self):
        return sections_of(get_property_for(self.actor, id_in_path(self, "property_id")))


router = SimpleRouter()
router.register("properties", PropertyViewSet, basename="property")
router.register(rf"properties/(?P<property_id>{ID})/guide-sections", GuideSectionViewSet, basename="guide-section")
urlpatterns = router.urls
