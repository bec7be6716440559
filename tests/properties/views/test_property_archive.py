"""Archiving a property and restoring it (owners only)."""

import pytest
from django.urls import reverse
from pytest_django.asserts import assertContains, assertNotContains, assertRedirects

from accounts.models import ActivityLog

pytestmark = pytest.mark.django_db


def _url(property):
    return reverse("properties:archive", args=[property.pk])


def test_the_detail_page_offers_archiving_to_owners_only(cast, client_for):
    detail = reverse("properties:detail", args=[cast.villa.pk])

    assertContains(client_for(cast.owner).get(detail), "Archive property")
    assertNotContains(client_for(cast.manager).get(detail), "Archive property")


def test_an_owner_archives_a_property(cast, client_for):
    response = client_for(cast.owner).post(_url(cast.villa), follow=True)

    assertRedirects(response, reverse("properties:detail", args=[cast.villa.pk]))
    assertContains(response, "Villa Mar archived. Its reservations are kept.")
    assertContains(response, "Restore property")
    cast.villa.refresh_from_db()
    assert cast.villa.is_archived
    assert ActivityLog.objects.filter(organization=cast.organization, action="property.archived").exists()


def test_an_archived_property_leaves_the_list_but_keeps_its_reservations(cast, client_for):
    client = client_for(cast.owner)
    client.post(_url(cast.villa), follow=True)  # follow: the toast naming the villa is shown there

    assertNotContains(client.get(reverse("properties:list")), "Villa Mar")
    assertContains(client.get(reverse("properties:list"), {"archived": "1"}), "Villa Mar")
    assertContains(client.get(reverse("reservations:list")), "Ana Villa")


def test_an_archived_property_cannot_take_new_reservations(cast, client_for):
    client = client_for(cast.owner)
    client.post(_url(cast.villa), follow=True)

    form = client.get(reverse("reservations:create")).content.decode()

    assert "Old Town Loft" in form
    assert "Villa Mar" not in form


def test_posting_again_restores_it(cast, client_for):
    client = client_for(cast.owner)
    client.post(_url(cast.villa))

    response = client.post(_url(cast.villa), follow=True)

    assertContains(response, "Villa Mar restored.")
    cast.villa.refresh_from_db()
    assert not cast.villa.is_archived
    assert ActivityLog.objects.filter(action="property.restored").count() == 1
    assertContains(client.get(reverse("properties:list")), "Villa Mar")


@pytest.mark.parametrize("role", ["manager", "concierge"])
def test_only_owners_may_archive(cast, client_for, role):
    response = client_for(cast.member(role)).post(_url(cast.villa))

    assert response.status_code == 403
    cast.villa.refresh_from_db()
    assert not cast.villa.is_archived


def test_another_accounts_property_is_not_found(cast, client_for):
    response = client_for(cast.owner).post(_url(cast.outsider_property))

    assert response.status_code == 404
    cast.outsider_property.refresh_from_db()
    assert not cast.outsider_property.is_archived
