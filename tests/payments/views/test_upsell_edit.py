"""Changing an extra: the form starts from what is stored; languages the account no longer shows keep their text."""

import pytest
from django.urls import reverse
from pytest_django.asserts import assertContains, assertRedirects

from payments.models import Upsell
from tests.payments.views.conftest import make_upsell, png

pytestmark = pytest.mark.django_db


def _url(upsell):
    return reverse("payments:upsell_edit", args=[upsell.pk])


@pytest.fixture
def upsell(cast):
    cast.organization.languages = ["en"]
    cast.organization.save()
    extra = make_upsell(cast.organization, "Airport transfer", price=4500, pricing="per_stay", all_properties=False)
    extra.name["fr"] = "Transfert aéroport"
    extra.save()
    extra.properties.set([cast.villa])
    return extra


def _form(**overrides):
    data = {
        "name_en": "Airport transfer",
        "description_en": "",
        "price": "45.00",
        "currency": "eur",
        "pricing": "per_stay",
        "all_properties": "0",
        "closes_hours": "24",
        "closes_relative_to": "arrival",
        "max_quantity": "2",
        "active": "on",
    }
    return data | overrides


def test_the_form_starts_from_the_stored_extra(cast, client_for, stripe_ready, upsell):
    response = client_for(cast.owner).get(_url(upsell))

    assertContains(response, 'value="Airport transfer"')
    assertContains(response, 'value="45.00"')
    assertContains(response, f'value="{cast.villa.pk}" id="id_properties_1" checked')


def test_saves_changes_and_keeps_hidden_translations(cast, client_for, stripe_ready, upsell):
    response = client_for(cast.owner).post(
        _url(upsell),
        _form(name_en="Airport pick-up", price="50", properties=[cast.villa.pk, cast.loft.pk]),
        follow=True,
    )

    assertRedirects(response, reverse("payments:upsells"))
    assertContains(response, "“Airport pick-up” saved.")
    upsell.refresh_from_db()
    assert upsell.name == {"en": "Airport pick-up", "fr": "Transfert aéroport"}
    assert upsell.price == 5000
    assert upsell.max_quantity == 2
    assert set(upsell.properties.all()) == {cast.villa, cast.loft}


def test_offering_it_everywhere_forgets_the_list(cast, client_for, stripe_ready, upsell):
    client_for(cast.owner).post(_url(upsell), _form(all_properties="1", properties=[cast.villa.pk]))

    upsell.refresh_from_db()
    assert upsell.all_properties
    assert not upsell.properties.exists()


def test_the_photo_is_kept_replaced_or_removed(cast, client_for, stripe_ready, upsell, media_root):
    client = client_for(cast.owner)
    client.post(_url(upsell), _form(properties=[cast.villa.pk], image=png()))
    upsell.refresh_from_db()
    first = upsell.image.name
    assert first

    client.post(_url(upsell), _form(properties=[cast.villa.pk]))
    upsell.refresh_from_db()
    assert upsell.image.name == first

    client.post(_url(upsell), _form(properties=[cast.villa.pk], **{"image-clear": "on"}))
    upsell.refresh_from_db()
    assert not upsell.image


def test_bad_input_changes_nothing(cast, client_for, stripe_ready, upsell):
    response = client_for(cast.owner).post(_url(upsell), _form(price="lots", properties=[cast.villa.pk]))

    assertContains(response, "Enter an amount like 12.50.", status_code=400)
    upsell.refresh_from_db()
    assert upsell.price == 4500


def test_another_accounts_extra_does_not_exist(cast, client_for, stripe_ready):
    theirs = make_upsell(cast.outsider.organization, "Rival yacht")

    assert client_for(cast.owner).get(_url(theirs)).status_code == 404
    assert client_for(cast.owner).post(_url(theirs), _form()).status_code == 404
    theirs.refresh_from_db()
    assert theirs.name == {"en": "Rival yacht"}


def test_an_id_that_does_not_exist(cast, client_for, stripe_ready):
    assert client_for(cast.owner).get(reverse("payments:upsell_edit", args=[2**63])).status_code == 404


@pytest.mark.parametrize("role", ["manager", "concierge"])
def test_only_owners(cast, client_for, stripe_ready, upsell, role):
    assert client_for(cast.member(role)).get(_url(upsell)).status_code == 403
    assert client_for(cast.member(role)).post(_url(upsell), _form(name_en="Mine")).status_code == 403
    assert Upsell.objects.get().name["en"] == "Airport transfer"
