"""GET /api/v1/orders/, /transactions/ and POST /api/v1/orders/{id}/refund/: the money of the stays a key sees.

Reads are made of rows put in place directly; refunds go through the refund service to a fake Stripe, with
the account onboarded and an order paid as tests/payments/ do it.
"""

import uuid

import pytest
from django.urls import reverse

from accounts.models import ActivityLog
from payments.models import OrderKind, OrderStatus, Transaction, TransactionKind
from payments.services.checkout import start_checkout
from payments.services.connect import onboarding_link, refresh_account
from tests.payments.conftest import upsell
from tests.payments.views.conftest import make_order, make_transaction

pytestmark = pytest.mark.django_db

ORDERS = reverse("api:order-list")
TRANSACTIONS = reverse("api:transaction-list")


def order_url(order):
    return reverse("api:order-detail", args=[order.pk])


def refund_url(order):
    return reverse("api:order-refund", args=[order.pk])


def ids(response):
    return [row["id"] for row in response.json()["results"]]


@pytest.fixture
def orders(cast):
    """A paid breakfast at the villa, a held deposit at the loft, and an order of the rival account."""
    return {
        "villa": make_order(cast.villa_reservation, amount=5000, commission=500),
        "loft": make_order(cast.loft_reservation, kind=OrderKind.DEPOSIT, status=OrderStatus.AUTHORISED, amount=20000),
        "rival": make_order(cast.outsider_reservation),
    }


# --- Reading orders ------------------------------------------------------------------------------------------


def test_lists_the_accounts_orders_newest_first(orders, keys, api):
    response = api(keys.read).get(ORDERS)

    assert response.status_code == 200
    assert ids(response) == [orders["loft"].pk, orders["villa"].pk]


def test_an_order_has_its_items_and_its_money_in_minor_units(cast, orders, keys, api):
    body = api(keys.read).get(order_url(orders["villa"])).json()

    assert (body["reservation"], body["kind"], body["status"]) == (cast.villa_reservation.pk, "extras", "paid")
    assert (body["currency"], body["amount"], body["commission"], body["host_net"]) == ("eur", 5000, 500, 4500)
    assert (body["captured"], body["refunded"], body["refundable"]) == (5000, 0, 5000)
    [item] = body["items"]
    assert (item["name"], item["unit_price"], item["quantity"], item["amount"]) == ("Breakfast basket", 2500, 2, 5000)


@pytest.mark.parametrize(
    "query, expected",
    [
        ({"status": "authorised"}, ["loft"]),
        ({"kind": "extras"}, ["villa"]),
        ({"created_since": "2000-01-01T00:00:00Z"}, ["loft", "villa"]),
        ({"created_since": "2999-01-01T00:00:00Z"}, []),
    ],
)
def test_filters_orders(orders, keys, api, query, expected):
    assert ids(api(keys.read).get(ORDERS, query)) == [orders[name].pk for name in expected]


def test_filters_one_reservations_orders(cast, orders, keys, api):
    assert ids(api(keys.read).get(ORDERS, {"reservation": cast.villa_reservation.pk})) == [orders["villa"].pk]


def test_another_accounts_order_is_not_listed_and_is_404(orders, keys, api):
    assert orders["rival"].pk not in ids(api(keys.read).get(ORDERS))

    response = api(keys.read).get(order_url(orders["rival"]))

    assert response.status_code == 404
    assert response.json()["error"]["code"] == "not_found"


def test_a_key_limited_to_the_villa_sees_the_villa_s_orders_only(orders, keys, api):
    assert ids(api(keys.villa_only).get(ORDERS)) == [orders["villa"].pk]
    assert api(keys.villa_only).get(order_url(orders["loft"])).status_code == 404


def test_a_concierge_signed_in_reads_the_villa_s_orders_as_on_the_reservation_page(cast, orders, client_for):
    response = client_for(cast.concierge).get(ORDERS)

    assert response.status_code == 200
    assert ids(response) == [orders["villa"].pk]


@pytest.mark.parametrize(
    "query, field",
    [
        ({"status": "lost"}, "status"),
        ({"kind": "gift"}, "kind"),
        ({"reservation": "villa"}, "reservation"),
        ({"reservation": str(2**64)}, "reservation"),
        ({"created_since": "2026-02-30"}, "created_since"),
        ({"created_since": "9999-12-31T23:59:00-05:00"}, "created_since"),
        ({"status": ""}, "status"),
        ({"created_since": ""}, "created_since"),
    ],
)
def test_bad_order_filters_are_400_naming_the_field(orders, keys, api, query, field):
    response = api(keys.read).get(ORDERS, query)

    assert response.status_code == 400
    assert field in response.json()["error"]["fields"]


def test_the_order_list_query_count_does_not_grow_with_the_rows(cast, keys, api, django_assert_max_num_queries):
    def queries():
        with django_assert_max_num_queries(6) as captured:
            response = api(keys.villa_only).get(ORDERS, {"page_size": 100})
        return len(response.json()["results"]), len(captured)

    api(keys.villa_only).get(ORDERS)  # the key's first use notes when it was used: one query more
    make_order(cast.villa_reservation)
    one = queries()
    for _ in range(29):
        make_order(cast.villa_reservation, items=(("Breakfast", 1500, 1), ("Late check-out", 3000, 1)))

    assert queries() == (30, one[1])


# --- Reading transactions ------------------------------------------------------------------------------------


@pytest.fixture
def moved(orders):
    return {
        "charge": make_transaction(orders["villa"]),
        "refund": make_transaction(orders["villa"], kind=TransactionKind.REFUND, gross=-1000, commission=-100),
        "loft": make_transaction(orders["loft"], kind=TransactionKind.AUTHORISATION),
        "rival": make_transaction(orders["rival"]),
    }


def test_lists_the_money_movements_newest_first(moved, keys, api):
    assert ids(api(keys.read).get(TRANSACTIONS)) == [moved["loft"].pk, moved["refund"].pk, moved["charge"].pk]


def test_a_transaction_splits_its_gross_in_minor_units(orders, moved, keys, api):
    body = api(keys.read).get(reverse("api:transaction-detail", args=[moved["refund"].pk])).json()

    assert (body["order"], body["kind"], body["currency"]) == (orders["villa"].pk, "refund", "eur")
    assert (body["gross"], body["commission"], body["host_net"], body["processing_fee"]) == (-1000, -100, -900, None)
    assert body["stripe_id"] == moved["refund"].stripe_id


def test_filters_one_orders_transactions(orders, moved, keys, api):
    response = api(keys.read).get(TRANSACTIONS, {"order": orders["villa"].pk, "kind": "charge"})

    assert ids(response) == [moved["charge"].pk]


def test_a_key_limited_to_the_villa_sees_the_villa_s_money_only(moved, keys, api):
    assert ids(api(keys.villa_only).get(TRANSACTIONS)) == [moved["refund"].pk, moved["charge"].pk]
    assert api(keys.villa_only).get(reverse("api:transaction-detail", args=[moved["loft"].pk])).status_code == 404


def test_another_accounts_transaction_is_404(moved, keys, api):
    assert api(keys.read).get(reverse("api:transaction-detail", args=[moved["rival"].pk])).status_code == 404


@pytest.mark.parametrize(
    "query", [{"kind": "gift"}, {"order": "1.5"}, {"order": ""}, {"since": "yesterday"}, {"until": ""}]
)
def test_bad_transaction_filters_are_400(moved, keys, api, query):
    response = api(keys.read).get(TRANSACTIONS, query)

    assert response.status_code == 400
    assert set(response.json()["error"]["fields"]) == set(query)


def test_the_transaction_list_query_count_does_not_grow_with_the_rows(orders, keys, api, django_assert_max_num_queries):
    def queries():
        with django_assert_max_num_queries(5) as captured:
            response = api(keys.villa_only).get(TRANSACTIONS, {"page_size": 100})
        return len(response.json()["results"]), len(captured)

    api(keys.villa_only).get(TRANSACTIONS)
    make_transaction(orders["villa"])
    one = queries()
    for _ in range(29):
        make_transaction(orders["villa"])

    assert queries() == (30, one[1])


# --- Refunds, through the service to a fake Stripe -----------------------------------------------------------


@pytest.fixture
def paid(cast, fake_stripe, deliver):
    """The villa's guest paid two breakfast baskets (€30.00, €3.00 of it commission) on the onboarded account."""
    onboarding_link(actor=cast.owner)
    fake_stripe.complete_onboarding(refresh_account(actor=cast.owner).stripe_account_id)
    deliver()
    breakfast = upsell(cast)
    order = start_checkout(reservation=cast.villa_reservation, quantities={breakfast.pk: 2}, language="en")
    fake_stripe.pay(order.checkout_session_id)
    deliver()
    order.refresh_from_db()
    assert (order.status, order.captured) == (OrderStatus.PAID, 3000)
    return order


def refunds_at_stripe(fake_stripe):
    return fake_stripe.find("refund")


def test_refunds_part_of_an_order_through_stripe(paid, fake_stripe, keys, api):
    response = api(keys.write).post(refund_url(paid), {"amount": 1500, "reason": "One basket was missing"})

    assert response.status_code == 201
    body = response.json()
    assert (body["order"], body["kind"], body["gross"], body["commission"], body["host_net"]) == (
        paid.pk,
        "refund",
        -1500,
        -150,
        -1350,
    )
    [refund] = refunds_at_stripe(fake_stripe)
    assert (refund["id"], refund["amount"]) == (body["stripe_id"], 1500)
    assert Transaction.objects.filter(order=paid, kind="refund").count() == 1
    paid.refresh_from_db()
    assert (paid.status, paid.refunded) == (OrderStatus.PARTIALLY_REFUNDED, 1500)


def test_a_refund_is_in_the_activity_log_under_the_key(paid, keys, api):
    api(keys.write).post(refund_url(paid), {"amount": 500, "reason": "Late"})

    entry = ActivityLog.objects.get(action="order.refunded")
    assert entry.actor_type == "integration"
    assert entry.actor_label.startswith("API key Front desk (")
    assert entry.details == {"order": paid.pk, "amount": 500}


def test_a_request_repeated_with_its_idempotency_key_is_one_refund(paid, fake_stripe, keys, api):
    key = str(uuid.uuid4())

    first = api(keys.write).post(refund_url(paid), {"amount": 1000, "reason": "Late"}, headers={"Idempotency-Key": key})
    again = api(keys.write).post(refund_url(paid), {"amount": 1000, "reason": "Late"}, headers={"Idempotency-Key": key})

    assert (first.status_code, again.status_code) == (201, 201)
    assert again.json()["id"] == first.json()["id"]
    assert len(refunds_at_stripe(fake_stripe)) == 1
    assert Transaction.objects.filter(order=paid, kind="refund").count() == 1
    paid.refresh_from_db()
    assert paid.refunded == 1000


def test_a_repeat_after_everything_was_refunded_is_400_and_no_second_refund(paid, fake_stripe, keys, api):
    headers = {"Idempotency-Key": str(uuid.uuid4())}
    api(keys.write).post(refund_url(paid), {"amount": 3000, "reason": "Cancelled"}, headers=headers)

    again = api(keys.write).post(refund_url(paid), {"amount": 3000, "reason": "Cancelled"}, headers=headers)

    assert again.status_code == 400
    assert len(refunds_at_stripe(fake_stripe)) == 1


def test_without_an_idempotency_key_each_request_is_a_refund(paid, fake_stripe, keys, api):
    for _ in range(2):
        assert api(keys.write).post(refund_url(paid), {"amount": 1000, "reason": "Late"}).status_code == 201

    assert len(refunds_at_stripe(fake_stripe)) == 2


def test_a_read_only_key_may_not_refund_and_nothing_reaches_stripe(paid, fake_stripe, keys, api):
    before = len(fake_stripe.requests)

    response = api(keys.read).post(refund_url(paid), {"amount": 1000, "reason": "Late"})

    assert response.status_code == 403
    assert response.json()["error"]["code"] == "permission_denied"
    assert len(fake_stripe.requests) == before
    assert not refunds_at_stripe(fake_stripe)


def test_a_concierge_signed_in_may_not_refund(cast, paid, fake_stripe, client_for):
    response = client_for(cast.concierge).post(
        refund_url(paid), {"amount": 1000, "reason": "Late"}, content_type="application/json"
    )

    assert response.status_code == 403
    assert not refunds_at_stripe(fake_stripe)


def test_refunding_more_than_is_refundable_is_400_on_the_amount(paid, fake_stripe, keys, api):
    response = api(keys.write).post(refund_url(paid), {"amount": 3001, "reason": "Everything"})

    assert response.status_code == 400
    assert response.json()["error"]["fields"] == {"amount": ["You can refund at most €30.00."]}
    assert not refunds_at_stripe(fake_stripe)


def test_stripe_s_refusal_is_400_with_its_reason(paid, fake_stripe, keys, api):
    fake_stripe.fail_next(1, status=400)

    response = api(keys.write).post(refund_url(paid), {"amount": 1000, "reason": "Late"})

    assert response.status_code == 400
    [message] = response.json()["error"]["fields"]["non_field_errors"]
    assert message.startswith("Stripe refused: ")
    assert not Transaction.objects.filter(order=paid, kind="refund").exists()


def test_an_order_not_paid_cannot_be_refunded(cast, keys, api, settings):
    settings.STRIPE_SECRET_KEY = "sk_test_unused"
    held = make_order(cast.villa_reservation, status=OrderStatus.AUTHORISED, captured=5000)

    response = api(keys.write).post(refund_url(held), {"amount": 1000, "reason": "Late"})

    assert response.status_code == 400
    assert response.json()["error"]["fields"] == {"non_field_errors": ["Only a paid order can be refunded."]}


def test_with_payments_off_a_refund_is_400_saying_so(cast, keys, api, settings):
    settings.STRIPE_SECRET_KEY = ""
    order = make_order(cast.villa_reservation)

    response = api(keys.write).post(refund_url(order), {"amount": 1000, "reason": "Late"})

    assert response.status_code == 400
    [message] = response.json()["error"]["fields"]["non_field_errors"]
    assert message.startswith("Payments are off on this installation")


def test_another_accounts_order_is_404_to_refund(orders, keys, api):
    response = api(keys.write).post(refund_url(orders["rival"]), {"amount": 100, "reason": "Late"})

    assert response.status_code == 404


def test_a_key_limited_to_the_villa_may_not_refund_the_loft_s_order(cast, keys, api):
    order = make_order(cast.loft_reservation)

    assert api(keys.villa_only).post(refund_url(order), {"amount": 100, "reason": "Late"}).status_code == 404


@pytest.mark.parametrize(
    "data, field",
    [
        ({"reason": "Late"}, "amount"),
        ({"amount": "ten", "reason": "Late"}, "amount"),
        ({"amount": 0, "reason": "Late"}, "amount"),
        ({"amount": 2**64, "reason": "Late"}, "amount"),
        ({"amount": 100}, "reason"),
        ({"amount": 100, "reason": "x" * 501}, "reason"),
    ],
)
def test_bad_refund_input_is_400_naming_the_field(cast, keys, api, settings, data, field):
    settings.STRIPE_SECRET_KEY = "sk_test_unused"
    order = make_order(cast.villa_reservation)

    response = api(keys.write).post(refund_url(order), data, format="json")

    assert response.status_code == 400
    assert field in response.json()["error"]["fields"]


@pytest.mark.parametrize("key", ["", "a key with spaces", "k" * 201])
def test_a_malformed_idempotency_key_is_400(cast, keys, api, settings, key):
    settings.STRIPE_SECRET_KEY = "sk_test_unused"
    order = make_order(cast.villa_reservation)

    response = api(keys.write).post(
        refund_url(order), {"amount": 100, "reason": "Late"}, headers={"Idempotency-Key": key}
    )

    assert response.status_code == 400
    assert "Idempotency-Key" in response.json()["error"]["fields"]
