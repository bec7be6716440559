"""Platform staff see payments in the admin: read-only, but for the commission rate; commission earned per currency."""

from datetime import date

import pytest
from django.urls import reverse

from payments.models import OrderKind, OrderStatus, PaymentAccount, StripeEvent, TransactionKind
from tests.factories import UserFactory
from tests.payments.views.conftest import make_order, make_policy, make_transaction, make_upsell

pytestmark = pytest.mark.django_db


@pytest.fixture
def staff(client):
    client.force_login(UserFactory(is_staff=True, is_superuser=True))
    return client


@pytest.fixture
def rows(cast):
    account = PaymentAccount.objects.create(organization=cast.organization, stripe_account_id="acct_seaside")
    order = make_order(cast.villa_reservation, amount=5000, commission=500)
    charge = make_transaction(order, when=date(2026, 3, 5))
    make_transaction(order, kind=TransactionKind.REFUND, gross=-1000, commission=-100, when=date(2026, 3, 6))
    yen = make_order(cast.loft_reservation, amount=12000, commission=1200, currency="jpy")
    make_transaction(yen, when=date(2026, 3, 7))
    held = make_order(cast.villa_reservation, kind=OrderKind.DEPOSIT, status=OrderStatus.AUTHORISED, commission=0)
    make_transaction(held, kind=TransactionKind.AUTHORISATION, when=date(2026, 3, 8))
    theirs = make_order(cast.outsider_reservation, amount=3000, commission=300)
    make_transaction(theirs, when=date(2026, 3, 9))
    return {
        "paymentaccount": account,
        "upsell": make_upsell(cast.organization),
        "depositpolicy": make_policy(cast.villa),
        "order": order,
        "transaction": charge,
        "stripeevent": StripeEvent.objects.create(event_id="evt_1", type="account.updated", created=1),
    }


@pytest.mark.parametrize("model", ["paymentaccount", "upsell", "depositpolicy", "order", "transaction", "stripeevent"])
def test_staff_list_and_open_every_payments_model(staff, rows, model):
    assert staff.get(reverse(f"admin:payments_{model}_changelist")).status_code == 200
    assert staff.get(reverse(f"admin:payments_{model}_change", args=[rows[model].pk])).status_code == 200


def test_an_order_shows_its_items_and_transactions(staff, rows):
    page = staff.get(reverse("admin:payments_order_change", args=[rows["order"].pk])).content.decode()

    assert "Breakfast basket" in page
    assert rows["transaction"].stripe_id in page


def test_staff_set_an_accounts_commission_and_nothing_else(staff, rows):
    account = rows["paymentaccount"]

    response = staff.post(
        reverse("admin:payments_paymentaccount_change", args=[account.pk]),
        {"commission_percent": "7.5", "charges_enabled": "on", "stripe_account_id": "acct_other"},
    )

    assert response.status_code == 302
    account.refresh_from_db()
    assert str(account.commission_percent) == "7.50"
    assert (account.charges_enabled, account.stripe_account_id) == (False, "acct_seaside")


def test_a_commission_above_the_limit_is_refused(staff, rows):
    account = rows["paymentaccount"]

    response = staff.post(
        reverse("admin:payments_paymentaccount_change", args=[account.pk]), {"commission_percent": "51"}
    )

    assert response.status_code == 200
    account.refresh_from_db()
    assert account.commission_percent is None


def test_money_rows_cannot_be_added_changed_or_deleted(staff, rows):
    assert staff.get(reverse("admin:payments_order_add")).status_code == 403
    assert staff.get(reverse("admin:payments_transaction_add")).status_code == 403
    order = rows["order"]
    assert (
        staff.post(reverse("admin:payments_order_change", args=[order.pk]), {"status": "refunded"}).status_code == 403
    )
    assert staff.post(reverse("admin:payments_order_delete", args=[order.pk]), {"post": "yes"}).status_code == 403
    order.refresh_from_db()
    assert order.status == OrderStatus.PAID


def test_the_transactions_list_sums_the_commission_earned_per_currency(staff, cast, rows):
    response = staff.get(reverse("admin:payments_transaction_changelist"))

    totals = {line["currency"]: line for line in response.context["commission_totals"]}
    # 500 − 100 refunded + the outsider's 300; authorisations move nothing.
    assert totals["EUR"]["commission"] == "€7.00"
    assert totals["JPY"]["commission"] == "¥1,200"
    assert "Commission earned" in response.content.decode()


def test_the_sums_follow_the_filters(staff, cast, rows):
    response = staff.get(
        reverse("admin:payments_transaction_changelist"),
        {"organization__id__exact": cast.organization.pk, "currency": "eur"},
    )

    assert [(line["currency"], line["commission"]) for line in response.context["commission_totals"]] == [
        ("EUR", "€4.00")
    ]
