from django.apps import AppConfig


class NotificationsConfig(AppConfig):
    """Messages to and from guests: WhatsApp and SMS through Twilio, email, automations, the inbox."""

    name = "notifications"
    recurring_tasks = ["notifications.tasks.send_due_messages"]

    def ready(self):
        from notifications import signals  # noqa: F401  (a completed check-in is confirmed to the guest)
