from django.conf import settings
from django.middleware.locale import LocaleMiddleware
from django.shortcuts import render
from django.utils import translation
from django.utils.translation import gettext as _

# Pages whose language follows the visitor (browser, then their choice); the host dashboard stays English.
GUEST_PREFIXES = ("/g/", "/guide/", "/i18n/")


class GuestLocaleMiddleware(LocaleMiddleware):
    def process_request(self, request):
        if request.path.startswith(GUEST_PREFIXES):
            return super().process_request(request)
        translation.activate("en")
        request.LANGUAGE_CODE = "en"
        return None

    def process_response(self, request, response):
        if request.path.startswith(GUEST_PREFIXES):
            return super().process_response(request, response)
        return response


class RequestSizeLimitMiddleware:
    """Refuse a request body over MAX_REQUEST_MB before anything reads it (413).

    Django streams uploaded files to temporary disk without a total limit, and CSRF
    checking reads the body: this sits before it, so a 1.6 GB POST costs nothing but
    its headers. The proxy in front should refuse the same (nginx: client_max_body_size).
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        try:
            length = int(request.META.get("CONTENT_LENGTH") or 0)
        except ValueError:
            length = 0
        limit = settings.MAX_REQUEST_MB
        if length > limit * 1024 * 1024:
            context = {
                "title": _("Too much at once"),
                "message": _("You sent more than %(mb)d MB in one go. Send fewer or smaller files at a time.")
                % {"mb": limit},
            }
            return render(request, "portal/error.html", context, status=413)
        return self.get_response(request)
