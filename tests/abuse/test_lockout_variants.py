"""Every spelling of an email is one identity for the sign-in lock-out.

Finding: five wrong passwords locked `owner@…`; `Owner@…` with the right password then signed
in from the same address (django-axes counted the address as typed; sign-in ignores case).
"""

import pytest
from django.urls import reverse

from tests.factories import PASSWORD

pytestmark = pytest.mark.django_db

LOGIN = reverse("accounts:login")


@pytest.fixture(autouse=True)
def lockout_on(settings):
    settings.AXES_ENABLED = True  # off for the rest of the suite, whose tests sign in again and again


def sign_in(client, email, password):
    return client.post(LOGIN, {"username": email, "password": password})


def signed_in(response):
    return response.status_code == 302 and response["Location"] == reverse("dashboard")


@pytest.mark.parametrize("variant", ["Owner@Seaside.test", "OWNER@SEASIDE.TEST", " owner@seaside.test "])
def test_after_five_failures_no_spelling_of_the_address_gets_in(client, cast, variant):
    for _ in range(5):
        sign_in(client, "owner@seaside.test", "wrong")

    assert not signed_in(sign_in(client, variant, PASSWORD))


def test_failures_under_different_spellings_add_up_to_one_counter(client, cast):
    for variant in [
        "OWNER@seaside.test",
        "owner@SEASIDE.test",
        "Owner@Seaside.Test",
        "owner@seaside.test",
        " OwNeR@seaside.test",
    ]:
        sign_in(client, variant, "wrong")

    assert not signed_in(sign_in(client, "owner@seaside.test", PASSWORD))


def test_below_the_limit_any_spelling_signs_in(client, cast):
    for _ in range(4):
        sign_in(client, "OWNER@seaside.test", "wrong")

    assert signed_in(sign_in(client, "Owner@Seaside.TEST", PASSWORD))
