"""Uploaded media in development (DEBUG): Django's static file view, with the caching production uses.

Cover photos and logos are stored under names made from their content (`cover-<sha256>.jpg`, and
their variants `cover-<sha256>/800w.avif`): an address never shows other bytes, so such a file may
be cached for a year as immutable. In production the web server, bucket or CDN in front of MEDIA_URL
sends the same header (README, "Images").
"""

import re

from django.conf import settings
from django.views.static import serve

IMMUTABLE = "public, max-age=31536000, immutable"
# `-<hash>`, with the suffix storage adds when the same bytes are stored twice (`-<hash>_AbC12x9`).
CONTENT_NAMED = re.compile(r"-[0-9a-f]{16}(?:_[A-Za-z0-9]+)?(?:\.[a-z0-9]+$|/)")


def serve_media(request, path):
    response = serve(request, path, document_root=settings.MEDIA_ROOT)
    if response.status_code == 200 and CONTENT_NAMED.search(path):
        response["Cache-Control"] = IMMUTABLE
    return response
