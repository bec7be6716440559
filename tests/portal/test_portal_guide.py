"""The guide inside the guest portal: what this guest may read now, and for a locked section, what opens it.

The door code sits in an arrival-window section: hidden until check-in is complete,
then until some hours before arrival, and again once the stay is over. `now` is set
by patching django.utils.timezone.now, which properties.selectors reads.
"""

from datetime import datetime, time, timedelta

import pytest
from django.test import override_settings
from django.urls import reverse
from django.utils import timezone, translation

from properties.models import SectionKind, Visibility
from properties.services import add_place, create_section
from reservations.models import CheckinStatus

DOOR_CODE = "7319"
WIFI_PASSWORD = "sea-breeze-77"


def spanish(text):
    with translation.override("es"):
        return translation.gettext(text)


def guide_url(reservation):
    return reverse("portal:guide", args=[reservation.portal_token])


@pytest.fixture
def guide(portal, cast):
    """The villa's guide: an arrival section with the door code, Wi-Fi after check-in, parking and places for all."""
    villa = portal.property
    villa.wifi_name, villa.wifi_password, villa.door_code = "VillaMar-Guest", WIFI_PASSWORD, DOOR_CODE
    villa.save()
    owner = cast.owner
    create_section(
        actor=owner,
        property=villa,
        kind=SectionKind.ARRIVAL,
        visibility=Visibility.ARRIVAL_WINDOW,
        unlock_hours_before=24,
        title={"en": "Arrival and door code", "es": "Llegada y código"},
        body={"en": "Key box code: **{door_code}**", "es": "Código de la caja: **{door_code}**"},
    )
    create_section(
        actor=owner,
        property=villa,
        kind=SectionKind.WIFI,
        visibility=Visibility.AFTER_CHECKIN,
        title={"en": "Wi-Fi"},
        body={"en": "Network {wifi_name}, password {wifi_password}"},
    )
    create_section(
        actor=owner,
        property=villa,
        kind=SectionKind.PARKING,
        title={"en": "Parking", "es": "Aparcamiento"},
        body={"en": "Street parking is **free** after 8 pm.", "es": "Aparcar en la calle es **gratis**."},
    )
    places = create_section(
        actor=owner, property=villa, kind=SectionKind.RECOMMENDATIONS, title={"en": "Our favourite places"}
    )
    add_place(
        actor=owner,
        section=places,
        name="Casa Carmela",
        category="Restaurant",
        address="Carrer d'Isabel de Villena 155, Valencia",
        link="https://casacarmela.example",
        note={"en": "Paella cooked over orange wood."},
    )
    return portal


def checked_in(reservation):
    reservation.checkin_status = CheckinStatus.COMPLETED
    reservation.save()
    return reservation


@pytest.fixture
def at(monkeypatch):
    """`at(reservation, days, hour)`: make it `hour` o'clock at the property, `days` after the check-in day."""

    def travel(reservation, days, hour):
        property = reservation.property
        moment = datetime.combine(reservation.check_in + timedelta(days=days), time(hour), tzinfo=property.tz)
        monkeypatch.setattr(timezone, "now", lambda: moment)

    return travel


def page(client, reservation, **headers):
    response = client.get(guide_url(reservation), **headers)
    assert response.status_code == 200
    return response.content.decode()


def test_a_wrong_token_is_a_plain_404(client, guide):
    assert client.get(reverse("portal:guide", args=["not-a-real-token"])).status_code == 404


@override_settings(PORTAL_MISS_LIMIT=2, PORTAL_RATE_LIMIT="100000/m")
def test_wrong_tokens_count_towards_the_portal_lock_out(client, guide):
    for _ in range(2):
        assert client.get(reverse("portal:guide", args=["wrong-token"])).status_code == 404

    assert client.get(guide_url(guide)).status_code == 429


def test_before_check_in_the_secret_sections_are_locked_and_say_how_to_open_them(client, guide):
    body = page(client, guide)

    assert "Arrival and door code" in body and "Wi-Fi" in body  # the titles stay, the content does not
    assert DOOR_CODE not in body
    assert WIFI_PASSWORD not in body
    assert body.count("Complete your online check-in to see this.") == 2
    assert reverse("portal:start", args=[guide.portal_token]) in body
    assert "Go to online check-in" in body


def test_sections_for_everyone_show_their_text_and_places(client, guide):
    body = page(client, guide)

    assert "Street parking is <strong>free</strong> after 8 pm." in body
    assert "Casa Carmela" in body
    assert "Paella cooked over orange wood." in body
    assert "https://www.google.com/maps/search/?api=1&amp;query=Carrer+d%27Isabel+de+Villena+155%2C+Valencia" in body
    assert 'href="https://casacarmela.example"' in body
    assert body.count("<details") == 4


def test_after_check_in_the_wifi_opens_but_the_door_code_waits_for_the_arrival_window(client, guide, at):
    checked_in(guide)
    at(guide, days=-3, hour=12)

    body = page(client, guide)

    assert WIFI_PASSWORD in body
    assert DOOR_CODE not in body
    assert "Available from" in body
    assert "Complete your online check-in" not in body
    assert "Go to online check-in" not in body


def test_the_door_code_shows_within_the_arrival_window(client, guide, at):
    checked_in(guide)
    at(guide, days=-1, hour=16)  # 23 hours before the 15:00 check-in: the 24-hour window is open

    body = page(client, guide)

    assert f"Key box code: <strong>{DOOR_CODE}</strong>" in body
    assert "Available from" not in body


def test_the_door_code_stays_hidden_without_check_in_even_on_arrival_day(client, guide, at):
    at(guide, days=0, hour=16)

    body = page(client, guide)

    assert DOOR_CODE not in body
    assert "Complete your online check-in to see this." in body


def test_after_the_stay_the_door_code_is_gone_again(client, guide, at):
    checked_in(guide)
    at(guide, days=(guide.check_out - guide.check_in).days + 1, hour=12)

    body = page(client, guide)

    assert DOOR_CODE not in body
    assert "No longer available: your stay has ended." in body


def test_the_guide_is_in_the_guests_language(client, guide, at):
    checked_in(guide)
    at(guide, days=-3, hour=12)

    response = client.get(guide_url(guide), HTTP_ACCEPT_LANGUAGE="es-ES,es;q=0.9")
    body = response.content.decode()

    assert response["Content-Language"] == "es"
    assert '<html lang="es">' in body
    assert f"<h1>{spanish('Your guide')}</h1>" in body
    assert "Llegada y código" in body and "Aparcamiento" in body
    assert "Our favourite places" in body  # no Spanish title: the English one
    assert spanish("Available from %(when)s.").split("%")[0] in body
    assert "Available from" not in body


def test_a_locked_reason_in_spanish(client, guide):
    body = page(client, guide, HTTP_ACCEPT_LANGUAGE="es")

    assert spanish("Complete your online check-in to see this.") in body
    assert spanish("Go to online check-in") in body
    assert "Complete your online check-in" not in body


def test_the_stay_page_and_the_finished_check_in_lead_to_the_guide(client, guide):
    home = client.get(reverse("portal:home", args=[guide.portal_token])).content.decode()

    assert guide_url(guide) in home
    assert "Your guide" in home


def test_without_a_guide_the_stay_page_does_not_offer_one(client, portal):
    home = client.get(reverse("portal:home", args=[portal.portal_token])).content.decode()

    assert guide_url(portal) not in home
    assert "Your host hasn’t written the guide yet." in page(client, portal)


def test_another_propertys_sections_never_appear(client, guide, cast):
    create_section(actor=cast.owner, property=cast.loft, title={"en": "Loft secrets"}, body={"en": "Loft text"})

    assert "Loft secrets" not in page(client, guide)


def test_a_section_shared_with_the_property_appears(client, guide, cast):
    create_section(
        actor=cast.owner, title={"en": "House rules for all"}, body={"en": "No parties."}, shared_with=[cast.villa]
    )

    assert "House rules for all" in page(client, guide)
