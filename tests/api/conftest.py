"""The API's cast: keys of the cast's account (read-only, read-write, limited to the villa, revoked) and one of
the rival account; `api(key)` is a client sending it."""

from dataclasses import dataclass

import pytest
from django.core.cache import cache
from rest_framework.test import APIClient

from accounts.api_keys import create_api_key, revoke_api_key
from accounts.models import ApiKeyScope


@dataclass
class Keys:
    read: str
    write: str
    villa_only: str
    revoked: str
    outsider: str


@pytest.fixture(autouse=True)
def fresh_throttle():
    """Each test starts with its keys' request counts at zero."""
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def keys(cast):
    def make(actor, name, scope=ApiKeyScope.WRITE, **options):
        return create_api_key(actor=actor, name=name, scope=scope, **options)

    revoked, revoked_raw = make(cast.owner, "Old PMS")
    revoke_api_key(actor=cast.owner, key=revoked)
    return Keys(
        read=make(cast.owner, "Reporting", ApiKeyScope.READ)[1],
        write=make(cast.owner, "Front desk")[1],
        villa_only=make(cast.owner, "Villa cleaners", properties=[cast.villa])[1],
        revoked=revoked_raw,
        outsider=make(cast.outsider, "Rival's sync")[1],
    )


@pytest.fixture
def api():
    def client(key=None):
        made = APIClient()
        if key:
            made.credentials(HTTP_AUTHORIZATION=f"Bearer {key}")
        return made

    return client
