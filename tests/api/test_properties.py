"""GET /api/v1/properties/ and /api/v1/properties/{id}/guide-sections/: what an integration reads of the
properties it sees and their guides, never a secret."""

import pytest
from django.urls import reverse
from django.utils import timezone

from properties.models import Visibility
from tests.factories import GuidePlaceFactory, GuideSectionFactory, PropertyFactory

pytestmark = pytest.mark.django_db

LIST = reverse("api:property-list")
DOOR_CODE, WIFI_PASSWORD = "4711#", "sea-breeze-2026"


def detail(property):
    return reverse("api:property-detail", args=[property.pk])


def guide(property):
    return reverse("api:guide-section-list", args=[property.pk])


def names(body):
    return [row["name"] for row in body["results"]]


def archive(property):
    property.archived_at = timezone.now()
    property.save()


@pytest.fixture
def secrets(cast):
    """The villa's door code and Wi-Fi password, set."""
    cast.villa.door_code, cast.villa.wifi_password, cast.villa.wifi_name = DOOR_CODE, WIFI_PASSWORD, "VillaMar"
    cast.villa.save()
    return cast.villa


# --- Properties ---------------------------------------------------------------------------------


def test_lists_the_accounts_properties_with_what_an_integration_needs(cast, keys, api):
    body = api(keys.read).get(LIST, {"ordering": "name"}).json()

    assert names(body) == ["Old Town Loft", "Villa Mar"]
    villa = body["results"][1]
    assert villa == {
        "id": cast.villa.pk,
        "name": "Villa Mar",
        "address": "1 Beach Road",
        "city": "Valencia",
        "country": "ES",
        "timezone": "Europe/Madrid",
        "check_in_time": "15:00",
        "check_out_time": "11:00",
        "max_guests": 6,
        "archived": False,
        "archived_at": None,
        "created_at": villa["created_at"],
        "updated_at": villa["updated_at"],
    }


def test_reads_one_property(cast, keys, api):
    response = api(keys.read).get(detail(cast.loft))

    assert response.status_code == 200
    assert response.json()["name"] == "Old Town Loft"


def test_never_shows_the_door_code_the_wifi_password_or_the_guide_token(secrets, keys, api):
    listed = api(keys.read).get(LIST).content.decode()
    one = api(keys.read).get(detail(secrets)).content.decode()

    for text in (listed, one):
        assert DOOR_CODE not in text
        assert WIFI_PASSWORD not in text
        assert secrets.guide_token not in text
        assert "door_code" not in text and "wifi_password" not in text and "guide_token" not in text


def test_archived_properties_are_listed_and_flagged(cast, keys, api):
    archive(cast.loft)

    body = api(keys.read).get(LIST, {"ordering": "name"}).json()

    assert [(row["name"], row["archived"]) for row in body["results"]] == [
        ("Old Town Loft", True),
        ("Villa Mar", False),
    ]
    assert body["results"][0]["archived_at"] is not None


@pytest.mark.parametrize(("archived", "expected"), [("true", ["Old Town Loft"]), ("false", ["Villa Mar"])])
def test_filters_archived_or_active_properties(cast, keys, api, archived, expected):
    archive(cast.loft)

    assert names(api(keys.read).get(LIST, {"archived": archived}).json()) == expected


def test_an_archived_property_can_still_be_read(cast, keys, api):
    archive(cast.loft)

    assert api(keys.read).get(detail(cast.loft)).json()["archived"] is True


def test_another_accounts_property_is_neither_listed_nor_found(cast, keys, api):
    assert "Rival House" not in names(api(keys.read).get(LIST).json())
    assert api(keys.read).get(detail(cast.outsider_property)).status_code == 404
    assert names(api(keys.outsider).get(LIST).json()) == ["Rival House"]
    assert api(keys.outsider).get(detail(cast.villa)).status_code == 404


def test_a_key_limited_to_the_villa_sees_only_the_villa(cast, keys, api):
    assert names(api(keys.villa_only).get(LIST).json()) == ["Villa Mar"]

    response = api(keys.villa_only).get(detail(cast.loft))

    assert response.status_code == 404
    assert response.json()["error"]["code"] == "not_found"


def test_a_signed_in_concierge_reads_the_assigned_property_only(cast, client_for):
    concierge = client_for(cast.concierge)

    assert names(concierge.get(LIST).json()) == ["Villa Mar"]
    assert concierge.get(detail(cast.loft)).status_code == 404


def test_no_key_is_401(api):
    assert api().get(LIST).status_code == 401


def test_properties_cannot_be_written_through_the_api(cast, keys, api):
    response = api(keys.write).patch(detail(cast.villa), {"name": "Renamed"}, format="json")

    assert response.status_code in (403, 405)
    cast.villa.refresh_from_db()
    assert cast.villa.name == "Villa Mar"


@pytest.mark.parametrize("pk", ["0", "abc", "-1", "99999999999999999999", "1.5", "null,null"])
def test_an_id_that_is_not_one_is_404(keys, api, pk):
    response = api(keys.read).get(f"{LIST}{pk}/")

    assert response.status_code == 404
    assert response.json()["error"]["status"] == 404


@pytest.mark.parametrize("query", [{"ordering": "door_code"}, {"x": "\x00"}])
def test_an_unknown_ordering_or_parameter_is_ignored(keys, api, query):
    assert api(keys.read).get(LIST, query).status_code == 200


@pytest.mark.parametrize("archived", ["maybe", "\x00", "2"])
def test_archived_other_than_true_or_false_is_400(keys, api, archived):
    response = api(keys.read).get(LIST, {"archived": archived})

    assert response.status_code == 400
    assert "archived" in response.json()["error"]["fields"]


@pytest.mark.parametrize("page_size", ["0", "201", "99999999999999999999", "ten"])
def test_a_page_size_out_of_range_is_400(keys, api, page_size):
    response = api(keys.read).get(LIST, {"page_size": page_size})

    assert response.status_code == 400
    assert "page_size" in response.json()["error"]["fields"]


def test_a_malformed_cursor_is_404_in_the_error_shape(keys, api):
    response = api(keys.read).get(LIST, {"cursor": "not-a-cursor"})

    assert response.status_code == 404
    assert response.json()["error"]["code"] == "not_found"


def test_the_property_list_costs_the_same_queries_for_one_or_thirty(cast, keys, api, django_assert_max_num_queries):
    client = api(keys.villa_only)  # the limited key: its property filter is part of the query
    client.get(LIST)  # the key's first use of the minute also notes when it was used
    with django_assert_max_num_queries(4) as one:
        assert len(client.get(LIST).json()["results"]) == 1
    key = cast.villa.api_keys.get()
    for _ in range(29):
        key.properties.add(PropertyFactory(organization=cast.organization))

    with django_assert_max_num_queries(len(one.captured_queries)):
        assert len(client.get(LIST, {"page_size": 100}).json()["results"]) == 30


# --- A property's guide ---------------------------------------------------------------------------


def test_lists_the_guide_in_order_with_the_shared_sections_it_shows(cast, keys, api):
    second = GuideSectionFactory(property=cast.villa, position=2, title={"en": "House rules"})
    first = GuideSectionFactory(property=cast.villa, position=1, title={"en": "Arrival"})
    shared = GuideSectionFactory(
        property=None, organization=cast.organization, position=3, title={"en": "Beaches nearby"}
    )
    shared.shared_with.set([cast.villa])
    not_here = GuideSectionFactory(property=None, organization=cast.organization, title={"en": "Loft only"})
    not_here.shared_with.set([cast.loft])
    GuideSectionFactory(property=cast.loft, title={"en": "Loft's own"})

    body = api(keys.read).get(guide(cast.villa)).json()

    assert [(row["id"], row["shared"]) for row in body["results"]] == [
        (first.pk, False),
        (second.pk, False),
        (shared.pk, True),
    ]


def test_a_section_comes_with_its_texts_in_every_language_and_who_sees_it(cast, keys, api):
    GuideSectionFactory(
        property=cast.villa,
        kind="arrival",
        icon="key",
        title={"en": "Getting in", "es": "Cómo entrar"},
        body={"en": "Key box left of the door.", "es": "Caja a la izquierda."},
        visibility=Visibility.ARRIVAL_WINDOW,
        unlock_hours_before=12,
    )

    section = api(keys.read).get(guide(cast.villa)).json()["results"][0]

    assert section | {"id": 0, "position": 0, "created_at": "", "updated_at": ""} == {
        "id": 0,
        "kind": "arrival",
        "icon": "key",
        "title": {"en": "Getting in", "es": "Cómo entrar"},
        "body": {"en": "Key box left of the door.", "es": "Caja a la izquierda."},
        "position": 0,
        "visibility": "arrival_window",
        "unlock_hours_before": 12,
        "public": False,
        "shared": False,
        "places": [],
        "created_at": "",
        "updated_at": "",
    }


def test_a_recommendations_section_lists_its_places(cast, keys, api):
    place = GuidePlaceFactory(
        section__property=cast.villa, name="La Pepica", link="https://lapepica.example", note={"en": "Paella."}
    )

    places = api(keys.read).get(guide(cast.villa)).json()["results"][0]["places"]

    assert places == [
        {
            "id": place.pk,
            "name": "La Pepica",
            "category": "Restaurant",
            "address": "Carrer de la Reina 112, Valencia",
            "link": "https://lapepica.example",
            "map_url": place.map_url,
            "note": {"en": "Paella."},
            "position": 0,
        }
    ]


def test_secret_placeholders_stay_unfilled_in_the_guide(secrets, keys, api):
    GuideSectionFactory(
        property=secrets,
        visibility=Visibility.AFTER_CHECKIN,
        body={"en": "Door code {door_code}, Wi-Fi {wifi_name} / {wifi_password}."},
    )

    response = api(keys.read).get(guide(secrets))

    assert response.json()["results"][0]["body"] == {
        "en": "Door code {door_code}, Wi-Fi {wifi_name} / {wifi_password}."
    }
    assert DOOR_CODE not in response.content.decode() and WIFI_PASSWORD not in response.content.decode()


def test_an_archived_propertys_guide_can_still_be_read(cast, keys, api):
    GuideSectionFactory(property=cast.loft)
    archive(cast.loft)

    assert len(api(keys.read).get(guide(cast.loft)).json()["results"]) == 1


def test_another_accounts_guide_is_not_found(cast, keys, api):
    GuideSectionFactory(property=cast.outsider_property)

    response = api(keys.read).get(guide(cast.outsider_property))

    assert response.status_code == 404
    assert response.json()["error"]["code"] == "not_found"


def test_a_key_limited_to_the_villa_reads_the_villas_guide_but_not_the_lofts(cast, keys, api):
    GuideSectionFactory(property=cast.villa)

    assert api(keys.villa_only).get(guide(cast.villa)).status_code == 200
    assert api(keys.villa_only).get(guide(cast.loft)).status_code == 404


def test_a_signed_in_concierge_reads_the_villas_guide(cast, client_for):
    GuideSectionFactory(property=cast.villa)

    assert len(client_for(cast.concierge).get(guide(cast.villa)).json()["results"]) == 1


@pytest.mark.parametrize("property_id", ["0", "abc", "1.5", "99999999999999999999"])
def test_a_guide_of_no_property_is_404(keys, api, property_id):
    response = api(keys.read).get(f"{LIST}{property_id}/guide-sections/")

    assert response.status_code == 404
    assert response.json()["error"]["status"] == 404


def test_the_guide_costs_the_same_queries_for_one_section_or_thirty(cast, keys, api, django_assert_max_num_queries):
    GuidePlaceFactory(section__property=cast.villa)
    api(keys.read).get(guide(cast.villa))  # the key's first use of the minute also notes when it was used
    with django_assert_max_num_queries(4) as one:  # the key, the property, the sections, their places
        assert len(api(keys.read).get(guide(cast.villa)).json()["results"]) == 1
    for _ in range(29):
        GuidePlaceFactory(section__property=cast.villa)

    with django_assert_max_num_queries(len(one.captured_queries)):
        assert len(api(keys.read).get(guide(cast.villa), {"page_size": 100}).json()["results"]) == 30
