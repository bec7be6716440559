"""The owner sets who may check in (the signer's age, whether the party may change) and the account's contact."""

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db

URL = reverse("accounts:settings")


def test_the_owner_sets_the_age_the_party_rule_and_the_contact(cast, client_for):
    data = {"name": "Seaside Stays", "adult_age": "21", "guests_may_change_party": "False"}
    data |= {"contact_name": "Marta", "contact_phone": "+34 600 12 34 56", "contact_email": "marta@seaside.test"}

    response = client_for(cast.owner).post(URL, data)

    assert response.status_code == 302
    cast.organization.refresh_from_db()
    assert cast.organization.adult_age == 21
    assert cast.organization.guests_may_change_party is False
    assert str(cast.organization.contact_phone) == "+34600123456"


def test_an_age_outside_14_to_21_is_refused(cast, client_for):
    response = client_for(cast.owner).post(URL, {"name": "Seaside Stays", "adult_age": "9"})

    assert response.status_code == 400
    cast.organization.refresh_from_db()
    assert cast.organization.adult_age == 18


def test_settings_left_out_keep_their_value(cast, client_for):
    cast.organization.guests_may_change_party = False
    cast.organization.save()

    client_for(cast.owner).post(URL, {"name": "Seaside Stays Renamed"})

    cast.organization.refresh_from_db()
    assert cast.organization.guests_may_change_party is False
