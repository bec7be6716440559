from django.apps import AppConfig


class CheckinConfig(AppConfig):
    """Online check-in: form builder, guests' submissions, identity documents and their retention."""

    name = "reservations.checkin"
    label = "checkin"
    recurring_tasks = ["reservations.checkin.tasks.purge_guest_documents_daily"]
    verbose_name = "Check-in"

    def ready(self):
        from reservations.checkin import signals  # noqa: F401  (connects the new account's default form)
