"""The permission-checked view of a guest's identity document (local disk storage).

Files are stored encrypted with FIELD_ENCRYPTION_KEY; the view decrypts them. Files
stored before encryption are still served as they are.
"""

import io
import logging
from datetime import timedelta
from pathlib import Path

import pytest
from django.conf import settings
from django.core.cache import cache
from django.core.exceptions import SuspiciousFileOperation
from django.http import Http404
from django.test import RequestFactory
from django.urls import reverse
from django.utils import timezone
from django.views.static import serve
from PIL import Image

from accounts.models import ActivityLog
from gorently import encrypted_files
from reservations.checkin.services.retention import purge_expired_documents
from reservations.checkin.views.documents import INLINE_SIDE
from tests.checkins import png_bytes
from tests.factories import CheckinSubmissionFactory, GuestDocumentFactory, ReservationFactory

PHOTO = b"\x89PNG\r\n\x1a\nthe bytes of a passport photo"
PNG_MAGIC = b"\x89PNG"
ANOTHER_KEY = "bm90LXRoZS1rZXktdGhhdC13cm90ZS10aGUtZmlsZSE="


@pytest.fixture(autouse=True)
def private_media(settings, tmp_path):
    """Private storage in a fresh folder, outside MEDIA_ROOT as in production."""
    location = tmp_path / "private-media"
    settings.STORAGES = {
        **settings.STORAGES,
        "private": {
            "BACKEND": "gorently.storage.PrivateFileSystemStorage",
            "OPTIONS": {"location": location, "base_url": None},
        },
    }
    return location


def _document(reservation, **kwargs):
    submission = CheckinSubmissionFactory(reservation=reservation)
    return GuestDocumentFactory(submission=submission, data=PHOTO, **kwargs)


def _url(document):
    return reverse("checkin:document", kwargs={"pk": document.submission.reservation_id, "document_id": document.pk})


@pytest.mark.parametrize("role", ["owner", "manager", "concierge"])
def test_members_who_see_the_reservation_get_the_exact_file_with_private_headers(client_for, cast, role):
    document = _document(cast.villa_reservation)
    response = client_for(cast.member(role)).get(_url(document))
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == PHOTO
    assert response["Content-Type"] == "image/png"
    assert response["Content-Disposition"].startswith("inline")
    assert "attachment" not in response["Content-Disposition"]
    assert response["Cache-Control"] == "private, no-store"
    assert response["X-Content-Type-Options"] == "nosniff"


def test_each_view_is_logged_with_who_saw_which_document(client_for, cast):
    document = _document(cast.villa_reservation)
    client_for(cast.concierge).get(_url(document))
    entry = ActivityLog.objects.get(action="checkin.document_viewed")
    assert entry.organization == cast.organization
    assert entry.actor_user == cast.concierge.user
    assert entry.target_id == str(cast.villa_reservation.pk)
    assert entry.details == {"document_id": document.pk, "field_key": "document_photo", "kind": "front", "guest": 1}


def test_looking_again_soon_after_is_not_logged_twice_but_another_person_is(client_for, cast):
    document = _document(cast.villa_reservation)
    concierge = client_for(cast.concierge)
    concierge.get(_url(document))
    concierge.get(_url(document))
    client_for(cast.owner).get(_url(document))

    viewers = ActivityLog.objects.filter(action="checkin.document_viewed").values_list("actor_user", flat=True)
    assert sorted(viewers) == sorted([cast.concierge.user.pk, cast.owner.user.pk])


def test_looking_again_later_is_logged_again(client_for, cast):
    document = _document(cast.villa_reservation)
    concierge = client_for(cast.concierge)
    concierge.get(_url(document))
    cache.clear()  # what LOG_EVERY seconds do
    concierge.get(_url(document))

    assert ActivityLog.objects.filter(action="checkin.document_viewed").count() == 2


def test_a_manager_not_assigned_to_the_property_is_told_it_does_not_exist(client_for, cast):
    document = _document(cast.loft_reservation)
    assert client_for(cast.manager).get(_url(document)).status_code == 404
    assert not ActivityLog.objects.filter(action="checkin.document_viewed").exists()


def test_an_outsider_is_told_it_does_not_exist(client_for, cast):
    document = _document(cast.villa_reservation)
    assert client_for(cast.outsider).get(_url(document)).status_code == 404


def test_the_outsider_cannot_reach_the_document_through_their_own_reservation(client_for, cast):
    document = _document(cast.villa_reservation)
    url = reverse("checkin:document", kwargs={"pk": cast.outsider_reservation.pk, "document_id": document.pk})
    assert client_for(cast.outsider).get(url).status_code == 404


def test_another_reservations_document_id_is_404(client_for, cast):
    loft_document = _document(cast.loft_reservation)
    _document(cast.villa_reservation)
    url = reverse("checkin:document", kwargs={"pk": cast.villa_reservation.pk, "document_id": loft_document.pk})
    assert client_for(cast.owner).get(url).status_code == 404


def test_a_missing_document_is_404(client_for, cast):
    url = reverse("checkin:document", kwargs={"pk": cast.villa_reservation.pk, "document_id": 999999})
    assert client_for(cast.owner).get(url).status_code == 404


def test_a_purged_check_ins_documents_are_gone(client_for, cast):
    document = _document(cast.villa_reservation)
    document.submission.purged_at = timezone.now()
    document.submission.save()
    assert client_for(cast.owner).get(_url(document)).status_code == 404


def test_after_the_retention_purge_only_the_signature_can_be_seen(client_for, cast, settings):
    settings.GUEST_DOCUMENT_RETENTION_DAYS = 30
    today = timezone.now().date()
    past = ReservationFactory(
        property=cast.villa, check_in=today - timedelta(days=60), check_out=today - timedelta(days=57)
    )
    photo = _document(past)
    signature = GuestDocumentFactory(
        submission=photo.submission, guest_index=None, field_key="signature", kind="signature", data=PHOTO
    )
    photo_url = _url(photo)
    assert len(purge_expired_documents()) == 1
    client = client_for(cast.concierge)
    assert client.get(photo_url).status_code == 404
    response = client.get(_url(signature))
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == PHOTO


def test_anonymous_visitors_are_sent_to_sign_in(client, cast):
    document = _document(cast.villa_reservation)
    response = client.get(_url(document))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:login"))


def test_only_get_and_head_are_answered(client_for, cast):
    document = _document(cast.villa_reservation)
    assert client_for(cast.owner).post(_url(document)).status_code == 405


def test_the_file_has_no_public_url(client, cast, private_media):
    document = _document(cast.villa_reservation)
    name = document.file.name
    stored = Path(document.file.path)
    assert stored.is_relative_to(private_media)
    assert not stored.is_relative_to(Path(settings.MEDIA_ROOT))
    with pytest.raises(ValueError, match="not accessible via a URL"):
        document.file.url  # noqa: B018
    assert client.get(settings.MEDIA_URL + name).status_code == 404
    # Even where DEBUG serves MEDIA_ROOT, the private files are not under it, nor reachable by "..".
    request = RequestFactory().get("/")
    for path in (name, f"../{private_media.name}/{name}"):
        with pytest.raises((Http404, SuspiciousFileOperation)):
            serve(request, path, document_root=settings.MEDIA_ROOT)


def test_the_default_settings_keep_private_files_outside_media_root():
    from gorently import settings as production

    private = Path(production.STORAGES["private"]["OPTIONS"]["location"])
    assert production.STORAGES["private"]["OPTIONS"]["base_url"] is None
    assert not private.is_relative_to(Path(production.MEDIA_ROOT))


def test_a_row_whose_file_is_missing_is_404_not_an_error(client_for, cast):
    document = _document(cast.villa_reservation)
    Path(document.file.path).unlink()
    assert client_for(cast.owner).get(_url(document)).status_code == 404


# --- Encryption at rest ---------------------------------------------------------------------------


def test_the_file_on_disk_is_ciphertext_and_the_view_returns_the_original_bytes(client_for, cast):
    document = _document(cast.villa_reservation)
    stored = Path(document.file.path).read_bytes()
    assert document.encrypted
    assert PNG_MAGIC not in stored
    assert b"passport photo" not in stored
    assert encrypted_files.decrypt(stored) == PHOTO

    response = client_for(cast.concierge).get(_url(document))

    assert response.status_code == 200
    assert b"".join(response.streaming_content) == PHOTO
    assert response["Content-Length"] == str(len(PHOTO))


def test_a_file_stored_before_encryption_is_still_served(client_for, cast):
    document = _document(cast.villa_reservation, encrypted=False)
    assert Path(document.file.path).read_bytes() == PHOTO

    response = client_for(cast.concierge).get(_url(document))

    assert response.status_code == 200
    assert b"".join(response.streaming_content) == PHOTO
    assert response["Content-Type"] == "image/png"
    assert response["Cache-Control"] == "private, no-store"


@pytest.mark.parametrize("damage", ["written with a key no longer configured", "changed on disk"])
def test_a_file_that_cannot_be_decrypted_is_404_and_logged_not_a_server_error(
    client_for, cast, settings, caplog, damage
):
    document = _document(cast.villa_reservation)
    if damage == "changed on disk":
        stored = Path(document.file.path)
        token = bytearray(stored.read_bytes())
        token[40] = ord("A") if token[40] != ord("A") else ord("B")
        stored.write_bytes(bytes(token))
    else:
        settings.FIELD_ENCRYPTION_KEY = [ANOTHER_KEY]

    with caplog.at_level(logging.ERROR, logger="reservations.checkin.selectors"):
        response = client_for(cast.owner).get(_url(document))

    assert response.status_code == 404
    [record] = caplog.records
    assert f"Guest document {document.pk}" in record.getMessage()
    assert "cannot be decrypted" in record.getMessage()
    assert not ActivityLog.objects.filter(action="checkin.document_viewed").exists()


# --- Opening a document, and a page's own pictures of it (?inline=1) ---------------------------------


def _photo(reservation, size=(1600, 1000), **kwargs):
    submission = CheckinSubmissionFactory(reservation=reservation)
    return GuestDocumentFactory(submission=submission, data=png_bytes(size), **kwargs)


def _viewed():
    return ActivityLog.objects.filter(action="checkin.document_viewed")


def test_a_thumbnail_is_not_logged_but_opening_the_document_is(client_for, cast):
    document = _photo(cast.villa_reservation)
    client = client_for(cast.concierge)

    assert client.get(_url(document), {"inline": "1"}).status_code == 200
    assert not _viewed().exists()

    assert client.get(_url(document)).status_code == 200
    assert _viewed().get().actor_user == cast.concierge.user


def test_a_thumbnail_is_a_small_copy_of_the_photo_not_the_document_itself(client_for, cast):
    """So that ?inline=1 cannot stand in for opening the document without it being logged."""
    document = _photo(cast.villa_reservation, size=(1600, 1000))

    response = client_for(cast.owner).get(_url(document), {"inline": "1"})

    with Image.open(io.BytesIO(b"".join(response.streaming_content))) as thumbnail:
        assert max(thumbnail.size) <= INLINE_SIDE
    assert response["Content-Type"] == "image/png"
    assert response["Cache-Control"] == "private, no-store"
    full = client_for(cast.owner).get(_url(document))
    with Image.open(io.BytesIO(b"".join(full.streaming_content))) as original:
        assert original.size == (1600, 1000)


def test_a_pdf_has_no_thumbnail(client_for, cast):
    document = _document(cast.villa_reservation, content_type="application/pdf")

    assert client_for(cast.owner).get(_url(document), {"inline": "1"}).status_code == 404
    assert not _viewed().exists()


def test_a_signature_on_a_page_is_sent_as_it_is_and_not_logged(client_for, cast):
    signature = _document(cast.villa_reservation, guest_index=None, field_key="signature", kind="signature")

    response = client_for(cast.owner).get(_url(signature), {"inline": "1"})

    assert b"".join(response.streaming_content) == PHOTO
    assert not _viewed().exists()


@pytest.mark.parametrize("marker", ["0", "yes", "", "1 "])
def test_only_the_exact_marker_makes_a_page_image(client_for, cast, marker):
    document = _photo(cast.villa_reservation)

    client_for(cast.owner).get(_url(document), {"inline": marker})

    assert _viewed().count() == 1


def test_a_thumbnail_is_permission_checked_like_the_document(client_for, cast):
    document = _photo(cast.loft_reservation)

    assert client_for(cast.manager).get(_url(document), {"inline": "1"}).status_code == 404
    assert client_for(cast.outsider).get(_url(document), {"inline": "1"}).status_code == 404
