from django.apps import AppConfig


class PortalConfig(AppConfig):
    """The guest's pages behind a reservation's secret link: they combine every app, and nothing imports them."""

    name = "portal"
