"""Platform staff see check-in forms and the state of check-ins in the admin, never guests' answers or files."""

import pytest
from django.urls import reverse

from tests.factories import GuestDocumentFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def staff(client):
    client.force_login(UserFactory(is_staff=True, is_superuser=True))
    return client


@pytest.mark.parametrize("model", ["checkinform", "checkinsubmission", "guestdocument"])
def test_staff_list_every_check_in_model(staff, cast, model):
    GuestDocumentFactory(submission__reservation=cast.villa_reservation)
    cast.form  # noqa: B018  (makes the account's default form)

    assert staff.get(reverse(f"admin:checkin_{model}_changelist")).status_code == 200


def test_a_check_in_shows_its_state_but_not_the_guests_answers(staff, cast):
    document = GuestDocumentFactory(submission__reservation=cast.villa_reservation)

    page = staff.get(reverse("admin:checkin_checkinsubmission_change", args=[document.submission.pk])).content.decode()

    assert "Party size" in page
    assert "XK1234567" not in page  # a document number in the answers
    assert (
        document.file.name
        not in staff.get(reverse("admin:checkin_guestdocument_change", args=[document.pk])).content.decode()
    )
