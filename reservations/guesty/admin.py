"""Guesty in the platform admin: read-mostly, for support.

No secret is ever shown (client secret, access token, webhook signing secret, the webhook's
address key), nor a guest's answer kept with an issue: staff see states, counts and ids.
Connections are changed by their owners on the integration page, where every change is logged.
"""

from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from reservations.guesty.models import GuestyConnection, GuestyField, GuestyListing, SyncIssue, SyncRun, WebhookDelivery


class ReadOnlyAdmin(admin.ModelAdmin):
    """Rows written by the sync alone: listed and opened, never added or edited here."""

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(GuestyConnection)
class GuestyConnectionAdmin(admin.ModelAdmin):
    list_display = ["organization", "status", "account_id", "checked_at", "reconcile_every_minutes",
                    "next_reconcile_at"]  # fmt: skip
    list_filter = ["status"]
    search_fields = ["organization__name", "account_id", "client_id"]
    list_select_related = ["organization"]
    fields = ["organization", "client_id", "account_id", "status", "status_message", "checked_at",
              "token_expires_at", "tokens_requested", "webhook_id", "reconcile_every_minutes", "next_reconcile_at",
              "created_at", "updated_at"]  # fmt: skip
    # Only the reconciliation interval may be changed here; the rest is the sync's.
    readonly_fields = [name for name in fields if name != "reconcile_every_minutes"]

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        # Deleting the row would leave Guesty's webhook behind: owners disconnect from the integration page.
        return False


@admin.register(SyncRun)
class SyncRunAdmin(ReadOnlyAdmin):
    list_display = ["__str__", "kind", "status", "organization", "created_at", "finished_at", "created", "updated",
                    "unchanged", "skipped", "failed", "requests"]  # fmt: skip
    list_filter = ["kind", "status", "created_at"]
    search_fields = ["organization__name", "trigger", "error"]
    list_select_related = ["organization"]
    date_hierarchy = "created_at"


class IssueStateFilter(admin.SimpleListFilter):
    title = _("state")
    parameter_name = "state"

    def lookups(self, request, model_admin):
        return [("open", _("Open")), ("resolved", _("Resolved"))]

    def queryset(self, request, queryset):
        if self.value() == "open":
            return queryset.filter(resolved_at__isnull=True)
        if self.value() == "resolved":
            return queryset.filter(resolved_at__isnull=False)
        return queryset


@admin.register(SyncIssue)
class SyncIssueAdmin(ReadOnlyAdmin):
    list_display = ["kind", "organization", "message_start", "guesty_reservation_id", "occurrences", "last_seen_at",
                    "resolved_at"]  # fmt: skip
    list_filter = ["kind", IssueStateFilter, "organization"]
    search_fields = ["message", "guesty_reservation_id", "guesty_listing_id", "guesty_field_id", "field_key"]
    list_select_related = ["organization"]
    # `value` is a guest's answer (identity data, encrypted): left out.
    fields = ["organization", "run", "kind", "message", "reservation", "guesty_reservation_id", "guesty_listing_id",
              "field_key", "guesty_field_id", "guesty_answer", "created_at", "last_seen_at", "occurrences",
              "resolved_at", "resolution"]  # fmt: skip
    readonly_fields = fields

    @admin.display(description=_("message"))
    def message_start(self, issue):
        return issue.message[:80]


@admin.register(WebhookDelivery)
class WebhookDeliveryAdmin(ReadOnlyAdmin):
    list_display = ["event", "organization", "guesty_reservation_id", "published_at", "received_at", "processed_at",
                    "outcome"]  # fmt: skip
    list_filter = ["event", "outcome", ("processed_at", admin.EmptyFieldListFilter)]
    search_fields = ["message_id", "guesty_reservation_id", "organization__name"]
    list_select_related = ["organization"]


@admin.register(GuestyListing)
class GuestyListingAdmin(ReadOnlyAdmin):
    list_display = ["__str__", "listing_id", "organization", "city", "country", "active", "ignored", "seen_at"]
    list_filter = ["ignored", "active"]
    search_fields = ["listing_id", "title", "nickname", "organization__name"]
    list_select_related = ["organization"]


@admin.register(GuestyField)
class GuestyFieldAdmin(ReadOnlyAdmin):
    list_display = ["display_name", "field_id", "type", "organization", "seen_at", "deleted_at"]
    list_filter = ["type", ("deleted_at", admin.EmptyFieldListFilter)]
    search_fields = ["display_name", "field_id", "key", "organization__name"]
    list_select_related = ["organization"]
