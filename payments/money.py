"""Money in integer minor units: the commission rule, and amounts as people read them.

The one rounding rule: the commission is the amount times the rate, rounded half up to a whole
minor unit (a cent; a yen for zero-decimal currencies); the host's net is the rest, so
gross = commission + net exactly. A refund gives back the same share of the commission, by
the same rule, capped at what is left of it, and the refund that empties an order gives back
exactly what is left.
"""

from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

from django.conf import settings
from django.utils.formats import number_format

# Currencies whose minor unit is the unit itself (Stripe's list, of those offered here).
ZERO_DECIMAL = frozenset({"jpy"})
SYMBOLS = {"eur": "€", "usd": "$", "gbp": "£", "chf": "CHF ", "jpy": "¥"}


def commission_of(amount, percent):
    """The platform's share of `amount` (minor units) at `percent`, rounded half up to a minor unit."""
    share = (Decimal(amount) * Decimal(percent) / 100).quantize(Decimal(1), rounding=ROUND_HALF_UP)
    return min(int(share), amount)


def refund_commission(*, amount, commission, refunded_before, commission_refunded, refund):
    """The commission a refund of `refund` gives back, of an order of `amount` that took `commission`:
    its proportional share, never more than is left, and all that is left when the order is emptied."""
    left = commission - commission_refunded
    if refunded_before + refund >= amount:
        return left
    share = (Decimal(refund) * commission / amount).quantize(Decimal(1), rounding=ROUND_HALF_UP)
    return max(0, min(int(share), left))


def default_percent():
    return Decimal(settings.PLATFORM_COMMISSION_PERCENT)


def money(amount, currency):
    """`€12.50`, `¥1,200`: an amount in minor units as people read it, in the active language's digits."""
    currency = (currency or "").lower()
    places = 0 if currency in ZERO_DECIMAL else 2
    value = Decimal(amount) / (1 if places == 0 else 100)
    text = number_format(value, decimal_pos=places, force_grouping=True)
    return f"{SYMBOLS.get(currency, currency.upper() + ' ')}{text}"


def to_minor(value, currency):
    """A typed amount ("12.50") in minor units; raises ValueError."""
    places = 0 if (currency or "").lower() in ZERO_DECIMAL else 2
    try:
        amount = Decimal(str(value).replace(",", "."))
        if not amount.is_finite() or amount < 0 or amount > 10**10:
            raise ValueError("not an amount")
        return int(amount.quantize(Decimal(1) / (10**places)) * (10**places))
    except InvalidOperation:
        raise ValueError("not an amount") from None
