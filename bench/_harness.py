"""What every benchmark here shares: Django set up on the test settings, a throw-away database, a timer.

A benchmark imports this module first. The database is SQLite unless
DATABASE_URL is set; it is created and dropped like the test runner does, so
a benchmark never touches the data of `make run`.
"""

import os
import statistics
import sys
import time
from contextlib import contextmanager
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "gorently.settings_test")

import django

django.setup()

from django.db import connection  # noqa: E402
from django.test.utils import CaptureQueriesContext, setup_test_environment  # noqa: E402


@contextmanager
def throwaway_database():
    setup_test_environment()
    old_name = connection.settings_dict["NAME"]
    connection.creation.create_test_db(verbosity=0, autoclobber=True)
    try:
        yield
    finally:
        connection.creation.destroy_test_db(old_name, verbosity=0)


def fresh_statistics():
    """VACUUM ANALYZE on PostgreSQL after loading rows: this machine runs no autovacuum, production does."""
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("VACUUM ANALYZE")


def measure(client, url, *, repeat=20, **headers):
    """Median milliseconds, queries and bytes of a GET that must answer 200."""
    timings = []
    for _ in range(repeat):
        with CaptureQueriesContext(connection) as queries:
            began = time.perf_counter()
            response = client.get(url, headers=headers)
            timings.append((time.perf_counter() - began) * 1000)
        assert response.status_code == 200, (url, response.status_code)
    return statistics.median(timings), len(queries), len(response.content)
