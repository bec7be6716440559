"""One pass of the messaging scheduler over many reservations, of which only a few are due.

Run:  DATABASE_URL=postgres://... .venv/bin/python bench/message_scheduler.py [reservations]

Fills 50 host accounts with `reservations` stays (default 200,000) spread over two years, turns on
the reminder, arrival and thank-you automations everywhere, then times finding what is due and
one whole pass (claiming and queuing each message). Target: under 1 s, flat in the stays not due.
"""

import sys
import time
from datetime import date, timedelta

from _harness import fresh_statistics, throwaway_database
from django.db import connection
from django.test import override_settings
from django.utils import timezone

from notifications.models import Automation, Event
from notifications.services.automations import due_now, run_pass
from reservations.models import Reservation
from tests.factories import OrganizationFactory, PropertyFactory

ACCOUNTS = 50


def fill(total):
    today = date.today()
    start = today - timedelta(days=365)
    per_account = total // ACCOUNTS
    for number in range(ACCOUNTS):
        organization = OrganizationFactory(name=f"Bench {number}")
        places = [PropertyFactory(organization=organization, timezone="Europe/Madrid") for _ in range(20)]
        Reservation.objects.bulk_create(
            (
                Reservation(
                    organization=organization,
                    property=places[i % len(places)],
                    confirmation_code=f"B{number:02d}{i:07d}",
                    check_in=start + timedelta(days=(i * 730) // per_account),
                    check_out=start + timedelta(days=(i * 730) // per_account + 3),
                    guest_name=f"Guest {i}",
                    guest_email=f"guest{i}@example.net",
                )
                for i in range(per_account)
            ),
            batch_size=5000,
        )
        for event, timing in (
            (Event.CHECKIN_REMINDER, {"days": 3, "hour": 0, "max_times": 2}),
            (Event.ARRIVAL_ACCESS, {"hour": 0}),
            (Event.THANK_YOU, {"days": 1, "hour": 0}),
        ):
            Automation.objects.create(organization=organization, event=event, enabled=True, **timing)
    fresh_statistics()


def main(total):
    with (
        throwaway_database(),
        override_settings(TASKS={"default": {"BACKEND": "django.tasks.backends.dummy.DummyBackend"}}),
    ):
        if connection.vendor == "postgresql":
            connection.set_autocommit(True)
        began = time.perf_counter()
        fill(total)
        print(f"{total:,} reservations in {ACCOUNTS} accounts, filled in {time.perf_counter() - began:.1f} s")
        now = timezone.now().replace(hour=12)
        began = time.perf_counter()
        due = list(due_now(now))
        found = time.perf_counter() - began
        began = time.perf_counter()
        sent = run_pass(now)
        whole = time.perf_counter() - began
        began = time.perf_counter()
        again = run_pass(now)
        idle = time.perf_counter() - began
        print(f"  due now            {len(due):>8,}")
        print(f"  finding them       {found * 1000:8.0f} ms")
        print(f"  first pass         {whole * 1000:8.0f} ms  ({sent:,} messages claimed and queued)")
        print(f"  next pass          {idle * 1000:8.0f} ms  ({again} sent: each once)")


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 200_000)
