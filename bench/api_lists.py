"""The API's reservation list: time and queries per page as the account grows (an API key, 50 rows a page).

Run:  .venv/bin/python bench/api_lists.py [rows ...]
Uses a throw-away SQLite database unless DATABASE_URL is set (as bench/reservation_list.py).
"""

import sys

from _harness import fresh_statistics, measure, throwaway_database
from django.test import Client
from reservation_list import seed

from accounts.api_keys import create_api_key
from accounts.models import ApiKeyScope
from tests.factories import MembershipFactory, PropertyFactory

PAGES = {
    "list": "/api/v1/reservations/",
    "filtered": "/api/v1/reservations/?checkin_status=not_started&ordering=check_in",
    "updated_since": "/api/v1/reservations/?updated_since=2000-01-01T00:00:00Z",
}


def main(sizes):
    with throwaway_database():
        owner = MembershipFactory(user__email="bench@example.com")
        properties = [PropertyFactory(organization=owner.organization) for _ in range(5)]
        _key, raw = create_api_key(actor=owner, name="Bench", scope=ApiKeyScope.READ)
        client = Client(headers={"Authorization": f"Bearer {raw}"})
        print(f"{'rows':>7} " + " ".join(f"{name + ' ms':>17}" for name in PAGES) + f" {'queries':>8}")
        for size in sizes:
            seed(owner, properties, size)
            fresh_statistics()
            timings = [measure(client, url) for url in PAGES.values()]
            print(f"{size:>7} " + " ".join(f"{ms:>17.1f}" for ms, _, _ in timings) + f" {timings[0][1]:>8}")


if __name__ == "__main__":
    main([int(n) for n in sys.argv[1:]] or [10, 200, 2000, 20000])
