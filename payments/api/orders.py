"""Orders and money movements (Rule.VIEW, as on the reservation page), and a refund (Rule.HANDLE_ORDERS).

GET /api/v1/orders/, /orders/{id}/, POST /orders/{id}/refund/; GET /api/v1/transactions/, /transactions/{id}/.
The transactions are a flat list (`?order=` for one order's) rather than nested under each order: an
accounting sync reads every movement since its last run (`?since=`) in one cursor-paginated list.
"""

import re
import uuid

import django_filters
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import OpenApiExample, OpenApiParameter, extend_schema, extend_schema_view
from rest_framework import mixins, serializers, status
from rest_framework.decorators import action
from rest_framework.response import Response

from accounts.api_base import AccountViewSet
from accounts.permissions import Rule
from gorently.api import Filters
from gorently.api_filters import IdFilter, MomentFilter
from payments.models import Order, OrderItem, OrderKind, OrderStatus, Transaction, TransactionKind
from payments.money import money
from payments.selectors import visible_orders, visible_transactions
from payments.services.orders import refund

MINOR = "In minor units of `currency` (cents; yen for JPY)."


class OrderItemSerializer(serializers.ModelSerializer):
    name = serializers.CharField(read_only=True, help_text="The extra's name as it was sold.")
    unit_price = serializers.IntegerField(read_only=True, help_text=MINOR)
    units = serializers.IntegerField(read_only=True, help_text="Nights or guests for per-night and per-guest prices.")
    amount = serializers.IntegerField(read_only=True, help_text=f"unit_price × units × quantity. {MINOR}")

    class Meta:
        model = OrderItem
        fields = ["id", "upsell", "name", "unit_price", "quantity", "units", "amount"]
        read_only_fields = fields


class OrderSerializer(serializers.ModelSerializer):
    items = OrderItemSerializer(many=True, read_only=True)
    amount = serializers.IntegerField(read_only=True, help_text=f"What the guest pays. {MINOR}")
    commission = serializers.IntegerField(read_only=True, help_text=f"GoRently's share of `amount`. {MINOR}")
    host_net = serializers.IntegerField(read_only=True, help_text=f"amount − commission. {MINOR}")
    captured = serializers.IntegerField(read_only=True, help_text=f"Taken from the guest's card so far. {MINOR}")
    refunded = serializers.IntegerField(read_only=True, help_text=f"Given back so far. {MINOR}")
    refundable = serializers.IntegerField(read_only=True, help_text=f"What a refund can still give back. {MINOR}")
    currency = serializers.CharField(read_only=True, help_text="ISO 4217, lower case: eur.")
    payment_intent_id = serializers.CharField(read_only=True, help_text="Stripe's PaymentIntent, once paid.")
    decided_by = serializers.CharField(read_only=True, help_text="Who approved or declined it.")

    class Meta:
        model = Order
        fields = [
            "id",
            "reservation",
            "kind",
            "status",
            "currency",
            "amount",
            "commission",
            "host_net",
            "captured",
            "refunded",
            "refundable",
            "needs_approval",
            "approval_deadline",
            "decided_at",
            "decided_by",
            "decision_note",
            "payment_intent_id",
            "language",
            "paid_at",
            "created_at",
            "updated_at",
            "items",
        ]
        read_only_fields = fields


class OrderFilter(django_filters.FilterSet):
    reservation = IdFilter(field_name="reservation_id", help_text="The reservation's id.")
    status = django_filters.ChoiceFilter(choices=OrderStatus.choices, help_text="The order's status.")
    kind = django_filters.ChoiceFilter(choices=OrderKind.choices, help_text="Extras or a security deposit.")
    created_since = MomentFilter(
        field_name="created_at", lookup_expr="gte", help_text="Created at or after this time (ISO 8601)."
    )


class RefundSerializer(serializers.Serializer):
    amount = serializers.IntegerField(
        min_value=1, max_value=2**31 - 1, help_text=f"At most the order's `refundable`. {MINOR}"
    )
    reason = serializers.CharField(max_length=500, help_text="Why: kept with the order and sent to Stripe.")

    def validate_amount(self, amount):
        order = self.context["order"]
        if amount > order.refundable:
            raise serializers.ValidationError(
                _("You can refund at most %(amount)s.") % {"amount": money(order.refundable, order.currency)}
            )
        return amount


class TransactionSerializer(serializers.ModelSerializer):
    kind = serializers.ChoiceField(
        choices=TransactionKind.choices,
        read_only=True,
        help_text="Authorisations and releases move no money; refunds are negative.",
    )
    currency = serializers.CharField(read_only=True, help_text="ISO 4217, lower case: eur.")
    gross = serializers.IntegerField(read_only=True, help_text=f"commission + host_net; negative for refunds. {MINOR}")
    commission = serializers.IntegerField(read_only=True, help_text=f"GoRently's share. {MINOR}")
    host_net = serializers.IntegerField(read_only=True, help_text=f"The host's share. {MINOR}")
    processing_fee = serializers.IntegerField(
        read_only=True, allow_null=True, help_text=f"Stripe's fee, when Stripe reported it. {MINOR}"
    )
    stripe_id = serializers.CharField(read_only=True, help_text="The Stripe object: charge, PaymentIntent or refund.")

    class Meta:
        model = Transaction
        fields = [
            "id",
            "order",
            "reservation",
            "kind",
            "currency",
            "gross",
            "commission",
            "host_net",
            "processing_fee",
            "stripe_id",
            "note",
            "created_at",
        ]
        read_only_fields = fields


ORDER = {
    "id": 77,
    "reservation": 1042,
    "kind": "extras",
    "status": "partially_refunded",
    "currency": "eur",
    "amount": 3000,
    "commission": 300,
    "host_net": 2700,
    "captured": 3000,
    "refunded": 1500,
    "refundable": 1500,
    "needs_approval": False,
    "approval_deadline": None,
    "decided_at": None,
    "decided_by": "",
    "decision_note": "",
    "payment_intent_id": "pi_3QK2aB",
    "language": "es",
    "paid_at": "2026-11-28T18:02:11Z",
    "created_at": "2026-11-28T18:01:40Z",
    "updated_at": "2026-11-30T10:15:00Z",
    "items": [
        {
            "id": 91,
            "upsell": 12,
            "name": "Breakfast basket",
            "unit_price": 1500,
            "quantity": 2,
            "units": 1,
            "amount": 3000,
        }
    ],
}
REFUND = {
    "id": 305,
    "order": 77,
    "reservation": 1042,
    "kind": "refund",
    "currency": "eur",
    "gross": -1500,
    "commission": -150,
    "host_net": -1350,
    "processing_fee": None,
    "stripe_id": "re_3QK2aB",
    "note": "One basket was missing",
    "created_at": "2026-11-30T10:15:00Z",
}
IDEMPOTENCY_KEY = re.compile(r"[\x21-\x7e]{1,200}")


@extend_schema_view(
    list=extend_schema(
        summary="List orders",
        description=(
            "Extras and security deposits bought in the stays this key sees, newest first, with their items. "
            "Amounts are in minor units of the order's `currency`."
        ),
        examples=[OpenApiExample("Breakfast, half refunded", value=ORDER, response_only=True)],
    ),
    retrieve=extend_schema(
        summary="Get one order",
        description="One order with its items; another account's (or a stay out of this key's sight) is 404.",
        examples=[OpenApiExample("Breakfast, half refunded", value=ORDER, response_only=True)],
    ),
    refund=extend_schema(
        summary="Refund an order",
        description=(
            "Give back part or all of what was taken (at most the order's `refundable`), through Stripe; the "
            "host's share and GoRently's commission go back in proportion. Needs a read-and-write key. Send an "
            "`Idempotency-Key` header (a UUID, say) to make a retried request one refund: a repeat with the same "
            "key makes no second refund (it answers the same transaction, or a 400 once nothing is left to "
            "refund). Stripe's refusal, or payments being off, is a 400 with its reason. Answers the refund's "
            "transaction (a negative `gross`)."
        ),
        parameters=[
            OpenApiParameter(
                "Idempotency-Key",
                str,
                OpenApiParameter.HEADER,
                pattern=r"^[\x21-\x7e]{1,200}$",
                required=False,
                description="One per refund you mean (1–200 visible ASCII characters); without it, every "
                "request is a new refund.",
            )
        ],
        request=RefundSerializer,
        responses={201: TransactionSerializer},
        examples=[
            OpenApiExample(
                "Refund one basket", value={"amount": 1500, "reason": "One basket was missing"}, request_only=True
            ),
            OpenApiExample("The refund", value=REFUND, response_only=True, status_codes=["201"]),
        ],
    ),
)
class OrderViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, AccountViewSet):
    serializer_class = OrderSerializer
    filterset_class = OrderFilter
    queryset = Order.objects.none()
    filter_backends = [Filters]  # newest first (the cursor's -id)
    action_rules = {"refund": Rule.HANDLE_ORDERS}

    def rows(self):
        return visible_orders(self.actor)

    @action(detail=True, methods=["post"], filter_backends=[])
    def refund(self, request, pk=None):
        order = self.get_object()
        key = request.headers.get("Idempotency-Key")
        if key is not None and not IDEMPOTENCY_KEY.fullmatch(key):
            raise serializers.ValidationError({"Idempotency-Key": [_("Send 1 to 200 visible ASCII characters.")]})
        form = RefundSerializer(data=request.data, context={"order": order})
        form.is_valid(raise_exception=True)
        made = refund(
            actor=self.actor,
            order=order,
            amount=form.validated_data["amount"],
            reason=form.validated_data["reason"],
            request_key=key or str(uuid.uuid4()),
            request=request,
        )
        return Response(TransactionSerializer(made).data, status=status.HTTP_201_CREATED)


class TransactionFilter(django_filters.FilterSet):
    order = IdFilter(field_name="order_id", help_text="The order's id.")
    reservation = IdFilter(field_name="reservation_id", help_text="The reservation's id.")
    kind = django_filters.ChoiceFilter(choices=TransactionKind.choices, help_text="The kind of movement.")
    since = MomentFilter(
        field_name="created_at", lookup_expr="gte", help_text="Recorded at or after this time (ISO 8601)."
    )
    until = MomentFilter(field_name="created_at", lookup_expr="lt", help_text="Recorded before this time (ISO 8601).")


@extend_schema_view(
    list=extend_schema(
        summary="List money movements",
        description=(
            "Every charge, authorisation, capture, release and refund in the stays this key sees, newest first: "
            "`?order=` for one order's, `?since=` for an accounting sync. gross = commission + host_net; refunds "
            "are negative."
        ),
        examples=[OpenApiExample("A refund", value=REFUND, response_only=True)],
    ),
    retrieve=extend_schema(
        summary="Get one money movement",
        description="One transaction; another account's (or a stay out of this key's sight) is 404.",
        examples=[OpenApiExample("A refund", value=REFUND, response_only=True)],
    ),
)
class TransactionViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, AccountViewSet):
    serializer_class = TransactionSerializer
    filterset_class = TransactionFilter
    queryset = Transaction.objects.none()
    filter_backends = [Filters]  # newest first (the cursor's -id)

    def rows(self):
        return visible_transactions(self.actor)
