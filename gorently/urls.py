"""The project's URLs: each app's pages under its prefix. The one module that imports every app."""

from django.conf import settings
from django.contrib import admin
from django.urls import include, path, re_path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView

import accounts.api
import notifications.api
import payments.api
import properties.api
import reservations.api
import reservations.checkin.api
from gorently.api import not_found as api_not_found
from gorently.views import healthz
from notifications.webhooks import twilio_inbound, twilio_status
from payments.webhooks import stripe_webhook
from properties.urls import public_urlpatterns as public_guide_urls
from reservations.guesty.webhooks import guesty_webhook
from reservations.views import dashboard

admin.site.site_header = "GoRently platform admin"
admin.site.site_title = "GoRently admin"

# Each app's API (its `api` module), under /api/v1/.
api_v1 = [
    *accounts.api.urlpatterns,
    *properties.api.urlpatterns,
    *reservations.api.urlpatterns,
    *reservations.checkin.api.urlpatterns,
    *payments.api.urlpatterns,
    *notifications.api.urlpatterns,
]

urlpatterns = [
    path("", dashboard, name="dashboard"),
    path("healthz", healthz, name="healthz"),
    path("accounts/", include("accounts.urls")),
    path("properties/", include("properties.urls")),
    path("reservations/", include("reservations.urls")),
    path("checkin/", include("reservations.checkin.urls")),
    path("integrations/guesty/", include("reservations.guesty.urls")),
    path("payments/", include("payments.urls")),
    path("messages/", include("notifications.urls")),
    path("webhooks/guesty/<str:key>/", guesty_webhook, name="guesty_webhook"),
    path("webhooks/stripe/", stripe_webhook, name="stripe_webhook"),
    path("webhooks/twilio/status/", twilio_status, name="twilio_status"),
    path("webhooks/twilio/inbound/", twilio_inbound, name="twilio_inbound"),
    path("api/v1/", include((api_v1, "api"))),
    path("api/schema/", SpectacularAPIView.as_view(), name="api_schema"),
    path("api/docs/", SpectacularSwaggerSplitView.as_view(url_name="api_schema"), name="api_docs"),
    re_path(r"^api/", api_not_found),
    path("g/", include("portal.urls")),
    path("guide/", include((public_guide_urls, "guide"))),
    path("i18n/", include("django.conf.urls.i18n")),
    path("admin/", admin.site.urls),
]

if settings.DEBUG:
    from django.conf.urls.static import static

    from gorently.media import serve_media

    # Uploads, as `make run` serves them: content-named pictures with production's long cache header.
    urlpatterns += static(settings.MEDIA_URL, view=serve_media)
