from django.contrib import admin

from notifications.models import Automation, Message, MessageTemplate, MessagingSettings, Occurrence, OptOut


class ReadOnly(admin.ModelAdmin):
    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(Message)
class MessageAdmin(ReadOnly):
    list_display = ["created_at", "organization", "direction", "channel", "to", "status", "error_code", "author"]
    list_filter = ["direction", "channel", "status", "created_at"]
    search_fields = ["to", "sender", "provider_sid", "body", "reservation__confirmation_code"]
    raw_id_fields = ["organization", "reservation", "fallback_for"]
    date_hierarchy = "created_at"
    list_select_related = ["organization"]


@admin.register(OptOut)
class OptOutAdmin(admin.ModelAdmin):
    list_display = ["contact", "channel", "organization", "created_at"]
    list_filter = ["channel"]
    search_fields = ["contact"]
    raw_id_fields = ["organization"]


@admin.register(MessagingSettings)
class MessagingSettingsAdmin(admin.ModelAdmin):
    list_display = ["organization", "fallback", "whatsapp_from", "sms_from", "quiet_from", "quiet_until"]
    list_filter = ["fallback"]
    raw_id_fields = ["organization"]


@admin.register(MessageTemplate)
class MessageTemplateAdmin(admin.ModelAdmin):
    list_display = ["organization", "event", "language", "content_sid"]
    list_filter = ["event", "language"]
    search_fields = ["body", "content_sid"]
    raw_id_fields = ["organization"]


@admin.register(Automation)
class AutomationAdmin(admin.ModelAdmin):
    list_display = ["organization", "event", "enabled", "days", "hour", "max_times"]
    list_filter = ["event", "enabled"]
    raw_id_fields = ["organization"]


@admin.register(Occurrence)
class OccurrenceAdmin(ReadOnly):
    list_display = ["created_at", "organization", "reservation", "event", "key", "outcome"]
    list_filter = ["event"]
    raw_id_fields = ["organization", "reservation", "message"]
