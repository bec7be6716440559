"""The one way to a guest's identity document or signature: a permission-checked host view.

Files live in private storage (see gorently.storage). On local disk the view
streams the file itself; on S3 it redirects to a signed URL valid for
`querystring_expire` seconds (120), so the bytes never pass through the app
server and no lasting link exists. Who saw which document is written to the
activity log, once per person and document per LOG_EVERY seconds: the
reservation page shows documents as thumbnails, and one entry per reload
would bury the audit trail in noise.
"""

import posixpath

from django.core.cache import cache
from django.http import FileResponse, Http404, HttpResponseRedirect
from django.views.decorators.http import require_safe

from accounts.activity import record_action
from accounts.permissions import host_view
from gorently.storage import serves_local_files
from reservations.checkin.selectors import get_document_for
from reservations.selectors import get_reservation_for

LOG_EVERY = 30 * 60
PRIVATE_HEADERS = {"Cache-Control": "private, no-store", "X-Content-Type-Options": "nosniff"}


@host_view()
@require_safe
def document(request, pk, document_id):
    reservation = get_reservation_for(request.membership, pk)
    document = get_document_for(request.membership, reservation, document_id)
    storage, name = document.file.storage, document.file.name
    filename = f"{document.field_key}-{document.kind}{posixpath.splitext(name)[1]}"
    if not serves_local_files(storage) and getattr(storage, "querystring_auth", False):
        response = HttpResponseRedirect(
            storage.url(
                name,
                parameters={
                    "ResponseContentType": document.content_type,
                    "ResponseContentDisposition": f'inline; filename="{filename}"',
                    "ResponseCacheControl": PRIVATE_HEADERS["Cache-Control"],
                },
            )
        )
    else:
        # Local disk, or a remote storage without signed URLs: the bytes go through this view.
        try:
            file = storage.open(name, "rb")
        except FileNotFoundError:
            raise Http404 from None
        response = FileResponse(file, content_type=document.content_type, filename=filename)
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
