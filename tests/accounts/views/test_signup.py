"""Sign-up: a new host creates their login and host account in one step."""

import pytest
from django.urls import reverse
from pytest_django.asserts import assertContains, assertRedirects

from accounts.models import ActivityLog, Membership, Organization, User
from accounts.permissions import Role
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

URL = reverse("accounts:signup")


def _form(**overrides):
    data = {
        "full_name": "Marta Host",
        "email": "marta@example.com",
        "password": "sandy-dunes-at-dawn",
        "account_name": "Marta's Beach Flats",
    }
    return data | overrides


def test_shows_the_form(client):
    response = client.get(URL)

    assertContains(response, "Create your host account")
    assertContains(response, 'name="account_name"')


def test_creates_the_login_and_the_host_account_and_signs_in(client):
    response = client.post(URL, _form())

    assertRedirects(response, reverse("properties:create"))
    user = User.objects.get(email="marta@example.com")
    assert user.full_name == "Marta Host"
    assert user.check_password("sandy-dunes-at-dawn")
    membership = Membership.objects.get(user=user)
    assert membership.role == Role.OWNER
    assert membership.organization.name == "Marta's Beach Flats"
    assert int(client.session["_auth_user_id"]) == user.pk
    assert client.session["organization_id"] == membership.organization_id


def test_lands_on_add_property_with_a_welcome(client):
    response = client.post(URL, _form(), follow=True)

    assertContains(response, "Welcome to GoRently! Start by adding your first property.")
    assertContains(response, "Add property")


def test_records_the_new_account_in_its_activity_log(client):
    client.post(URL, _form())

    organization = Organization.objects.get(name="Marta's Beach Flats")
    entry = ActivityLog.objects.get(organization=organization, action="account.created")
    assert entry.actor_label == "marta@example.com"


def test_stores_the_email_in_lower_case(client):
    client.post(URL, _form(email="Marta@Example.COM"))

    assert User.objects.filter(email="marta@example.com").exists()


def test_an_email_already_in_use_is_a_form_error_and_writes_nothing(client):
    UserFactory(email="marta@example.com")
    users, organizations = User.objects.count(), Organization.objects.count()

    response = client.post(URL, _form(email="MARTA@example.com"))

    assertContains(response, "An account with this email already exists. Sign in instead.", status_code=400)
    assert User.objects.count() == users
    assert Organization.objects.count() == organizations
    assert "_auth_user_id" not in client.session


def test_a_weak_password_is_refused(client):
    response = client.post(URL, _form(password="12345678"))

    assertContains(response, "This password is entirely numeric.", status_code=400)
    assert not User.objects.filter(email="marta@example.com").exists()
    assert not Organization.objects.exists()


def test_a_missing_business_name_is_refused(client):
    response = client.post(URL, _form(account_name=""))

    assertContains(response, "This field is required.", status_code=400)
    assert not User.objects.filter(email="marta@example.com").exists()


def test_a_signed_in_person_is_sent_to_the_dashboard(cast, client_for):
    client = client_for(cast.owner)

    assertRedirects(client.get(URL), reverse("dashboard"))
