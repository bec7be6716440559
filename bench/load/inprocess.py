"""In-process measurements (Django's test client on bench.load_settings, against the bench database).

- queries per request of each scenario (the same request locust sends, CaptureQueriesContext);
- each scenario's time in process, wall and CPU (`time_pages`; `python -m bench.load.pages`);
- a cProfile of one request, for the targets that were missed (top 5 cumulative entries of project code);
- the host list's p50 against data size: accounts of 10, 1,000, 20,000 and 200,000 reservations (the
  rows are copies of the generated ones, given to a scratch account and its 20 properties per size),
  vacuumed and analyzed, timed with the test client in turns, then removed.
"""

import cProfile
import pstats
import secrets
import statistics
import time
from pathlib import Path

from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from bench.load import prepare, scenarios

PROJECT = Path(__file__).resolve().parents[2]
SIZES = (10, 1_000, 20_000, 200_000)
SIZE_SCENARIOS = ("host_list", "host_list_search", "host_list_page20")
SCRATCH_SLUG, SCRATCH_EMAIL = "bench-scale-", "scale-"


def client_for(group, ctx):
    from accounts.models import User
    from accounts.views.auth import BACKEND

    client = Client()
    if group == scenarios.HOST:
        client.force_login(User.objects.get(email=ctx["owner"]["email"]), backend=BACKEND)
    elif group == scenarios.ADMIN:
        client.force_login(User.objects.get(email=ctx["admin"]["email"]), backend=BACKEND)
    return client


def send(client, request):
    return client.generic(
        request.method,
        request.path,
        data=request.body or b"",
        content_type=request.content_type or "application/octet-stream",
        headers={k: v for k, v in request.headers.items() if k.lower() != "content-type"},
    )


def queries_per_request(ctx, keys=None, *, tries=3):
    """{scenario: {"queries": n, "status": code, "ok": bool}}: the fewest queries of `tries` requests
    each, after one to warm up. A count kept in the cache for a while (the navigation's badges, 30 s)
    is asked again by whichever request finds it expired: that is not a query of every request."""
    clients = {}
    counted = {}
    for scenario in scenarios.SCENARIOS:
        if keys is not None and scenario.key not in keys:
            continue
        client = clients.setdefault(scenario.group, client_for(scenario.group, ctx))
        send(client, scenarios.build(scenario.key, ctx, n=0))
        answers = []
        for n in range(1, tries + 1):
            request = scenarios.build(scenario.key, ctx, n=n)
            with CaptureQueriesContext(connection) as captured:
                response = send(client, request)
            answers.append((len(captured), response.status_code, response.status_code in request.expect))
        queries, status, _ = min(answers)
        counted[scenario.key] = {"queries": queries, "status": status, "ok": all(ok for *_, ok in answers)}
    return counted


WRAPPERS = {"__call__", "wrapped", "_wrapper_view", "inner", "_view_wrapper"}  # middleware and decorators


def _project_code(filename):
    path = Path(filename)
    if not path.is_absolute():
        return None  # built-ins
    try:
        relative = path.resolve().relative_to(PROJECT)
    except (ValueError, OSError):
        return None
    if relative.parts[0] in (".venv", "bench"):
        return None
    return str(relative)


def top_cumulative(profile, limit=5):
    """The `limit` project functions with the most cumulative time: (ms, calls, "file:line(function)").

    Middleware and decorator wrappers, which hold the whole request, are left out: the view and what it calls show.
    """
    stats = pstats.Stats(profile)
    rows = []
    for (filename, line, function), (_cc, calls, _tt, cumulative, _callers) in stats.stats.items():
        where = _project_code(filename)
        if where is not None and function not in WRAPPERS:
            rows.append((cumulative * 1000, calls, f"{where}:{line}({function})"))
    rows.sort(reverse=True)
    return rows[:limit]


def time_pages(ctx, keys, *, requests=60, warm=5):
    """{scenario: p50_ms, cpu_p50_ms, fastest_ms, queries, status}: each scenario's request in process, `warm`
    times untimed, then `requests` times (wall and this process's CPU), and once more to count its queries."""
    clients, timed = {}, {}
    for key in keys:
        group = scenarios.BY_KEY[key].group
        client = clients.setdefault(group, client_for(group, ctx))
        for n in range(warm):
            send(client, scenarios.build(key, ctx, n=n))
        wall, cpu = [], []
        for n in range(requests):
            request = scenarios.build(key, ctx, user_index=n % 5, n=n)
            began, began_cpu = time.perf_counter(), time.process_time()
            send(client, request)
            wall.append((time.perf_counter() - began) * 1000)
            cpu.append((time.process_time() - began_cpu) * 1000)
        with CaptureQueriesContext(connection) as captured:
            response = send(client, scenarios.build(key, ctx, n=requests))
        timed[key] = {
            "p50_ms": round(statistics.median(wall), 2),
            "cpu_p50_ms": round(statistics.median(cpu), 2),
            "fastest_ms": round(min(wall), 2),
            "queries": len(captured),
            "status": response.status_code,
        }
    return timed


class SqlClock:
    """Counts the queries run through it and their time, to the microsecond (the debug cursor's log keeps
    whole milliseconds, which added up to 0 for six fast queries)."""

    def __init__(self):
        self.queries, self.seconds = 0, 0.0

    def __call__(self, execute, sql, params, many, context):
        began = time.perf_counter()
        try:
            return execute(sql, params, many, context)
        finally:
            self.queries += 1
            self.seconds += time.perf_counter() - began


def profile_request(client, request, *, warm=2):
    for _ in range(warm):
        send(client, request)
    profile, clock = cProfile.Profile(), SqlClock()
    with connection.execute_wrapper(clock):
        began = time.perf_counter()
        profile.enable()
        response = send(client, request)
        profile.disable()
        total = (time.perf_counter() - began) * 1000
    return {
        "status": response.status_code,
        "total_ms": round(total, 2),
        "queries": clock.queries,
        "sql_ms": round(clock.seconds * 1000, 2),
        "top": [[round(ms, 2), calls, where] for ms, calls, where in top_cumulative(profile)],
    }


def profile_scenarios(ctx, keys):
    """One profiled request of each scenario in `keys` (each after two unprofiled ones)."""
    clients, profiles = {}, {}
    for key in keys:
        scenario = scenarios.BY_KEY[key]
        client = clients.setdefault(scenario.group, client_for(scenario.group, ctx))
        profiles[key] = profile_request(client, scenarios.build(key, ctx, n=2))
    return profiles


def _timed_ms(client, path):
    began = time.perf_counter()
    response = client.get(path)
    elapsed = (time.perf_counter() - began) * 1000
    assert response.status_code == 200, (path, response.status_code)
    return elapsed


def _copy_reservations(account_id, property_ids, count, last_generated_id):
    """Copy the first `count` generated reservations into a scratch account, spread over its properties."""
    from reservations.models import Reservation

    table = Reservation._meta.db_table
    replaced = {
        "organization_id": "%(account)s",
        "property_id": "(%(properties)s::bigint[])[1 + (r.id %% %(n)s)]",
        "portal_token": "md5(random()::text || r.id::text)",
        "confirmation_code": "'S' || r.id::text",
        "external_id": "''",
    }
    columns = [f.column for f in Reservation._meta.concrete_fields if not (f.primary_key or f.generated)]
    select = ", ".join(replaced.get(column, f"r.{connection.ops.quote_name(column)}") for column in columns)
    names = ", ".join(connection.ops.quote_name(column) for column in columns)
    sql = (
        f"INSERT INTO {table} ({names}) SELECT {select} FROM {table} r "
        f"WHERE r.id <= %(last)s ORDER BY r.id LIMIT %(count)s"
    )
    params = {"account": account_id, "properties": list(property_ids), "n": len(property_ids)}
    with connection.cursor() as cursor:
        cursor.execute(sql, {**params, "count": count, "last": last_generated_id})


def _scratch_account(size, stamp):
    """A host account of its own (owner, 20 properties) for one size; returns (account, signed-in client)."""
    from accounts.models import Membership, Organization, User
    from accounts.permissions import Role
    from accounts.views.auth import BACKEND
    from properties.models import Property

    account = Organization.objects.create(name=f"Bench scale {size}", slug=f"{SCRATCH_SLUG}{stamp}-{size}")
    user = User.objects.create_user(email=f"{SCRATCH_EMAIL}{stamp}-{size}@bench.gorently.test", password=None)
    Membership.objects.create(user=user, organization=account, role=Role.OWNER)
    places = Property.objects.bulk_create(
        Property(organization=account, name=f"Scale property {n + 1}") for n in range(20)
    )
    client = Client()
    client.force_login(user, backend=BACKEND)
    return account, [p.pk for p in places], client


def _commonest_surname(count):
    """The surname most of the first `count` generated reservations share: every size's account holds
    those, so a search for it shows rows at every size (the load suite's term matched none of the first 10,
    and a page of no rows is no measure of a page of 25)."""
    from reservations.models import Reservation

    return prepare.commonest_surname(Reservation.objects.order_by("pk").values_list("guest_name", flat=True)[:count])


def list_time_by_size(ctx, sizes=SIZES, repeat=25, log=print):
    """{scenario: {size: p50 ms}}, queries per size, and a profile of each page at the largest size.

    One scratch account per size, each filled with copies of the generated reservations, then vacuumed
    and analyzed as the generated data is (PostgreSQL's autovacuum would, and this machine's runs
    without it: unvacuumed, an index-only scan reads the table after all). Each round sends every page
    at every size once, so whatever else loads the machine meanwhile weighs on all alike. The scratch
    accounts are removed afterwards, and any an interrupted run left before.
    """
    from reservations.models import Reservation

    remove_scratch_accounts()
    last_generated = Reservation.objects.order_by("-pk").values_list("pk", flat=True).first() or 0
    available = Reservation.objects.count()
    sizes = [size for size in sizes if size <= available] or [available]
    term = _commonest_surname(sizes[0])
    paths = {
        "host_list": "/reservations/",
        "host_list_search": "/reservations/?q=" + term,
        "host_list_page20": "/reservations/?page=20",
    }
    result = {"sizes": sizes, "search": term, "p50_ms": {key: {} for key in paths}, "queries": {}, "profiles": {}}
    try:
        stamp = secrets.token_hex(4)
        clients = {}
        for size in sizes:
            began = time.perf_counter()
            account, places, clients[size] = _scratch_account(size, stamp)
            _copy_reservations(account.pk, places, size, last_generated)
            log(f"  {size:>7} reservations in a scratch account ({time.perf_counter() - began:.1f} s to copy)")
        vacuum([Reservation._meta.db_table])
        timings = {(key, size): [] for key in paths for size in sizes}
        for round_ in range(3 + repeat):  # the first 3 warm up
            for key, path in paths.items():
                for size in sizes:
                    elapsed = _timed_ms(clients[size], path)
                    if round_ >= 3:
                        timings[key, size].append(elapsed)
        for (key, size), measured in timings.items():
            result["p50_ms"][key][size] = round(statistics.median(measured), 2)
        for size in sizes:
            with CaptureQueriesContext(connection) as captured:
                clients[size].get(paths["host_list"])
            result["queries"][size] = len(captured)
        largest = clients[sizes[-1]]
        result["profiles"] = {
            key: profile_request(largest, scenarios.Request("GET", path)) for key, path in paths.items()
        }
    finally:
        remove_scratch_accounts()
    return result


def remove_scratch_accounts():
    """Delete the scratch accounts of `list_time_by_size` with everything in them (their reservations and
    sign-in records first, in SQL: the ORM would read 200,000 rows to delete them one by one)."""
    from accounts.models import ActivityLog, Organization, User
    from reservations.models import Reservation

    scratch = Organization.objects.filter(slug__startswith=SCRATCH_SLUG)
    with connection.cursor() as cursor:
        for model in (Reservation, ActivityLog):
            cursor.execute(
                f"DELETE FROM {model._meta.db_table} WHERE organization_id IN "
                f"(SELECT id FROM {Organization._meta.db_table} WHERE slug LIKE %s)",
                [SCRATCH_SLUG + "%"],
            )
    scratch.delete()
    User.objects.filter(email__startswith=SCRATCH_EMAIL).delete()


def vacuum(tables):
    with connection.cursor() as cursor:
        for table in tables:
            cursor.execute(f"VACUUM ANALYZE {table}")
