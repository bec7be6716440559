"""The documents step: each accepted file is kept at once and shown as a thumbnail; a bad one is named alone.

With JavaScript the portal sends each file as soon as it is picked (portal:upload, answered
with that file's tile); without it the step's own form sends whatever files were picked.
Both keep the good files and name the bad ones. Thumbnails are served only through the
guest's own link, decrypted, never stored by the browser.
"""

import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from reservations.checkin.models import GuestDocument
from reservations.checkin.services.submissions import start_checkin, submit_checkin
from tests.checkins import MAIN_GUEST, OTHER_GUEST, fill_in_everything, not_a_photo, photo, save
from tests.factories import ReservationFactory

FRONT_1, BACK_1, FRONT_2 = "doc-0-document_photo-front", "doc-0-document_photo-back", "doc-1-document_photo-front"
NOT_A_PHOTO = "This file is not a photo we can read. Upload a JPEG, PNG or PDF."
SCRIPT = {"X-Requested-With": "XMLHttpRequest"}


def url(reservation, name, *args):
    return reverse(f"portal:{name}", args=[reservation.portal_token, *args])


def at_documents(reservation):
    submission = start_checkin(reservation=reservation, language="en")
    for slug, values in [("details", {"party_size": "2"}), ("guest-1", MAIN_GUEST), ("guest-2", OTHER_GUEST)]:
        assert save(submission, slug, values) == {}
    return submission


@pytest.fixture
def submission(portal):
    return at_documents(portal)


def document(submission, guest_index, kind="front"):
    return GuestDocument.objects.get(submission=submission, guest_index=guest_index, kind=kind)


def tiles(html):
    """{tile id: its HTML} of the page's upload tiles."""
    return dict(re.findall(r'<div class="upload-tile[^"]*" id="([^"]+)-tile" data-upload>(.*?)\n</div>', html, re.S))


# --- Without JavaScript: the step's form -----------------------------------------------------------


def test_a_failed_upload_keeps_the_other_accepted_file_and_names_only_the_bad_one(client, portal, submission):
    response = client.post(
        url(portal, "step", "documents"), {FRONT_1: photo("ana-passport.png"), FRONT_2: not_a_photo("luis-id.jpg")}
    )

    assert response.status_code == 400
    html = response.content.decode()
    good = document(submission, 0)
    by_tile = tiles(html)
    # Kept, and shown as a thumbnail with Replace and Remove.
    assert f'src="{url(portal, "document", good.pk)}"' in by_tile[f"id_{FRONT_1}"]
    assert "Replace" in by_tile[f"id_{FRONT_1}"] and "Remove" in by_tile[f"id_{FRONT_1}"]
    # Refused, by its name, on its own tile only.
    assert "luis-id.jpg" in by_tile[f"id_{FRONT_2}"] and NOT_A_PHOTO in by_tile[f"id_{FRONT_2}"]
    assert [tile for tile, body in by_tile.items() if "error" in body] == [f"id_{FRONT_2}"]
    # The summary at the top names the guest, the side and the file.
    assert html.count(NOT_A_PHOTO) == 2
    assert f"Guest 2 · Luis García · Photo of the document (Front) · luis-id.jpg: {NOT_A_PHOTO}" in html
    assert not GuestDocument.objects.filter(submission=submission, guest_index=1).exists()


def test_sending_only_the_missing_file_then_moves_on(client, portal, submission):
    client.post(url(portal, "step", "documents"), {FRONT_1: photo(), FRONT_2: not_a_photo()})

    response = client.post(url(portal, "step", "documents"), {FRONT_2: photo()})

    assert response["Location"] == url(portal, "step", "agreement")
    assert {(d.guest_index, d.kind) for d in GuestDocument.objects.filter(submission=submission)} == {
        (0, "front"),
        (1, "front"),
    }


def test_continue_without_every_required_front_says_which_is_missing(client, portal, submission):
    client.post(url(portal, "upload"), {FRONT_1: photo()}, headers=SCRIPT)

    response = client.post(url(portal, "step", "documents"))

    assert response.status_code == 400
    assert "Add a photo of the front of the document." in tiles(response.content.decode())[f"id_{FRONT_2}"]
    assert "Add a photo" not in tiles(response.content.decode())[f"id_{FRONT_1}"]


def test_an_empty_side_is_a_big_tile_to_take_a_photo_or_choose_a_file(client, portal, submission):
    html = client.get(url(portal, "step", "documents")).content.decode()

    front = tiles(html)[f"id_{FRONT_1}"]
    assert f'<input type="file" name="{FRONT_1}" id="id_{FRONT_1}" class="visually-hidden doc-input"' in front
    assert 'capture="environment"' in front
    assert f'<label class="doc-pick" for="id_{FRONT_1}">' in front and "Take a photo" in front
    assert f'<label class="doc-alt" for="id_{FRONT_1}-file">or choose a file' in front
    assert "Back (if it has one)" in tiles(html)[f"id_{BACK_1}"]


# --- With JavaScript: a file at a time -----------------------------------------------------------------


def test_a_file_sent_alone_is_kept_and_answered_with_its_thumbnail_tile(client, portal, submission):
    response = client.post(url(portal, "upload"), {FRONT_1: photo()}, headers=SCRIPT)

    assert response.status_code == 200
    good = document(submission, 0)
    html = response.content.decode()
    assert list(tiles(html)) == [f"id_{FRONT_1}"]
    assert f'src="{url(portal, "document", good.pk)}"' in html
    assert f'formaction="{url(portal, "remove_document", good.pk)}"' in html
    submission.refresh_from_db()
    assert submission.step == "documents"


def test_a_refused_file_sent_alone_is_named_in_its_tile_and_the_earlier_files_stay(client, portal, submission):
    client.post(url(portal, "upload"), {FRONT_1: photo()}, headers=SCRIPT)

    response = client.post(url(portal, "upload"), {FRONT_2: not_a_photo("scan.jpg")}, headers=SCRIPT)

    assert response.status_code == 400
    assert list(tiles(response.content.decode())) == [f"id_{FRONT_2}"]
    assert "scan.jpg" in response.content.decode() and NOT_A_PHOTO in response.content.decode()
    assert document(submission, 0)


def test_a_pdf_is_shown_as_a_pdf_not_as_an_image(client, portal, submission):
    pdf = SimpleUploadedFile("id.pdf", b"%PDF-1.7\n%%EOF\n", content_type="application/pdf")

    html = client.post(url(portal, "upload"), {FRONT_1: pdf}, headers=SCRIPT).content.decode()

    assert '<span class="doc-pdf" aria-hidden="true">PDF</span>' in html
    assert "<img" not in html
    assert client.get(url(portal, "document", document(submission, 0).pk)).status_code == 404


def test_an_upload_without_a_file_for_this_check_in_is_refused(client, portal, submission):
    response = client.post(url(portal, "upload"), {"doc-7-document_photo-front": photo()}, headers=SCRIPT)

    assert response.status_code == 400
    assert not GuestDocument.objects.filter(submission=submission).exists()


def test_uploading_before_reaching_the_documents_step_goes_back_to_where_the_guest_is(client, portal):
    start_checkin(reservation=portal, language="en")

    response = client.post(url(portal, "upload"), {FRONT_1: photo()}, headers=SCRIPT)

    assert response["Location"] == url(portal, "step", "details")
    assert not GuestDocument.objects.exists()


def test_uploading_after_the_check_in_is_sent_changes_nothing(client, portal):
    submission = start_checkin(reservation=portal, language="en")
    fill_in_everything(submission)
    submit_checkin(submission=submission, notify=False)
    before = set(GuestDocument.objects.values_list("pk", flat=True))

    response = client.post(url(portal, "upload"), {FRONT_1: photo()}, headers=SCRIPT)

    assert response["Location"] == url(portal, "done")
    assert set(GuestDocument.objects.values_list("pk", flat=True)) == before


# --- Removing ----------------------------------------------------------------------------------------


def test_the_guest_removes_a_file_and_gets_the_empty_tile_back(client, portal, submission):
    client.post(url(portal, "upload"), {BACK_1: photo()}, headers=SCRIPT)
    back = document(submission, 0, "back")

    response = client.post(url(portal, "remove_document", back.pk), headers=SCRIPT)

    assert response.status_code == 200
    assert "Take a photo" in tiles(response.content.decode())[f"id_{BACK_1}"]
    assert not GuestDocument.objects.filter(pk=back.pk).exists()


def test_removing_without_javascript_returns_to_the_documents_step(client, portal, submission):
    client.post(url(portal, "step", "documents"), {FRONT_1: photo()})

    response = client.post(url(portal, "remove_document", document(submission, 0).pk))

    assert response["Location"] == url(portal, "step", "documents")
    assert not GuestDocument.objects.filter(submission=submission).exists()


def test_removing_needs_a_post_with_the_csrf_token(portal, submission, client):
    client.post(url(portal, "upload"), {FRONT_1: photo()}, headers=SCRIPT)
    front = document(submission, 0)

    assert client.get(url(portal, "remove_document", front.pk)).status_code == 405
    assert Client(enforce_csrf_checks=True).post(url(portal, "remove_document", front.pk)).status_code == 403
    assert GuestDocument.objects.filter(pk=front.pk).exists()


def test_another_reservations_document_cannot_be_removed_or_seen_through_this_link(client, portal, submission, cast):
    other = at_documents(ReservationFactory(property=cast.villa, guests_count=2))
    save(other, "documents", files={FRONT_1: photo(), FRONT_2: photo()})
    theirs = document(other, 0)

    assert client.post(url(portal, "remove_document", theirs.pk)).status_code == 404
    assert client.get(url(portal, "document", theirs.pk)).status_code == 404
    assert GuestDocument.objects.filter(pk=theirs.pk).exists()
    # Through their own link, it is theirs to see.
    assert client.get(url(other.reservation, "document", theirs.pk)).status_code == 200


def test_a_signature_cannot_be_removed_from_the_documents_step(client, portal, submission):
    fill_in_everything(submission)
    signature = GuestDocument.objects.get(submission=submission, kind="signature")

    assert client.post(url(portal, "remove_document", signature.pk)).status_code == 404


# --- Thumbnails ----------------------------------------------------------------------------------------


def test_a_thumbnail_is_the_decrypted_photo_never_stored_by_the_browser(client, portal, submission):
    client.post(url(portal, "upload"), {FRONT_1: photo()}, headers=SCRIPT)
    front = document(submission, 0)

    response = client.get(url(portal, "document", front.pk))

    assert response.status_code == 200
    assert response["Content-Type"] == "image/png"
    assert response.content == front.read()
    assert response.content.startswith(b"\x89PNG")
    assert {"no-store", "private"} <= {part.strip() for part in response["Cache-Control"].split(",")}
    assert response["X-Content-Type-Options"] == "nosniff"


def test_a_thumbnail_needs_the_right_link(client, portal, submission):
    client.post(url(portal, "upload"), {FRONT_1: photo()}, headers=SCRIPT)
    front = document(submission, 0)

    wrong = reverse("portal:document", args=["x" * 43, front.pk])
    assert client.get(wrong).status_code == 404
    assert client.get(url(portal, "document", front.pk + 1000)).status_code == 404
