"""Adding a property (owners only)."""

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from PIL import Image
from pytest_django.asserts import assertContains, assertRedirects

from accounts.models import ActivityLog
from properties.models import Property

pytestmark = pytest.mark.django_db

URL = reverse("properties:create")


@pytest.fixture(autouse=True)
def media_root(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    return tmp_path


def _png(name="cover.png"):
    buffer = io.BytesIO()
    Image.new("RGB", (4, 3), "#1a6b5c").save(buffer, format="PNG")
    return SimpleUploadedFile(name, buffer.getvalue(), content_type="image/png")


def _form(**overrides):
    data = {
        "name": "Casa Azul",
        "address": "3 Calle del Mar",
        "city": "Cádiz",
        "country": "ES",
        "timezone": "Europe/Madrid",
        "check_in_time": "16:00",
        "check_out_time": "10:30",
        "max_guests": "5",
        "guesty_listing_id": "",
    }
    return data | overrides


def test_shows_an_empty_form(cast, client_for):
    response = client_for(cast.owner).get(URL)

    assertContains(response, "Add property")
    assertContains(response, 'value="Europe/Madrid" data-country="ES"')


def test_an_owner_adds_a_property(cast, client_for):
    response = client_for(cast.owner).post(URL, _form(), follow=True)

    property = Property.objects.get(name="Casa Azul")
    assertRedirects(response, reverse("properties:detail", args=[property.pk]))
    assertContains(response, "Casa Azul added.")
    assert property.organization == cast.organization
    assert property.timezone == "Europe/Madrid"
    assert property.check_in_time.strftime("%H:%M") == "16:00"
    assert property.max_guests == 5
    entry = ActivityLog.objects.get(action="property.created")
    assert entry.organization == cast.organization
    assert entry.target_id == str(property.pk)


def test_the_new_property_is_listed_for_the_owner_only(cast, client_for):
    client_for(cast.owner).post(URL, _form())

    assertContains(client_for(cast.owner).get(reverse("properties:list")), "Casa Azul")
    assert "Casa Azul" not in client_for(cast.manager).get(reverse("properties:list")).content.decode()


def test_an_unknown_time_zone_is_refused_and_nothing_is_written(cast, client_for):
    count = Property.objects.count()

    response = client_for(cast.owner).post(URL, _form(timezone="Mars/Olympus"))

    assertContains(response, "Mars/Olympus is not one of the available choices.", status_code=400)
    assertContains(response, "There is a problem", status_code=400)
    assert Property.objects.count() == count
    assert not ActivityLog.objects.filter(action="property.created").exists()


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("name", "", "This field is required."),
        ("max_guests", "0", "Ensure this value is greater than or equal to 1."),
        ("max_guests", "51", "Ensure this value is less than or equal to 50."),
        ("check_in_time", "25:00", "Enter a valid time."),
    ],
)
def test_invalid_values_are_refused(cast, client_for, field, value, message):
    response = client_for(cast.owner).post(URL, _form(**{field: value}))

    assertContains(response, message, status_code=400)
    assert not Property.objects.filter(name="Casa Azul").exists()


def test_stores_an_uploaded_cover_photo(cast, client_for, media_root):
    response = client_for(cast.owner).post(URL, _form(cover_photo=_png()))

    assert response.status_code == 302
    property = Property.objects.get(name="Casa Azul")
    assert property.cover_photo.name.startswith("properties/covers/")
    assert (media_root / property.cover_photo.name).is_file()
    with Image.open(property.cover_photo.path) as image:
        assert image.size == (4, 3)


def test_a_text_file_named_like_an_image_is_refused(cast, client_for, media_root):
    fake = SimpleUploadedFile("photo.png", b"just some text, not a picture", content_type="image/png")

    response = client_for(cast.owner).post(URL, _form(cover_photo=fake))

    assertContains(response, "Upload a valid image.", status_code=400)
    assert not Property.objects.filter(name="Casa Azul").exists()
    assert not any(media_root.rglob("*.png"))


def test_a_listing_id_already_used_in_the_account_is_refused(cast, client_for):
    cast.loft.guesty_listing_id = "LISTING-1"
    cast.loft.save()

    response = client_for(cast.owner).post(URL, _form(guesty_listing_id="LISTING-1"))

    assertContains(response, "Another of your properties already uses this Guesty listing id.", status_code=400)
    assert not Property.objects.filter(name="Casa Azul").exists()


@pytest.mark.parametrize("role", ["manager", "concierge"])
def test_only_owners_may_add(cast, client_for, role):
    response = client_for(cast.member(role)).post(URL, _form())

    assert response.status_code == 403
    assert not Property.objects.filter(name="Casa Azul").exists()
