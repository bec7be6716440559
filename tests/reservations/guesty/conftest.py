"""A fake Guesty on a local port, and a host account connected to it."""

from datetime import date, timedelta

import pytest

from reservations.guesty.models import GuestyConnection
from reservations.guesty.services.engine import execute
from reservations.guesty.services.listings import import_listings
from reservations.guesty.services.runs import queue_run
from tests.fakes.guesty import FakeGuesty

CLIENT_ID, CLIENT_SECRET = "demo-client", "demo-secret-value-123"


@pytest.fixture
def fake_guesty(settings):
    with FakeGuesty(client_id=CLIENT_ID, client_secret=CLIENT_SECRET, seed=7) as fake:
        settings.GUESTY_API_URL = fake.api_url
        settings.GUESTY_TOKEN_URL = fake.token_url
        settings.GUESTY_RATE_LIMITS = ()  # the client's own limiter has its tests; here it would only slow them
        yield fake


def sync(organization, kind, *, session=None, **cursor):
    """Queue a run as the pages and tasks do, and run it here; the finished run."""
    run = queue_run(organization=organization, kind=kind, trigger="test", cursor=cursor or None)
    return execute(run.pk, session=session)


@pytest.fixture
def connected(cast, fake_guesty):
    """The cast's account connected to the fake (checked: token, account, webhook, fields, listings)."""
    GuestyConnection.objects.create(organization=cast.organization, client_id=CLIENT_ID, client_secret=CLIENT_SECRET)
    run = sync(cast.organization, "connect")
    assert run.status == "succeeded", run.error
    return GuestyConnection.objects.get(organization=cast.organization)


@pytest.fixture
def listing(fake_guesty):
    return fake_guesty.add_listing(title="Casa Azul", city="Sevilla", timezone="Europe/Madrid", accommodates=6)


@pytest.fixture
def imported(cast, connected, listing, fake_guesty):
    """The listing mirrored and imported as a property; returns that property."""
    sync(cast.organization, "listings")
    (property,) = import_listings(actor=cast.owner, listing_ids=[listing["_id"]])
    return property


def stay(fake, listing, *, days_ahead=10, nights=3, **kwargs):
    """A reservation in the fake, `days_ahead` from today."""
    check_in = date.today() + timedelta(days=days_ahead)
    return fake.add_reservation(
        listing["_id"], check_in=check_in, check_out=check_in + timedelta(days=nights), **kwargs
    )
