"""The approval deadline: how long before arrival unanswered approval requests are declined."""

import pytest
from django.urls import reverse
from pytest_django.asserts import assertContains, assertRedirects

from accounts.models import ActivityLog
from payments.models import PaymentAccount

pytestmark = pytest.mark.django_db

URL = reverse("payments:save_settings")
PAGE = reverse("payments:settings")
FIELD = "approval_hours_before_arrival"


def test_saves_the_deadline(cast, client_for, stripe_ready):
    response = client_for(cast.owner).post(URL, {FIELD: "48"}, follow=True)

    assertRedirects(response, PAGE)
    assertContains(response, "Settings saved.")
    stripe_ready.refresh_from_db()
    assert stripe_ready.approval_hours_before_arrival == 48
    assert ActivityLog.objects.filter(action="payments.settings_changed").exists()


@pytest.mark.parametrize(
    "value, message",
    [
        ("-1", "Ensure this value is greater than or equal to 0."),
        ("337", "Ensure this value is less than or equal to 336."),
        ("soon", "Enter a whole number."),
        ("", "This field is required."),
    ],
)
def test_a_bad_value_is_refused_and_nothing_changes(cast, client_for, stripe_ready, value, message):
    response = client_for(cast.owner).post(URL, {FIELD: value})

    assertContains(response, message, status_code=400)
    stripe_ready.refresh_from_db()
    assert stripe_ready.approval_hours_before_arrival == 24


def test_payments_off_changes_nothing(cast, client_for, payments_off):
    response = client_for(cast.owner).post(URL, {FIELD: "48"}, follow=True)

    assertContains(response, "Payments are off on this installation")
    assert not PaymentAccount.objects.exists()


@pytest.mark.parametrize("role", ["manager", "concierge"])
def test_only_owners(cast, client_for, stripe_ready, role):
    assert client_for(cast.member(role)).post(URL, {FIELD: "48"}).status_code == 403
    stripe_ready.refresh_from_db()
    assert stripe_ready.approval_hours_before_arrival == 24
