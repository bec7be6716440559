"""The commission rule: integer minor units, rounded half up, and gross = commission + net for every amount."""

from decimal import Decimal

from hypothesis import given
from hypothesis import strategies as st

from payments.money import commission_of, money, refund_commission, to_minor

amounts = st.integers(min_value=0, max_value=10**9)
rates = st.decimals(min_value=0, max_value=50, places=2)
currencies = st.sampled_from(["eur", "usd", "gbp", "chf", "jpy"])


@given(amounts, rates)
def test_the_commission_never_exceeds_the_amount_and_the_rest_is_the_hosts(amount, rate):
    commission = commission_of(amount, rate)

    assert 0 <= commission <= amount
    assert commission + (amount - commission) == amount
    assert abs(Decimal(commission) - Decimal(amount) * rate / 100) <= Decimal("0.5")


def test_half_a_minor_unit_rounds_up():
    assert commission_of(105, Decimal("10")) == 11  # 10.5 cents → 11
    assert commission_of(104, Decimal("10")) == 10  # 10.4 cents → 10
    assert commission_of(1250, Decimal("12.5")) == 156  # 156.25 → 156


@given(amount=st.integers(min_value=1, max_value=10**7), rate=rates, cuts=st.lists(st.integers(1, 10**6), max_size=8))
def test_refunds_give_back_exactly_the_commission_once_the_order_is_emptied(amount, rate, cuts):
    commission = commission_of(amount, rate)
    refunded = commission_back = 0
    for cut in [*cuts, amount]:  # partial refunds, then the rest
        refund = min(cut, amount - refunded)
        if refund <= 0:
            break
        back = refund_commission(
            amount=amount,
            commission=commission,
            refunded_before=refunded,
            commission_refunded=commission_back,
            refund=refund,
        )
        assert 0 <= back <= refund
        refunded += refund
        commission_back += back
        assert commission_back <= commission
    assert refunded == amount
    assert commission_back == commission


@given(amounts, currencies)
def test_an_amount_reads_back_as_typed(amount, currency):
    places = 0 if currency == "jpy" else 2
    typed = str(Decimal(amount) / (10**places))

    assert to_minor(typed, currency) == amount


def test_zero_decimal_currencies_have_no_cents():
    assert money(1200, "jpy") == "¥1,200"
    assert money(1250, "eur") == "€12.50"
