"""The seed_demo command builds the Seaside Stays demo account, and running it again changes nothing."""

import io
from datetime import timedelta
from unittest import mock

import pytest
from django.core.management import call_command
from django.db.models import Count, Q
from django.utils import timezone

from accounts.models import ActivityLog, Membership, Organization, User
from accounts.permissions import Role
from properties.models import Brand, GuidePlace, GuideSection, Property, SectionKind
from properties.selectors import guide_for
from reservations.checkin.models import CheckinSubmission
from reservations.models import CheckinStatus, Guest, Reservation

EMAILS = ["owner@demo.gorently.test", "manager@demo.gorently.test", "concierge@demo.gorently.test"]
ADMIN = "admin@demo.gorently.test"


def seed():
    out = io.StringIO()
    call_command("seed_demo", stdout=out)
    return out.getvalue()


@pytest.mark.django_db
def test_seed_demo_is_idempotent():
    output = seed()
    first = Reservation.objects.count()
    counts = (Guest.objects.count(), ActivityLog.objects.count(), Membership.objects.count(), User.objects.count())
    seed()

    assert Organization.objects.filter(slug="seaside-stays").count() == 1
    organization = Organization.objects.get(slug="seaside-stays")
    assert Organization.objects.count() == 1
    assert set(Property.objects.filter(organization=organization).values_list("name", flat=True)) == {
        "Villa Mar",
        "Old Town Loft",
        "Alpine Chalet",
    }
    assert Property.objects.count() == 3
    assert Brand.objects.filter(organization=organization, property=None).count() == 1
    assert 25 <= first <= 35
    assert Reservation.objects.filter(organization=organization).count() == first
    assert (Guest.objects.count(), ActivityLog.objects.count(), Membership.objects.count(), User.objects.count()) == (
        counts
    )
    main_guests = Reservation.objects.annotate(n=Count("guests", filter=Q(guests__is_main=True)))
    assert set(main_guests.values_list("n", flat=True)) == {1}
    assert Guest.objects.filter(is_main=False).exists()
    assert "owner@demo.gorently.test" in output
    assert "http://127.0.0.1:8000/accounts/login/" in output


@pytest.mark.django_db
def test_seed_demo_users_and_memberships():
    seed()
    seed()
    organization = Organization.objects.get(slug="seaside-stays")
    assert set(User.objects.values_list("email", flat=True)) == {*EMAILS, ADMIN}
    for user in User.objects.all():
        assert user.check_password("demo-pass-2026")
    admin = User.objects.get(email=ADMIN)
    assert admin.is_staff and admin.is_superuser
    assert not admin.memberships.exists()

    roles = {m.user.email: m for m in Membership.objects.filter(organization=organization)}
    assert {email: m.role for email, m in roles.items()} == dict(
        zip(EMAILS, [Role.OWNER, Role.MANAGER, Role.CONCIERGE], strict=True)
    )
    assigned = {email: set(m.properties.values_list("name", flat=True)) for email, m in roles.items()}
    assert assigned == {EMAILS[0]: set(), EMAILS[1]: {"Villa Mar", "Old Town Loft"}, EMAILS[2]: {"Villa Mar"}}


@pytest.mark.django_db
def test_seed_demo_spreads_reservations_around_today():
    seed()
    today = timezone.localdate()
    reservations = Reservation.objects.all()
    assert reservations.filter(check_out__lt=today).exists()
    assert reservations.filter(check_in__lt=today, check_out__gt=today).exists()
    assert reservations.filter(check_in__gt=today).exists()
    assert reservations.filter(check_in=today).exists()
    assert set(reservations.values_list("checkin_status", flat=True)) == set(CheckinStatus.values)
    completed = reservations.filter(checkin_status=CheckinStatus.COMPLETED)
    assert not completed.filter(checkin_completed_at__isnull=True).exists()
    assert not reservations.exclude(checkin_status=CheckinStatus.COMPLETED).exclude(checkin_completed_at=None).exists()
    assert reservations.filter(status="canceled").count() >= 2
    assert set(reservations.values_list("channel", flat=True)) == {"airbnb", "booking", "vrbo", "direct"}
    assert set(reservations.values_list("guest_language", flat=True)) == {"en", "es", "fr", "de", "it", "pt"}
    for reservation in reservations:
        assert reservation.guest_phone.is_valid()
        assert reservation.guest_email
        assert reservation.guests_count <= reservation.property.max_guests


@pytest.mark.django_db
def test_seed_demo_rerun_on_a_later_day_moves_dates():
    seed()
    before = dict(Reservation.objects.values_list("confirmation_code", "check_in"))
    tomorrow = timezone.localdate() + timedelta(days=1)
    with mock.patch("django.utils.timezone.localdate", return_value=tomorrow):
        seed()
    after = dict(Reservation.objects.values_list("confirmation_code", "check_in"))
    assert after.keys() == before.keys()
    assert all(after[code] == before[code] + timedelta(days=1) for code in before)


@pytest.mark.django_db
def test_seed_demo_check_ins_match_their_status_and_a_portal_link_is_printed():
    output = seed()
    seed()

    for reservation in Reservation.objects.select_related("checkin"):
        submission = getattr(reservation, "checkin", None)
        if reservation.checkin_status == CheckinStatus.COMPLETED:
            assert submission.is_submitted
            assert submission.submitted_at == reservation.checkin_completed_at
            assert submission.documents.filter(kind="front").count() == submission.party_size
            assert submission.documents.filter(kind="signature").count() == 1
        elif reservation.checkin_status == CheckinStatus.IN_PROGRESS:
            assert submission is not None and not submission.is_submitted
        else:
            assert submission is None
    assert not CheckinSubmission.objects.filter(submitted_at__isnull=False, reservation__checkin_status="in_progress")
    link = next(line for line in output.splitlines() if "Guest portal of" in line).split(": ")[-1]
    token = link.rstrip("/").rsplit("/", 1)[-1]
    portal = Reservation.objects.get(portal_token=token)
    assert portal.checkin_status == CheckinStatus.NOT_STARTED
    assert portal.check_in > timezone.localdate()


@pytest.mark.django_db
def test_seed_demo_gives_every_property_a_full_guide_once():
    seed()
    seed()

    shared = GuideSection.objects.filter(property__isnull=True)
    assert shared.count() == 1
    for property in Property.objects.all():
        kinds = {view.section.kind for view in guide_for(property)}
        assert kinds == set(SectionKind.values) - {SectionKind.FREE}
        assert property.door_code and property.wifi_password
        assert GuidePlace.objects.filter(section__property=property).count() >= 2


@pytest.mark.django_db
def test_the_demo_connects_to_the_local_fake_guesty_and_queues_the_check(settings):
    from reservations.guesty.models import GuestyConnection, SyncRun

    settings.GUESTY_API_URL = "http://127.0.0.1:8765/v1"
    output = seed()
    seed()

    connection = GuestyConnection.objects.get(organization__slug="seaside-stays")
    assert connection.client_id == "demo-client"
    assert SyncRun.objects.filter(kind="connect").count() == 1
    assert "connected to the local fake Guesty" in output


@pytest.mark.django_db
def test_the_demo_never_connects_to_the_real_guesty(settings):
    from reservations.guesty.models import GuestyConnection

    settings.GUESTY_API_URL = "https://open-api.guesty.com/v1"
    output = seed()

    assert not GuestyConnection.objects.exists()
    assert "Guesty" not in output
