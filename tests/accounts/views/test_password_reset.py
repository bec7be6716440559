"""Password reset: a link by email, then a new password.

Requests are throttled per client address (over the limit: 429, nothing sent) and per
email address, trimmed and lower-cased (over the limit: the same "check your email"
page, nothing more sent), so the form can't be used to flood someone's inbox.
"""

import re

import pytest
from django.urls import reverse
from pytest_django.asserts import assertContains, assertRedirects, assertTemplateUsed

from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

URL = reverse("accounts:password_reset")
DONE = reverse("accounts:password_reset_done")


@pytest.fixture
def ask(client, django_capture_on_commit_callbacks):
    """Ask for a reset link for `email` (from `ip`), running what waits for the commit: the email."""

    def post(email, ip="198.51.100.1", **extra):
        with django_capture_on_commit_callbacks(execute=True):
            return client.post(URL, {"email": email}, REMOTE_ADDR=ip, **extra)

    return post


def _reset_path(message):
    match = re.search(r"https?://[^/\s]+(/accounts/password-reset/[^/\s]+/[^/\s]+/)", message.body)
    assert match, message.body
    return match.group(1)


def test_shows_the_form(client):
    assertContains(client.get(URL), "Send reset link")


def test_emails_a_link_to_a_known_address(cast, ask, mailoutbox):
    response = ask("manager@seaside.test")

    assertRedirects(response, DONE)
    assert len(mailoutbox) == 1
    message = mailoutbox[0]
    assert message.to == ["manager@seaside.test"]
    assert message.subject == "Reset your GoRently password"
    assert "Choose a new password here:" in message.body


def test_the_emailed_link_lets_the_person_choose_a_new_password(cast, ask, client, mailoutbox):
    ask("manager@seaside.test")

    form_page = client.get(_reset_path(mailoutbox[0]), follow=True)
    assertContains(form_page, "Choose a new password")
    response = client.post(
        form_page.request["PATH_INFO"],
        {"new_password1": "tide-pools-and-lanterns", "new_password2": "tide-pools-and-lanterns"},
    )

    assertRedirects(response, reverse("accounts:password_reset_complete"))
    cast.manager.user.refresh_from_db()
    assert cast.manager.user.check_password("tide-pools-and-lanterns")


def test_a_tampered_link_says_it_has_expired(cast, ask, client, mailoutbox):
    ask("manager@seaside.test")
    path = _reset_path(mailoutbox[0])
    tampered = path.rstrip("/")[:-3] + "xyz/"

    response = client.get(tampered, follow=True)

    assertContains(response, "This link has expired")
    assert 'name="new_password1"' not in response.content.decode()


def test_an_unknown_address_gets_the_same_page_and_no_email(cast, ask, client, mailoutbox):
    response = ask("nobody@seaside.test")

    assertRedirects(response, DONE)
    assertContains(client.get(DONE), "Check your email")
    assert mailoutbox == []


def test_the_address_is_matched_whatever_its_case_and_spacing(cast, ask, mailoutbox):
    ask("  Manager@Seaside.TEST ")

    assert [m.to for m in mailoutbox] == [["manager@seaside.test"]]


def test_a_sign_up_awaiting_confirmation_gets_no_reset_link(ask, mailoutbox):
    UserFactory(email="pending@example.com", is_active=False)

    assertRedirects(ask("pending@example.com"), DONE)
    assert mailoutbox == []


# --- Throttles ------------------------------------------------------------------------------------------


def test_twenty_requests_for_one_address_send_no_more_than_its_limit(cast, ask, settings, mailoutbox):
    settings.PASSWORD_RESET_EMAIL_RATE = "3/h"

    # From twenty different client addresses, so only the per-email limit applies.
    responses = [ask("manager@seaside.test", ip=f"198.51.100.{n + 1}") for n in range(20)]

    assert len(mailoutbox) == 3
    for response in responses:
        assertRedirects(response, DONE, fetch_redirect_response=False)


def test_case_and_spacing_variants_of_an_address_share_one_limit(cast, ask, settings, mailoutbox):
    settings.PASSWORD_RESET_EMAIL_RATE = "3/h"
    variants = ["manager@seaside.test", "MANAGER@seaside.test", "  Manager@Seaside.Test", "manager@SEASIDE.TEST "]

    for n, email in enumerate(variants * 2):
        assertRedirects(ask(email, ip=f"198.51.100.{n + 1}"), DONE, fetch_redirect_response=False)

    assert len(mailoutbox) == 3


def test_the_limit_of_one_address_does_not_hold_back_another(cast, ask, settings, mailoutbox):
    settings.PASSWORD_RESET_EMAIL_RATE = "1/h"
    ask("manager@seaside.test")
    ask("manager@seaside.test", ip="198.51.100.2")

    ask("owner@seaside.test", ip="198.51.100.3")

    assert [m.to for m in mailoutbox] == [["manager@seaside.test"], ["owner@seaside.test"]]


def test_a_client_address_over_its_limit_gets_429_and_nothing_is_sent(cast, ask, settings, mailoutbox):
    settings.PASSWORD_RESET_RATE = "5/h"
    for email in ["manager@seaside.test", "concierge@seaside.test", "owner@rival.test", "a@b.test", "c@d.test"]:
        assertRedirects(ask(email), DONE, fetch_redirect_response=False)
    sent = len(mailoutbox)

    response = ask("owner@seaside.test")

    assert response.status_code == 429
    assertTemplateUsed(response, "accounts/too_many.html")
    assertTemplateUsed(response, "layouts/auth.html")
    assertContains(response, "Too many requests", status_code=429)
    assert len(mailoutbox) == sent == 3


def test_another_client_address_is_not_held_back(cast, ask, settings, mailoutbox):
    settings.PASSWORD_RESET_RATE = "1/h"
    ask("manager@seaside.test", ip="198.51.100.1")

    assertRedirects(ask("owner@seaside.test", ip="198.51.100.2"), DONE, fetch_redirect_response=False)
    assert len(mailoutbox) == 2


def test_an_invalid_request_counts_towards_the_client_address_limit(ask, settings):
    settings.PASSWORD_RESET_RATE = "2/h"
    ask("not an email")
    ask("")

    assert ask("manager@seaside.test").status_code == 429
