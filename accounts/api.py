"""The API's activity log: what happened in the account, newest first (GET /api/v1/activity/)."""

import django_filters
from drf_spectacular.utils import OpenApiExample, extend_schema, extend_schema_view
from rest_framework import mixins, serializers
from rest_framework.routers import SimpleRouter

from accounts.api_base import AccountViewSet
from accounts.models import ActivityLog
from accounts.permissions import Rule
from accounts.selectors import activity_of
from gorently.api import Filters
from gorently.api_filters import MomentFilter


class ActivitySerializer(serializers.ModelSerializer):
    description = serializers.CharField(read_only=True, help_text="The action in words.")

    class Meta:
        model = ActivityLog
        fields = [
            "id",
            "created_at",
            "action",
            "description",
            "actor_type",
            "actor_label",
            "target_type",
            "target_id",
            "target_label",
            "details",
        ]


class ActivityFilter(django_filters.FilterSet):
    action = django_filters.CharFilter(method="starting_with", help_text="Actions starting with this: `order.`")
    since = MomentFilter(field_name="created_at", lookup_expr="gte", help_text="At or after this time (ISO 8601).")
    until = MomentFilter(field_name="created_at", lookup_expr="lt", help_text="Before this time (ISO 8601).")

    def starting_with(self, rows, name, value):
        return rows.filter(action__startswith=value)


@extend_schema_view(
    list=extend_schema(
        summary="List the activity log",
        description="The whole account's log (a key limited to some properties may not read it).",
        examples=[
            OpenApiExample(
                "An order approved",
                value={
                    "id": 812,
                    "created_at": "2026-11-30T10:15:00Z",
                    "action": "order.approved",
                    "description": "Approved extras",
                    "actor_type": "integration",
                    "actor_label": "API key Front desk (3fa94c1e)",
                    "target_type": "reservations.reservation",
                    "target_id": "1042",
                    "target_label": "Ana García · GR-7QK2",
                    "details": {"order": 77},
                },
                response_only=True,
            )
        ],
    )
)
class ActivityViewSet(mixins.ListModelMixin, AccountViewSet):
    serializer_class = ActivitySerializer
    filterset_class = ActivityFilter
    read_rule = Rule.VIEW_ACTIVITY
    queryset = ActivityLog.objects.none()
    filter_backends = [Filters]  # newest first (the cursor's -id), always

    def rows(self):
        return activity_of(self.actor).select_related(None)


router = SimpleRouter()
router.register("activity", ActivityViewSet, basename="activity")
urlpatterns = router.urls
