"""Property services: creating, editing and archiving properties, and the account's branding."""

import io
from datetime import time

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import RequestFactory
from PIL import Image

from accounts.models import ActivityLog
from properties import services
from properties.forms import MAX_IMAGE_BYTES, BrandForm, PropertyForm
from properties.models import Brand, Font, Property
from properties.selectors import brand_for, properties_of


def request_by(membership):
    request = RequestFactory().post("/", REMOTE_ADDR="203.0.113.9")
    request.user = membership.user
    return request


# --- Creating ------------------------------------------------------------------------------------


def test_creating_a_property_saves_it_in_the_members_account_and_logs_it(cast):
    property = services.create_property(
        actor=cast.owner,
        request=request_by(cast.owner),
        name="Harbour Flat",
        city="Lisbon",
        country="PT",
        timezone="Europe/Lisbon",
        check_in_time=time(16, 0),
        max_guests=3,
    )

    property.refresh_from_db()
    assert property.organization == cast.organization
    assert (property.name, property.city, property.country.code) == ("Harbour Flat", "Lisbon", "PT")
    assert property.tz.key == "Europe/Lisbon"
    assert property.check_in_time == time(16, 0)
    assert property.check_out_time == time(11, 0)
    entry = ActivityLog.objects.get(action="property.created")
    assert entry.organization == cast.organization
    assert entry.actor_user == cast.owner.user
    assert entry.target_id == str(property.pk)


def test_creating_a_property_in_an_unknown_time_zone_writes_nothing(cast):
    properties = Property.objects.count()

    with pytest.raises(ValidationError) as error:
        services.create_property(actor=cast.owner, name="Base Camp", timezone="Mars/Olympus")

    assert "timezone" in error.value.message_dict
    assert Property.objects.count() == properties
    assert not ActivityLog.objects.exists()


@pytest.mark.parametrize("max_guests", [0, 51])
def test_a_property_sleeps_between_one_and_fifty_guests(cast, max_guests):
    with pytest.raises(ValidationError) as error:
        services.create_property(actor=cast.owner, name="Odd Place", max_guests=max_guests)

    assert "max_guests" in error.value.message_dict


# --- Editing -------------------------------------------------------------------------------------


def test_updating_a_property_logs_only_the_fields_that_changed(cast):
    services.update_property(
        actor=cast.owner,
        property=cast.villa,
        request=request_by(cast.owner),
        name="Villa Mar",
        city="Alicante",
        max_guests=8,
    )

    cast.villa.refresh_from_db()
    assert (cast.villa.city, cast.villa.max_guests) == ("Alicante", 8)
    entry = ActivityLog.objects.get(action="property.updated")
    assert entry.details == {"changed": {"city": ["Valencia", "Alicante"], "max_guests": ["6", "8"]}}
    assert entry.actor_user == cast.owner.user


def test_saving_a_property_unchanged_logs_nothing(cast):
    services.update_property(actor=cast.owner, property=cast.villa, name="Villa Mar", city="Valencia")

    assert not ActivityLog.objects.exists()


def test_an_invalid_update_leaves_the_property_as_it_was(cast):
    with pytest.raises(ValidationError) as error:
        services.update_property(actor=cast.owner, property=cast.villa, city="Nowhere", timezone="Mars/Olympus")

    assert "timezone" in error.value.message_dict
    stored = Property.objects.get(pk=cast.villa.pk)
    assert (stored.city, stored.timezone) == ("Valencia", "Europe/Madrid")
    assert not ActivityLog.objects.exists()


# --- Archiving -----------------------------------------------------------------------------------


def test_archiving_hides_a_property_and_restoring_brings_it_back(cast):
    services.set_archived(actor=cast.owner, property=cast.loft, archived=True)

    cast.loft.refresh_from_db()
    assert cast.loft.is_archived
    assert cast.loft not in properties_of(cast.owner)

    services.set_archived(actor=cast.owner, property=cast.loft, archived=False)

    cast.loft.refresh_from_db()
    assert not cast.loft.is_archived
    assert cast.loft in properties_of(cast.owner)


def test_archiving_and_restoring_are_both_logged(cast):
    services.set_archived(actor=cast.owner, property=cast.loft, archived=True, request=request_by(cast.owner))
    services.set_archived(actor=cast.owner, property=cast.loft, archived=False, request=request_by(cast.owner))

    assert list(ActivityLog.objects.order_by("id").values_list("action", "target_id")) == [
        ("property.archived", str(cast.loft.pk)),
        ("property.restored", str(cast.loft.pk)),
    ]


# --- Branding ------------------------------------------------------------------------------------


def test_saving_the_account_brand_creates_it_once_and_then_updates_it(cast):
    first = services.save_brand(actor=cast.owner, primary_color="#123456", font=Font.SERIF)
    second = services.save_brand(actor=cast.owner, primary_color="#654321")

    assert first.pk == second.pk
    brand = Brand.objects.get()
    assert brand.organization == cast.organization
    assert brand.property is None
    assert (brand.primary_color, brand.font) == ("#654321", Font.SERIF)
    assert brand.font_stack().endswith("serif")


def test_saving_a_brand_logs_the_new_values(cast):
    services.save_brand(
        actor=cast.owner, request=request_by(cast.owner), primary_color="#123456", accent_color="#abcdef"
    )

    entry = ActivityLog.objects.get(action="brand.updated")
    assert entry.target_type == "accounts.organization"
    assert entry.details == {"primary_color": "#123456", "accent_color": "#abcdef"}


def test_a_property_can_override_the_account_brand(cast):
    account = services.save_brand(actor=cast.owner, primary_color="#123456")

    override = services.save_brand(actor=cast.owner, property=cast.villa, primary_color="#ff0000")

    assert override.pk != account.pk
    assert override.property == cast.villa
    assert brand_for(Property.objects.get(pk=cast.villa.pk)).primary_color == "#ff0000"
    assert brand_for(Property.objects.get(pk=cast.loft.pk)).primary_color == "#123456"
    assert ActivityLog.objects.filter(action="brand.updated", target_type="properties.property").count() == 1


def test_a_brand_with_a_malformed_colour_is_refused(cast):
    with pytest.raises(ValidationError) as error:
        services.save_brand(actor=cast.owner, primary_color="red")

    assert "primary_color" in error.value.message_dict
    assert not Brand.objects.exists()
    assert not ActivityLog.objects.exists()


def test_clearing_an_override_returns_the_property_to_the_account_brand(cast):
    services.save_brand(actor=cast.owner, primary_color="#123456")
    services.save_brand(actor=cast.owner, property=cast.villa, primary_color="#ff0000")

    services.clear_brand_override(actor=cast.owner, property=cast.villa, request=request_by(cast.owner))

    assert not Brand.objects.filter(property=cast.villa).exists()
    assert brand_for(Property.objects.get(pk=cast.villa.pk)).primary_color == "#123456"
    assert ActivityLog.objects.filter(action="brand.override_removed", target_id=str(cast.villa.pk)).count() == 1


def test_clearing_a_missing_override_changes_and_logs_nothing(cast):
    account = services.save_brand(actor=cast.owner, primary_color="#123456")

    services.clear_brand_override(actor=cast.owner, property=cast.villa)

    assert Brand.objects.get() == account
    assert not ActivityLog.objects.filter(action="brand.override_removed").exists()


# --- Forms ---------------------------------------------------------------------------------------


def property_data(**overrides):
    data = {
        "name": "Harbour Flat",
        "timezone": "Europe/Lisbon",
        "check_in_time": "15:00",
        "check_out_time": "11:00",
        "max_guests": "4",
    }
    return data | overrides


def big_image():
    # An uncompressed bitmap just over the limit: a real image, so only the size check can refuse it.
    side = int((MAX_IMAGE_BYTES / 3) ** 0.5) + 10
    buffer = io.BytesIO()
    Image.new("RGB", (side, side)).save(buffer, format="BMP")
    assert buffer.tell() > MAX_IMAGE_BYTES
    return SimpleUploadedFile("cover.bmp", buffer.getvalue(), content_type="image/bmp")


def small_image():
    buffer = io.BytesIO()
    Image.new("RGB", (4, 4)).save(buffer, format="PNG")
    return SimpleUploadedFile("cover.png", buffer.getvalue(), content_type="image/png")


@pytest.mark.django_db
def test_the_property_form_accepts_a_known_time_zone_and_a_small_photo(cast):
    form = PropertyForm(property_data(), {"cover_photo": small_image()}, organization=cast.organization)

    assert form.is_valid(), form.errors


@pytest.mark.django_db
def test_the_property_form_refuses_an_unknown_time_zone(cast):
    form = PropertyForm(property_data(timezone="Mars/Olympus"), organization=cast.organization)

    assert not form.is_valid()
    assert "timezone" in form.errors


@pytest.mark.django_db
def test_the_property_form_refuses_a_cover_photo_over_five_megabytes(cast):
    form = PropertyForm(property_data(), {"cover_photo": big_image()}, organization=cast.organization)

    assert not form.is_valid()
    assert "cover_photo" in form.errors


@pytest.mark.django_db
@pytest.mark.parametrize("colour", ["#12345", "123456", "#12345g", "blue"])
def test_the_brand_form_wants_six_digit_hex_colours(colour):
    form = BrandForm({"primary_color": colour, "accent_color": "#e0a526", "font": Font.SYSTEM})

    assert not form.is_valid()
    assert "primary_color" in form.errors
