"""Template helpers of the payments pages: amounts as people read them, and order statuses in the shared tones."""

from django import template
from django.utils.html import format_html

from payments.models import OrderStatus
from payments.money import money as format_money
from payments.stripe_api import payments_enabled

register = template.Library()

# The shared meanings (gorently.templatetags.ui): green done, amber waiting for someone, red stopped, grey over.
TONES = {
    OrderStatus.PENDING: "neutral",
    OrderStatus.AUTHORISED: "warning",
    OrderStatus.PAID: "success",
    OrderStatus.PARTIALLY_REFUNDED: "info",
    OrderStatus.REFUNDED: "neutral",
    OrderStatus.DECLINED: "danger",
    OrderStatus.RELEASED: "neutral",
    OrderStatus.FAILED: "danger",
    OrderStatus.EXPIRED: "neutral",
    "held": "info",  # a deposit held on the guest's card (authorised, waiting for no one)
}


@register.filter
def money(amount, currency):
    """`{{ order.amount|money:order.currency }}`: €12.50, ¥1,200, −€3.00 (a refund). Empty for no amount."""
    if amount is None or amount == "":
        return ""
    if amount < 0:
        return "−" + format_money(-amount, currency)
    return format_money(amount, currency)


@register.simple_tag
def order_badge(status, label):
    """`{% order_badge order.status order.get_status_display %}`."""
    return format_html('<span class="badge badge-{}">{}</span>', TONES.get(status, "neutral"), label)


@register.simple_tag
def payments_on():
    """`{% payments_on as on %}`: a Stripe key is configured on this installation (no query)."""
    return payments_enabled()
