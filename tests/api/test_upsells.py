"""GET /api/v1/upsells/ and /{id}/: the extras catalogue, as keys that see the account (or part of it) read it."""

import pytest
from django.urls import reverse

from payments.models import Upsell
from tests.payments.conftest import upsell

pytestmark = pytest.mark.django_db

URL = reverse("api:upsell-list")


def detail(extra):
    return reverse("api:upsell-detail", args=[extra.pk])


@pytest.fixture
def catalogue(cast):
    """Breakfast everywhere, a late check-out at the villa only, a transfer at the loft only, and the rival's."""
    breakfast = upsell(cast, description={"en": "Bread, fruit and coffee."})
    late = upsell(cast, name={"en": "Late check-out"}, price=3000, needs_approval=True, all_properties=False)
    late.properties.set([cast.villa])
    transfer = upsell(cast, name={"en": "Airport transfer"}, price=4500, all_properties=False, active=False)
    transfer.properties.set([cast.loft])
    rival = upsell(cast, organization=cast.outsider.organization, name={"en": "Rival's wine"})
    return {"breakfast": breakfast, "late": late, "transfer": transfer, "rival": rival}


def names(response):
    return [row["name"]["en"] for row in response.json()["results"]]


def test_lists_the_accounts_extras_newest_first(catalogue, keys, api):
    response = api(keys.read).get(URL)

    assert response.status_code == 200
    assert names(response) == ["Airport transfer", "Late check-out", "Breakfast basket"]


def test_an_extra_has_its_names_by_language_and_its_price_in_minor_units(catalogue, keys, api):
    body = api(keys.read).get(detail(catalogue["breakfast"])).json()

    assert body["name"] == {"en": "Breakfast basket", "es": "Cesta de desayuno"}
    assert body["description"] == {"en": "Bread, fruit and coffee."}
    assert (body["price"], body["currency"], body["pricing"]) == (1500, "eur", "per_stay")
    assert (body["max_quantity"], body["needs_approval"], body["active"]) == (3, False, True)
    assert (body["all_properties"], body["properties"], body["image"]) == (True, [], None)


def test_an_extra_limited_to_some_properties_names_them(cast, catalogue, keys, api):
    body = api(keys.read).get(detail(catalogue["late"])).json()

    assert (body["all_properties"], body["properties"]) == (False, [cast.villa.pk])


def test_filters_what_is_on_sale(catalogue, keys, api):
    assert names(api(keys.read).get(URL, {"active": "false"})) == ["Airport transfer"]
    assert "Airport transfer" not in names(api(keys.read).get(URL, {"active": "true"}))


def test_filters_what_is_offered_at_a_property(cast, catalogue, keys, api):
    assert names(api(keys.read).get(URL, {"property": cast.loft.pk})) == ["Airport transfer", "Breakfast basket"]


def test_another_accounts_extra_is_not_listed_and_is_404(catalogue, keys, api):
    assert "Rival's wine" not in names(api(keys.read).get(URL))

    response = api(keys.read).get(detail(catalogue["rival"]))

    assert response.status_code == 404
    assert response.json()["error"]["code"] == "not_found"


def test_the_rivals_key_does_not_see_this_account_s_extras(catalogue, keys, api):
    assert names(api(keys.outsider).get(URL)) == ["Rival's wine"]
    assert api(keys.outsider).get(detail(catalogue["breakfast"])).status_code == 404


def test_a_key_limited_to_the_villa_sees_what_is_offered_there_only(catalogue, keys, api):
    assert names(api(keys.villa_only).get(URL)) == ["Late check-out", "Breakfast basket"]
    assert api(keys.villa_only).get(detail(catalogue["transfer"])).status_code == 404


def test_a_key_limited_to_the_villa_is_not_told_of_other_properties(cast, catalogue, keys, api):
    catalogue["late"].properties.add(cast.loft)

    body = api(keys.villa_only).get(detail(catalogue["late"])).json()

    assert body["properties"] == [cast.villa.pk]


def test_a_concierge_signed_in_reads_the_catalogue_of_the_villa(cast, catalogue, client_for):
    response = client_for(cast.concierge).get(URL)

    assert response.status_code == 200
    assert names(response) == ["Late check-out", "Breakfast basket"]


def test_without_a_key_it_is_401(catalogue, api):
    assert api().get(URL).status_code == 401


def test_the_catalogue_is_read_only(catalogue, keys, api):
    response = api(keys.write).post(URL, {"name": {"en": "Wine"}, "price": 2000}, format="json")

    assert response.status_code == 405
    assert not Upsell.objects.filter(name__en="Wine").exists()


@pytest.mark.parametrize(
    "query, field",
    [
        ({"active": "maybe"}, "active"),
        ({"active": ""}, "active"),
        ({"property": "villa"}, "property"),
        ({"property": "0"}, "property"),
        ({"property": str(2**70)}, "property"),
    ],
)
def test_bad_filters_are_400_naming_the_field(catalogue, keys, api, query, field):
    response = api(keys.read).get(URL, query)

    assert response.status_code == 400
    assert field in response.json()["error"]["fields"]


@pytest.mark.parametrize("pk", ["breakfast", "0", str(2**70)])
def test_an_id_that_is_no_extra_is_404(catalogue, keys, api, pk):
    response = api(keys.read).get(f"{URL}{pk}/")

    assert response.status_code == 404
    assert response.json()["error"]["status"] == 404


def test_the_query_count_does_not_grow_with_the_rows(cast, keys, api, django_assert_max_num_queries):
    def queries():
        with django_assert_max_num_queries(6) as captured:
            response = api(keys.villa_only).get(URL, {"page_size": 100})
        return len(response.json()["results"]), len(captured)

    api(keys.villa_only).get(URL)  # the key's first use of the minute notes its time
    upsell(cast).properties.set([cast.villa])
    one = queries()
    for _ in range(29):
        upsell(cast, all_properties=False).properties.set([cast.villa, cast.loft])

    assert queries() == (30, one[1])
