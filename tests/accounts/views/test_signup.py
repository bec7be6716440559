"""Sign-up: a new host gives their name, email, password and business, then confirms the email.

Every sign-up ends on the same "Check your inbox" page, so the page never says
whether an address already has a login; only the email sent to it differs. A new
address gets a link that confirms it and signs in; an address with a login is told
so, and nothing changes.
"""

import re
from datetime import datetime, timedelta

import pytest
from django.urls import reverse
from pytest_django.asserts import assertContains, assertRedirects, assertTemplateUsed

from accounts.models import ActivityLog, Membership, Organization, User
from accounts.permissions import Role
from accounts.tokens import signup_confirmation_token
from tests.factories import PASSWORD, MembershipFactory, UserFactory

pytestmark = pytest.mark.django_db

URL = reverse("accounts:signup")
SENT = reverse("accounts:signup_sent")
CONFIRM_LINK = re.compile(r"https?://[^/\s]+(/accounts/signup/confirm/[^/\s]+/[^/\s]+/)")


def _form(**overrides):
    data = {
        "full_name": "Marta Host",
        "email": "marta@example.com",
        "password": "sandy-dunes-at-dawn",
        "account_name": "Marta's Beach Flats",
    }
    return data | overrides


@pytest.fixture
def sign_up(client, django_capture_on_commit_callbacks):
    """Post the sign-up form (from `ip`), running what waits for the commit: the emails."""

    def post(ip="198.51.100.1", **overrides):
        with django_capture_on_commit_callbacks(execute=True):
            return client.post(URL, _form(**overrides), REMOTE_ADDR=ip)

    return post


def _sign_in(client, email="marta@example.com", password="sandy-dunes-at-dawn"):
    return client.post(reverse("accounts:login"), {"username": email, "password": password})


def _confirm_path(message):
    match = CONFIRM_LINK.search(message.body)
    assert match, message.body
    return match.group(1)


def test_shows_the_form(client):
    response = client.get(URL)

    assertContains(response, "Create your host account")
    assertContains(response, 'name="account_name"')


# --- A new address ---------------------------------------------------------------------------------


def test_a_new_address_ends_on_check_your_inbox(sign_up, client):
    response = sign_up()

    assertRedirects(response, SENT)
    page = client.get(SENT)
    assertContains(page, "Check your inbox")
    assertContains(page, "We sent an email to <strong>marta@example.com</strong>", html=False)


def test_a_new_address_gets_a_login_and_host_account_that_wait_for_confirmation(sign_up, client):
    sign_up()

    user = User.objects.get(email="marta@example.com")
    assert user.is_active is False
    assert user.full_name == "Marta Host"
    assert user.check_password("sandy-dunes-at-dawn")
    membership = Membership.objects.get(user=user)
    assert membership.role == Role.OWNER
    assert membership.organization.name == "Marta's Beach Flats"
    assert "_auth_user_id" not in client.session


def test_a_new_address_is_emailed_a_confirmation_link(sign_up, mailoutbox):
    sign_up()

    assert len(mailoutbox) == 1
    message = mailoutbox[0]
    assert message.to == ["marta@example.com"]
    assert message.subject == "Confirm your email to finish signing up for GoRently"
    assert "finish setting up Marta's Beach Flats" in message.body
    assert "works once, for 3 days" in message.body
    _confirm_path(message)


def test_stores_the_email_trimmed_and_in_lower_case(sign_up):
    sign_up(email="  Marta@Example.COM ")

    assert User.objects.filter(email="marta@example.com").exists()


def test_records_the_new_account_in_its_activity_log(sign_up):
    sign_up()

    organization = Organization.objects.get(name="Marta's Beach Flats")
    entry = ActivityLog.objects.get(organization=organization, action="account.created")
    assert entry.actor_label == "marta@example.com"


def test_cannot_sign_in_before_confirming(sign_up, client):
    sign_up()

    response = _sign_in(client)

    assertContains(response, "Confirm your email address first")
    assert "_auth_user_id" not in client.session


# --- The confirmation link -------------------------------------------------------------------------


def test_the_link_opens_a_page_with_a_button_and_does_not_confirm_by_itself(sign_up, client, mailoutbox):
    # Mail scanners open links: a GET must neither use up the link nor sign anyone in.
    sign_up()

    response = client.get(_confirm_path(mailoutbox[0]))

    assertContains(response, "Confirm your email")
    assertContains(response, "Confirm and continue")
    assert User.objects.get(email="marta@example.com").is_active is False
    assert "_auth_user_id" not in client.session


def test_confirming_activates_the_login_signs_in_and_enters_the_host_account(sign_up, client, mailoutbox):
    sign_up()

    response = client.post(_confirm_path(mailoutbox[0]))

    assertRedirects(response, reverse("properties:create"))
    user = User.objects.get(email="marta@example.com")
    assert user.is_active is True
    membership = Membership.objects.get(user=user)
    assert int(client.session["_auth_user_id"]) == user.pk
    assert client.session["organization_id"] == membership.organization_id


def test_confirming_lands_on_add_property_with_a_welcome(sign_up, client, mailoutbox):
    sign_up()

    response = client.post(_confirm_path(mailoutbox[0]), follow=True)

    assertContains(response, "Welcome to GoRently! Start by adding your first property.")
    assertContains(response, "Add property")


def test_confirming_is_recorded_in_the_activity_log(sign_up, client, mailoutbox):
    sign_up()

    client.post(_confirm_path(mailoutbox[0]))

    organization = Organization.objects.get(name="Marta's Beach Flats")
    entry = ActivityLog.objects.get(organization=organization, action="account.confirmed")
    assert entry.actor_label == "marta@example.com"


def test_after_confirming_the_password_signs_in(sign_up, client, mailoutbox):
    sign_up()
    client.post(_confirm_path(mailoutbox[0]))
    client.logout()

    response = _sign_in(client)

    assertRedirects(response, reverse("dashboard"), fetch_redirect_response=False)


def test_the_link_works_once(sign_up, client, mailoutbox):
    sign_up()
    path = _confirm_path(mailoutbox[0])
    client.post(path)
    client.logout()

    for response in (client.get(path), client.post(path)):
        assertContains(response, "This link no longer works", status_code=404)
        assertTemplateUsed(response, "accounts/signup_confirm_invalid.html")
    assert "_auth_user_id" not in client.session


def test_the_link_works_until_its_last_day(sign_up, client, mailoutbox, monkeypatch):
    sign_up()
    path = _confirm_path(mailoutbox[0])
    monkeypatch.setattr(signup_confirmation_token, "_now", lambda: datetime.now() + timedelta(days=3, minutes=-1))

    assertRedirects(client.post(path), reverse("properties:create"))


def test_an_expired_link_is_refused(sign_up, client, mailoutbox, monkeypatch):
    sign_up()
    path = _confirm_path(mailoutbox[0])
    monkeypatch.setattr(signup_confirmation_token, "_now", lambda: datetime.now() + timedelta(days=3, minutes=1))

    response = client.post(path)

    assertContains(response, "This link no longer works", status_code=404)
    assert User.objects.get(email="marta@example.com").is_active is False
    assert "_auth_user_id" not in client.session


@pytest.mark.parametrize(
    "tamper",
    [
        lambda uid, token: (uid, token[:-3] + "xyz"),
        lambda uid, token: (uid, "1-" + token.split("-")[1]),
        lambda uid, token: (uid, "no-dash-here"),
        lambda uid, token: ("MA", token),  # another id (0)
        lambda uid, token: ("%00", token),
        lambda uid, token: ("OTk5OTk5OTk5OTk5OTk5OTk5OTk5", token),  # 999999999999999999999
        lambda uid, token: ("not base64!", token),
    ],
)
def test_a_tampered_link_is_refused_with_a_clear_page(sign_up, client, mailoutbox, tamper):
    sign_up()
    uid, token = _confirm_path(mailoutbox[0]).strip("/").split("/")[-2:]
    path = "/accounts/signup/confirm/{}/{}/".format(*tamper(uid, token))

    for response in (client.get(path), client.post(path)):
        assertContains(response, "This link no longer works", status_code=404)
    assert User.objects.get(email="marta@example.com").is_active is False


def test_signing_up_again_before_confirming_sends_a_new_link_and_retires_the_old_one(sign_up, client, mailoutbox):
    # Whoever signs up first cannot squat an address: its owner's latest sign-up is the one that counts.
    sign_up(password="someone-elses-secret", account_name="Squatter Stays")
    first = _confirm_path(mailoutbox[0])
    sign_up(email="MARTA@example.com")
    second = _confirm_path(mailoutbox[1])

    assertContains(client.post(first), "This link no longer works", status_code=404)
    assertRedirects(client.post(second), reverse("properties:create"))
    user = User.objects.get(email="marta@example.com")
    assert user.check_password("sandy-dunes-at-dawn")
    assert not user.check_password("someone-elses-secret")
    assert [m.organization.name for m in Membership.objects.filter(user=user)] == ["Marta's Beach Flats"]
    assert User.objects.filter(email__iexact="marta@example.com").count() == 1


# --- An address that already has a login ----------------------------------------------------------


def test_an_address_with_a_login_gets_the_same_page_as_a_new_one(sign_up, client, django_capture_on_commit_callbacks):
    UserFactory(email="taken@example.com")

    new = sign_up(email="marta@example.com")
    new_page = client.get(SENT)
    taken = sign_up(email="taken@example.com")
    taken_page = client.get(SENT)

    assert (taken.status_code, taken["Location"]) == (new.status_code, new["Location"]) == (302, SENT)
    assert [t.name for t in taken_page.templates] == [t.name for t in new_page.templates]
    assert taken_page.status_code == new_page.status_code == 200
    new_text = new_page.content.decode().replace("marta@example.com", "EMAIL")
    taken_text = taken_page.content.decode().replace("taken@example.com", "EMAIL")
    per_response = re.compile(r'[A-Za-z0-9]{64}|nonce="[^"]+"')  # CSRF tokens, CSP nonces
    assert per_response.sub("", taken_text) == per_response.sub("", new_text)


def test_an_address_with_a_login_is_told_it_has_an_account_and_how_to_get_in(sign_up, cast, mailoutbox):
    sign_up(email=" Owner@Seaside.TEST ")

    assert len(mailoutbox) == 1
    message = mailoutbox[0]
    assert message.to == ["owner@seaside.test"]
    assert message.subject == "You already have a GoRently account"
    assert "/accounts/login/" in message.body
    assert "/accounts/password-reset/" in message.body
    assert not CONFIRM_LINK.search(message.body)


def test_an_address_with_a_login_changes_nothing(sign_up, cast, client):
    counts = (User.objects.count(), Organization.objects.count(), Membership.objects.count())
    log_size = ActivityLog.objects.count()

    sign_up(email="OWNER@seaside.test", password="a-new-password-2026", full_name="Copycat", account_name="Copy Stays")

    assert (User.objects.count(), Organization.objects.count(), Membership.objects.count()) == counts
    assert ActivityLog.objects.count() == log_size
    cast.owner.user.refresh_from_db()
    assert cast.owner.user.check_password(PASSWORD)
    assert cast.owner.user.full_name != "Copycat"
    assert "_auth_user_id" not in client.session


def test_a_login_deactivated_by_staff_gets_the_same_page_and_no_email(sign_up, mailoutbox):
    from django.utils import timezone

    membership = MembershipFactory(user__email="gone@example.com", user__is_active=False)
    User.objects.filter(pk=membership.user.pk).update(last_login=timezone.now())

    assertRedirects(sign_up(email="gone@example.com"), SENT)
    assert mailoutbox == []
    assert User.objects.get(email="gone@example.com").is_active is False


# --- Refusals ------------------------------------------------------------------------------------------


def test_a_weak_password_is_refused(sign_up):
    response = sign_up(password="12345678")

    assertContains(response, "This password is entirely numeric.", status_code=400)
    assert not User.objects.filter(email="marta@example.com").exists()
    assert not Organization.objects.exists()


def test_a_missing_business_name_is_refused(sign_up):
    response = sign_up(account_name="")

    assertContains(response, "This field is required.", status_code=400)
    assert not User.objects.filter(email="marta@example.com").exists()


def test_a_blank_business_name_is_refused_for_an_address_with_a_login_too(sign_up, cast):
    # The same refusal whatever the address: a refusal that only new addresses got would tell them apart.
    for email in ("marta@example.com", "owner@seaside.test"):
        assertContains(sign_up(email=email, account_name="   "), "This field is required.", status_code=400)


def test_a_signed_in_person_is_sent_to_the_dashboard(cast, client_for):
    client = client_for(cast.owner)

    assertRedirects(client.get(URL), reverse("dashboard"))


# --- Throttles ------------------------------------------------------------------------------------------


def test_a_client_address_over_its_limit_gets_429_and_nothing_is_created_or_sent(sign_up, settings, mailoutbox):
    settings.SIGNUP_RATE = "3/h"
    for n in range(3):
        assertRedirects(sign_up(email=f"host{n}@example.com"), SENT)

    response = sign_up(email="host3@example.com")

    assert response.status_code == 429
    assertTemplateUsed(response, "accounts/too_many.html")
    assertContains(response, "Too many requests", status_code=429)
    assert not User.objects.filter(email="host3@example.com").exists()
    assert len(mailoutbox) == 3


def test_failed_attempts_count_towards_the_client_address_limit(sign_up, settings):
    settings.SIGNUP_RATE = "3/h"
    for _ in range(3):
        sign_up(password="12345678")

    assert sign_up().status_code == 429


def test_another_client_address_is_not_held_back(sign_up, settings):
    settings.SIGNUP_RATE = "1/h"
    sign_up(email="host0@example.com", ip="198.51.100.1")

    assertRedirects(sign_up(email="host1@example.com", ip="198.51.100.2"), SENT)


def test_over_the_limit_for_one_email_the_page_is_the_same_and_nothing_more_is_sent(
    sign_up, cast, settings, mailoutbox
):
    settings.SIGNUP_EMAIL_RATE = "2/h"
    variants = ["owner@seaside.test", "OWNER@seaside.test", " Owner@Seaside.Test", "owner@SEASIDE.test "]

    for n, email in enumerate(variants * 3):
        assertRedirects(sign_up(email=email, ip=f"198.51.100.{n + 1}"), SENT)

    assert len(mailoutbox) == 2
