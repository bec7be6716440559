"""The bench data generator (bench/generate.py): a small data set, what the app reads back from it, and --wipe."""

import io
import re
from datetime import timedelta

import phonenumbers
import pytest
from django.db import connection
from django.db.models import Count, Q
from django.urls import reverse
from django.utils import timezone

from accounts.models import Membership, Organization, User
from accounts.permissions import Role
from bench.generate import ADMIN_EMAIL, BENCH_DOMAIN, PASSWORD, BenchDataExists, generate, main, wipe
from notifications.models import Message
from payments.models import Order, Transaction
from properties.models import Property
from reservations.checkin.models import CheckinSubmission, GuestDocument
from reservations.models import CheckinStatus, Guest, Reservation, ReservationStatus
from tests.factories import GuestFactory, MembershipFactory, PropertyFactory, ReservationFactory

SIZE = {"accounts": 2, "properties_per_account": 4, "reservations": 600}


def make(**options):
    return generate(**(SIZE | options), out=io.StringIO())


@pytest.fixture
def bench(db, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        report = make()
    yield report
    for document in GuestDocument.objects.all():  # the rows are rolled back: their files go too
        document.file.storage.delete(document.file.name)


def bench_rows(model, **filters):
    return model.objects.filter(organization__memberships__user__email=f"owner1@{BENCH_DOMAIN}", **filters)


def test_counts_and_shape(bench):
    assert Organization.objects.count() == 2
    assert User.objects.filter(email__endswith="@" + BENCH_DOMAIN).count() == 7  # 3 a team, and the admin
    assert User.objects.get(email=ADMIN_EMAIL).is_superuser
    assert Property.objects.count() == 8
    assert Reservation.objects.count() == 600
    assert bench.counts["reservations"] == 600
    for model in (Message, Order, Transaction, CheckinSubmission, GuestDocument):
        assert model.objects.exists(), model
    manager = Membership.objects.get(user__email=f"manager1@{BENCH_DOMAIN}")
    concierge = Membership.objects.get(user__email=f"concierge1@{BENCH_DOMAIN}")
    assert (manager.role, manager.properties.count(), concierge.properties.count()) == (Role.MANAGER, 2, 3)
    # Every stay has its guests, 1 to 4, one of them the main guest.
    per_stay = Reservation.objects.annotate(n=Count("guests"), main=Count("guests", filter=Q(guests__is_main=True)))
    assert set(per_stay.values_list("main", flat=True)) == {1}
    assert set(per_stay.values_list("n", flat=True)) <= {1, 2, 3, 4}
    assert Guest.objects.count() > 600


def test_statuses_follow_the_dates(bench):
    today, now = timezone.localdate(), timezone.now()
    stays = Reservation.objects.all()
    assert stays.filter(status=ReservationStatus.CANCELED).count() < stays.count() * 0.15
    assert stays.filter(status=ReservationStatus.CONFIRMED).count() > stays.count() * 0.8
    assert not stays.filter(status=ReservationStatus.CANCELED).exclude(checkin_status=CheckinStatus.NOT_STARTED)
    assert stays.filter(check_in__lt=today - timedelta(days=300)).exists()
    assert stays.filter(check_in__gt=today + timedelta(days=300)).exists()
    assert not stays.filter(checkin_completed_at__gt=now)
    completed = stays.filter(checkin_status=CheckinStatus.COMPLETED)
    assert completed.count() == CheckinSubmission.objects.filter(submitted_at__isnull=False).count()
    assert not completed.filter(checkin__submitted_at__isnull=True)
    assert not completed.exclude(party_checked_in__gte=1)
    # About half the stays that began have a submitted check-in.
    began = stays.filter(check_in__lte=today, status=ReservationStatus.CONFIRMED)
    assert 0.35 < began.filter(checkin_status=CheckinStatus.COMPLETED).count() / began.count() < 0.65
    # Check-ins past the retention period were purged, and only the others have identity documents.
    old = CheckinSubmission.objects.filter(reservation__check_out__lt=today - timedelta(days=40))
    assert old.exists() and not old.filter(purged_at__isnull=True) and not old.filter(documents__isnull=False)
    # Booked before they begin; no stays of a property overlap, canceled ones aside.
    assert not stays.filter(created_at__gt=now)
    live = stays.exclude(status=ReservationStatus.CANCELED).order_by("property_id", "check_in")
    previous = {}
    for property_id, check_in, check_out in live.values_list("property_id", "check_in", "check_out"):
        assert check_in >= previous.get(property_id, check_in), (property_id, check_in)
        previous[property_id] = check_out


def test_names_are_varied_and_searchable(bench):
    names = list(Reservation.objects.values_list("guest_name", flat=True))
    assert not [name for name in names if re.search(r"guest\s*\d", name, re.IGNORECASE)]
    assert len(set(names)) > len(names) * 0.6
    assert Reservation.objects.filter(guest_name__icontains="garcia").count() >= 5
    assert Reservation.objects.filter(guest_name__icontains="anna").count() >= 5
    # The main guest is the booker.
    for guest in Guest.objects.filter(is_main=True).select_related("reservation"):
        stay = guest.reservation
        assert f"{guest.first_name} {guest.last_name}" == stay.guest_name
        assert guest.email == stay.guest_email or not stay.guest_email
        assert str(guest.phone) == str(stay.guest_phone) or not stay.guest_phone


def test_phones_are_valid_e164(bench):
    phones = [str(p) for p in Reservation.objects.exclude(guest_phone="").values_list("guest_phone", flat=True)]
    assert len(phones) > 400
    for phone in phones:
        number = phonenumbers.parse(phone, None)
        assert phonenumbers.is_valid_number(number), phone
        assert phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164) == phone


def test_an_owner_signs_in_and_lists_the_reservations(bench, client):
    response = client.post(reverse("accounts:login"), {"username": f"owner1@{BENCH_DOMAIN}", "password": PASSWORD})
    assert response.status_code == 302
    assert client.get("/reservations/").status_code == 200
    assert client.get("/reservations/?q=garcia").status_code == 200
    done = bench_rows(Reservation, checkin_status=CheckinStatus.COMPLETED, checkin__purged_at__isnull=True).first()
    assert client.get(reverse("reservations:detail", args=[done.pk])).status_code == 200


def test_the_admin_and_a_manager_sign_in(bench, client):
    for email in (ADMIN_EMAIL, f"manager2@{BENCH_DOMAIN}"):
        client.logout()
        assert client.login(username=email, password=PASSWORD), email


def test_guest_portal_pages_open(bench, client):
    today = timezone.localdate()
    upcoming = Reservation.objects.filter(
        status=ReservationStatus.CONFIRMED, check_in__gt=today, checkin_status=CheckinStatus.NOT_STARTED
    ).first()
    assert client.get(reverse("portal:home", args=[upcoming.portal_token])).status_code == 200
    checked_in = Reservation.objects.filter(
        checkin_status=CheckinStatus.COMPLETED, check_out__gte=today - timedelta(days=7)
    ).first()
    assert client.get(reverse("portal:home", args=[checked_in.portal_token])).status_code == 200
    assert client.get(reverse("portal:guide", args=[checked_in.portal_token])).status_code == 200


def test_encrypted_answers_and_documents_read_back(bench):
    submission = CheckinSubmission.objects.filter(submitted_at__isnull=False, purged_at__isnull=True).first()
    main = submission.answers["guests"][0]
    assert f"{main['first_name']} {main['last_name']}" == submission.reservation.guest_name
    assert main["document_number"] and main["email"] and main["phone"]
    assert submission.answers["reservation"]["signature"]["typed"] == submission.reservation.guest_name
    with connection.cursor() as cursor:
        cursor.execute("SELECT answers FROM checkin_checkinsubmission WHERE id = %s", [submission.pk])
        stored = cursor.fetchone()[0]
    assert main["first_name"] not in stored  # a Fernet token, not the answers
    document = GuestDocument.objects.filter(submission=submission).first()
    assert document.encrypted and document.read().startswith(b"\xff\xd8")  # a JPEG once decrypted
    purged = CheckinSubmission.objects.filter(purged_at__isnull=False, submitted_at__isnull=False).first()
    assert "document_number" not in purged.answers["guests"][0]  # the retention purge's work
    assert purged.answers["guests"][0]["first_name"]


def test_wipe_removes_only_the_bench_accounts(db, django_capture_on_commit_callbacks):
    other = MembershipFactory(user__email="host@example.com")
    stay = ReservationFactory(property=PropertyFactory(organization=other.organization))
    GuestFactory(reservation=stay)
    with django_capture_on_commit_callbacks(execute=True):
        make()
    first_documents = [d.file for d in GuestDocument.objects.all()]
    # Rows loaded together share their created_at: compare the names, not an order PostgreSQL does not keep.
    names = sorted(Reservation.objects.exclude(pk=stay.pk).values_list("guest_name", flat=True))
    assert first_documents and all(f.storage.exists(f.name) for f in first_documents)

    with pytest.raises(BenchDataExists):
        make()
    with django_capture_on_commit_callbacks(execute=True):
        report = make(wipe_first=True)
    assert report.removed
    assert Organization.objects.count() == 2 + 1
    assert not [f for f in first_documents if f.storage.exists(f.name)]
    # The same seed makes the same data.
    again = sorted(Reservation.objects.exclude(pk=stay.pk).values_list("guest_name", flat=True))
    assert again == names

    later_documents = [d.file for d in GuestDocument.objects.all()]
    with django_capture_on_commit_callbacks(execute=True):
        wipe()
    assert list(Organization.objects.all()) == [other.organization]
    assert not User.objects.filter(email__endswith="@" + BENCH_DOMAIN).exists()
    assert list(Reservation.objects.all()) == [stay]
    assert Guest.objects.filter(reservation=stay).count() == 1
    assert User.objects.filter(email="host@example.com").exists()
    assert not [f for f in later_documents if f.storage.exists(f.name)]


@pytest.mark.skipif("connection.vendor == 'postgresql'")
def test_the_command_line_refuses_sqlite_unless_small(db):
    with pytest.raises(SystemExit) as exit_:
        main([])
    assert exit_.value.code == 2
