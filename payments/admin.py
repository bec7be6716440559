"""Payments in the platform admin: read-only, for support, except the commission rate staff agree with a host.

Money rows (orders, transactions, Stripe's events) are written by the services and webhooks
alone; staff list, filter and open them. The transactions list sums the commission earned,
per currency, over the rows it shows.
"""

from django.contrib import admin
from django.db.models import Count, Sum
from django.utils.translation import gettext_lazy as _

from payments.models import DepositPolicy, Order, OrderItem, PaymentAccount, StripeEvent, Transaction, Upsell
from payments.money import money as format_money
from payments.selectors import MOVED


def money(amount, currency):
    """€12.50, and −€3.00 for a refund."""
    return "−" + format_money(-amount, currency) if amount < 0 else format_money(amount, currency)


class ReadOnlyAdmin(admin.ModelAdmin):
    """Listed and opened, never added, edited or deleted here."""

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


class ReadOnlyInline(admin.TabularInline):
    extra = 0
    can_delete = False
    show_change_link = False

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(PaymentAccount)
class PaymentAccountAdmin(admin.ModelAdmin):
    list_display = ["organization", "stripe_account_id", "charges_enabled", "payouts_enabled", "commission_percent",
                    "default_currency", "updated_at"]  # fmt: skip
    list_filter = ["charges_enabled", "payouts_enabled"]
    search_fields = ["organization__name", "stripe_account_id"]
    list_select_related = ["organization"]
    fields = ["organization", "stripe_account_id", "details_submitted", "charges_enabled", "payouts_enabled",
              "requirements_due", "commission_percent", "default_currency", "approval_hours_before_arrival",
              "state_as_of", "created_at", "updated_at"]  # fmt: skip
    # The commission rate is agreed by platform staff; everything else is Stripe's or the host's.
    readonly_fields = [name for name in fields if name != "commission_percent"]

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(Upsell)
class UpsellAdmin(ReadOnlyAdmin):
    list_display = ["__str__", "organization", "price_shown", "pricing", "needs_approval", "active", "position"]
    list_filter = ["active", "needs_approval", "pricing", "currency"]
    search_fields = ["organization__name", "name"]
    list_select_related = ["organization"]

    @admin.display(description=_("price"))
    def price_shown(self, upsell):
        return money(upsell.price, upsell.currency)


@admin.register(DepositPolicy)
class DepositPolicyAdmin(ReadOnlyAdmin):
    list_display = ["property", "organization", "amount_shown", "authorise_days_before_arrival",
                    "release_days_after_checkout", "active"]  # fmt: skip
    list_filter = ["active", "currency"]
    search_fields = ["organization__name", "property__name"]
    list_select_related = ["organization", "property"]

    @admin.display(description=_("deposit"))
    def amount_shown(self, policy):
        return money(policy.amount, policy.currency)


class OrderItemInline(ReadOnlyInline):
    model = OrderItem
    fields = ["name", "unit_price", "quantity", "units", "amount"]
    readonly_fields = fields


class TransactionInline(ReadOnlyInline):
    model = Transaction
    fields = ["created_at", "kind", "currency", "gross", "commission", "host_net", "processing_fee", "stripe_id",
              "note"]  # fmt: skip
    readonly_fields = fields


@admin.register(Order)
class OrderAdmin(ReadOnlyAdmin):
    list_display = ["__str__", "organization", "reservation", "kind", "status", "amount_shown", "commission_shown",
                    "refunded_shown", "created_at"]  # fmt: skip
    list_filter = ["kind", "status", "currency", "organization"]
    search_fields = ["organization__name", "reservation__confirmation_code", "reservation__guest_name",
                     "payment_intent_id", "checkout_session_id"]  # fmt: skip
    list_select_related = ["organization", "reservation"]
    date_hierarchy = "created_at"
    inlines = [OrderItemInline, TransactionInline]
    # The checkout link is the guest's to pay with: not shown.
    exclude = ["checkout_url"]

    @admin.display(description=_("amount"), ordering="amount")
    def amount_shown(self, order):
        return money(order.amount, order.currency)

    @admin.display(description=_("commission"), ordering="commission")
    def commission_shown(self, order):
        return money(order.commission, order.currency)

    @admin.display(description=_("refunded"), ordering="refunded")
    def refunded_shown(self, order):
        return money(order.refunded, order.currency)


@admin.register(Transaction)
class TransactionAdmin(ReadOnlyAdmin):
    list_display = ["created_at", "kind", "organization", "order", "gross_shown", "commission_shown",
                    "host_net_shown", "processing_fee", "stripe_id"]  # fmt: skip
    list_filter = ["organization", "kind", "currency", "created_at"]
    search_fields = ["stripe_id", "organization__name", "order__id"]
    list_select_related = ["organization", "order"]
    date_hierarchy = "created_at"

    @admin.display(description=_("gross"), ordering="gross")
    def gross_shown(self, row):
        return money(row.gross, row.currency)

    @admin.display(description=_("commission"), ordering="commission")
    def commission_shown(self, row):
        return money(row.commission, row.currency)

    @admin.display(description=_("host net"), ordering="host_net")
    def host_net_shown(self, row):
        return money(row.host_net, row.currency)

    def changelist_view(self, request, extra_context=None):
        """The list, with the commission earned over its filtered rows, per currency: money that moved
        (charges, captures, refunds giving some back); authorisations and releases move none."""
        response = super().changelist_view(request, extra_context=extra_context)
        changelist = getattr(response, "context_data", None) and response.context_data.get("cl")
        if changelist is not None:
            sums = (
                changelist.queryset.filter(kind__in=MOVED)
                .order_by()
                .values("currency")
                .annotate(commission=Sum("commission"), gross=Sum("gross"), rows=Count("id"))
                .order_by("currency")
            )
            response.context_data["commission_totals"] = [
                {
                    "currency": line["currency"].upper(),
                    "commission": money(line["commission"] or 0, line["currency"]),
                    "gross": money(line["gross"] or 0, line["currency"]),
                    "rows": line["rows"],
                }
                for line in sums
            ]
        return response


@admin.register(StripeEvent)
class StripeEventAdmin(ReadOnlyAdmin):
    list_display = ["event_id", "type", "account", "object_id", "created", "received_at", "outcome"]
    list_filter = ["type"]
    search_fields = ["event_id", "account", "object_id"]
