"""Reservations list: time and query count per page as the account grows.

Run:  .venv/bin/python bench/reservation_list.py [rows ...]
Uses a throw-away SQLite database unless DATABASE_URL is set (it then creates
and drops a `bench_` database next to it, like the test runner does).
"""

import os
import statistics
import sys
import time
from datetime import date, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "gorently.settings_test")

import django

django.setup()

from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext, setup_test_environment  # noqa: E402

from reservations.models import Reservation  # noqa: E402
from tests.factories import MembershipFactory, PropertyFactory  # noqa: E402

REPEAT = 20


def seed(membership, properties, total):
    start = date.today() - timedelta(days=total // 2)
    existing = Reservation.objects.filter(organization=membership.organization).count()
    Reservation.objects.bulk_create(
        Reservation(
            organization=membership.organization,
            property=properties[i % len(properties)],
            confirmation_code=f"B{i:07d}",
            check_in=start + timedelta(days=i // 3),
            check_out=start + timedelta(days=i // 3 + 3),
            guest_name=f"Guest {i}",
            guest_email=f"guest{i}@example.net",
        )
        for i in range(existing, total)
    )


def measure(client, url, **headers):
    timings = []
    for _ in range(REPEAT):
        with CaptureQueriesContext(connection) as queries:
            began = time.perf_counter()
            response = client.get(url, headers=headers)
            timings.append((time.perf_counter() - began) * 1000)
        assert response.status_code == 200
    return statistics.median(timings), len(queries)


def main(sizes):
    setup_test_environment()
    old_name = connection.settings_dict["NAME"]
    connection.creation.create_test_db(verbosity=0, autoclobber=True)
    try:
        owner = MembershipFactory(user__email="bench@example.com")
        properties = [PropertyFactory(organization=owner.organization) for _ in range(5)]
        client = Client()
        client.force_login(owner.user)
        print(f"{'rows':>7} {'page ms':>8} {'search ms':>10} {'htmx p2 ms':>11} {'queries':>8}")
        for size in sizes:
            seed(owner, properties, size)
            page_ms, queries = measure(client, "/reservations/")
            search_ms, _ = measure(client, "/reservations/?q=guest+1&sort=guest")
            htmx_ms, _ = measure(client, "/reservations/?q=guest&page=2", **{"HX-Request": "true"})
            print(f"{size:>7} {page_ms:>8.1f} {search_ms:>10.1f} {htmx_ms:>11.1f} {queries:>8}")
    finally:
        connection.creation.destroy_test_db(old_name, verbosity=0)


if __name__ == "__main__":
    main([int(n) for n in sys.argv[1:]] or [10, 200, 2000, 20000])
