"""The Guesty integration's host pages, at /integrations/guesty/ (the webhook's address is in gorently.urls)."""

from django.urls import path

from reservations.guesty import views

app_name = "guesty"

urlpatterns = [
    path("", views.integration, name="integration"),
    path("progress/", views.progress, name="progress"),
    path("connect/", views.connect, name="connect"),
    path("test/", views.connection_test, name="test"),
    path("sync/", views.sync, name="sync"),
    path("settings/", views.sync_settings, name="settings"),
    path("disconnect/", views.disconnect, name="disconnect"),
    path("listings/", views.listings, name="listings"),
    path("listings/import/", views.import_listings, name="import_listings"),
    path("listings/<int:pk>/link/", views.link_listing, name="link_listing"),
    path("listings/<int:pk>/leave-out/", views.leave_out, name="leave_out"),
    path("fields/", views.fields, name="fields"),
    path("fields/map/", views.map_field, name="map_field"),
    path("issues/", views.issues, name="issues"),
    path("issues/retry/", views.retry_all, name="retry_all"),
    path("issues/<int:pk>/retry/", views.retry_issue, name="retry_issue"),
]
