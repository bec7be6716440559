from django.apps import AppConfig


class GuestyConfig(AppConfig):
    """Guesty sync: the connection, listings and reservations imported, webhooks, custom-field write-back."""

    name = "reservations.guesty"
    label = "guesty"
    recurring_tasks = ["reservations.guesty.tasks.reconcile_due"]
    verbose_name = "Guesty"

    def ready(self):
        from reservations.guesty import signals  # noqa: F401  (writes check-in answers back to Guesty)
