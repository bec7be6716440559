"""Reordering the catalogue: the order guests see the extras in."""

import pytest
from django.urls import reverse
from pytest_django.asserts import assertContains

from payments.models import Upsell
from tests.payments.views.conftest import HTMX, make_upsell

pytestmark = pytest.mark.django_db


def _url(upsell):
    return reverse("payments:upsell_move", args=[upsell.pk])


@pytest.fixture
def three(cast):
    return [make_upsell(cast.organization, name) for name in ("Early check-in", "Late check-out", "Breakfast")]


def _names(cast):
    return [str(u) for u in Upsell.objects.filter(organization=cast.organization)]


def test_moves_up_and_down(cast, client_for, stripe_ready, three):
    client = client_for(cast.owner)

    client.post(_url(three[2]), {"direction": "up"})
    assert _names(cast) == ["Early check-in", "Breakfast", "Late check-out"]
    client.post(_url(three[0]), {"direction": "down"})
    assert _names(cast) == ["Breakfast", "Early check-in", "Late check-out"]


def test_the_first_cannot_go_higher(cast, client_for, stripe_ready, three):
    response = client_for(cast.owner).post(_url(three[0]), {"direction": "up"})

    assert response.status_code == 302
    assert _names(cast) == ["Early check-in", "Late check-out", "Breakfast"]


def test_htmx_gets_the_list_back(cast, client_for, stripe_ready, three):
    response = client_for(cast.owner).post(_url(three[1]), {"direction": "up"}, headers=HTMX)

    page = response.content.decode()
    assert page.index("Late check-out") < page.index("Early check-in")
    assert "<html" not in page


@pytest.mark.parametrize("direction", ["", "sideways", "\x00"])
def test_a_direction_that_is_not_up_or_down_moves_nothing(cast, client_for, stripe_ready, three, direction):
    response = client_for(cast.owner).post(_url(three[1]), {"direction": direction}, headers=HTMX)

    assertContains(response, "Move an extra up or down.", status_code=400)
    assert _names(cast) == ["Early check-in", "Late check-out", "Breakfast"]


def test_another_accounts_extra_does_not_exist(cast, client_for, stripe_ready):
    theirs = make_upsell(cast.outsider.organization, "Rival yacht")

    assert client_for(cast.owner).post(_url(theirs), {"direction": "up"}).status_code == 404


@pytest.mark.parametrize("role", ["manager", "concierge"])
def test_only_owners(cast, client_for, stripe_ready, three, role):
    assert client_for(cast.member(role)).post(_url(three[1]), {"direction": "up"}).status_code == 403
    assert _names(cast) == ["Early check-in", "Late check-out", "Breakfast"]
