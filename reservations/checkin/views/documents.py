"""The one way to a guest's identity document or signature: a permission-checked host view.

Files live in private storage (see gorently.storage), encrypted with
FIELD_ENCRYPTION_KEY (see gorently.encrypted_files and `GuestDocument.store`).
The view reads the stored file, decrypts it and answers with the plaintext, on
local disk and on S3 alike. There is no redirect to a signed S3 URL: the object
in the bucket is ciphertext, which a browser cannot use, and the key must stay
on the app server; so the bytes always pass through the app. Files stored before
encryption (`encrypted=False`, until `manage.py encrypt_guest_documents` has
run) are sent as they are.

A file that is gone, or that no configured key decrypts (it was written with a
key since removed from FIELD_ENCRYPTION_KEY, or it is damaged), answers 404 and
the second is logged as an error: hosts see a missing image, not a server error.

Two ways in, and only one is written to the activity log:

- **Opening** a document (the plain URL: a host clicks a thumbnail or a link, and the
  file opens in full) is a person looking at someone's identity document: it is
  logged, once per person and document per LOG_EVERY seconds (a PDF viewer may fetch
  the file more than once).
- **`?inline=1`** is a page's own image: the thumbnails on the reservation page, the
  printed record's pictures and signature. It is not logged, so opening a reservation
  does not bury the audit trail in "viewed" entries. So that it cannot stand in for
  opening the document, a photo is sent scaled down to INLINE_SIDE pixels (a fresh,
  metadata-free copy); a PDF has no inline form (404: its tile links to the document);
  a signature, small already, is sent as it is.
"""

import io
import posixpath

from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.http import FileResponse, Http404
from django.views.decorators.http import require_safe

from accounts.activity import record_action
from accounts.permissions import host_view
from gorently.images import clean_image
from reservations.checkin.models import DocumentKind
from reservations.checkin.selectors import content_of, get_document_for
from reservations.selectors import get_reservation_for

LOG_EVERY = 30 * 60
INLINE_SIDE = 800  # a thumbnail on a high-density screen, or a picture on the printed record
PRIVATE_HEADERS = {"Cache-Control": "private, no-store", "X-Content-Type-Options": "nosniff"}


def is_inline(request):
    return request.GET.get("inline") == "1"


@host_view()
@require_safe
def document(request, pk, document_id):
    reservation = get_reservation_for(request.membership, pk)
    document = get_document_for(request.membership, reservation, document_id)
    inline = is_inline(request)
    content, content_type = content_of(document), document.content_type
    extension = posixpath.splitext(document.file.name)[1]
    if inline and document.kind != DocumentKind.SIGNATURE:
        content, content_type, extension = _preview(document, content)
    filename = f"{document.field_key}-{document.kind}{extension}"
    response = FileResponse(io.BytesIO(content), content_type=content_type, filename=filename)
    for header, value in PRIVATE_HEADERS.items():
        response[header] = value
    if not inline and cache.add(f"document-viewed:{request.user.pk}:{document.pk}", True, LOG_EVERY):
        _record_view(request, reservation, document)
    return response


def _preview(document, content):
    """A photo scaled down for a page; 404 for a PDF or a file that is no photo we read."""
    if not document.content_type.startswith("image/"):
        raise Http404
    try:
        preview = clean_image(content, name="preview", longest_side=INLINE_SIDE)
    except ValidationError:
        raise Http404 from None
    return preview.content.read(), preview.content_type, posixpath.splitext(preview.content.name)[1]


def _record_view(request, reservation, document):
    record_action(
        request.membership,
        "checkin.document_viewed",
        target=reservation,
        request=request,
        document_id=document.pk,
        field_key=document.field_key,
        kind=document.kind,
        guest=None if document.guest_index is None else document.guest_index + 1,
    )
