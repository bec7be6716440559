"""The sign-up confirmation token: single-use, expiring, and good for nothing else."""

from datetime import datetime, timedelta

import pytest
from django.contrib.auth.tokens import default_token_generator
from django.utils import timezone

from accounts.tokens import signup_confirmation_token
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def pending():
    return UserFactory(email="pending@example.com", is_active=False)


def test_a_fresh_token_is_valid(pending):
    assert signup_confirmation_token.check_token(pending, signup_confirmation_token.make_token(pending))


def test_it_stops_working_once_the_login_is_active(pending):
    token = signup_confirmation_token.make_token(pending)

    pending.is_active = True

    assert not signup_confirmation_token.check_token(pending, token)


def test_it_stops_working_once_the_person_signs_in(pending):
    token = signup_confirmation_token.make_token(pending)

    pending.last_login = timezone.now()

    assert not signup_confirmation_token.check_token(pending, token)


def test_it_stops_working_when_the_password_changes(pending):
    token = signup_confirmation_token.make_token(pending)

    pending.set_password("another-long-passphrase")

    assert not signup_confirmation_token.check_token(pending, token)


@pytest.mark.parametrize(("days", "valid"), [(2, True), (3, True), (4, False)])
def test_it_lasts_the_configured_number_of_days(pending, settings, monkeypatch, days, valid):
    settings.SIGNUP_CONFIRMATION_VALID_DAYS = 3
    token = signup_confirmation_token.make_token(pending)

    later = datetime.now() + timedelta(days=days, seconds=-5)
    monkeypatch.setattr(signup_confirmation_token, "_now", lambda: later)

    assert signup_confirmation_token.check_token(pending, token) is valid


def test_a_password_reset_token_does_not_confirm_a_sign_up_nor_the_other_way_round(pending):
    assert not signup_confirmation_token.check_token(pending, default_token_generator.make_token(pending))
    assert not default_token_generator.check_token(pending, signup_confirmation_token.make_token(pending))


@pytest.mark.parametrize("token", ["", "abc", "zzzzzzzzzzzzzzzz-abc", "1-2-3", "\x00-00"])
def test_nonsense_is_not_a_token(pending, token):
    assert not signup_confirmation_token.check_token(pending, token)
