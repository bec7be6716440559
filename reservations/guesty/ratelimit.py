"""Guesty's request limits (15 a second, 120 a minute, 5,000 an hour per account), kept across every worker.

Each request first claims a moment to be sent at, in the account's `RateBudget` row (locked
while claiming): the earliest moment no sliding window would overflow, never before an earlier
claim (first come, first served) nor before a pause Guesty asked for with `Retry-After`.
The caller sleeps until then. Windows are taken a quarter of a second longer than Guesty's,
for the network's jitter; the hour is counted by the minute, so it errs on the safe side by at
most one minute's requests.
"""

import math
import time
from email.utils import parsedate_to_datetime

from django.conf import settings
from django.db import transaction

from reservations.guesty.models import RateBudget

# Seconds added to each window: a request sent on time can reach Guesty a little later than one sent
# before it, and Guesty counts arrivals.
MARGIN = 0.25


def claim_slot(connection, now=None):
    """Claim the next moment this account may send a request; return the seconds to wait for it."""
    return claim_slots(connection, 1, now=now)[0]


def claim_slots(connection, count, now=None):
    """Claim the next `count` moments at once (requests sent side by side); the seconds to wait for each."""
    per_second, per_minute, per_hour = _limits()
    now = time.time() if now is None else now
    if not per_second:  # no limits of our own: only Guesty's "wait" is obeyed
        paused_until = RateBudget.objects.filter(connection=connection).values_list("paused_until", flat=True).first()
        return [max(0.0, (paused_until or 0) - now)] * count
    waits = []
    with transaction.atomic():
        budget, _ = RateBudget.objects.select_for_update().get_or_create(connection=connection)
        recent = [moment for moment in budget.recent if moment > now - 60]
        minutes = {int(start): n for start, n in budget.per_minute.items() if int(start) > now - 3660}
        for _ in range(count):
            at = max([now, budget.paused_until, *recent[-1:]])
            at = _earliest(at, recent, minutes, per_second, per_minute, per_hour)
            recent.append(at)
            minute = int(at // 60 * 60)
            minutes[minute] = minutes.get(minute, 0) + 1
            waits.append(at - now)
        budget.recent = recent[-int(max(per_second, per_minute)) :]
        budget.per_minute = {str(start): n for start, n in minutes.items()}
        budget.save(update_fields=["recent", "per_minute"])
    return waits


def _earliest(at, recent, minutes, per_second, per_minute, per_hour):
    while True:
        later = at
        for window, limit in ((1 + MARGIN, per_second), (60 + MARGIN, per_minute)):
            inside = [moment for moment in recent if moment > later - window]
            if len(inside) >= limit:
                later = inside[-int(limit)] + window
        counted = sorted(start for start in minutes if start + 60 > later - 3600)
        if sum(minutes[start] for start in counted) >= per_hour:
            later = max(later, counted[0] + 3660)
        if later == at:
            return at
        at = later


def pause(connection, seconds):
    """Guesty answered 429: every worker of this account waits `seconds` before its next request."""
    until = time.time() + max(1.0, seconds)
    RateBudget.objects.get_or_create(connection=connection)
    RateBudget.objects.filter(connection=connection, paused_until__lt=until).update(paused_until=until)


def retry_after(response):
    """Seconds from a 429's `Retry-After` (seconds or an HTTP date); 1 when absent or unreadable."""
    value = response.headers.get("Retry-After", "")
    try:
        return max(1.0, float(value))
    except ValueError:
        pass
    try:
        return max(1.0, parsedate_to_datetime(value).timestamp() - time.time())
    except (TypeError, ValueError):
        return 1.0


def _limits():
    limits = tuple(settings.GUESTY_RATE_LIMITS or ())
    if len(limits) != 3 or not all(limit > 0 and math.isfinite(limit) for limit in limits):
        return (0, 0, 0)
    return limits
