from django.apps import AppConfig


class PaymentsConfig(AppConfig):
    """Extras sold to guests through Stripe Connect: catalogue, orders, transactions, Stripe's events."""

    name = "payments"
    recurring_tasks = ["payments.tasks.payments_housekeeping"]
