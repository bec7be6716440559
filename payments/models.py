"""Extras sold to guests and paid through Stripe Connect: the catalogue, orders, every money movement, Stripe's events.

Money is an integer in minor units (cents; yen for zero-decimal currencies) with its ISO currency.
Every `Transaction` splits its gross into the platform's commission and the host's net:
gross = commission + host net, enforced by the database.
"""

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from gorently.models import TimeStampedModel

CURRENCIES = [(code, code.upper()) for code in ("eur", "usd", "gbp", "chf", "jpy")]


class PaymentAccount(TimeStampedModel):
    """A host account's Stripe connected account, as Stripe last described it, and its commission rate."""

    organization = models.OneToOneField("accounts.Organization", on_delete=models.CASCADE, related_name="payments")
    stripe_account_id = models.CharField(max_length=64, blank=True)
    details_submitted = models.BooleanField(default=False)
    charges_enabled = models.BooleanField(default=False)
    payouts_enabled = models.BooleanField(default=False)
    requirements_due = models.JSONField(default=list, blank=True)
    # The `created` time of the newest `account.updated` applied: an older event changes nothing.
    state_as_of = models.BigIntegerField(default=0)
    # The platform's cut, set by platform staff; empty: PLATFORM_COMMISSION_PERCENT.
    commission_percent = models.DecimalField(
        _("commission (%)"),
        max_digits=5,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(0), MaxValueValidator(50)],
    )
    default_currency = models.CharField(max_length=3, choices=CURRENCIES, default="eur")
    # Extras needing approval are declined automatically when not answered this long before arrival.
    approval_hours_before_arrival = models.PositiveSmallIntegerField(
        _("answer approval requests at the latest (hours before arrival)"),
        default=24,
        validators=[MaxValueValidator(24 * 14)],
    )

    def __str__(self):
        return f"Payments of {self.organization}"

    @property
    def can_sell(self):
        return bool(self.stripe_account_id and self.charges_enabled)


class Pricing(models.TextChoices):
    PER_STAY = "per_stay", _("per stay")
    PER_NIGHT = "per_night", _("per night")
    PER_GUEST = "per_guest", _("per guest")


class Moment(models.TextChoices):
    ARRIVAL = "arrival", _("arrival")
    DEPARTURE = "departure", _("departure")


class Upsell(TimeStampedModel):
    """An extra a host sells: early check-in, late check-out, a transfer, breakfast…"""

    organization = models.ForeignKey("accounts.Organization", on_delete=models.CASCADE, related_name="upsells")
    # Translations: {"en": "...", "es": "..."}; English is required, the others fall back to it.
    name = models.JSONField(_("name"), default=dict)
    description = models.JSONField(_("description"), default=dict, blank=True)
    image = models.ImageField(_("photo"), upload_to="upsells/", blank=True)
    price = models.PositiveIntegerField(_("price (in cents)"), validators=[MinValueValidator(50)])
    currency = models.CharField(_("currency"), max_length=3, choices=CURRENCIES, default="eur")
    pricing = models.CharField(_("priced"), max_length=20, choices=Pricing.choices, default=Pricing.PER_STAY)
    all_properties = models.BooleanField(_("offered at every property"), default=True)
    properties = models.ManyToManyField("properties.Property", blank=True, related_name="upsells")
    # When it can be bought: from `opens_days_before_arrival` (empty: as soon as booked) until
    # `closes_hours` before the arrival or the departure (negative: after it).
    opens_days_before_arrival = models.PositiveSmallIntegerField(
        _("on sale from (days before arrival)"), null=True, blank=True, help_text=_("Empty: as soon as booked.")
    )
    closes_hours = models.SmallIntegerField(
        _("on sale until (hours before)"), default=24, validators=[MinValueValidator(-72), MaxValueValidator(720)]
    )
    closes_relative_to = models.CharField(max_length=20, choices=Moment.choices, default=Moment.ARRIVAL)
    max_quantity = models.PositiveSmallIntegerField(
        _("most a guest can buy"), default=1, validators=[MinValueValidator(1), MaxValueValidator(20)]
    )
    needs_approval = models.BooleanField(
        _("needs your approval"),
        default=False,
        help_text=_("The payment is only authorised; it is taken when you approve (early check-in, late check-out)."),
    )
    active = models.BooleanField(_("on sale"), default=True)
    position = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["position", "id"]

    def __str__(self):
        return self.name.get("en") or f"Extra {self.pk}"


class DepositPolicy(TimeStampedModel):
    """A property's security deposit: authorised before arrival, released after check-out unless claimed."""

    organization = models.ForeignKey("accounts.Organization", on_delete=models.CASCADE, related_name="+")
    property = models.OneToOneField("properties.Property", on_delete=models.CASCADE, related_name="deposit_policy")
    amount = models.PositiveIntegerField(_("deposit (in cents)"), validators=[MinValueValidator(100)])
    currency = models.CharField(_("currency"), max_length=3, choices=CURRENCIES, default="eur")
    # Card authorisations lapse after 7 days: asked for at most 5 days before arrival, released within 2 after.
    authorise_days_before_arrival = models.PositiveSmallIntegerField(
        _("ask for it (days before arrival)"), default=2, validators=[MaxValueValidator(5)]
    )
    release_days_after_checkout = models.PositiveSmallIntegerField(
        _("release it (days after check-out)"), default=1, validators=[MaxValueValidator(2)]
    )
    active = models.BooleanField(_("ask guests for a deposit"), default=True)

    def __str__(self):
        return f"Deposit of {self.property}"


class OrderKind(models.TextChoices):
    EXTRAS = "extras", _("Extras")
    DEPOSIT = "deposit", _("Security deposit")


class OrderStatus(models.TextChoices):
    PENDING = "pending", _("Waiting for payment")
    AUTHORISED = "authorised", _("Waiting for your approval")
    PAID = "paid", _("Paid")
    PARTIALLY_REFUNDED = "partially_refunded", _("Partly refunded")
    REFUNDED = "refunded", _("Refunded")
    DECLINED = "declined", _("Declined")
    RELEASED = "released", _("Released")
    FAILED = "failed", _("Payment failed")
    EXPIRED = "expired", _("Not paid")


# Where each status may go: only forward, so a late or repeated event never undoes a later one.
NEXT_STATUSES = {
    OrderStatus.PENDING: {
        OrderStatus.AUTHORISED,
        OrderStatus.PAID,
        OrderStatus.FAILED,
        OrderStatus.EXPIRED,
    },
    OrderStatus.AUTHORISED: {OrderStatus.PAID, OrderStatus.DECLINED, OrderStatus.RELEASED},
    OrderStatus.PAID: {OrderStatus.PARTIALLY_REFUNDED, OrderStatus.REFUNDED},
    OrderStatus.PARTIALLY_REFUNDED: {OrderStatus.PARTIALLY_REFUNDED, OrderStatus.REFUNDED},
    OrderStatus.REFUNDED: set(),
    OrderStatus.DECLINED: set(),
    OrderStatus.RELEASED: set(),
    OrderStatus.FAILED: set(),
    OrderStatus.EXPIRED: set(),
}


class Order(TimeStampedModel):
    organization = models.ForeignKey("accounts.Organization", on_delete=models.CASCADE, related_name="orders")
    reservation = models.ForeignKey("reservations.Reservation", on_delete=models.PROTECT, related_name="orders")
    kind = models.CharField(max_length=20, choices=OrderKind.choices, default=OrderKind.EXTRAS)
    status = models.CharField(max_length=20, choices=OrderStatus.choices, default=OrderStatus.PENDING)
    # What was in the cart, as a fingerprint: the same cart from two tabs or two clicks is one order.
    cart_key = models.CharField(max_length=64)
    currency = models.CharField(max_length=3)
    amount = models.PositiveIntegerField()
    commission = models.PositiveIntegerField()
    refunded = models.PositiveIntegerField(default=0)
    # Captured so far (authorised orders are captured when approved, deposits when claimed).
    captured = models.PositiveIntegerField(default=0)
    needs_approval = models.BooleanField(default=False)
    approval_deadline = models.DateTimeField(null=True, blank=True)
    release_after = models.DateTimeField(null=True, blank=True)
    decided_at = models.DateTimeField(null=True, blank=True)
    decided_by = models.CharField(max_length=200, blank=True)
    decision_note = models.TextField(blank=True)
    checkout_session_id = models.CharField(max_length=100, blank=True, db_index=True)
    checkout_url = models.URLField(max_length=1000, blank=True)
    checkout_expires_at = models.DateTimeField(null=True, blank=True)
    payment_intent_id = models.CharField(max_length=100, blank=True, db_index=True)
    language = models.CharField(max_length=8, default="en")
    paid_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["reservation", "kind", "cart_key"],
                condition=models.Q(status="pending"),
                name="one_pending_order_per_cart",
            ),
            models.CheckConstraint(condition=models.Q(commission__lte=models.F("amount")), name="commission_in_amount"),
            models.CheckConstraint(condition=models.Q(refunded__lte=models.F("amount")), name="refund_in_amount"),
        ]
        indexes = [models.Index(fields=["organization", "status"], name="order_org_status")]

    def __str__(self):
        return f"Order {self.pk} ({self.get_status_display()})"

    @property
    def host_net(self):
        return self.amount - self.commission

    @property
    def refundable(self):
        """What can still be given back: what was taken, less what was refunded."""
        return max(0, self.captured - self.refunded)


class OrderItem(models.Model):
    order = models.ForeignKey(Order, on_delete=models.CASCADE, related_name="items")
    upsell = models.ForeignKey(Upsell, on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    # The extra as it was sold: later edits to the catalogue do not change a past order.
    name = models.CharField(max_length=200)
    unit_price = models.PositiveIntegerField()
    quantity = models.PositiveSmallIntegerField()
    # Nights or guests for per-night and per-guest prices; 1 per stay.
    units = models.PositiveSmallIntegerField(default=1)
    amount = models.PositiveIntegerField()

    class Meta:
        ordering = ["id"]

    def __str__(self):
        return f"{self.quantity} × {self.name}"


class TransactionKind(models.TextChoices):
    AUTHORISATION = "authorisation", _("Authorised")
    CHARGE = "charge", _("Charge")
    CAPTURE = "capture", _("Captured")
    RELEASE = "release", _("Authorisation released")
    REFUND = "refund", _("Refund")


class Transaction(models.Model):
    """One money movement. Refunds are negative. `stripe_id` makes recording it twice impossible."""

    organization = models.ForeignKey("accounts.Organization", on_delete=models.CASCADE, related_name="+")
    order = models.ForeignKey(Order, on_delete=models.PROTECT, related_name="transactions")
    reservation = models.ForeignKey("reservations.Reservation", on_delete=models.PROTECT, related_name="+")
    kind = models.CharField(max_length=20, choices=TransactionKind.choices)
    currency = models.CharField(max_length=3)
    gross = models.IntegerField()
    commission = models.IntegerField()
    host_net = models.IntegerField()
    # Stripe's processing fee, when Stripe reports it (the platform bears it on destination charges).
    processing_fee = models.IntegerField(null=True, blank=True)
    stripe_id = models.CharField(max_length=100)
    note = models.CharField(max_length=500, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["created_at", "id"]
        constraints = [
            models.UniqueConstraint(fields=["kind", "stripe_id"], name="one_transaction_per_stripe_object"),
            models.CheckConstraint(
                condition=models.Q(gross=models.F("commission") + models.F("host_net")), name="gross_is_split"
            ),
        ]
        indexes = [models.Index(fields=["organization", "created_at"], name="transaction_org_time")]

    def __str__(self):
        return f"{self.get_kind_display()} {self.gross} {self.currency.upper()}"


class StripeEvent(models.Model):
    """Every Stripe event received, stored once by its id; a repeat is acknowledged and ignored."""

    event_id = models.CharField(max_length=100, unique=True)
    type = models.CharField(max_length=100)
    account = models.CharField(max_length=64, blank=True)
    object_id = models.CharField(max_length=100, blank=True)
    created = models.BigIntegerField()
    payload = models.JSONField(default=dict)
    received_at = models.DateTimeField(auto_now_add=True)
    processed_at = models.DateTimeField(null=True, blank=True)
    outcome = models.CharField(max_length=200, blank=True)

    class Meta:
        ordering = ["-received_at", "-id"]

    def __str__(self):
        return f"{self.type} {self.event_id}"
