"""Guest documents are encrypted at rest with FIELD_ENCRYPTION_KEY, and `encrypt_guest_documents`
encrypts the files stored before that, or re-encrypts them with a new key (--rotate).

On S3 the same is proven against a moto server in test_private_storage_s3.py.
"""

import io
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext

from gorently import encrypted_files
from gorently.storage import PrivateFileSystemStorage
from reservations.checkin.models import GuestDocument
from reservations.checkin.services.submissions import start_checkin
from tests.checkins import document_uploads, save
from tests.factories import GuestDocumentFactory

PHOTO = b"\x89PNG\r\n\x1a\nthe bytes of a passport photo"
PNG_MAGIC = b"\x89PNG"
OLD_KEY = "dGhpcy1pcy1hLWRldi1vbmx5LWtleS0zMi1ieXRlcyE="
NEW_KEY = "YS1icmFuZC1uZXcta2V5LWZvci10aGUtYnVja2V0ISE="
SECOND_KEY = "bm90LXRoZS1rZXktdGhhdC13cm90ZS10aGUtZmlsZSE="

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def private_media(settings, tmp_path):
    location = tmp_path / "private-media"
    settings.STORAGES = {
        **settings.STORAGES,
        "private": {
            "BACKEND": "gorently.storage.PrivateFileSystemStorage",
            "OPTIONS": {"location": location, "base_url": None},
        },
    }
    settings.FIELD_ENCRYPTION_KEY = [OLD_KEY]
    return location


def _stored_files(location):
    return {path.relative_to(location).as_posix() for path in location.rglob("*") if path.is_file()}


def _bytes_on_disk(document):
    return Path(document.file.path).read_bytes()


def _run(*args):
    """Run the command; returns what it printed."""
    out = io.StringIO()
    call_command("encrypt_guest_documents", *args, stdout=out, stderr=out)
    return out.getvalue()


def _plain_document(**kwargs):
    """A document uploaded before encryption: its file holds the plain bytes."""
    return GuestDocumentFactory(data=PHOTO, encrypted=False, **kwargs)


# --- Uploads --------------------------------------------------------------------------------------


def test_a_guests_upload_is_stored_encrypted_and_reads_back_as_the_cleaned_file(portal):
    submission = start_checkin(reservation=portal, language="en")
    assert save(submission, "details", {"party_size": "1", "f-arrival_time": "17:30"}) == {}
    assert save(submission, "documents", files=document_uploads(0)) == {}

    [document] = GuestDocument.objects.filter(submission=submission)
    stored = _bytes_on_disk(document)
    assert document.encrypted
    assert PNG_MAGIC not in stored
    plaintext = document.read()
    assert plaintext.startswith(PNG_MAGIC)
    assert document.size == len(plaintext)  # size and content_type describe the plaintext
    assert document.content_type == "image/png"
    assert len(stored) > len(plaintext)  # a Fernet token: base64, about 4/3 of the size


# --- Encrypting files stored before encryption ----------------------------------------------------------


def test_the_command_encrypts_a_file_stored_before_encryption_under_a_new_name(private_media):
    document = _plain_document()
    plain_name = document.file.name
    assert _bytes_on_disk(document) == PHOTO

    output = _run()

    document.refresh_from_db()
    assert document.encrypted
    assert document.file.name != plain_name
    assert document.file.name.startswith(f"checkins/{document.organization_id}/")
    assert document.file.name.endswith(".png")
    assert _stored_files(private_media) == {document.file.name}  # the plain file is gone
    assert PNG_MAGIC not in _bytes_on_disk(document)
    assert document.read() == PHOTO
    assert "Encrypted 1 plain file(s)." in output


def test_running_it_again_changes_nothing(private_media):
    document = _plain_document()
    _run()
    document.refresh_from_db()
    name, token = document.file.name, _bytes_on_disk(document)

    output = _run()

    document.refresh_from_db()
    assert (document.file.name, _bytes_on_disk(document)) == (name, token)
    assert _stored_files(private_media) == {name}
    assert "Encrypted 0 plain file(s)." in output


def test_a_dry_run_reports_what_it_would_do_and_changes_nothing(private_media):
    document = _plain_document()
    GuestDocumentFactory()  # already encrypted
    before = _stored_files(private_media)

    output = _run("--dry-run")

    document.refresh_from_db()
    assert not document.encrypted
    assert _bytes_on_disk(document) == PHOTO
    assert _stored_files(private_media) == before
    assert "Would encrypt 1 plain file(s)." in output


def test_without_rotate_encrypted_files_are_left_as_they_are(private_media):
    document = GuestDocumentFactory(data=PHOTO)
    name, token = document.file.name, _bytes_on_disk(document)

    _run()

    document.refresh_from_db()
    assert (document.file.name, _bytes_on_disk(document)) == (name, token)


def test_rows_are_loaded_in_batches_never_by_listing_the_storage(private_media):
    documents = [_plain_document() for _ in range(5)]

    with CaptureQueriesContext(connection) as queries:
        output = _run("--batch-size", "2")

    selects = [q["sql"] for q in queries.captured_queries if q["sql"].startswith("SELECT")]
    assert len([sql for sql in selects if "checkin_guestdocument" in sql]) == 4  # 2 + 2 + 1, then an empty batch
    assert all(d.read() == PHOTO for d in GuestDocument.objects.filter(pk__in=[d.pk for d in documents]))
    assert GuestDocument.objects.filter(encrypted=False).count() == 0
    assert "Encrypted 5 plain file(s)." in output


def test_a_missing_file_is_reported_and_skipped_and_the_others_are_encrypted(private_media):
    gone = _plain_document()
    Path(gone.file.path).unlink()
    present = _plain_document()

    output = _run()

    gone.refresh_from_db()
    present.refresh_from_db()
    assert not gone.encrypted
    assert present.encrypted
    assert f"Document {gone.pk}: file {gone.file.name} is missing; skipped." in output
    assert "Encrypted 1 plain file(s); 1 missing (skipped)." in output


def test_a_row_replaced_meanwhile_is_left_alone_and_the_new_file_removed(private_media, monkeypatch):
    document = _plain_document()
    plain_name = document.file.name
    replacement = GuestDocumentFactory(data=b"the guest's new photo")
    encrypt = encrypted_files.encrypt

    def guest_replaces_the_photo_while_the_command_works(data):
        GuestDocument.objects.filter(pk=document.pk).update(file=replacement.file.name, encrypted=True)
        return encrypt(data)

    monkeypatch.setattr(encrypted_files, "encrypt", guest_replaces_the_photo_while_the_command_works)

    output = _run()

    document.refresh_from_db()
    assert document.file.name == replacement.file.name
    # No encrypted copy of the replaced file is left; deleting the replaced file is the replacing service's job.
    assert _stored_files(private_media) == {plain_name, replacement.file.name}
    assert "1 changed meanwhile (skipped)" in output


def test_when_the_old_file_cannot_be_deleted_the_row_still_names_the_new_file(private_media, monkeypatch):
    document = _plain_document()
    plain_name = document.file.name

    def delete_fails(storage, name):
        raise OSError("permission denied")

    monkeypatch.setattr(PrivateFileSystemStorage, "delete", delete_fails)

    output = _run()

    document.refresh_from_db()
    assert document.encrypted
    assert document.read() == PHOTO
    assert _stored_files(private_media) == {plain_name, document.file.name}
    assert f"could not delete the old file {plain_name}: permission denied" in output


# --- Rotating keys --------------------------------------------------------------------------------


def test_rotate_re_encrypts_with_the_newest_key_so_the_old_key_can_be_removed(private_media, settings):
    document = GuestDocumentFactory(data=PHOTO)  # written with OLD_KEY
    old_name = document.file.name
    settings.FIELD_ENCRYPTION_KEY = [NEW_KEY, OLD_KEY]

    output = _run("--rotate")

    document.refresh_from_db()
    assert document.file.name != old_name
    assert _stored_files(private_media) == {document.file.name}
    assert "re-encrypted 1 with the newest key, 0 already with it" in output
    settings.FIELD_ENCRYPTION_KEY = [NEW_KEY]
    assert document.read() == PHOTO
    settings.FIELD_ENCRYPTION_KEY = [OLD_KEY]
    with pytest.raises(encrypted_files.UnreadableFile):
        document.read()


def test_rotating_again_leaves_files_already_with_the_newest_key_alone(private_media, settings):
    document = GuestDocumentFactory(data=PHOTO)
    settings.FIELD_ENCRYPTION_KEY = [NEW_KEY, OLD_KEY]
    _run("--rotate")
    document.refresh_from_db()
    name = document.file.name

    output = _run("--rotate")

    document.refresh_from_db()
    assert document.file.name == name
    assert "re-encrypted 0 with the newest key, 1 already with it" in output


def test_rotate_also_encrypts_files_stored_before_encryption(private_media, settings):
    plain = _plain_document()
    settings.FIELD_ENCRYPTION_KEY = [NEW_KEY, OLD_KEY]

    output = _run("--rotate")

    plain.refresh_from_db()
    assert plain.encrypted
    settings.FIELD_ENCRYPTION_KEY = [NEW_KEY]
    assert plain.read() == PHOTO
    assert "Encrypted 1 plain file(s)" in output


def test_a_dry_run_of_rotate_changes_nothing(private_media, settings):
    document = GuestDocumentFactory(data=PHOTO)
    name, token = document.file.name, _bytes_on_disk(document)
    settings.FIELD_ENCRYPTION_KEY = [NEW_KEY, OLD_KEY]

    output = _run("--rotate", "--dry-run")

    document.refresh_from_db()
    assert (document.file.name, _bytes_on_disk(document)) == (name, token)
    assert "would re-encrypt 1 with the newest key" in output


def test_a_file_no_configured_key_decrypts_is_reported_and_the_command_fails(private_media, settings):
    orphaned = GuestDocumentFactory(data=PHOTO)  # written with OLD_KEY...
    settings.FIELD_ENCRYPTION_KEY = [SECOND_KEY]
    readable = GuestDocumentFactory(data=PHOTO)
    settings.FIELD_ENCRYPTION_KEY = [NEW_KEY, SECOND_KEY]  # ...which was removed before its files were rotated
    out = io.StringIO()

    with pytest.raises(CommandError, match="1 file\\(s\\) cannot be decrypted"):
        call_command("encrypt_guest_documents", "--rotate", stdout=out, stderr=out)

    name = orphaned.file.name
    orphaned.refresh_from_db()
    readable.refresh_from_db()
    assert orphaned.file.name == name
    assert f"Document {orphaned.pk}: file {name} cannot be decrypted with any key." in out.getvalue()
    settings.FIELD_ENCRYPTION_KEY = [NEW_KEY]
    assert readable.read() == PHOTO  # the others were rotated all the same
