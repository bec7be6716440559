"""A portal link opens its reservation while it is valid, and otherwise a plain 404 that says nothing.

Wrong, switched-off, replaced, canceled and expired links all answer the very
page a random token gets. Scanning for tokens, or hammering the portal, gets
the caller's IP a 429.
"""

import re
import secrets
from datetime import timedelta

import pytest
from django.test import override_settings
from django.urls import reverse
from django.utils import timezone

from reservations.models import ReservationStatus
from reservations.selectors import reservation_for_token
from reservations.services import regenerate_portal_link, revoke_portal_link

LIMITLESS = {"PORTAL_RATE_LIMIT": "100000/m", "PORTAL_MISS_LIMIT": 100000}


def home(token):
    return reverse("portal:home", args=[token])


def page(response):
    """The page as a visitor sees it, minus what changes on every response (CSP nonce, masked CSRF token)."""
    body = re.sub(r'nonce="[^"]*"', 'nonce=""', response.content.decode())
    return re.sub(r'"X-CSRFToken": "[^"]*"', '"X-CSRFToken": ""', body)


def random_token():
    return secrets.token_urlsafe(32)


def assert_reveals_nothing(response, reservation, client):
    assert response.status_code == 404
    body = page(response)
    for private in [
        reservation.guest_name,
        reservation.confirmation_code,
        reservation.property.name,
        reservation.organization.name,
        reservation.portal_token,
    ]:
        assert private not in body
    assert body == page(client.get(home(random_token())))


@override_settings(**LIMITLESS)
def test_a_valid_link_opens_the_reservation(client, portal):
    response = client.get(home(portal.portal_token))

    assert response.status_code == 200
    assert "Welcome, Ana Villa" in response.content.decode()


@override_settings(**LIMITLESS)
def test_a_wrong_token_is_a_plain_404(client, portal):
    assert_reveals_nothing(client.get(home(random_token())), portal, client)


@override_settings(**LIMITLESS)
def test_a_token_differing_by_one_character_is_a_plain_404(client, portal):
    token = portal.portal_token
    near_miss = token[:-1] + ("A" if token[-1] != "A" else "B")

    assert_reveals_nothing(client.get(home(near_miss)), portal, client)


@override_settings(**LIMITLESS)
def test_a_switched_off_link_is_a_plain_404(client, portal, cast):
    revoke_portal_link(actor=cast.manager, reservation=portal)

    assert_reveals_nothing(client.get(home(portal.portal_token)), portal, client)


@override_settings(**LIMITLESS)
def test_a_replaced_links_old_token_is_a_plain_404_and_the_new_one_works(client, portal, cast):
    old = portal.portal_token

    regenerate_portal_link(actor=cast.manager, reservation=portal)

    assert portal.portal_token != old
    assert_reveals_nothing(client.get(home(old)), portal, client)
    assert client.get(home(portal.portal_token)).status_code == 200


@override_settings(**LIMITLESS)
def test_a_new_link_switches_a_switched_off_portal_back_on(client, portal, cast):
    revoke_portal_link(actor=cast.manager, reservation=portal)

    regenerate_portal_link(actor=cast.manager, reservation=portal)

    assert client.get(home(portal.portal_token)).status_code == 200


@override_settings(**LIMITLESS)
def test_a_canceled_reservations_link_is_a_plain_404(client, portal):
    portal.status = ReservationStatus.CANCELED
    portal.save()

    assert_reveals_nothing(client.get(home(portal.portal_token)), portal, client)


@override_settings(**LIMITLESS)
@pytest.mark.parametrize("name", ["start", "done"])
def test_every_portal_page_is_closed_to_a_canceled_reservation(client, portal, name):
    portal.status = ReservationStatus.CANCELED
    portal.save()

    assert client.get(reverse(f"portal:{name}", args=[portal.portal_token])).status_code == 404
    assert client.get(reverse("portal:step", args=[portal.portal_token, "details"])).status_code == 404


@pytest.mark.parametrize("suffix", ["\x00", " ", "/", "%", "é", "=", "+"])
def test_a_token_that_cannot_be_a_real_one_opens_nothing_without_asking_the_database(
    portal, suffix, django_assert_num_queries
):
    # Tokens are URL-safe base64; a NUL byte, for one, would make PostgreSQL fail rather than find nothing.
    with django_assert_num_queries(0):
        assert reservation_for_token(portal.portal_token + suffix) is None
        assert reservation_for_token("x" * 65) is None
        assert reservation_for_token("") is None
    assert reservation_for_token(portal.portal_token) == portal


def _stay_ending(reservation, days_ago):
    """Move the stay so that check-out was `days_ago` days ago in the property's own time zone."""
    local_today = timezone.localdate(timezone=reservation.property.tz)
    reservation.check_out = local_today - timedelta(days=days_ago)
    reservation.check_in = reservation.check_out - timedelta(days=3)
    reservation.save()


@override_settings(PORTAL_LINK_DAYS_AFTER_CHECKOUT=14, **LIMITLESS)
def test_the_link_expires_the_set_number_of_days_after_check_out(client, portal):
    _stay_ending(portal, days_ago=15)

    assert_reveals_nothing(client.get(home(portal.portal_token)), portal, client)


@override_settings(PORTAL_LINK_DAYS_AFTER_CHECKOUT=14, **LIMITLESS)
def test_the_link_still_works_on_its_last_day(client, portal):
    _stay_ending(portal, days_ago=14)

    response = client.get(home(portal.portal_token))

    assert response.status_code == 200
    assert "Welcome, Ana Villa" in response.content.decode()


@override_settings(PORTAL_LINK_DAYS_AFTER_CHECKOUT=0, **LIMITLESS)
def test_with_no_days_after_check_out_the_link_works_until_check_out_day(client, portal):
    _stay_ending(portal, days_ago=0)
    assert client.get(home(portal.portal_token)).status_code == 200

    _stay_ending(portal, days_ago=1)
    assert client.get(home(portal.portal_token)).status_code == 404


@override_settings(PORTAL_MISS_LIMIT=3, PORTAL_RATE_LIMIT="100000/m")
def test_too_many_wrong_tokens_from_one_ip_lock_it_out_even_with_a_valid_token(client, portal):
    for _ in range(3):
        assert client.get(home(random_token())).status_code == 404

    locked_out = client.get(home(portal.portal_token))

    assert locked_out.status_code == 429
    assert "Too many requests" in locked_out.content.decode()
    assert portal.guest_name not in locked_out.content.decode()


@override_settings(PORTAL_MISS_LIMIT=3, PORTAL_RATE_LIMIT="100000/m")
def test_valid_visits_do_not_count_as_misses(client, portal):
    for _ in range(2):
        assert client.get(home(random_token())).status_code == 404
    for _ in range(5):
        assert client.get(home(portal.portal_token)).status_code == 200


@override_settings(PORTAL_MISS_LIMIT=3, PORTAL_RATE_LIMIT="100000/m")
def test_the_miss_limit_is_per_ip(client, portal):
    for _ in range(3):
        client.get(home(random_token()), REMOTE_ADDR="203.0.113.9")

    assert client.get(home(portal.portal_token), REMOTE_ADDR="203.0.113.9").status_code == 429
    assert client.get(home(portal.portal_token), REMOTE_ADDR="198.51.100.7").status_code == 200


# An hour's window: a minute's could roll over in the middle of the test.
@override_settings(PORTAL_RATE_LIMIT="5/h", PORTAL_MISS_LIMIT=100000)
def test_the_rate_limit_caps_requests_per_ip(client, portal):
    for _ in range(5):
        assert client.get(home(portal.portal_token)).status_code == 200

    capped = client.get(home(portal.portal_token))

    assert capped.status_code == 429
    assert portal.guest_name not in capped.content.decode()
    assert client.get(home(portal.portal_token), REMOTE_ADDR="198.51.100.7").status_code == 200


@override_settings(PORTAL_RATE_LIMIT="5/h", PORTAL_MISS_LIMIT=100000)
def test_the_rate_limit_counts_every_portal_page(client, portal):
    client.get(reverse("portal:start", args=[portal.portal_token]))
    for _ in range(4):
        client.get(reverse("portal:step", args=[portal.portal_token, "details"]))

    assert client.get(home(portal.portal_token)).status_code == 429
