"""Removing a property's deposit: guests aren't asked any more."""

import pytest
from django.urls import reverse
from pytest_django.asserts import assertContains

from payments.models import DepositPolicy
from tests.payments.views.conftest import HTMX, make_policy

pytestmark = pytest.mark.django_db


def _url(property):
    return reverse("payments:deposit_remove", args=[property.pk])


def test_removes_it(cast, client_for, stripe_ready):
    make_policy(cast.villa)

    response = client_for(cast.owner).post(_url(cast.villa), follow=True)

    assertContains(response, "Villa Mar no longer asks for a deposit.")
    assert not DepositPolicy.objects.exists()


def test_htmx_gets_the_list(cast, client_for, stripe_ready):
    make_policy(cast.villa)

    response = client_for(cast.owner).post(_url(cast.villa), headers=HTMX)

    assertContains(response, 'id="deposits"')
    assertContains(response, "No deposit", count=2)


def test_another_accounts_property_does_not_exist(cast, client_for, stripe_ready):
    theirs = make_policy(cast.outsider_property)

    assert client_for(cast.owner).post(_url(cast.outsider_property)).status_code == 404
    assert DepositPolicy.objects.filter(pk=theirs.pk).exists()


@pytest.mark.parametrize("role", ["manager", "concierge"])
def test_only_owners(cast, client_for, stripe_ready, role):
    make_policy(cast.villa)

    assert client_for(cast.member(role)).post(_url(cast.villa)).status_code == 403
    assert DepositPolicy.objects.exists()
