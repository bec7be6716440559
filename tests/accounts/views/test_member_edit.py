"""Editing a teammate: their role and the properties they work on."""

import pytest
from django.urls import reverse
from pytest_django.asserts import assertContains, assertRedirects

from accounts.models import ActivityLog
from accounts.permissions import Role
from tests.factories import MembershipFactory

pytestmark = pytest.mark.django_db


def _url(member):
    return reverse("accounts:member_edit", args=[member.pk])


def test_shows_the_current_role_and_properties(cast, client_for):
    response = client_for(cast.owner).get(_url(cast.manager))

    assertContains(response, "manager@seaside.test")
    assertContains(response, '<option value="manager" selected>')
    content = response.content.decode()
    villa_box = next(line for line in content.split("<label") if "Villa Mar" in line)
    loft_box = next(line for line in content.split("<label") if "Old Town Loft" in line)
    assert "checked" in villa_box
    assert "checked" not in loft_box


def test_changes_role_and_properties(cast, client_for):
    response = client_for(cast.owner).post(
        _url(cast.manager), {"role": "concierge", "properties": [cast.villa.pk, cast.loft.pk]}, follow=True
    )

    assertRedirects(response, reverse("accounts:team"))
    assertContains(response, "Saved changes for")
    cast.manager.refresh_from_db()
    assert cast.manager.role == Role.CONCIERGE
    assert set(cast.manager.properties.all()) == {cast.villa, cast.loft}
    entry = ActivityLog.objects.get(action="member.role_changed")
    assert entry.organization == cast.organization
    assert entry.details["before"]["role"] == "manager"
    assert entry.details["after"]["role"] == "concierge"


def test_changing_only_properties_is_logged_as_such(cast, client_for):
    client_for(cast.owner).post(_url(cast.concierge), {"role": "concierge", "properties": [cast.loft.pk]})

    cast.concierge.refresh_from_db()
    assert list(cast.concierge.properties.all()) == [cast.loft]
    assert ActivityLog.objects.filter(action="member.properties_changed").count() == 1


def test_promoting_to_owner_clears_assigned_properties(cast, client_for):
    client_for(cast.owner).post(_url(cast.manager), {"role": "owner", "properties": [cast.villa.pk]})

    cast.manager.refresh_from_db()
    assert cast.manager.role == Role.OWNER
    assert not cast.manager.properties.exists()


def test_demoting_the_last_owner_is_refused(cast, client_for):
    response = client_for(cast.owner).post(_url(cast.owner), {"role": "manager", "properties": [cast.villa.pk]})

    assertContains(response, "A host account needs at least one owner.", status_code=400)
    cast.owner.refresh_from_db()
    assert cast.owner.role == Role.OWNER
    assert not cast.owner.properties.exists()
    assert not ActivityLog.objects.filter(action__startswith="member.").exists()


def test_an_owner_may_step_down_when_another_owner_remains(cast, client_for):
    MembershipFactory(organization=cast.organization, role=Role.OWNER)

    response = client_for(cast.owner).post(_url(cast.owner), {"role": "manager", "properties": [cast.villa.pk]})

    assert response.status_code == 302
    cast.owner.refresh_from_db()
    assert cast.owner.role == Role.MANAGER


def test_a_manager_without_properties_is_refused(cast, client_for):
    response = client_for(cast.owner).post(_url(cast.concierge), {"role": "manager"})

    assertContains(response, "Choose at least one property for a manager or concierge.", status_code=400)
    cast.concierge.refresh_from_db()
    assert cast.concierge.role == Role.CONCIERGE


def test_another_accounts_member_is_not_found(cast, client_for):
    client = client_for(cast.owner)

    assert client.get(_url(cast.outsider)).status_code == 404
    response = client.post(_url(cast.outsider), {"role": "concierge", "properties": [cast.villa.pk]})

    assert response.status_code == 404
    cast.outsider.refresh_from_db()
    assert cast.outsider.role == Role.OWNER
