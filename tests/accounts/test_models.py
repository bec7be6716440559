"""One rule for email addresses: trimmed and lower-cased, wherever they come in."""

import pytest

from accounts.models import User, normalize_email


@pytest.mark.parametrize(
    ("value", "normal"),
    [
        ("marta@example.com", "marta@example.com"),
        ("  Marta@Example.COM\n", "marta@example.com"),
        ("MARTA@EXAMPLE.COM", "marta@example.com"),
        ("", ""),
        (None, ""),
    ],
)
def test_normalize_email_trims_and_lower_cases(value, normal):
    assert normalize_email(value) == normal


@pytest.mark.django_db
def test_create_user_stores_the_normal_form():
    assert User.objects.create_user(" Marta@Example.COM ", "a-long-passphrase").email == "marta@example.com"


def test_the_manager_uses_the_same_rule():
    # Django's own rule lower-cases only the domain.
    assert User.objects.normalize_email(" Marta@Example.COM ") == "marta@example.com"


def test_clean_stores_the_normal_form():
    user = User(email="Marta@Example.COM")

    user.clean()

    assert user.email == "marta@example.com"
