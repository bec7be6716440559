"""Editing a property (managers of it, and owners)."""

import pytest
from django.urls import reverse
from pytest_django.asserts import assertContains, assertRedirects

from accounts.models import ActivityLog

pytestmark = pytest.mark.django_db


def _url(property):
    return reverse("properties:edit", args=[property.pk])


def _form(property, **overrides):
    data = {
        "name": property.name,
        "address": property.address,
        "city": property.city,
        "country": str(property.country),
        "timezone": property.timezone,
        "check_in_time": property.check_in_time.strftime("%H:%M"),
        "check_out_time": property.check_out_time.strftime("%H:%M"),
        "max_guests": str(property.max_guests),
        "guesty_listing_id": property.guesty_listing_id,
    }
    return data | overrides


def test_shows_the_current_values(cast, client_for):
    response = client_for(cast.manager).get(_url(cast.villa))

    assertContains(response, "Edit Villa Mar")
    assertContains(response, 'value="Villa Mar"')
    assertContains(response, '<option value="Europe/Madrid" selected')
    assertContains(response, 'value="15:00"')


def test_a_manager_edits_an_assigned_property(cast, client_for):
    response = client_for(cast.manager).post(
        _url(cast.villa), _form(cast.villa, name="Villa Marina", max_guests="8"), follow=True
    )

    assertRedirects(response, reverse("properties:detail", args=[cast.villa.pk]))
    assertContains(response, "Changes saved.")
    assertContains(response, "Villa Marina")
    cast.villa.refresh_from_db()
    assert cast.villa.name == "Villa Marina"
    assert cast.villa.max_guests == 8


def test_logs_the_changed_fields_only(cast, client_for):
    client_for(cast.manager).post(_url(cast.villa), _form(cast.villa, name="Villa Marina", check_in_time="14:30"))

    entry = ActivityLog.objects.get(action="property.updated")
    assert entry.organization == cast.organization
    assert entry.actor_user == cast.manager.user
    assert entry.details == {
        "changed": {"name": ["Villa Mar", "Villa Marina"], "check_in_time": ["15:00:00", "14:30:00"]}
    }


def test_saving_without_changes_logs_nothing(cast, client_for):
    response = client_for(cast.manager).post(_url(cast.villa), _form(cast.villa))

    assert response.status_code == 302
    assert not ActivityLog.objects.filter(action="property.updated").exists()


def test_an_invalid_value_is_refused_and_the_property_is_unchanged(cast, client_for):
    response = client_for(cast.manager).post(
        _url(cast.villa), _form(cast.villa, name="Renamed", timezone="Mars/Olympus")
    )

    assertContains(response, "Mars/Olympus is not one of the available choices.", status_code=400)
    # The page still shows the saved name in its title, not the unsaved one.
    assertContains(response, "Edit Villa Mar", status_code=400)
    cast.villa.refresh_from_db()
    assert cast.villa.name == "Villa Mar"
    assert cast.villa.timezone == "Europe/Madrid"


def test_a_concierge_may_not_edit(cast, client_for):
    response = client_for(cast.concierge).post(_url(cast.villa), _form(cast.villa, name="Concierge Villa"))

    assert response.status_code == 403
    cast.villa.refresh_from_db()
    assert cast.villa.name == "Villa Mar"


def test_a_manager_may_not_edit_a_property_not_assigned_to_them(cast, client_for):
    response = client_for(cast.manager).post(_url(cast.loft), _form(cast.loft, name="Taken Loft"))

    assert response.status_code == 404
    cast.loft.refresh_from_db()
    assert cast.loft.name == "Old Town Loft"


def test_another_accounts_property_is_not_found(cast, client_for):
    response = client_for(cast.owner).post(_url(cast.outsider_property), _form(cast.outsider_property, name="Hijacked"))

    assert response.status_code == 404
    cast.outsider_property.refresh_from_db()
    assert cast.outsider_property.name == "Rival House"
