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

Who saw which document is written to the activity log, once per person and
document per LOG_EVERY seconds: the reservation page shows documents as
thumbnails, and one entry per reload would bury the audit trail in noise.
"""

import io
import logging
import posixpath

from django.core.cache import cache
from django.http import FileResponse, Http404
from django.views.decorators.http import require_safe

from accounts.activity import record_action
from accounts.permissions import host_view
from gorently.encrypted_files import UnreadableFile
from reservations.checkin.selectors import get_document_for
from reservations.selectors import get_reservation_for

logger = logging.getLogger(__name__)

LOG_EVERY = 30 * 60
PRIVATE_HEADERS = {"Cache-Control": "private, no-store", "X-Content-Type-Options": "nosniff"}


@host_view()
@require_safe
def document(request, pk, document_id):
    reservation = get_reservation_for(request.membership, pk)
    document = get_document_for(request.membership, reservation, document_id)
    filename = f"{document.field_key}-{document.kind}{posixpath.splitext(document.file.name)[1]}"
    try:
        content = document.read()
    except FileNotFoundError:
        raise Http404 from None
    except UnreadableFile:
        logger.error(
            "Guest document %s (%s) cannot be decrypted with FIELD_ENCRYPTION_KEY: "
            "written with a key no longer configured, or damaged.",
            document.pk,
            document.file.name,
        )
        raise Http404 from None
    response = FileResponse(io.BytesIO(content), content_type=document.content_type, filename=filename)
    for header, value in PRIVATE_HEADERS.items():
        response[header] = value
    if cache.add(f"document-viewed:{request.user.pk}:{document.pk}", True, LOG_EVERY):
        _record_view(request, reservation, document)
    return response


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
