"""Sign-in with email and password."""

import pytest
from django.urls import reverse
from pytest_django.asserts import assertContains, assertRedirects

from accounts.models import ActivityLog
from tests.factories import PASSWORD, UserFactory

pytestmark = pytest.mark.django_db

URL = reverse("accounts:login")


def test_shows_the_form(client):
    response = client.get(URL)

    assertContains(response, 'type="email"')
    assertContains(response, "Forgot your password?")


def test_signs_in_with_email_and_password(cast, client):
    response = client.post(URL, {"username": "owner@seaside.test", "password": PASSWORD})

    assertRedirects(response, reverse("dashboard"))
    assert int(client.session["_auth_user_id"]) == cast.owner.user.pk


def test_the_email_is_not_case_sensitive(cast, client):
    response = client.post(URL, {"username": "Owner@Seaside.TEST", "password": PASSWORD})

    assertRedirects(response, reverse("dashboard"))
    assert int(client.session["_auth_user_id"]) == cast.owner.user.pk


def test_goes_on_to_the_page_asked_for(cast, client):
    response = client.post(
        URL, {"username": "manager@seaside.test", "password": PASSWORD, "next": reverse("reservations:list")}
    )

    assertRedirects(response, reverse("reservations:list"))


def test_does_not_go_on_to_another_site(cast, client):
    response = client.post(
        URL, {"username": "manager@seaside.test", "password": PASSWORD, "next": "https://evil.example/"}
    )

    assertRedirects(response, reverse("dashboard"))


def test_records_the_sign_in_in_the_host_accounts_log(cast, client):
    client.post(URL, {"username": "owner@seaside.test", "password": PASSWORD}, REMOTE_ADDR="203.0.113.9")

    entry = ActivityLog.objects.get(action="login")
    assert entry.organization == cast.organization
    assert entry.actor_user == cast.owner.user
    assert entry.ip_address == "203.0.113.9"


def test_a_wrong_password_is_refused_with_a_message(cast, client):
    response = client.post(URL, {"username": "owner@seaside.test", "password": "not the password"})

    assert response.status_code == 200
    assertContains(response, "Please enter a correct email and password.")
    assert "_auth_user_id" not in client.session
    assert not ActivityLog.objects.filter(action="login").exists()


def test_an_unknown_email_gets_the_same_message(cast, client):
    response = client.post(URL, {"username": "nobody@seaside.test", "password": PASSWORD})

    assertContains(response, "Please enter a correct email and password.")
    assert "_auth_user_id" not in client.session


def test_a_signed_in_person_is_sent_on_to_the_dashboard(cast, client_for):
    client = client_for(cast.concierge)

    assertRedirects(client.get(URL), reverse("dashboard"))


def test_signing_out_ends_the_session_and_is_logged(cast, client_for):
    client = client_for(cast.owner)

    response = client.post(reverse("accounts:logout"))

    assertRedirects(response, URL)
    assert "_auth_user_id" not in client.session
    assert ActivityLog.objects.filter(action="logout", organization=cast.organization).exists()


def test_a_sign_up_awaiting_confirmation_cannot_sign_in_and_is_told_why(client):
    UserFactory(email="pending@example.com", is_active=False)

    response = client.post(URL, {"username": "Pending@Example.com", "password": PASSWORD})

    assertContains(response, "Confirm your email address first: open the link we emailed you.")
    assert "_auth_user_id" not in client.session


def test_a_sign_up_awaiting_confirmation_with_a_wrong_password_gets_the_usual_message(client):
    UserFactory(email="pending@example.com", is_active=False)

    response = client.post(URL, {"username": "pending@example.com", "password": "not the password"})

    assertContains(response, "Please enter a correct email and password.")
    assert "Confirm your email" not in response.content.decode()


def test_a_login_deactivated_by_staff_gets_the_usual_message(client):
    from django.utils import timezone

    UserFactory(email="gone@example.com", is_active=False, last_login=timezone.now())

    response = client.post(URL, {"username": "gone@example.com", "password": PASSWORD})

    assertContains(response, "Please enter a correct email and password.")
    assert "_auth_user_id" not in client.session
