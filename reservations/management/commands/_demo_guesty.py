"""The demo's Guesty connection: to the fake Guesty that `make run` starts beside the app, never the real one."""

from urllib.parse import urlsplit

from django.conf import settings

from reservations.guesty.models import GuestyConnection, SyncKind
from reservations.guesty.services.runs import queue_run

# What `python -m tests.fakes.guesty` accepts by default.
CLIENT_ID, CLIENT_SECRET = "demo-client", "demo-secret"
LOCAL = {"127.0.0.1", "localhost"}


def connect_to_local_fake(organization):
    """Connect the demo account to a Guesty on this machine (the fake), queuing the connection check for
    the worker. Returns the client id, or None when GUESTY_API_URL points elsewhere."""
    if urlsplit(settings.GUESTY_API_URL).hostname not in LOCAL:
        return None
    _connection, created = GuestyConnection.objects.get_or_create(
        organization=organization, defaults={"client_id": CLIENT_ID, "client_secret": CLIENT_SECRET}
    )
    if created:
        queue_run(organization=organization, kind=SyncKind.CONNECT, trigger="Demo set-up")
    return CLIENT_ID
