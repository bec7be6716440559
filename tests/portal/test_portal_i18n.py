"""The portal speaks the guest's language (their browser's, or the one they pick); the host dashboard stays English.

Spanish texts are looked up in the project's catalogue with `gettext`, so these
tests follow the translations instead of copying them.
"""

from django.conf import settings
from django.urls import reverse
from django.utils import translation


def spanish(text):
    with translation.override("es"):
        return translation.gettext(text)


def home(reservation):
    return reverse("portal:home", args=[reservation.portal_token])


def test_there_is_a_spanish_catalogue():
    assert spanish("Start check-in") != "Start check-in"


def test_the_portal_answers_in_the_browsers_language(client, portal):
    response = client.get(home(portal), HTTP_ACCEPT_LANGUAGE="es-ES,es;q=0.9,en;q=0.5")

    body = response.content.decode()
    assert response["Content-Language"] == "es"
    assert '<html lang="es">' in body
    assert spanish("Start check-in") in body
    assert "Start check-in" not in body


def test_without_a_preference_the_portal_is_in_english(client, portal):
    response = client.get(home(portal))

    assert response["Content-Language"] == "en"
    assert "Start check-in" in response.content.decode()


def test_a_language_the_portal_does_not_speak_falls_back_to_english(client, portal):
    response = client.get(home(portal), HTTP_ACCEPT_LANGUAGE="ja")

    assert response["Content-Language"] == "en"
    assert "Start check-in" in response.content.decode()


def test_the_check_in_steps_and_their_error_messages_are_in_the_guests_language(client, portal):
    client.get(reverse("portal:start", args=[portal.portal_token]), HTTP_ACCEPT_LANGUAGE="es")
    client.post(
        reverse("portal:step", args=[portal.portal_token, "details"]), {"party_size": "1"}, HTTP_ACCEPT_LANGUAGE="es"
    )

    response = client.post(
        reverse("portal:step", args=[portal.portal_token, "guest-1"]), {"f-email": "ana"}, HTTP_ACCEPT_LANGUAGE="es"
    )

    body = response.content.decode()
    assert response.status_code == 400
    assert spanish("Main guest") in body
    assert spanish("Enter an email address like name@example.com.") in body
    assert spanish("Enter an email address like name@example.com.") != "Enter an email address like name@example.com."
    # The host's own questions come in Spanish too, from the standard fields' labels.
    assert "Correo electrónico" in body


def test_the_language_picker_switches_the_portal_language(client, portal):
    response = client.post(reverse("set_language"), {"language": "es", "next": home(portal)})

    assert response.status_code == 302
    assert response["Location"] == home(portal)
    assert client.cookies[settings.LANGUAGE_COOKIE_NAME].value == "es"
    page = client.get(home(portal))
    assert page["Content-Language"] == "es"
    assert '<html lang="es">' in page.content.decode()


def test_the_picked_language_shows_the_spanish_texts(client, portal):
    client.post(reverse("set_language"), {"language": "es", "next": home(portal)})

    assert spanish("Start check-in") in client.get(home(portal)).content.decode()


def test_the_picked_language_wins_over_the_browsers(client, portal):
    client.post(reverse("set_language"), {"language": "fr", "next": home(portal)})

    assert client.get(home(portal), HTTP_ACCEPT_LANGUAGE="es")["Content-Language"] == "fr"


def test_the_picker_lists_every_language_and_marks_the_current_one(client, portal):
    in_english = client.get(home(portal), HTTP_ACCEPT_LANGUAGE="en").content.decode()
    # The picker is drawn once per process and language: the page before, in English, does not mark this one.
    body = client.get(home(portal), HTTP_ACCEPT_LANGUAGE="es").content.decode()

    for code, _name in settings.LANGUAGES:
        assert f'<option value="{code}"' in body
    assert '<option value="es" selected lang="es">Español</option>' in body
    assert '<option value="en" lang="en">English</option>' in body
    assert '<option value="en" selected lang="en">English</option>' in in_english


def test_the_picker_does_not_send_anyone_to_another_site(client, portal):
    response = client.post(reverse("set_language"), {"language": "es", "next": "https://evil.example/phish"})

    assert "evil.example" not in response.get("Location", "")


# --- The host dashboard ---------------------------------------------------------------------------


def test_host_pages_stay_english_whatever_the_browser_asks(cast, client_for):
    response = client_for(cast.owner).get(reverse("reservations:list"), HTTP_ACCEPT_LANGUAGE="es")

    body = response.content.decode()
    assert response.status_code == 200
    assert response.get("Content-Language") != "es"
    assert "Reservations" in body
    assert "Arrival" in body
    assert spanish("Arrival") != "Arrival"
    assert spanish("Arrival") not in body


def test_host_pages_stay_english_after_a_guest_picked_spanish_in_the_same_browser(cast, client_for, portal):
    client = client_for(cast.owner)
    client.post(reverse("set_language"), {"language": "es", "next": home(portal)})

    response = client.get(reverse("reservations:detail", args=[portal.pk]), HTTP_ACCEPT_LANGUAGE="es")

    body = response.content.decode()
    assert response.get("Content-Language") != "es"
    assert "Arrival" in body
    assert spanish("Arrival") not in body
