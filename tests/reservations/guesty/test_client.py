"""The Guesty client: one token shared by every process until it nears expiry, retries bounded, errors in words."""

import pytest
import requests

from reservations.guesty.client import GuestyAuthError, GuestyClient, GuestyRejected, GuestyUnavailable
from reservations.guesty.models import GuestyConnection


@pytest.fixture
def connection(cast, fake_guesty):
    from tests.reservations.guesty.conftest import CLIENT_ID, CLIENT_SECRET

    return GuestyConnection.objects.create(
        organization=cast.organization, client_id=CLIENT_ID, client_secret=CLIENT_SECRET
    )


def fresh_client(connection):
    """A client as another worker process would make it: reading the connection from the database."""
    return GuestyClient(GuestyConnection.objects.get(pk=connection.pk))


def test_one_token_serves_many_calls_and_many_workers(connection, fake_guesty):
    for _ in range(5):
        client = fresh_client(connection)
        for _ in range(10):
            client.get("/accounts/me")

    assert fake_guesty.tokens_issued == 1
    assert GuestyConnection.objects.get(pk=connection.pk).tokens_requested == 1


def test_the_token_is_stored_encrypted(connection):
    from django.db import connection as db

    fresh_client(connection).get("/accounts/me")

    with db.cursor() as cursor:
        cursor.execute("SELECT access_token, client_secret FROM guesty_guestyconnection")
        stored_token, stored_secret = cursor.fetchone()
    token = GuestyConnection.objects.get(pk=connection.pk).access_token
    assert token and token not in stored_token
    assert connection.client_secret not in stored_secret


def test_a_token_near_its_expiry_is_replaced_before_use(connection, fake_guesty):
    from datetime import timedelta

    from django.utils import timezone

    fresh_client(connection).get("/accounts/me")
    GuestyConnection.objects.filter(pk=connection.pk).update(token_expires_at=timezone.now() + timedelta(minutes=2))

    fresh_client(connection).get("/accounts/me")

    assert fake_guesty.tokens_issued == 2


def test_a_401_fetches_a_new_token_once_and_goes_on(connection, fake_guesty):
    client = fresh_client(connection)
    client.get("/accounts/me")
    fake_guesty.expire_tokens()

    assert client.get("/accounts/me")["_id"] == "acc_1"
    assert fake_guesty.tokens_issued == 2


def test_a_second_401_fails_clearly(connection, fake_guesty):
    class ExpiringSession(requests.Session):
        def request(self, method, url, **kwargs):
            if "/v1/" in url:
                fake_guesty.expire_tokens()
            return super().request(method, url, **kwargs)

    client = GuestyClient(connection, session=ExpiringSession())

    with pytest.raises(GuestyAuthError, match="refused a freshly issued access token"):
        client.get("/accounts/me")
    assert fake_guesty.tokens_issued == 2


def test_wrong_credentials_say_so(connection, fake_guesty):
    connection.client_secret = "wrong"
    connection.save()

    with pytest.raises(GuestyAuthError, match="did not accept this client id and secret"):
        GuestyClient(connection).get("/accounts/me")


def test_guestys_daily_token_quota_is_explained(connection, fake_guesty):
    for _ in range(5):
        GuestyConnection.objects.filter(pk=connection.pk).update(access_token="", token_expires_at=None)
        fresh_client(connection).get("/accounts/me")
    GuestyConnection.objects.filter(pk=connection.pk).update(access_token="", token_expires_at=None)

    with pytest.raises(GuestyAuthError, match="5 access tokens per API key a day"):
        fresh_client(connection).get("/accounts/me")


def test_5xx_answers_are_retried(connection, fake_guesty):
    fake_guesty.fail_next(2, status=503)

    assert fresh_client(connection).get("/accounts/me")["_id"] == "acc_1"


def test_retries_are_bounded(connection, fake_guesty, settings):
    fake_guesty.fail_next(50, status=502)
    client = fresh_client(connection)
    client.token()
    fake_guesty.reset_log()

    with pytest.raises(GuestyUnavailable, match="Guesty answered 502"):
        client.get("/accounts/me")
    assert fake_guesty.request_count("/v1/") == settings.GUESTY_RETRIES + 1


def test_a_timeout_is_retried(connection, fake_guesty, settings):
    settings.GUESTY_TIMEOUT = 0.2
    fake_guesty.slow_next(1, 1.0)
    client = fresh_client(connection)
    client.token()

    assert client.get("/accounts/me")["_id"] == "acc_1"


def test_a_429_waits_for_retry_after_then_goes_on(connection, fake_guesty, monkeypatch):
    from reservations.guesty import client as module

    waits = []
    monkeypatch.setattr(module, "sleep", waits.append)
    fake_guesty.fail_next(3, status=429)

    assert fresh_client(connection).get("/accounts/me")["_id"] == "acc_1"
    assert connection.rate_budget.paused_until > 0


def test_other_refusals_carry_guestys_answer(connection, fake_guesty):
    with pytest.raises(GuestyRejected) as refused:
        fresh_client(connection).get("/guests-crud/unknown", fields="firstName")

    assert refused.value.status == 404
    assert "NOT_FOUND" in refused.value.answer


def test_look_ups_side_by_side_answer_in_order_and_redo_what_went_wrong(connection, fake_guesty):
    guests = [fake_guesty.add_guest(f"Guest{n}", "Test") for n in range(6)]
    client = fresh_client(connection)
    client.token()
    fake_guesty.fail_next(2, status=503)
    calls = [(f"/guests-crud/{guest['_id']}", {"fields": "firstName"}) for guest in guests]
    calls.insert(3, ("/guests-crud/missing", {"fields": "firstName"}))

    answers = client.get_many(calls)

    assert [answer["firstName"] for answer in answers if isinstance(answer, dict)] == [f"Guest{n}" for n in range(6)]
    assert isinstance(answers[3], GuestyRejected) and answers[3].status == 404


def test_keeping_to_guestys_limits_means_guesty_never_says_wait(connection, fake_guesty, settings):
    fake_guesty.set_rate_limits(per_second=10, per_minute=1000, per_hour=10000)
    settings.GUESTY_RATE_LIMITS = (10, 1000, 10000)
    guests = [fake_guesty.add_guest(f"G{n}", "Test") for n in range(20)]
    client = fresh_client(connection)
    client.token()
    fake_guesty.reset_log()

    client.get_many([(f"/guests-crud/{guest['_id']}", {"fields": "firstName"}) for guest in guests])
    for guest in guests[:5]:
        client.get(f"/guests-crud/{guest['_id']}", fields="firstName")

    assert fake_guesty.request_count("/v1/") == 25  # no 429 answered, so none asked again
