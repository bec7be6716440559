"""Platform staff see the Guesty sync in the admin: states, counts and ids; never a secret or a guest's answer."""

import pytest
from django.urls import reverse

from reservations.guesty.models import WebhookDelivery
from tests.factories import UserFactory
from tests.reservations.guesty.views.conftest import SECRET, make_field, make_issue, make_listing, make_run

pytestmark = pytest.mark.django_db

ANSWER = "PASSPORT-XK1234567"


@pytest.fixture
def staff(client):
    client.force_login(UserFactory(is_staff=True, is_superuser=True))
    return client


@pytest.fixture
def rows(cast, guesty):
    return {
        "guestyconnection": guesty,
        "syncrun": make_run(cast.organization),
        "syncissue": make_issue(cast.organization, guesty_reservation_id="gr-1", value=ANSWER),
        "webhookdelivery": WebhookDelivery.objects.create(
            organization=cast.organization, message_id="msg_1", event="reservation.updated"
        ),
        "guestylisting": make_listing(cast.organization, "L-1", "Casa Azul"),
        "guestyfield": make_field(cast.organization, "f-1", "Notes", "text"),
    }


@pytest.mark.parametrize(
    "model", ["guestyconnection", "syncrun", "syncissue", "webhookdelivery", "guestylisting", "guestyfield"]
)
def test_staff_list_and_open_every_guesty_model(staff, rows, model):
    assert staff.get(reverse(f"admin:guesty_{model}_changelist")).status_code == 200
    assert staff.get(reverse(f"admin:guesty_{model}_change", args=[rows[model].pk])).status_code == 200


def test_a_connection_shows_no_secret(staff, rows):
    connection = rows["guestyconnection"]
    pages = [
        staff.get(reverse("admin:guesty_guestyconnection_changelist")).content.decode(),
        staff.get(reverse("admin:guesty_guestyconnection_change", args=[connection.pk])).content.decode(),
    ]

    for page in pages:
        for secret in (SECRET, connection.webhook_secret, connection.access_token, connection.webhook_key):
            assert secret not in page
    assert "client-seaside" in pages[1]


def test_an_issue_shows_no_guest_answer(staff, rows):
    issue = rows["syncissue"]
    for url in (
        reverse("admin:guesty_syncissue_changelist"),
        reverse("admin:guesty_syncissue_change", args=[issue.pk]),
    ):
        assert ANSWER not in staff.get(url).content.decode()


def test_issues_filter_by_state_and_search_by_ids(staff, rows):
    page = staff.get(reverse("admin:guesty_syncissue_changelist"), {"state": "open", "q": "gr-1"}).content.decode()

    assert "The reservation has no dates." in page


def test_the_sync_rows_cannot_be_added_or_edited_here(staff, rows):
    assert staff.get(reverse("admin:guesty_syncrun_add")).status_code == 403
    assert staff.get(reverse("admin:guesty_guestyconnection_add")).status_code == 403
    response = staff.post(reverse("admin:guesty_syncissue_change", args=[rows["syncissue"].pk]), {"message": "x"})
    assert response.status_code == 403
