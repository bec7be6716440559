"""A property's check-in form: chosen on the property's edit page among the account's own forms."""

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from pytest_django.asserts import assertContains, assertNotContains

from properties import services
from reservations.checkin.models import CheckinForm
from reservations.checkin.selectors import form_of_property

pytestmark = pytest.mark.django_db


def _form_data(property, **overrides):
    data = {
        "name": property.name,
        "country": str(property.country),
        "timezone": property.timezone,
        "check_in_time": "15:00",
        "check_out_time": "11:00",
        "max_guests": str(property.max_guests),
    }
    return data | overrides


@pytest.fixture
def long_stays(cast):
    return CheckinForm.objects.create(organization=cast.organization, name="Long stays")


def test_the_edit_page_offers_the_accounts_forms_only(cast, client_for, long_stays):
    theirs = cast.outsider_form

    response = client_for(cast.manager).get(reverse("properties:edit", args=[cast.villa.pk]))

    assertContains(response, "Default form")
    assertContains(response, f'<option value="{long_stays.pk}">Long stays</option>')
    assertNotContains(response, f'value="{theirs.pk}"')


def test_a_manager_chooses_a_form_for_a_property(cast, client_for, long_stays):
    url = reverse("properties:edit", args=[cast.villa.pk])

    response = client_for(cast.manager).post(url, _form_data(cast.villa, checkin_form=long_stays.pk))

    assert response.status_code == 302
    cast.villa.refresh_from_db()
    assert cast.villa.checkin_form == long_stays
    assert form_of_property(cast.villa) == long_stays


def test_an_empty_choice_means_the_accounts_default(cast, client_for, long_stays):
    default = cast.form
    cast.villa.checkin_form = long_stays
    cast.villa.save()

    client_for(cast.manager).post(reverse("properties:edit", args=[cast.villa.pk]), _form_data(cast.villa))

    cast.villa.refresh_from_db()
    assert cast.villa.checkin_form is None
    assert form_of_property(cast.villa) == default


def test_another_accounts_form_is_not_a_valid_choice(cast, client_for):
    url = reverse("properties:edit", args=[cast.villa.pk])

    response = client_for(cast.owner).post(url, _form_data(cast.villa, checkin_form=cast.outsider_form.pk))

    assertContains(response, "Select a valid choice.", status_code=400)
    cast.villa.refresh_from_db()
    assert cast.villa.checkin_form is None


def test_a_new_property_may_start_with_a_form(cast, client_for, long_stays):
    data = _form_data(cast.villa, name="Beach Hut", checkin_form=long_stays.pk)

    client_for(cast.owner).post(reverse("properties:create"), data)

    assert cast.organization.properties.get(name="Beach Hut").checkin_form == long_stays


def test_the_services_refuse_another_accounts_form(cast):
    with pytest.raises(ValidationError) as error:
        services.update_property(actor=cast.owner, property=cast.villa, checkin_form=cast.outsider_form)
    assert "checkin_form" in error.value.error_dict

    with pytest.raises(ValidationError):
        services.create_property(actor=cast.owner, name="Beach Hut", timezone="UTC", checkin_form=cast.outsider_form)
    assert not cast.organization.properties.filter(name="Beach Hut").exists()
