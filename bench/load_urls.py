"""The load suite's URLs: the project's, plus the floor, a view that does nothing (no database, no template)."""

from django.http import HttpResponse
from django.urls import path
from django.views.decorators.http import require_GET

from gorently.urls import urlpatterns as project_urlpatterns

FLOOR_PATH = "/_bench/floor/"


@require_GET
def floor(request):
    """What the stack costs alone (gunicorn, middleware, routing): every page's throughput is compared with it."""
    return HttpResponse(b"ok", content_type="text/plain")


urlpatterns = [path(FLOOR_PATH.strip("/") + "/", floor, name="bench_floor"), *project_urlpatterns]
