"""Deleting an extra: gone from the catalogue; htmx gets the list back with the message as a toast."""

import pytest
from django.urls import reverse
from pytest_django.asserts import assertContains, assertNotContains, assertRedirects

from payments.models import Upsell
from tests.payments.views.conftest import HTMX, make_order, make_upsell

pytestmark = pytest.mark.django_db


def _url(upsell):
    return reverse("payments:upsell_delete", args=[upsell.pk])


def test_deletes_and_comes_back_to_the_list(cast, client_for, stripe_ready):
    upsell = make_upsell(cast.organization, "Welcome cava")

    response = client_for(cast.owner).post(_url(upsell), follow=True)

    assertRedirects(response, reverse("payments:upsells"))
    assertContains(response, "“Welcome cava” deleted.")
    assert not Upsell.objects.exists()


def test_htmx_gets_the_list_and_a_toast(cast, client_for, stripe_ready):
    kept = make_upsell(cast.organization, "Breakfast")
    upsell = make_upsell(cast.organization, "Welcome cava")

    response = client_for(cast.owner).post(_url(upsell), headers=HTMX)

    assert response.status_code == 200
    assertContains(response, 'id="upsells"')
    assertContains(response, 'hx-swap-oob="beforeend:#toasts"')
    assertContains(response, "“Welcome cava” deleted.")
    assertContains(response, str(kept))
    assertNotContains(response, "<html")


def test_orders_already_placed_keep_what_was_sold(cast, client_for, stripe_ready):
    upsell = make_upsell(cast.organization, "Breakfast basket")
    order = make_order(cast.villa_reservation)

    client_for(cast.owner).post(_url(upsell))

    assert [item.name for item in order.items.all()] == ["Breakfast basket"]


def test_another_accounts_extra_does_not_exist(cast, client_for, stripe_ready):
    theirs = make_upsell(cast.outsider.organization, "Rival yacht")

    assert client_for(cast.owner).post(_url(theirs)).status_code == 404
    assert Upsell.objects.filter(pk=theirs.pk).exists()


@pytest.mark.parametrize("role", ["manager", "concierge"])
def test_only_owners(cast, client_for, stripe_ready, role):
    upsell = make_upsell(cast.organization, "Welcome cava")

    assert client_for(cast.member(role)).post(_url(upsell)).status_code == 403
    assert Upsell.objects.exists()
