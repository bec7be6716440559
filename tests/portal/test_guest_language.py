"""The portal speaks the guest's language: their own pick first, then the host's choice, then the browser's."""

import pytest
from django.conf import settings
from django.urls import reverse

pytestmark = pytest.mark.django_db


def home(client, reservation, **headers):
    return client.get(reverse("portal:home", args=[reservation.portal_token]), **headers)


def test_the_language_the_host_set_wins_over_the_browser(client, portal):
    portal.guest_language = "fr"
    portal.save()

    response = home(client, portal, HTTP_ACCEPT_LANGUAGE="en-GB,en;q=0.9")

    assert response["Content-Language"] == "fr"
    assert 'lang="fr"' in response.content.decode()


def test_without_the_hosts_choice_the_browser_decides(client, portal):
    portal.guest_language = ""
    portal.save()

    assert home(client, portal, HTTP_ACCEPT_LANGUAGE="es-ES,es;q=0.9")["Content-Language"] == "es"


def test_the_guests_own_pick_wins_and_is_remembered(client, portal):
    portal.guest_language = "fr"
    portal.save()
    client.post(reverse("set_language"), {"language": "de", "next": "/"})

    assert settings.LANGUAGE_COOKIE_NAME in client.cookies
    assert home(client, portal, HTTP_ACCEPT_LANGUAGE="es")["Content-Language"] == "de"
    assert home(client, portal)["Content-Language"] == "de"
