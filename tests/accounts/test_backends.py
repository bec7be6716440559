"""The sign-in backend: Django's ModelBackend, with the signed-in user read by a compiled query."""

import pytest
from django.contrib.auth.backends import ModelBackend
from django.urls import reverse

from accounts.backends import UserBackend

pytestmark = pytest.mark.django_db


def test_the_signed_in_user_is_read_as_djangos_backend_reads_them(cast):
    user = UserBackend().get_user(cast.owner.user.pk)

    assert user == ModelBackend().get_user(cast.owner.user.pk)
    assert (user.email, user.full_name, user.timezone) == (
        cast.owner.user.email,
        cast.owner.user.full_name,
        cast.owner.user.timezone,
    )
    assert not user.get_deferred_fields()


def test_an_unknown_id_is_nobody(cast):
    assert UserBackend().get_user(10**9) is None


def test_a_deactivated_person_is_signed_out_on_their_next_page(cast, client_for):
    client = client_for(cast.owner)
    assert client.get(reverse("reservations:list")).status_code == 200

    cast.owner.user.is_active = False
    cast.owner.user.save(update_fields=["is_active"])

    assert UserBackend().get_user(cast.owner.user.pk) is None
    assert client.get(reverse("reservations:list")).status_code == 302
