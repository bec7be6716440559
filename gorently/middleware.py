from django.middleware.locale import LocaleMiddleware
from django.utils import translation

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
