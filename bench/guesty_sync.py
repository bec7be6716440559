"""Guesty full import from the standalone fake: wall time, requests to Guesty, SQL statements, peak memory.

Run:  .venv/bin/python bench/guesty_sync.py [--reservations 10000] [--listings 150] [--rate-scale F]

Without --rate-scale the fake and the client run without limits (target: 10,000 reservations in
under 30 s). With it, both apply Guesty's documented limits (15/s, 120/min, 5,000/h) multiplied by
F, and the run is compared with the time those limits alone impose on that many requests (target:
within 1.2x). The floor of requests is what the documented API allows: one search page per 100
reservations, plus one `/guests-crud/{id}` per distinct guest (Guesty documents no batch look-up of
guests and the v3 reservations carry only `guestId`), plus the connection's fixed few.

Uses a throw-away database (SQLite, or PostgreSQL when DATABASE_URL is set), as the other benchmarks.
"""

import argparse
import json
import math
import resource
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

from _harness import throwaway_database
from django.conf import settings
from django.db import connection
from django.test import override_settings

from accounts.permissions import Role
from reservations.guesty.models import GuestyConnection, GuestyListing, SyncKind
from reservations.guesty.services.engine import execute
from reservations.guesty.services.listings import import_listings
from reservations.guesty.services.runs import queue_run
from reservations.models import Reservation
from tests.factories import MembershipFactory

DOCUMENTED = (15, 120, 5000)
DUMMY_TASKS = "django.tasks.backends.dummy.DummyBackend"
WINDOWS = (1, 60, 3600)


def free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def start_fake(port, listings, reservations, scale):
    command = [sys.executable, "-m", "tests.fakes.guesty", "--port", str(port)]
    command += ["--listings", str(listings), "--reservations", str(reservations)]
    if scale:
        command += ["--rate-scale", str(scale)]
    fake = subprocess.Popen(command, cwd=Path(__file__).resolve().parent.parent, stdout=subprocess.DEVNULL)
    for _ in range(200):
        try:
            stats(port)
            return fake
        except OSError:
            time.sleep(0.05)
    fake.kill()
    raise SystemExit("The fake Guesty did not start.")


def stats(port):
    with urllib.request.urlopen(f"http://127.0.0.1:{port}/_fake/stats", timeout=5) as answer:
        return json.load(answer)


def imposed_seconds(requests, limits):
    """The least time `requests` requests can take under sliding-window `limits` (per second, minute, hour)."""
    moments = []
    at = 0.0
    for _ in range(requests):
        while True:
            later = at
            for window, limit in zip(WINDOWS, limits, strict=True):
                if len(moments) >= limit:
                    later = max(later, moments[-int(limit)] + window)
            if later == at:
                break
            at = later
        moments.append(at)
    return moments[-1] if moments else 0.0


def run(kind, organization, counter):
    started = time.perf_counter()
    queued = queue_run(organization=organization, kind=kind, trigger="bench")  # or the one already waiting
    with connection.execute_wrapper(counter):
        done = execute(queued.pk)
    assert done.status == "succeeded", done.error
    return done, time.perf_counter() - started


class Statements:
    def __init__(self):
        self.count = 0

    def __call__(self, execute, sql, params, many, context):
        self.count += 1
        return execute(sql, params, many, context)


def main(options):
    scale = options.rate_scale
    limits = tuple(limit * scale for limit in DOCUMENTED) if scale else ()
    port = free_port()
    fake = start_fake(port, options.listings, options.reservations, scale)
    try:
        settings.GUESTY_API_URL = f"http://127.0.0.1:{port}/v1"
        settings.GUESTY_TOKEN_URL = f"http://127.0.0.1:{port}/oauth2/token"
        settings.GUESTY_RATE_LIMITS = limits
        settings.SITE_URL = "http://127.0.0.1:9"
        # Tasks queued on the way (the import that follows a listing import) are not run: the bench runs it.
        with throwaway_database(), override_settings(TASKS={"default": {"BACKEND": DUMMY_TASKS}}):
            if connection.vendor == "postgresql":
                connection.set_autocommit(True)
            owner = MembershipFactory(role=Role.OWNER, user__email="bench@example.com")
            organization = owner.organization
            GuestyConnection.objects.create(
                organization=organization, client_id="demo-client", client_secret="demo-secret"
            )
            setup = Statements()
            run(SyncKind.CONNECT, organization, setup)
            ids = list(GuestyListing.objects.filter(organization=organization).values_list("listing_id", flat=True))
            import_listings(actor=owner, listing_ids=ids)
            before = stats(port)
            statements = Statements()
            rss_before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
            done, wall = run(SyncKind.BACKFILL, organization, statements)
            peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss, rss_before
            after = stats(port)
            imported = Reservation.objects.filter(organization=organization).exclude(external_id="").count()
            guests = Reservation.objects.filter(organization=organization).exclude(external_guest_id="")
            guests = guests.values("external_guest_id").distinct().count()
            report(options, done, wall, imported, guests, statements.count, peak, before, after, limits)
    finally:
        fake.terminate()
        fake.wait()


def report(options, done, wall, imported, guests, statements, peak, before, after, limits):
    requests = after["requests"] - before["requests"]
    read = done.created + done.updated + done.unchanged + done.skipped + done.failed
    floor = math.ceil(read / 100) + guests
    per_thousand = 1000 * requests / max(1, imported)
    print(f"Guesty full import: {options.listings} listings, {options.reservations} reservations in the fake")
    print(f"  read {read}, imported {imported} (booked and not over), {done.failed} failed")
    print(f"  wall time          {wall:8.1f} s   ({imported / wall:,.0f} reservations/s)")
    print(f"  Guesty requests    {requests:8d}     ({done.pages} pages + {requests - done.pages} guest look-ups)")
    print(f"  floor              {floor:8d}     (ceil(read/100) + distinct guests)")
    print(f"  per 1,000 imported {per_thousand:8,.0f}     requests")
    print(f"  tokens issued      {after['tokens_issued']:8d}")
    print(f"  SQL statements     {statements:8d}     ({statements / max(1, imported):.1f} per reservation)")
    peak_rss, rss_before = peak
    print(
        f"  peak memory (RSS)  {peak_rss / 1024:8.1f} MB  (+{(peak_rss - rss_before) / 1024:.1f} MB during the import)"
    )
    if limits:
        imposed = imposed_seconds(requests, limits)
        print(f"  limits             {limits[0]:g}/s {limits[1]:g}/min {limits[2]:g}/h")
        print(f"  imposed by limits  {imposed:8.1f} s   ratio {wall / imposed:.2f} (target <= 1.2)")


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--reservations", type=int, default=10000)
    parser.add_argument("--listings", type=int, default=150)
    parser.add_argument("--rate-scale", type=float, default=0.0, help="apply Guesty's limits times this factor")
    main(parser.parse_args())
