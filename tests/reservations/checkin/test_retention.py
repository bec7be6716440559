"""Purging guests' identity data after the retention period."""

from datetime import timedelta
from pathlib import Path

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.management import call_command
from django.utils import timezone

from accounts.models import ActivityLog, ActorType
from gorently.storage import PrivateFileSystemStorage
from reservations.checkin.models import CheckinSubmission, GuestDocument
from reservations.checkin.services.retention import purge_date, purge_expired_documents, purge_now
from reservations.models import CheckinStatus
from tests.factories import CheckinSubmissionFactory, GuestDocumentFactory, ReservationFactory

KEPT_ANSWERS = {"reservation": {"arrival_time": "15:00"}, "guests": [{"first_name": "Ana"}, {"first_name": "Ben"}]}


@pytest.fixture(autouse=True)
def private_media(settings, tmp_path):
    settings.GUEST_DOCUMENT_RETENTION_DAYS = 30
    settings.STORAGES = {
        **settings.STORAGES,
        "private": {
            "BACKEND": "gorently.storage.PrivateFileSystemStorage",
            "OPTIONS": {"location": tmp_path / "private-media", "base_url": None},
        },
    }


def _checked_in(cast, *, checked_out_days_ago, property=None):
    """A completed check-in of two guests: document photos (front and back of guest 1, front of guest 2),
    a signature, and sensitive answers at reservation and guest level."""
    today = timezone.now().date()
    reservation = ReservationFactory(
        property=property or cast.villa,
        check_in=today - timedelta(days=checked_out_days_ago + 3),
        check_out=today - timedelta(days=checked_out_days_ago),
        checkin_status=CheckinStatus.COMPLETED,
        guest_name="Ana Past",
    )
    submission = CheckinSubmissionFactory(
        reservation=reservation,
        party_size=2,
        submitted_at=timezone.now() - timedelta(days=checked_out_days_ago + 4),
        answers={
            "reservation": {"arrival_time": "15:00", "tax_id": "ES-B12345678"},
            "guests": [
                {"first_name": "Ana", "document_number": "XK1234567"},
                {"first_name": "Ben", "document_number": "ZZ7654321"},
            ],
        },
    )
    documents = [
        GuestDocumentFactory(submission=submission, guest_index=0, kind="front"),
        GuestDocumentFactory(submission=submission, guest_index=0, kind="back"),
        GuestDocumentFactory(submission=submission, guest_index=1, kind="front"),
    ]
    signature = GuestDocumentFactory(submission=submission, guest_index=None, field_key="signature", kind="signature")
    return submission, documents, signature


def test_past_the_retention_period_documents_and_sensitive_answers_are_deleted(cast):
    submission, documents, signature = _checked_in(cast, checked_out_days_ago=31)
    paths = [Path(d.file.path) for d in documents]
    assert all(p.exists() for p in paths)

    purges = purge_expired_documents()

    assert [(p.confirmation_code, p.documents, p.answers, p.signatures_kept) for p in purges] == [
        (submission.reservation.confirmation_code, 3, 3, 1)
    ]
    assert not any(p.exists() for p in paths)
    assert list(GuestDocument.objects.filter(submission=submission)) == [signature]
    assert Path(signature.file.path).exists()
    submission = CheckinSubmission.objects.get(pk=submission.pk)
    assert submission.answers == KEPT_ANSWERS
    assert submission.purged_at is not None
    assert submission.submitted_at is not None
    reservation = submission.reservation
    assert reservation.checkin_status == CheckinStatus.COMPLETED
    assert reservation.guest_name == "Ana Past"


def test_one_activity_entry_per_reservation_by_the_system(cast):
    submission, _documents, _signature = _checked_in(cast, checked_out_days_ago=40)
    _checked_in(cast, checked_out_days_ago=50, property=cast.loft)
    purge_expired_documents()
    entries = ActivityLog.objects.filter(action="checkin.documents_purged")
    assert entries.count() == 2
    entry = entries.get(target_id=str(submission.reservation_id))
    assert entry.organization == cast.organization
    assert entry.actor_type == ActorType.SYSTEM
    assert entry.actor_user is None
    assert entry.details == {"documents": 3, "answers": 3, "signatures_kept": 1, "retention_days": 30}


def test_stays_within_the_retention_period_are_untouched(cast):
    recent, documents, _signature = _checked_in(cast, checked_out_days_ago=30)
    assert purge_expired_documents() == []
    recent.refresh_from_db()
    assert recent.purged_at is None
    assert recent.answers["guests"][0]["document_number"] == "XK1234567"
    assert GuestDocument.objects.filter(submission=recent).count() == 4
    assert all(Path(d.file.path).exists() for d in documents)
    assert not ActivityLog.objects.filter(action="checkin.documents_purged").exists()


def test_the_retention_period_follows_the_setting_and_the_given_time(cast, settings):
    submission, _documents, _signature = _checked_in(cast, checked_out_days_ago=5)
    assert purge_expired_documents() == []
    assert len(purge_expired_documents(now=timezone.now() + timedelta(days=26))) == 1
    submission.refresh_from_db()
    assert submission.purged_at is not None


def test_the_purge_is_idempotent(cast):
    _checked_in(cast, checked_out_days_ago=31)
    assert len(purge_expired_documents()) == 1
    assert purge_expired_documents() == []
    assert ActivityLog.objects.filter(action="checkin.documents_purged").count() == 1


def test_a_signature_marked_sensitive_is_deleted_too(cast):
    submission, _documents, signature = _checked_in(cast, checked_out_days_ago=31)
    version = submission.form_version
    version.schema = [dict(spec, sensitive=spec["sensitive"] or spec["key"] == "signature") for spec in version.schema]
    version.save()
    path = Path(signature.file.path)
    [purge] = purge_expired_documents()
    assert (purge.documents, purge.signatures_kept) == (4, 0)
    assert not path.exists()
    assert not GuestDocument.objects.filter(submission=submission).exists()


def test_encrypted_files_and_files_stored_before_encryption_are_both_deleted(cast):
    submission, documents, _signature = _checked_in(cast, checked_out_days_ago=31)
    plain = GuestDocumentFactory(submission=submission, guest_index=1, kind="back", encrypted=False)
    paths = [Path(d.file.path) for d in [*documents, plain]]
    assert all(d.encrypted for d in documents)
    [purge] = purge_expired_documents()
    assert purge.documents == 4
    assert not any(p.exists() for p in paths)


def test_a_failing_storage_leaves_that_check_in_for_the_next_run(cast, monkeypatch):
    stuck, stuck_documents, _ = _checked_in(cast, checked_out_days_ago=31)
    other, _, _ = _checked_in(cast, checked_out_days_ago=32, property=cast.loft)
    delete = PrivateFileSystemStorage.delete
    stuck_name = stuck_documents[1].file.name

    def flaky_delete(self, name):
        if name == stuck_name:
            raise OSError("storage unavailable")
        return delete(self, name)

    monkeypatch.setattr(PrivateFileSystemStorage, "delete", flaky_delete)
    assert [p.reservation_id for p in purge_expired_documents()] == [other.reservation_id]
    stuck.refresh_from_db()
    assert stuck.purged_at is None
    assert GuestDocument.objects.filter(submission=stuck).count() == 4
    assert stuck.answers["reservation"]["tax_id"] == "ES-B12345678"

    monkeypatch.setattr(PrivateFileSystemStorage, "delete", delete)
    assert [p.reservation_id for p in purge_expired_documents()] == [stuck.reservation_id]
    assert GuestDocument.objects.filter(submission=stuck).count() == 1


def test_the_command_lists_what_it_purged(cast, capsys):
    submission, _documents, _signature = _checked_in(cast, checked_out_days_ago=31)
    call_command("purge_guest_documents")
    out = capsys.readouterr().out
    assert f"Purged {submission.reservation.confirmation_code}: 3 document(s), 3 sensitive answer(s)" in out
    assert "Purged 1 check-in(s) past the 30-day retention period." in out


def test_a_dry_run_changes_nothing(cast, capsys):
    submission, documents, _signature = _checked_in(cast, checked_out_days_ago=31)
    before = CheckinSubmission.objects.get(pk=submission.pk).answers
    call_command("purge_guest_documents", "--dry-run")
    out = capsys.readouterr().out
    assert f"Would purge {submission.reservation.confirmation_code}: 3 document(s)" in out
    assert "Would purge 1 check-in(s)" in out
    submission.refresh_from_db()
    assert submission.purged_at is None
    assert submission.answers == before
    assert GuestDocument.objects.filter(submission=submission).count() == 4
    assert all(Path(d.file.path).exists() for d in documents)
    assert not ActivityLog.objects.filter(action="checkin.documents_purged").exists()


# --- Deleting now, on a member's request ------------------------------------------------------


def test_a_manager_deletes_a_completed_check_ins_identity_data_before_the_period_ends(cast):
    submission, documents, signature = _checked_in(cast, checked_out_days_ago=2)
    paths = [Path(d.file.path) for d in documents]

    purge = purge_now(actor=cast.manager, reservation=submission.reservation)

    assert (purge.documents, purge.answers, purge.signatures_kept) == (3, 3, 1)
    assert not any(p.exists() for p in paths)
    assert list(GuestDocument.objects.filter(submission=submission)) == [signature]
    submission.refresh_from_db()
    assert submission.answers == KEPT_ANSWERS
    entry = ActivityLog.objects.get(action="checkin.documents_purged")
    assert (entry.actor_type, entry.actor_user) == (ActorType.USER, cast.manager.user)
    assert entry.details == {"documents": 3, "answers": 3, "signatures_kept": 1}


def test_a_check_in_still_being_filled_in_is_not_purged_on_request(cast):
    submission, documents, _signature = _checked_in(cast, checked_out_days_ago=2)
    submission.submitted_at = None
    submission.save()

    with pytest.raises(ValidationError) as error:
        purge_now(actor=cast.owner, reservation=submission.reservation)

    assert error.value.messages == ["Only a completed check-in’s documents can be deleted."]
    assert all(Path(d.file.path).exists() for d in documents)
    assert not ActivityLog.objects.filter(action="checkin.documents_purged").exists()


def test_deleting_twice_says_it_is_done_already(cast):
    submission, _documents, _signature = _checked_in(cast, checked_out_days_ago=2)
    purge_now(actor=cast.owner, reservation=submission.reservation)

    with pytest.raises(ValidationError) as error:
        purge_now(actor=cast.owner, reservation=submission.reservation)

    assert error.value.messages == ["This check-in’s identity documents are already deleted."]
    assert ActivityLog.objects.filter(action="checkin.documents_purged").count() == 1


def test_a_concierge_may_not_delete_documents(cast):
    submission, documents, _signature = _checked_in(cast, checked_out_days_ago=2)

    with pytest.raises(PermissionDenied):
        purge_now(actor=cast.concierge, reservation=submission.reservation)

    assert all(Path(d.file.path).exists() for d in documents)


def test_the_purge_date_is_the_first_day_the_daily_run_takes_the_stay(cast):
    submission, _documents, _signature = _checked_in(cast, checked_out_days_ago=0)
    reservation = submission.reservation
    day = purge_date(reservation)

    assert day == reservation.check_out + timedelta(days=31)
    the_day_before = timezone.now() + (day - timezone.now().date() - timedelta(days=1))
    assert purge_expired_documents(now=the_day_before) == []
    assert len(purge_expired_documents(now=the_day_before + timedelta(days=1))) == 1


@pytest.mark.parametrize("sensitive", [False, True])
def test_a_typed_signature_is_kept_after_the_purge_unless_its_field_is_sensitive(cast, sensitive):
    """A signature typed as the guest's name is the signature field's answer: the purge keeps it as it keeps a
    drawn one, and deletes it only when the host marked the field as identity data."""
    submission, _documents, signature = _checked_in(cast, checked_out_days_ago=31)
    signature.delete()
    typed = {"typed": "Ana Past", "signed_at": "2026-01-02T10:00:00+00:00", "signed_from": "203.0.113.7"}
    submission.answers["reservation"]["signature"] = typed
    version = submission.form_version
    version.schema = [
        dict(spec, sensitive=spec["sensitive"] or (sensitive and spec["key"] == "signature")) for spec in version.schema
    ]
    version.save()
    submission.save()

    purge_expired_documents()

    submission = CheckinSubmission.objects.get(pk=submission.pk)
    assert submission.answers["reservation"].get("signature") == (None if sensitive else typed)
