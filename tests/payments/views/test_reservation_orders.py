"""A reservation's orders, loaded into its page: everyone who sees the stay sees them; only some get buttons."""

import pytest
from django.urls import reverse
from pytest_django.asserts import assertContains, assertNotContains

from payments.models import OrderKind, OrderStatus, TransactionKind
from tests.payments.views.conftest import HTMX, make_order, make_transaction

pytestmark = pytest.mark.django_db


def _url(reservation):
    return reverse("payments:reservation_orders", args=[reservation.pk])


@pytest.fixture
def orders(cast):
    """A paid, partly refunded order; extras waiting for approval; a deposit held."""
    stay = cast.villa_reservation
    paid = make_order(stay, status=OrderStatus.PARTIALLY_REFUNDED, amount=5000, commission=500, refunded=1000)
    make_transaction(paid, kind=TransactionKind.CHARGE)
    make_transaction(paid, kind=TransactionKind.REFUND, gross=-1000, commission=-100, note="Basket was late")
    waiting = make_order(stay, status=OrderStatus.AUTHORISED, amount=3000, commission=300, needs_approval=True,
                         items=(("Late check-out", 3000, 1),))  # fmt: skip
    deposit = make_order(stay, kind=OrderKind.DEPOSIT, status=OrderStatus.AUTHORISED, amount=20000, commission=0)
    return paid, waiting, deposit


def test_the_owner_sees_orders_amounts_history_and_actions(cast, client_for, stripe_ready, orders):
    paid, waiting, deposit = orders

    response = client_for(cast.owner).get(_url(cast.villa_reservation), headers=HTMX)

    assertContains(response, 'id="orders"')
    assertContains(response, "Breakfast basket")
    assertContains(response, "Partly refunded")
    assertContains(response, "€50.00")  # the guest paid
    assertContains(response, "€5.00")  # commission
    assertContains(response, "€45.00")  # host's share
    assertContains(response, "−€10.00")  # the refund, in the history
    assertContains(response, "Basket was late")
    assertContains(response, "Waiting for your approval")
    assertContains(response, "Security deposit")
    assertContains(response, "€200.00")
    for name, order in (("refund", paid), ("approve", waiting), ("decline", waiting), ("claim_deposit", deposit),
                        ("release_deposit", deposit)):  # fmt: skip
        assertContains(response, reverse(f"payments:{name}", args=[order.pk]))
    assertContains(response, "Up to €40.00")  # what can still be refunded
    assertContains(response, 'name="request_key"')
    assert "<html" not in response.content.decode()


def test_a_concierge_sees_the_orders_but_no_buttons(cast, client_for, stripe_ready, orders):
    response = client_for(cast.concierge).get(_url(cast.villa_reservation), headers=HTMX)

    assertContains(response, "Breakfast basket")
    assertContains(response, "Waiting for your approval")
    for name in ("refund", "approve", "decline", "claim_deposit", "release_deposit"):
        assertNotContains(response, f"/payments/orders/{orders[0].pk}/")
        assertNotContains(response, reverse(f"payments:{name}", args=[orders[1].pk]))
    assertNotContains(response, "Refund…")


def test_a_manager_acts_on_their_properties_stays(cast, client_for, stripe_ready, orders):
    response = client_for(cast.manager).get(_url(cast.villa_reservation), headers=HTMX)

    assertContains(response, reverse("payments:approve", args=[orders[1].pk]))


def test_without_javascript_the_section_has_its_own_page(cast, client_for, stripe_ready, orders):
    response = client_for(cast.owner).get(_url(cast.villa_reservation))

    assertContains(response, "<html")
    assertContains(response, reverse("reservations:detail", args=[cast.villa_reservation.pk]))
    assertContains(response, "Breakfast basket")


def test_a_stay_without_orders(cast, client_for, payments_on):
    response = client_for(cast.owner).get(_url(cast.villa_reservation), headers=HTMX)

    assertContains(response, "No extras bought and no deposit held for this stay.")
    assertContains(response, "Guests can’t buy extras yet: the account’s Stripe connection isn’t finished.")


def test_payments_off_shows_the_orders_without_buttons(cast, client_for, payments_off, orders):
    response = client_for(cast.owner).get(_url(cast.villa_reservation), headers=HTMX)

    assertContains(response, "Breakfast basket")
    assertContains(response, "orders can’t be approved, refunded or claimed here")
    assertNotContains(response, reverse("payments:approve", args=[orders[1].pk]))


def test_orders_of_other_stays_are_not_shown(cast, client_for, stripe_ready, orders):
    make_order(cast.loft_reservation, items=(("Loft cleaning", 4000, 1),))

    assertNotContains(client_for(cast.owner).get(_url(cast.villa_reservation)), "Loft cleaning")


def test_a_stay_of_a_property_not_assigned_to_a_manager_does_not_exist_for_them(cast, client_for, stripe_ready):
    make_order(cast.loft_reservation)

    assert client_for(cast.manager).get(_url(cast.loft_reservation)).status_code == 404
    assert client_for(cast.concierge).get(_url(cast.loft_reservation)).status_code == 404


def test_another_accounts_stay_does_not_exist(cast, client_for, stripe_ready, orders):
    assert client_for(cast.outsider).get(_url(cast.villa_reservation)).status_code == 404


def test_the_queries_do_not_grow_with_the_orders(cast, client_for, stripe_ready, django_assert_max_num_queries):
    client = client_for(cast.owner)
    order = make_order(cast.villa_reservation)
    make_transaction(order)
    with django_assert_max_num_queries(14) as few:
        client.get(_url(cast.villa_reservation), headers=HTMX)
    for _ in range(15):
        order = make_order(cast.villa_reservation, items=(("Bikes", 1000, 2), ("Towels", 500, 4)))
        make_transaction(order)
        make_transaction(order, kind=TransactionKind.REFUND, gross=-500, commission=-50)

    with django_assert_max_num_queries(len(few.captured_queries)):
        assertContains(client.get(_url(cast.villa_reservation), headers=HTMX), "Towels")


def test_the_reservation_page_loads_the_section_and_links_to_it(cast, client_for, payments_on):
    response = client_for(cast.concierge).get(reverse("reservations:detail", args=[cast.villa_reservation.pk]))

    url = _url(cast.villa_reservation)
    assertContains(response, f'hx-get="{url}" hx-trigger="load"')
    assertContains(response, f'<a href="{url}">')


def test_the_reservation_page_has_no_section_when_payments_are_off(cast, client_for, payments_off):
    response = client_for(cast.owner).get(reverse("reservations:detail", args=[cast.villa_reservation.pk]))

    assertNotContains(response, _url(cast.villa_reservation))
