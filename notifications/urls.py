"""The messaging host pages, at /messages/ (Twilio's webhooks are in gorently.urls)."""

from django.urls import path

from notifications.views import conversation, inbox, remind, settings

app_name = "notifications"

urlpatterns = [
    path("", inbox.inbox, name="inbox"),
    path("stay/<int:pk>/", conversation.conversation, name="conversation"),
    path("stay/<int:pk>/send/", conversation.send, name="send"),
    path("stay/<int:pk>/preview/", conversation.preview, name="preview"),
    path("unassigned/<int:pk>/", inbox.file_unassigned, name="file_unassigned"),
    path("remind/", remind.remind, name="remind"),
    path("settings/", settings.settings_page, name="settings"),
    path("settings/template/<str:event>/<str:language>/", settings.template_edit, name="template"),
]
