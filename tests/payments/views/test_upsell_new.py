"""Adding an extra: names per guest language, a price typed as people type it, where and when it sells."""

import pytest
from django.urls import reverse
from pytest_django.asserts import assertContains, assertRedirects

from payments.models import Upsell
from tests.payments.views.conftest import png

pytestmark = pytest.mark.django_db

URL = reverse("payments:upsell_new")
LIST = reverse("payments:upsells")


@pytest.fixture(autouse=True)
def _two_languages(cast):
    cast.organization.languages = ["en", "es"]
    cast.organization.save()


def _form(**overrides):
    data = {
        "name_en": "Late check-out",
        "description_en": "Stay until 14:00.",
        "name_es": "Salida tardía",
        "description_es": "",
        "price": "25",
        "currency": "eur",
        "pricing": "per_stay",
        "all_properties": "1",
        "opens_days_before_arrival": "",
        "closes_hours": "24",
        "closes_relative_to": "departure",
        "max_quantity": "1",
        "needs_approval": "on",
        "active": "on",
    }
    return data | overrides


def test_adds_an_extra(cast, client_for, stripe_ready):
    response = client_for(cast.owner).post(URL, _form(), follow=True)

    assertRedirects(response, LIST)
    assertContains(response, "“Late check-out” added to your extras.")
    upsell = Upsell.objects.get(organization=cast.organization)
    assert upsell.name == {"en": "Late check-out", "es": "Salida tardía"}
    assert upsell.description == {"en": "Stay until 14:00."}
    assert (upsell.price, upsell.currency, upsell.needs_approval, upsell.active) == (2500, "eur", True, True)
    assert upsell.opens_days_before_arrival is None
    assert upsell.closes_relative_to == "departure"


@pytest.mark.parametrize(
    "price, currency, minor",
    [
        ("12.50", "eur", 1250),
        ("12,5", "eur", 1250),
        ("€ 9.99", "eur", 999),
        ("1200", "jpy", 1200),
        ("1,200", "jpy", 1200),
    ],
)
def test_prices_are_typed_in_major_units(cast, client_for, stripe_ready, price, currency, minor):
    client_for(cast.owner).post(URL, _form(price=price, currency=currency))

    assert Upsell.objects.get().price == minor


@pytest.mark.parametrize(
    "overrides, message",
    [
        ({"price": "twelve"}, "Enter an amount like 12.50."),
        ({"price": "12.505"}, "Enter an amount like 12.50."),
        ({"price": "-5"}, "Enter an amount like 12.50."),
        ({"price": "12.50", "currency": "jpy"}, "JPY amounts are whole numbers, like 1200."),
        ({"price": "0.10"}, "The smallest amount is €0.50."),
        ({"price": "999999"}, "The largest amount is €100,000.00."),
        ({"name_en": ""}, "This field is required."),
        ({"currency": "btc"}, "Select a valid choice."),
        ({"all_properties": "0"}, "Tick at least one property, or offer it at every property."),
        ({"max_quantity": "21"}, "Ensure this value is less than or equal to 20."),
        ({"closes_hours": "-73"}, "Ensure this value is greater than or equal to -72."),
        (
            {"opens_days_before_arrival": "1", "closes_hours": "48", "closes_relative_to": "arrival"},
            "It would never be on sale",
        ),
        ({"name_en": "x" * 121}, "Ensure this value has at most 120 characters"),
        ({"name_en": "Late\x00"}, "Null characters are not allowed."),
    ],
)
def test_bad_input_is_explained_and_nothing_is_saved(cast, client_for, stripe_ready, overrides, message):
    response = client_for(cast.owner).post(URL, _form(**overrides))

    assertContains(response, message, status_code=400)
    assertContains(response, "There is a problem", status_code=400)
    assert not Upsell.objects.exists()


def test_offered_at_some_properties_only(cast, client_for, stripe_ready):
    client_for(cast.owner).post(URL, _form(all_properties="0", properties=[cast.loft.pk]))

    upsell = Upsell.objects.get()
    assert not upsell.all_properties
    assert list(upsell.properties.all()) == [cast.loft]


def test_another_accounts_property_is_not_a_choice(cast, client_for, stripe_ready):
    response = client_for(cast.owner).post(URL, _form(all_properties="0", properties=[cast.outsider_property.pk]))

    assertContains(response, "Choose among your properties.", status_code=400)
    assert not Upsell.objects.exists()


def test_a_photo_is_stored_without_its_metadata(cast, client_for, stripe_ready, media_root):
    client_for(cast.owner).post(URL, _form(image=png()))

    upsell = Upsell.objects.get()
    assert upsell.image.name.startswith("upsells/extra-")
    assert (media_root / upsell.image.name).is_file()


def test_a_file_that_is_not_a_photo_is_refused(cast, client_for, stripe_ready, media_root):
    from django.core.files.uploadedfile import SimpleUploadedFile

    fake = SimpleUploadedFile("photo.jpg", b"%PDF-1.4 not a photo", content_type="image/jpeg")

    response = client_for(cast.owner).post(URL, _form(image=fake))

    assert response.status_code == 400
    assert not Upsell.objects.exists()


def test_the_form_shows_each_guest_language_and_the_accounts_currency(cast, client_for, stripe_ready):
    stripe_ready.default_currency = "gbp"
    stripe_ready.save()

    response = client_for(cast.owner).get(URL)

    assertContains(response, 'name="name_en"')
    assertContains(response, 'name="name_es"')
    assertContains(response, '<option value="gbp" selected>')
    assertContains(response, 'enctype="multipart/form-data"')


def test_payments_off_still_lets_the_owner_prepare_extras(cast, client_for, payments_off):
    response = client_for(cast.owner).get(URL)

    assertContains(response, "Payments are off on this installation")


@pytest.mark.parametrize("role", ["manager", "concierge"])
def test_only_owners(cast, client_for, stripe_ready, role):
    assert client_for(cast.member(role)).post(URL, _form()).status_code == 403
    assert not Upsell.objects.exists()
