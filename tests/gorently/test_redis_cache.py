"""The Redis cache production runs with (REDIS_URL): one client per server, incr in one atomic step,
and the sessions read from it.

These talk to the Redis on 127.0.0.1:6379 (database 15, keys under a prefix of their own, removed
after each test). Without it they skip, except in CI (REQUIRE_REDIS=1), where a missing Redis is a
failure rather than a silently green run.
"""

import os
import uuid

import pytest
import redis
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from gorently.redis_cache import SharedClientRedisCache

REDIS_URL = "redis://127.0.0.1:6379/15"


@pytest.fixture
def prefix():
    """A key prefix of the test's own, whose keys are removed afterwards."""
    try:
        redis.Redis.from_url(REDIS_URL, socket_connect_timeout=1).ping()
    except redis.ConnectionError as error:
        if os.environ.get("REQUIRE_REDIS") == "1":
            pytest.fail(f"REQUIRE_REDIS=1 but Redis is not reachable at {REDIS_URL}: {error}", pytrace=False)
        pytest.skip(f"needs Redis at {REDIS_URL}")
    prefix = f"test-{uuid.uuid4().hex}"
    yield prefix
    client = redis.Redis.from_url(REDIS_URL)
    for key in client.scan_iter(f"{prefix}:*"):
        client.delete(key)


@pytest.fixture
def redis_cache(prefix):
    return SharedClientRedisCache(REDIS_URL, {"KEY_PREFIX": prefix})


def commands_sent(cache, monkeypatch):
    sent = []
    client = cache._cache.get_client()
    send = client.execute_command

    def counted(*args, **options):
        sent.append(args[0])
        return send(*args, **options)

    monkeypatch.setattr(client, "execute_command", counted)
    return sent


def test_every_call_to_the_same_server_shares_one_client(redis_cache, monkeypatch):
    made = []
    make = redis_cache._cache._client
    monkeypatch.setattr(redis_cache._cache, "_client", lambda **kw: made.append(kw) or make(**kw))

    redis_cache.set("a", 1)
    redis_cache.get("a")
    redis_cache.add("b", 0, 60)
    redis_cache.incr("b")

    assert len(made) == 1


def test_incr_adds_to_a_counter_in_one_round_trip_and_keeps_its_expiry(redis_cache, monkeypatch):
    redis_cache.add("misses", 0, 600)
    sent = commands_sent(redis_cache, monkeypatch)

    assert redis_cache.incr("misses") == 1
    assert redis_cache.incr("misses", 4) == 5

    assert sent == ["EVALSHA", "EVALSHA"]
    assert redis_cache.get("misses") == 5
    client = redis_cache._cache.get_client()
    assert 0 < client.ttl(redis_cache.make_key("misses")) <= 600


def test_incr_of_a_missing_key_is_refused_and_creates_nothing(redis_cache):
    with pytest.raises(ValueError, match="not found"):
        redis_cache.incr("nobody")

    assert redis_cache.get("nobody") is None
    assert not redis_cache._cache.get_client().exists(redis_cache.make_key("nobody"))


def test_decr_counts_down(redis_cache):
    redis_cache.set("stock", 3)

    assert redis_cache.decr("stock") == 2


def test_a_redis_that_forgot_the_script_is_taught_it_again(redis_cache):
    redis_cache.set("count", 1)
    redis_cache._cache.get_client().script_flush()

    assert redis_cache.incr("count") == 2


@pytest.mark.django_db
def test_with_redis_a_signed_in_page_reads_its_session_from_the_cache_and_signing_out_ends_it(
    prefix, settings, cast, client_for
):
    shared = {"BACKEND": "gorently.redis_cache.SharedClientRedisCache", "LOCATION": REDIS_URL, "KEY_PREFIX": prefix}
    settings.CACHES = {**settings.CACHES, "default": shared}
    settings.SESSION_ENGINE = "django.contrib.sessions.backends.cached_db"  # as settings.py pairs them
    client = client_for(cast.owner)

    with CaptureQueriesContext(connection) as page:
        assert client.get(reverse("dashboard")).status_code == 200
    session_reads = [query for query in page.captured_queries if "django_session" in query["sql"]]
    cookie = client.cookies[settings.SESSION_COOKIE_NAME].value
    client.post(reverse("accounts:logout"))
    someone_with_the_old_cookie = Client()
    someone_with_the_old_cookie.cookies[settings.SESSION_COOKIE_NAME] = cookie

    assert session_reads == []
    assert someone_with_the_old_cookie.get(reverse("dashboard")).status_code == 302  # to the sign-in
