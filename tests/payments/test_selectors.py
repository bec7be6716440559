"""The host side's reads of payments for an actor: a member or a key sees the rows of the properties it sees."""

import pytest

from accounts.api_keys import create_api_key
from payments.models import OrderKind, TransactionKind
from payments.selectors import visible_orders, visible_transactions, visible_upsells
from tests.payments.conftest import upsell
from tests.payments.views.conftest import make_order, make_transaction

pytestmark = pytest.mark.django_db


@pytest.fixture
def catalogue(cast):
    everywhere = upsell(cast)
    villa = upsell(cast, name={"en": "Late check-out"}, all_properties=False)
    villa.properties.set([cast.villa, cast.loft])
    loft = upsell(cast, name={"en": "Transfer"}, all_properties=False)
    loft.properties.set([cast.loft])
    upsell(cast, organization=cast.outsider.organization)
    return everywhere, villa, loft


def test_an_owner_sees_the_whole_catalogue_of_the_account(cast, catalogue):
    assert set(visible_upsells(cast.owner)) == set(catalogue)


def test_a_manager_sees_the_extras_offered_at_their_properties_naming_only_those(cast, catalogue):
    everywhere, villa, _loft = catalogue

    seen = {extra.pk: extra.properties_seen for extra in visible_upsells(cast.manager)}

    assert seen == {everywhere.pk: [], villa.pk: [cast.villa]}


def test_a_key_limited_to_a_property_sees_it_like_a_manager(cast, catalogue):
    key, _ = create_api_key(actor=cast.owner, name="Villa", scope="read", properties=[cast.villa])

    assert {extra.pk for extra in visible_upsells(key)} == {catalogue[0].pk, catalogue[1].pk}


def test_orders_and_their_money_are_those_of_the_stays_one_sees(cast):
    villa = make_order(cast.villa_reservation)
    loft = make_order(cast.loft_reservation, kind=OrderKind.DEPOSIT)
    make_order(cast.outsider_reservation)
    charges = [make_transaction(order) for order in (villa, loft)]
    refund = make_transaction(villa, kind=TransactionKind.REFUND, gross=-100, commission=-10)

    assert set(visible_orders(cast.owner)) == {villa, loft}
    assert list(visible_orders(cast.manager)) == [villa]
    assert set(visible_transactions(cast.owner)) == {*charges, refund}
    assert set(visible_transactions(cast.concierge)) == {charges[0], refund}
