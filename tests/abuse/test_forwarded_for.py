"""Behind a proxy, throttles, lock-outs and the activity log key on the client, never on the proxy.

Finding: with the proxy setting on, one attacker's wrong tokens made every guest's
portal answer 429, and five wrong passwords locked the owner out from her own address.
"""

import pytest
from django.test import RequestFactory, override_settings
from django.urls import reverse

from accounts.models import ActivityLog
from gorently.throttle import client_ip
from tests.factories import PASSWORD

pytestmark = pytest.mark.django_db

PROXY = "10.0.0.5"
ATTACKER, GUEST = "203.0.113.66", "198.51.100.7"
behind_a_proxy = override_settings(TRUSTED_PROXIES=["10.0.0.0/8"])


def via_proxy(address):
    """What the proxy makes of a request from `address`: it connects itself, and appends who it saw."""
    return {"REMOTE_ADDR": PROXY, "HTTP_X_FORWARDED_FOR": address}


def ip_of(**meta):
    return client_ip(RequestFactory().get("/", **meta))


def test_without_trusted_proxies_the_header_is_ignored():
    assert ip_of(REMOTE_ADDR=ATTACKER, HTTP_X_FORWARDED_FOR=GUEST) == ATTACKER


@behind_a_proxy
def test_behind_a_proxy_the_client_is_the_nearest_untrusted_hop():
    assert ip_of(REMOTE_ADDR=PROXY, HTTP_X_FORWARDED_FOR=GUEST) == GUEST
    # The client wrote its own "X-Forwarded-For: 1.2.3.4"; the proxy appended the address it really saw.
    assert ip_of(REMOTE_ADDR=PROXY, HTTP_X_FORWARDED_FOR=f"1.2.3.4, {ATTACKER}") == ATTACKER
    # Two proxies: the inner one appended the outer one's address.
    assert ip_of(REMOTE_ADDR=PROXY, HTTP_X_FORWARDED_FOR=f"{GUEST}, 10.0.0.9") == GUEST


@behind_a_proxy
def test_a_spoofed_header_from_an_untrusted_address_is_ignored():
    assert ip_of(REMOTE_ADDR=ATTACKER, HTTP_X_FORWARDED_FOR=f"{GUEST}, {PROXY}") == ATTACKER


@behind_a_proxy
def test_garbage_in_the_header_is_never_taken_for_an_address():
    assert ip_of(REMOTE_ADDR=PROXY, HTTP_X_FORWARDED_FOR="not-an-ip") == PROXY
    assert ip_of(REMOTE_ADDR=PROXY, HTTP_X_FORWARDED_FOR="") == PROXY


@behind_a_proxy
@override_settings(PORTAL_MISS_LIMIT=3)
def test_one_attackers_wrong_tokens_do_not_lock_other_guests_out(client, cast):
    for n in range(5):
        client.get(reverse("portal:home", args=[f"guess-{n}"]), **via_proxy(ATTACKER))

    assert client.get(reverse("portal:home", args=["guess-again"]), **via_proxy(ATTACKER)).status_code == 429
    stay = reverse("portal:home", args=[cast.villa_reservation.portal_token])
    assert client.get(stay, **via_proxy(GUEST)).status_code == 200


@behind_a_proxy
@override_settings(AXES_ENABLED=True)
def test_an_attackers_wrong_passwords_do_not_lock_the_owner_out_of_her_own_address(client, cast):
    login = reverse("accounts:login")
    for _ in range(6):
        client.post(login, {"username": "owner@seaside.test", "password": "wrong"}, **via_proxy(ATTACKER))

    locked_out = client.post(login, {"username": "owner@seaside.test", "password": PASSWORD}, **via_proxy(ATTACKER))
    response = client.post(login, {"username": "owner@seaside.test", "password": PASSWORD}, **via_proxy(GUEST))

    assert locked_out.status_code != 302  # the lock-out itself works: the attacker's address is refused
    assert response.status_code == 302
    assert response["Location"] == reverse("dashboard")


@behind_a_proxy
def test_the_activity_log_records_the_clients_address(client, cast):
    client.post(reverse("accounts:login"), {"username": "owner@seaside.test", "password": PASSWORD}, **via_proxy(GUEST))

    assert ActivityLog.objects.get(action="login", organization=cast.organization).ip_address == GUEST
