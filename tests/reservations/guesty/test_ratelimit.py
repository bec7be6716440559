"""The account's request budget: no sliding second, minute or hour ever holds more than Guesty allows."""

import pytest

from reservations.guesty.models import GuestyConnection
from reservations.guesty.ratelimit import MARGIN, claim_slot, pause

T0 = 1_800_000_000.0


@pytest.fixture
def connection(cast):
    return GuestyConnection.objects.create(organization=cast.organization, client_id="id", client_secret="secret")


def claims(connection, count, now=T0):
    return [now + claim_slot(connection, now=now) for _ in range(count)]


def most_in_any_window(moments, window):
    return max(sum(1 for m in moments if start <= m < start + window) for start in moments)


def test_a_burst_within_the_limits_goes_at_once(connection, settings):
    settings.GUESTY_RATE_LIMITS = (15, 120, 5000)

    assert claims(connection, 15) == [T0] * 15


def test_the_sixteenth_request_in_a_second_waits_for_the_second_to_pass(connection, settings):
    settings.GUESTY_RATE_LIMITS = (15, 120, 5000)

    moments = claims(connection, 16)

    assert moments[-1] == T0 + 1 + MARGIN


def test_no_window_ever_overflows(connection, settings):
    settings.GUESTY_RATE_LIMITS = (15, 120, 5000)

    moments = claims(connection, 400)

    assert most_in_any_window(moments, 1) <= 15
    assert most_in_any_window(moments, 60) <= 120
    # And no slower than the limits force (with the margin for the network's jitter): the 361st
    # request may go at 3:00, and 15 a second after it.
    assert moments[-1] - T0 == pytest.approx(3 * (60 + MARGIN) + 2 * (1 + MARGIN))


def test_the_hour_is_respected(connection, settings):
    settings.GUESTY_RATE_LIMITS = (100, 1000, 1500)

    moments = claims(connection, 1600)

    assert sum(1 for m in moments if m < T0 + 3600) <= 1500
    assert moments[-1] >= T0 + 3600


def test_every_worker_shares_one_budget(connection, settings):
    settings.GUESTY_RATE_LIMITS = (15, 120, 5000)
    other_worker = GuestyConnection.objects.get(pk=connection.pk)

    moments = claims(connection, 10) + claims(other_worker, 10)

    assert most_in_any_window(sorted(moments), 1) <= 15


def test_a_pause_asked_by_guesty_holds_every_request(connection, settings):
    settings.GUESTY_RATE_LIMITS = (15, 120, 5000)
    pause(connection, 30)

    wait = claim_slot(connection)

    assert 28 < wait <= 30


def test_without_limits_a_pause_is_still_obeyed(connection, settings):
    settings.GUESTY_RATE_LIMITS = ()
    assert claim_slot(connection) == 0
    pause(connection, 5)

    assert 3 < claim_slot(connection) <= 5
