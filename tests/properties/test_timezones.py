"""The property form's time zones: canonical IANA zones only, the chosen country's first.

Old aliases ("US/Eastern"), "Factory", "localtime" and the "Etc/" offsets are not offered; a
property that already has an alias keeps it, shown and valid, until the host picks another.
"""

import re
import zoneinfo

import pytest
from django.urls import reverse

from gorently.timezones import all_zones, zones_of
from properties.forms import PropertyForm, timezone_choices
from properties.models import Property
from tests.photos import property_form

pytestmark = pytest.mark.django_db


def _flat(choices):
    for value, label in choices:
        if isinstance(label, list | tuple):
            yield from (v for v, _label in label)
        else:
            yield value


def _groups(choices):
    return [label for label, options in choices if isinstance(options, list | tuple)]


def test_only_canonical_zones_are_offered():
    values = [value for value in _flat(timezone_choices()) if value]

    assert "UTC" in values and "Europe/Madrid" in values and "America/New_York" in values
    aliases = {"Factory", "localtime", "posixrules", "GMT", "US/Eastern", "Canada/Pacific", "Etc/GMT+5"}
    assert not aliases & set(values)
    assert not [v for v in values if v.startswith(("US/", "Canada/", "Brazil/", "Mexico/", "Etc/", "SystemV/"))]
    assert not [v for v in values if "/" not in v and v != "UTC"]
    assert "Europe/Kyiv" in values and "Europe/Kiev" not in values  # the current name, not the old one
    assert len(values) == len(set(values)) > 300
    for value in values:
        zoneinfo.ZoneInfo(value)  # every one loads


def test_without_a_country_the_list_is_utc_then_alphabetical():
    values = [value for value in _flat(timezone_choices()) if value]

    assert values[0] == "UTC"
    assert values[1:] == sorted(values[1:])


def test_the_countrys_zones_come_first_most_populous_first():
    choices = timezone_choices("ES")

    assert _groups(choices) == ["Spain", "All time zones"]
    spain = [value for value, _label in choices[1][1]]
    assert spain == ["Europe/Madrid", "Africa/Ceuta", "Atlantic/Canary"]
    assert dict(choices[1][1])["Atlantic/Canary"] == "Atlantic/Canary — Canary Islands"
    rest = [value for value, _label in choices[2][1]]
    assert "Europe/Madrid" not in rest and "Europe/Lisbon" in rest


def test_each_zone_says_its_country_for_the_page_script():
    assert [zone.name for zone in zones_of("US")][:2] == ["America/New_York", "America/Detroit"]
    assert {zone.country for zone in all_zones() if zone.name == "Europe/Oslo"} == {"NO"}


def test_the_form_orders_by_the_propertys_country(cast):
    form = PropertyForm(initial={"country": "PT", "timezone": "Europe/Lisbon"}, organization=cast.organization)

    choices = form.fields["timezone"].choices
    assert _groups(choices)[0] == "Portugal"
    assert choices[1][1][0][0] == "Europe/Lisbon"


def test_a_posted_country_orders_the_list_the_form_shows_again(cast):
    form = PropertyForm({"country": "NZ", "timezone": ""}, initial={"country": "ES"}, organization=cast.organization)

    assert _groups(form.fields["timezone"].choices)[0] == "New Zealand"


def test_an_unknown_country_just_gives_the_whole_list(cast):
    form = PropertyForm({"country": "ZZ<script>"}, organization=cast.organization)

    assert _groups(form.fields["timezone"].choices) == []


def test_the_options_carry_their_country(cast, client_for):
    html = client_for(cast.owner).get(reverse("properties:edit", args=[cast.villa.pk])).content.decode()

    assert re.search(r'<select name="timezone"[^>]*data-zones-for="id_country"', html)
    assert re.search(r'<optgroup label="Spain">\s*<option value="Europe/Madrid"[^>]* data-country="ES"', html)


def test_a_property_with_an_old_alias_keeps_it_shown_and_valid(cast, client_for):
    Property.objects.filter(pk=cast.villa.pk).update(timezone="US/Eastern", country="US")
    villa = Property.objects.get(pk=cast.villa.pk)
    client = client_for(cast.owner)

    html = client.get(reverse("properties:edit", args=[villa.pk])).content.decode()
    assert re.search(r'<option value="US/Eastern" selected>US/Eastern \(old name\)</option>', html)

    response = client.post(reverse("properties:edit", args=[villa.pk]), property_form(villa, name="Still Eastern"))
    assert response.status_code == 302
    villa.refresh_from_db()
    assert (villa.name, villa.timezone) == ("Still Eastern", "US/Eastern")


def test_another_alias_is_not_accepted(cast, client_for):
    villa = cast.villa
    response = client_for(cast.owner).post(
        reverse("properties:edit", args=[villa.pk]), property_form(villa, timezone="US/Pacific")
    )

    assert response.status_code == 400
    villa.refresh_from_db()
    assert villa.timezone == "Europe/Madrid"


def test_the_host_can_move_from_the_alias_to_a_canonical_zone(cast, client_for):
    Property.objects.filter(pk=cast.villa.pk).update(timezone="US/Eastern", country="US")
    villa = Property.objects.get(pk=cast.villa.pk)

    client_for(cast.owner).post(
        reverse("properties:edit", args=[villa.pk]), property_form(villa, timezone="America/New_York")
    )

    villa.refresh_from_db()
    assert villa.timezone == "America/New_York"
