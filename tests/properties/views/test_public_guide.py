"""The public guide and its printable QR sheet: shareable, so never a secret section, a Wi-Fi password or a door code.

Reached by the property's guide token. A wrong token or an archived property is a
plain 404, and like the guest portal each IP is rate-limited, wrong tokens counting
towards its lock-out.
"""

import pytest
from django.test import override_settings
from django.urls import reverse
from django.utils import translation

from properties.models import SectionKind, Visibility
from properties.services import create_section, set_archived
from properties.views.public_guide import qr_svg

DOOR_CODE = "7319"
WIFI_PASSWORD = "sea-breeze-77"
LIMITLESS = {"PORTAL_RATE_LIMIT": "100000/m", "PORTAL_MISS_LIMIT": 100000}


def spanish(text):
    with translation.override("es"):
        return translation.gettext(text)


def public_url(property):
    return reverse("guide:public", args=[property.guide_token])


def print_url(property):
    return reverse("guide:print", args=[property.guide_token])


@pytest.fixture
def villa(cast):
    villa = cast.villa
    villa.wifi_name, villa.wifi_password, villa.door_code = "VillaMar-Guest", WIFI_PASSWORD, DOOR_CODE
    villa.save()
    owner = cast.owner
    for visibility, title in [
        (Visibility.ARRIVAL_WINDOW, "Arrival and door code"),
        (Visibility.AFTER_CHECKIN, "Wi-Fi details"),
    ]:
        create_section(
            actor=owner,
            property=villa,
            visibility=visibility,
            title={"en": title},
            body={"en": "Door {door_code}, Wi-Fi {wifi_password}"},
        )
    create_section(
        actor=owner,
        property=villa,
        kind=SectionKind.PARKING,
        title={"en": "Parking", "es": "Aparcamiento"},
        body={"en": "Free after 8 pm."},
    )
    # A careless host puts the secrets in a section for everyone: they are masked, not shown.
    create_section(
        actor=owner,
        property=villa,
        title={"en": "Getting in"},
        body={"en": "The code is {door_code} and the Wi-Fi password {wifi_password}. Network: {wifi_name}."},
    )
    return villa


@override_settings(**LIMITLESS)
def test_the_public_guide_shows_only_sections_for_everyone(client, villa):
    response = client.get(public_url(villa))
    body = response.content.decode()

    assert response.status_code == 200
    assert "Parking" in body and "Free after 8 pm." in body
    assert "Arrival and door code" not in body
    assert "Wi-Fi details" not in body
    assert "Complete your online check-in" not in body  # a secret section is left out, not shown locked
    assert '<meta name="robots" content="noindex, nofollow">' in body
    assert "Villa Mar" in body and "Seaside Stays" in body


@override_settings(**LIMITLESS)
def test_placeholders_for_secrets_are_masked_on_the_public_guide(client, villa):
    body = client.get(public_url(villa)).content.decode()

    assert DOOR_CODE not in body
    assert WIFI_PASSWORD not in body
    assert "The code is •••• and the Wi-Fi password ••••. Network: VillaMar-Guest." in body


@override_settings(**LIMITLESS)
def test_it_says_that_the_private_details_are_in_the_guests_link(client, villa):
    body = client.get(public_url(villa)).content.decode()

    assert "Your access details are in the private link" in body


@override_settings(**LIMITLESS)
def test_it_says_nothing_of_private_details_when_every_section_is_for_everyone(client, cast):
    create_section(actor=cast.owner, property=cast.loft, title={"en": "Parking"}, body={"en": "In the street."})

    body = client.get(public_url(cast.loft)).content.decode()

    assert "In the street." in body
    assert "Your access details are in the private link" not in body


@override_settings(**LIMITLESS)
def test_the_public_guide_is_three_queries_however_many_sections(client, villa, cast, django_assert_num_queries):
    for n in range(5):
        create_section(actor=cast.owner, property=villa, title={"en": f"Tip {n}"}, body={"en": "Ask us."})

    # The property with its brands; its sections; their places.
    with django_assert_num_queries(3):
        response = client.get(public_url(villa))

    assert "Tip 4" in response.content.decode()


@override_settings(**LIMITLESS)
def test_another_propertys_sections_never_appear(client, villa, cast):
    create_section(actor=cast.owner, property=cast.loft, title={"en": "Loft only"}, body={"en": "Loft text"})

    assert "Loft only" not in client.get(public_url(villa)).content.decode()


@override_settings(**LIMITLESS)
def test_the_public_guide_is_in_the_visitors_language(client, villa):
    response = client.get(public_url(villa), HTTP_ACCEPT_LANGUAGE="es-ES,es;q=0.9")
    body = response.content.decode()

    assert response["Content-Language"] == "es"
    assert '<html lang="es">' in body
    assert f"<h1>{spanish('House guide')}</h1>" in body
    assert spanish("House guide") != "House guide"
    assert "Aparcamiento" in body


@override_settings(**LIMITLESS)
@pytest.mark.parametrize("url", [public_url, print_url])
def test_a_wrong_token_is_a_plain_404(client, villa, url):
    villa.guide_token = "wrongtokenwrongtoken12"
    assert client.get(url(villa)).status_code == 404
    assert client.get(reverse("guide:public", args=["x" * 40])).status_code == 404


@override_settings(**LIMITLESS)
@pytest.mark.parametrize("url", [public_url, print_url])
def test_an_archived_propertys_guide_is_a_plain_404(client, villa, cast, url):
    set_archived(actor=cast.owner, property=villa, archived=True)

    assert client.get(url(villa)).status_code == 404


@override_settings(**LIMITLESS)
def test_the_print_page_has_the_qr_code_of_the_public_address_and_the_wifi_name(client, villa):
    response = client.get(print_url(villa))
    body = response.content.decode()
    address = f"http://testserver{public_url(villa)}"

    assert response.status_code == 200
    assert "<svg" in body
    assert qr_svg(address) in body  # the very QR code of the public guide's address, drawn server-side
    assert address in body
    assert "Scan for the house guide" in body
    assert "VillaMar-Guest" in body
    assert WIFI_PASSWORD not in body
    assert DOOR_CODE not in body
    assert "data:" not in body and "https://" not in body  # nothing fetched from elsewhere


@override_settings(**LIMITLESS)
def test_the_print_page_is_translated(client, villa):
    body = client.get(print_url(villa), HTTP_ACCEPT_LANGUAGE="fr").content.decode()

    with translation.override("fr"):
        assert translation.gettext("Scan for the house guide") in body
    assert "Scan for the house guide" not in body


@override_settings(PORTAL_MISS_LIMIT=3, PORTAL_RATE_LIMIT="100000/m")
def test_wrong_tokens_lock_an_ip_out(client, villa):
    for _ in range(3):
        assert client.get(reverse("guide:public", args=["wrong-token"])).status_code == 404

    locked_out = client.get(public_url(villa))

    assert locked_out.status_code == 429
    assert "Villa Mar" not in locked_out.content.decode()
    assert client.get(public_url(villa), REMOTE_ADDR="198.51.100.7").status_code == 200


@override_settings(PORTAL_MISS_LIMIT=100000, PORTAL_RATE_LIMIT="3/m")
def test_too_many_requests_from_one_ip_are_refused(client, villa):
    for _ in range(3):
        assert client.get(public_url(villa)).status_code == 200

    assert client.get(print_url(villa)).status_code == 429


@override_settings(**LIMITLESS)
def test_the_host_finds_the_public_guide_and_the_qr_sheet_on_the_property_page(client_for, villa, cast):
    body = client_for(cast.concierge).get(reverse("properties:detail", args=[villa.pk])).content.decode()

    assert f'href="{public_url(villa)}"' in body
    assert f'href="{print_url(villa)}"' in body
