"""Reservations list: time and query count per page as the account grows.

Run:  .venv/bin/python bench/reservation_list.py [rows ...]
Uses a throw-away SQLite database unless DATABASE_URL is set (it then creates
and drops a `bench_` database next to it, like the test runner does).
"""

import sys
from datetime import date, timedelta

from _harness import fresh_statistics, measure, throwaway_database
from django.test import Client

from reservations.models import Reservation
from tests.factories import MembershipFactory, PropertyFactory


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


def main(sizes):
    with throwaway_database():
        owner = MembershipFactory(user__email="bench@example.com")
        properties = [PropertyFactory(organization=owner.organization) for _ in range(5)]
        client = Client()
        client.force_login(owner.user)
        print(f"{'rows':>7} {'page ms':>8} {'search ms':>10} {'htmx p2 ms':>11} {'queries':>8}")
        for size in sizes:
            seed(owner, properties, size)
            fresh_statistics()
            page_ms, queries, _ = measure(client, "/reservations/")
            search_ms, _, _ = measure(client, "/reservations/?q=guest+1&sort=guest")
            htmx_ms, _, _ = measure(client, "/reservations/?q=guest&page=2", **{"HX-Request": "true"})
            print(f"{size:>7} {page_ms:>8.1f} {search_ms:>10.1f} {htmx_ms:>11.1f} {queries:>8}")


if __name__ == "__main__":
    main([int(n) for n in sys.argv[1:]] or [10, 200, 2000, 20000])
