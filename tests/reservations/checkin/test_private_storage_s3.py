"""Guest documents on S3 (AWS S3, Supabase Storage): proven against a local S3-compatible server (moto).

Objects are private and encrypted with FIELD_ENCRYPTION_KEY; hosts get the
decrypted file from the app (never a signed URL to the ciphertext); the
retention purge deletes the objects from the bucket; `encrypt_guest_documents`
encrypts objects stored before encryption, and re-encrypts with a new key.
"""

import importlib.util
import io
from datetime import timedelta
from pathlib import Path

import boto3
import pytest
import requests
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone
from moto.server import ThreadedMotoServer

from accounts.models import ActivityLog
from gorently import encrypted_files
from gorently import settings as settings_module
from reservations.checkin.models import GuestDocument
from reservations.checkin.services.retention import purge_expired_documents
from tests.factories import CheckinSubmissionFactory, GuestDocumentFactory, ReservationFactory

BUCKET = "gorently-private-test"
PHOTO = b"\x89PNG\r\n\x1a\nthe bytes of a passport photo on S3"
PNG_MAGIC = b"\x89PNG"
OLD_KEY = "dGhpcy1pcy1hLWRldi1vbmx5LWtleS0zMi1ieXRlcyE="
NEW_KEY = "YS1icmFuZC1uZXcta2V5LWZvci10aGUtYnVja2V0ISE="


@pytest.fixture(scope="module")
def s3_endpoint():
    server = ThreadedMotoServer(ip_address="127.0.0.1", port=0, verbose=False)
    server.start()
    host, port = server.get_host_and_port()
    endpoint = f"http://{host}:{port}"
    _client(endpoint).create_bucket(Bucket=BUCKET)
    yield endpoint
    server.stop()


def _client(endpoint):
    return boto3.client(
        "s3",
        endpoint_url=endpoint,
        aws_access_key_id="testing",
        aws_secret_access_key="testing",
        region_name="us-east-1",
    )


def _settings_with_env(monkeypatch, **environment):
    """gorently/settings.py evaluated afresh with these environment variables."""
    for name, value in environment.items():
        monkeypatch.setenv(name, value)
    spec = importlib.util.spec_from_file_location("settings_under_test", Path(settings_module.__file__))
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.fixture
def bucket(settings, s3_endpoint, monkeypatch):
    """STORAGES["private"] exactly as settings.py builds it from the S3 environment variables."""
    production = _settings_with_env(
        monkeypatch,
        PRIVATE_STORAGE_BUCKET=BUCKET,
        S3_ENDPOINT_URL=s3_endpoint,
        S3_REGION="us-east-1",
        S3_ACCESS_KEY_ID="testing",
        S3_SECRET_ACCESS_KEY="testing",
    )
    settings.STORAGES = {**settings.STORAGES, "private": production.STORAGES["private"]}
    client = _client(s3_endpoint)
    yield client
    for item in client.list_objects_v2(Bucket=BUCKET).get("Contents", []):
        client.delete_object(Bucket=BUCKET, Key=item["Key"])


def _keys(client):
    return {item["Key"] for item in client.list_objects_v2(Bucket=BUCKET).get("Contents", [])}


def _document(reservation, **kwargs):
    return GuestDocumentFactory(submission=CheckinSubmissionFactory(reservation=reservation), data=PHOTO, **kwargs)


def _url(document):
    return reverse("checkin:document", kwargs={"pk": document.submission.reservation_id, "document_id": document.pk})


def _stored(client, document):
    return client.get_object(Bucket=BUCKET, Key=document.file.name)["Body"].read()


def test_an_upload_lands_in_the_bucket_encrypted(cast, bucket):
    document = _document(cast.villa_reservation)
    assert document.file.name.startswith(f"checkins/{cast.organization.pk}/")
    assert _keys(bucket) == {document.file.name}
    stored = _stored(bucket, document)
    assert PNG_MAGIC not in stored
    assert b"passport photo" not in stored
    assert encrypted_files.decrypt(stored) == PHOTO


def test_the_object_is_private(cast, bucket, s3_endpoint):
    document = _document(cast.villa_reservation)
    plain = f"{s3_endpoint}/{BUCKET}/{document.file.name}"
    response = requests.get(plain, timeout=5)
    assert response.status_code == 403
    assert PHOTO not in response.content
    acl = bucket.get_object_acl(Bucket=BUCKET, Key=document.file.name)
    assert not [g for g in acl["Grants"] if g["Grantee"].get("URI", "").endswith(("AllUsers", "AuthenticatedUsers"))]


@pytest.mark.parametrize("role", ["owner", "manager", "concierge"])
def test_members_get_the_decrypted_file_from_the_app_not_a_signed_url(client_for, cast, bucket, role):
    document = _document(cast.villa_reservation)
    response = client_for(cast.member(role)).get(_url(document))
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == PHOTO
    assert response["Content-Type"] == "image/png"
    assert response["Content-Disposition"].startswith("inline")
    assert response["Cache-Control"] == "private, no-store"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert ActivityLog.objects.filter(action="checkin.document_viewed", actor_user=cast.member(role).user).exists()


def test_an_object_stored_before_encryption_is_still_served(client_for, cast, bucket):
    document = _document(cast.villa_reservation, encrypted=False)
    assert _stored(bucket, document) == PHOTO
    response = client_for(cast.owner).get(_url(document))
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == PHOTO


def test_a_row_whose_object_is_missing_is_404(client_for, cast, bucket):
    document = _document(cast.villa_reservation)
    bucket.delete_object(Bucket=BUCKET, Key=document.file.name)
    assert client_for(cast.owner).get(_url(document)).status_code == 404


def test_the_command_encrypts_an_object_stored_before_encryption(client_for, cast, bucket):
    document = _document(cast.villa_reservation, encrypted=False)
    plain_name = document.file.name

    call_command("encrypt_guest_documents", stdout=io.StringIO())

    document.refresh_from_db()
    assert document.encrypted
    assert _keys(bucket) == {document.file.name}
    assert document.file.name != plain_name
    assert PNG_MAGIC not in _stored(bucket, document)
    assert b"".join(client_for(cast.owner).get(_url(document)).streaming_content) == PHOTO


def test_rotating_re_encrypts_the_objects_with_the_newest_key(cast, bucket, settings):
    settings.FIELD_ENCRYPTION_KEY = [OLD_KEY]
    document = _document(cast.villa_reservation)
    settings.FIELD_ENCRYPTION_KEY = [NEW_KEY, OLD_KEY]

    call_command("encrypt_guest_documents", "--rotate", stdout=io.StringIO())

    document.refresh_from_db()
    assert _keys(bucket) == {document.file.name}
    settings.FIELD_ENCRYPTION_KEY = [NEW_KEY]
    assert document.read() == PHOTO


def test_an_outsider_gets_404(client_for, cast, bucket):
    document = _document(cast.villa_reservation)
    assert client_for(cast.outsider).get(_url(document)).status_code == 404


def test_a_manager_not_assigned_to_the_property_gets_404(client_for, cast, bucket):
    document = _document(cast.loft_reservation)
    assert client_for(cast.manager).get(_url(document)).status_code == 404


def test_anonymous_visitors_are_sent_to_sign_in(client, cast, bucket):
    document = _document(cast.villa_reservation)
    response = client.get(_url(document))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:login"))


def test_the_purge_deletes_the_objects_from_the_bucket(cast, bucket):
    today = timezone.now().date()
    past = ReservationFactory(
        property=cast.villa, check_in=today - timedelta(days=60), check_out=today - timedelta(days=57)
    )
    front = _document(past)
    back = GuestDocumentFactory(submission=front.submission, kind="back")
    signature = GuestDocumentFactory(
        submission=front.submission, guest_index=None, field_key="signature", kind="signature"
    )
    recent = _document(cast.villa_reservation)
    assert _keys(bucket) == {d.file.name for d in (front, back, signature, recent)}

    [purge] = purge_expired_documents()

    assert (purge.documents, purge.signatures_kept) == (2, 1)
    assert _keys(bucket) == {signature.file.name, recent.file.name}
    assert set(GuestDocument.objects.values_list("pk", flat=True)) == {signature.pk, recent.pk}


def test_the_settings_describe_a_private_bucket(monkeypatch):
    production = _settings_with_env(
        monkeypatch, PRIVATE_STORAGE_BUCKET="guest-docs", S3_ENDPOINT_URL="https://abc.supabase.co/storage/v1/s3"
    )
    private = production.STORAGES["private"]
    assert private["BACKEND"] == "storages.backends.s3.S3Storage"
    expected = {
        "bucket_name": "guest-docs",
        "endpoint_url": "https://abc.supabase.co/storage/v1/s3",
        "default_acl": None,
        "querystring_auth": True,
        "querystring_expire": 120,
        "file_overwrite": False,
        "addressing_style": "path",
        "signature_version": "s3v4",
    }
    assert {key: private["OPTIONS"][key] for key in expected} == expected
    # The app sends the (decrypted) files itself: pages never load anything from the bucket.
    assert not any("supabase" in source for source in production.SECURE_CSP["img-src"])
