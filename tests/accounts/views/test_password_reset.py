"""Password reset: a link by email, then a new password."""

import re

import pytest
from django.urls import reverse
from pytest_django.asserts import assertContains, assertRedirects

pytestmark = pytest.mark.django_db

URL = reverse("accounts:password_reset")


def _reset_path(message):
    match = re.search(r"https?://[^/\s]+(/accounts/password-reset/[^/\s]+/[^/\s]+/)", message.body)
    assert match, message.body
    return match.group(1)


def test_shows_the_form(client):
    assertContains(client.get(URL), "Send reset link")


def test_emails_a_link_to_a_known_address(cast, client, mailoutbox):
    response = client.post(URL, {"email": "manager@seaside.test"})

    assertRedirects(response, reverse("accounts:password_reset_done"))
    assert len(mailoutbox) == 1
    message = mailoutbox[0]
    assert message.to == ["manager@seaside.test"]
    assert message.subject == "Reset your GoRently password"
    assert "Choose a new password here:" in message.body


def test_the_emailed_link_lets_the_person_choose_a_new_password(cast, client, mailoutbox):
    client.post(URL, {"email": "manager@seaside.test"})

    form_page = client.get(_reset_path(mailoutbox[0]), follow=True)
    assertContains(form_page, "Choose a new password")
    response = client.post(
        form_page.request["PATH_INFO"],
        {"new_password1": "tide-pools-and-lanterns", "new_password2": "tide-pools-and-lanterns"},
    )

    assertRedirects(response, reverse("accounts:password_reset_complete"))
    cast.manager.user.refresh_from_db()
    assert cast.manager.user.check_password("tide-pools-and-lanterns")


def test_a_tampered_link_says_it_has_expired(cast, client, mailoutbox):
    client.post(URL, {"email": "manager@seaside.test"})
    path = _reset_path(mailoutbox[0])
    tampered = path.rstrip("/")[:-3] + "xyz/"

    response = client.get(tampered, follow=True)

    assertContains(response, "This link has expired")
    assert 'name="new_password1"' not in response.content.decode()


def test_an_unknown_address_gets_the_same_page_and_no_email(cast, client, mailoutbox):
    response = client.post(URL, {"email": "nobody@seaside.test"}, follow=True)

    assertRedirects(response, reverse("accounts:password_reset_done"))
    assertContains(response, "Check your email")
    assert mailoutbox == []
