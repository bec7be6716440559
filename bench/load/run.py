"""`make bench`: the load suite from start to report.

    .venv/bin/python -m bench.load            # what `make bench` runs

1. The database: BENCH_DATABASE_URL (default postgres://postgres@127.0.0.1:5432/gr_bench), created if
   missing, migrated, filled by `python -m bench.generate` when it has no reservations
   (BENCH_GENERATE_ARGS adds options, e.g. `--small`).
2. The settings: bench.load_settings (DEBUG=0), the cache in Redis (BENCH_REDIS_URL, default
   redis://127.0.0.1:6379/14), a random SECRET_KEY, the FIELD_ENCRYPTION_KEY the
   data was written with (BENCH_FIELD_ENCRYPTION_KEY, default the development key the generator uses),
   collectstatic into a temporary folder (DEBUG=0 serves the manifest's names).
3. The tokens and keys the scenarios need, read from the database (bench/load/prepare.py); queries per
   request counted in process.
4. gunicorn (gunicorn.conf.py, WEB_CONCURRENCY=2, GUNICORN_THREADS=1) on a free port of 127.0.0.1; one
   locust process per group of scenarios and concurrency (bench/load/drive.py).
5. What the webhooks stored is removed; the host list timed against data size; a profile of each scenario
   that missed a target; bench/RESULTS.md, bench/results/latest.json and bench/results/host_list_p50.png.

BENCH_DURATION and BENCH_WARMUP (seconds per scenario, default 10 and 2), BENCH_CONCURRENCY (default
"2,20") and BENCH_ONLY (scenario keys, comma-separated) shorten or narrow a run.
"""

import json
import logging
import os
import platform
import secrets
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from datetime import UTC, datetime
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

ROOT = Path(__file__).resolve().parents[2]
RESULTS = ROOT / "bench" / "results"
REPORT = ROOT / "bench" / "RESULTS.md"
DEFAULT_DATABASE_URL = "postgres://postgres@127.0.0.1:5432/gr_bench"
DEFAULT_REDIS_URL = "redis://127.0.0.1:6379/14"
DEV_FIELD_KEY = "dGhpcy1pcy1hLWRldi1vbmx5LWtleS0zMi1ieXRlcyE="  # gorently/settings.py's DEBUG default
WORKERS, THREADS = 2, 1
SERVER_ERRORS = ("Internal Server Error", "Traceback", "[ERROR]", "[CRITICAL]")  # in gunicorn's log


def log(message):
    print(message, flush=True)


def _env_list(name, default):
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


def configure():
    """The environment of every process of the run: this one, migrate, the generator, gunicorn."""
    database_url = os.environ.get("BENCH_DATABASE_URL") or DEFAULT_DATABASE_URL
    env = {
        "DATABASE_URL": database_url,
        # Several web processes share a cache in production (README, REDIS_URL): each worker's own
        # memory would spare every cached count and rate limit its round trip to Redis.
        "REDIS_URL": os.environ.get("BENCH_REDIS_URL") or DEFAULT_REDIS_URL,
        "DJANGO_SETTINGS_MODULE": "bench.load_settings",
        "SECRET_KEY": secrets.token_urlsafe(50),
        "FIELD_ENCRYPTION_KEY": os.environ.get("BENCH_FIELD_ENCRYPTION_KEY") or DEV_FIELD_KEY,
        "BENCH_STATIC_ROOT": os.environ.get("BENCH_STATIC_ROOT")
        or str(Path(tempfile.gettempdir()) / "gorently-bench-static"),
        "DEBUG": "0",
        "PYTHONPATH": str(ROOT),
    }
    os.environ.update(env)
    return database_url


def _admin_url(database_url):
    parts = urlsplit(database_url)
    return urlunsplit(parts._replace(path="/postgres")), parts.path.lstrip("/")


def ensure_database(database_url):
    import psycopg
    from psycopg import sql

    admin_url, name = _admin_url(database_url.replace("postgres://", "postgresql://", 1))
    with psycopg.connect(admin_url, autocommit=True) as conn:
        if conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone() is None:
            log(f"Creating database {name}")
            conn.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))


def has_data(database_url):
    import psycopg

    with psycopg.connect(database_url.replace("postgres://", "postgresql://", 1)) as conn:
        found = conn.execute("SELECT to_regclass('reservations_reservation') IS NOT NULL").fetchone()[0]
        return bool(found and conn.execute("SELECT EXISTS (SELECT 1 FROM reservations_reservation)").fetchone()[0])


def manage(*args):
    subprocess.run([sys.executable, "manage.py", *args], cwd=ROOT, check=True)


def prepare_database(database_url):
    ensure_database(database_url)
    log("Migrating the bench database")
    manage("migrate", "--no-input", "-v", "0")
    if not has_data(database_url):
        if not (ROOT / "bench" / "generate.py").exists():
            sys.exit("The bench database is empty and bench/generate.py is missing: nothing to generate the data with.")
        extra = os.environ.get("BENCH_GENERATE_ARGS", "").split()
        log(f"The bench database is empty: python -m bench.generate {' '.join(extra)}")
        subprocess.run([sys.executable, "-m", "bench.generate", *extra], cwd=ROOT, check=True)
    log("Collecting static files (DEBUG=0 needs the manifest)")
    manage("collectstatic", "--no-input", "-v", "0")


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def children(pid):
    try:
        text = Path(f"/proc/{pid}/task/{pid}/children").read_text()
    except OSError:
        return []
    return [int(child) for child in text.split()]


class Gunicorn:
    def __init__(self, log_path):
        self.port = free_port()
        self.log_path = log_path
        self.process = None

    @property
    def url(self):
        return f"http://127.0.0.1:{self.port}"

    def start(self):
        env = {
            **os.environ,
            "WEB_CONCURRENCY": str(WORKERS),
            "GUNICORN_THREADS": str(THREADS),
            "GUNICORN_BIND": f"127.0.0.1:{self.port}",
        }
        command = [
            str(Path(sys.executable).with_name("gunicorn")),
            "--config",
            "gunicorn.conf.py",
            "--max-requests",
            "0",  # no recycling mid-measure: at thousands of requests a second it would restart a worker every second
        ]
        self.log = open(self.log_path, "w")  # noqa: SIM115 (closed in stop)
        self.process = subprocess.Popen(command, cwd=ROOT, env=env, stdout=self.log, stderr=subprocess.STDOUT)
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"gunicorn exited ({self.process.returncode}); see {self.log_path}")
            try:
                with urllib.request.urlopen(self.url + "/_bench/floor/", timeout=2) as response:
                    if response.status == 200 and len(self.workers()) >= WORKERS:
                        # every worker has imported the app once the floor answers from both: ask a few times
                        for _ in range(10):
                            urllib.request.urlopen(self.url + "/_bench/floor/", timeout=2).read()
                        return
            except OSError:
                pass
            time.sleep(0.25)
        raise RuntimeError(f"gunicorn did not answer on {self.url}; see {self.log_path}")

    def workers(self):
        return children(self.process.pid) if self.process else []

    def stop(self):
        if self.process and self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
            try:
                self.process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
        if self.process:
            self.log.close()


def machine():
    from importlib.metadata import version

    import django
    import gunicorn
    from django.db import connection

    cpu = next(
        (
            line.split(":", 1)[1].strip()
            for line in Path("/proc/cpuinfo").read_text().splitlines()
            if "model name" in line
        ),
        platform.processor() or "?",
    )
    total_kb = next(
        int(line.split()[1]) for line in Path("/proc/meminfo").read_text().splitlines() if "MemTotal" in line
    )
    with connection.cursor() as cursor:
        cursor.execute("SHOW server_version")
        postgresql = cursor.fetchone()[0].split()[0]
    return {
        "cpu": cpu,
        "cores": os.cpu_count(),
        "ram": f"{total_kb / 1024 / 1024:.1f} GiB",
        "postgresql": postgresql,
        "python": platform.python_version(),
        "django": django.get_version(),
        "gunicorn": gunicorn.__version__,
        "locust": version("locust"),
        "kernel": platform.release(),
    }


def described(request, ctx):
    """`METHOD /path` of a scenario's request for the report, its secrets (tokens, keys) left out."""
    path = request.path
    for guest in ctx["guests"]:
        path = path.replace(guest["token"], "<token>")
    path = path.replace(ctx["guide_token"], "<token>").replace(ctx["guesty"]["key"], "<key>")
    if path.startswith("/reservations/") and path.rstrip("/").rsplit("/", 1)[-1].isdigit():
        return f"{request.method} /reservations/<id>/ ({len(ctx['reservation_pks'])} stays in turn)"
    return f"{request.method} {path}"


def drive(group, users, server, context_path, work, only, warmup, duration):
    out = work / f"{group}-{users}.json"
    command = [
        sys.executable,
        "-m",
        "bench.load.drive",
        "--context",
        str(context_path),
        "--group",
        group,
        "--users",
        str(users),
        "--host",
        server.url,
        "--warmup",
        str(warmup),
        "--duration",
        str(duration),
        "--workers",
        ",".join(str(pid) for pid in server.workers()),
        "--out",
        str(out),
    ]
    if only:
        command += ["--only", ",".join(only)]
    env = {key: value for key, value in os.environ.items() if key != "DJANGO_SETTINGS_MODULE"}
    completed = subprocess.run(command, cwd=ROOT, env=env)
    if not out.exists():
        return {"setup_failures": [f"{group} c={users}: locust exited {completed.returncode} with no results"]}
    return json.loads(out.read_text())


def main():
    database_url = configure()
    duration = float(os.environ.get("BENCH_DURATION", "10"))
    warmup = float(os.environ.get("BENCH_WARMUP", "2"))
    concurrency = [int(c) for c in _env_list("BENCH_CONCURRENCY", "2,20")]
    only = _env_list("BENCH_ONLY", "")
    RESULTS.mkdir(parents=True, exist_ok=True)
    began = time.monotonic()
    load_at_start = os.getloadavg()[0]
    prepare_database(database_url)

    import django

    django.setup()
    logging.getLogger("axes").setLevel(logging.WARNING)  # the in-process sign-ins
    from django.db import connection

    from bench.load import inprocess, prepare, report, scenarios

    log("Reading tokens and keys from the database")
    ctx = prepare.context()
    keys = only or [s.key for s in scenarios.SCENARIOS]
    for needed in ("floor", "admin_changelist"):
        if only and needed not in keys:
            keys.append(needed)  # the ratios' denominators
    results = {
        "date": datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC"),
        "machine": {**machine(), "load_at_start": round(load_at_start, 2)},
        "data": ctx["data"],
        "account": ctx["account"],
        "search": ctx["host_list"]["search"],
        "config": {
            "duration": duration,
            "warmup": warmup,
            "concurrency": concurrency,
            "workers": WORKERS,
            "threads": THREADS,
            "database": urlsplit(database_url).path.lstrip("/"),
        },
        "runs": {},
        "setup_failures": [],
    }
    results["requests"] = {key: described(scenarios.build(key, ctx), ctx) for key in keys}
    log("Counting queries per request (in process)")
    results["queries"] = inprocess.queries_per_request(ctx, set(keys))
    refused = {k: v["status"] for k, v in results["queries"].items() if not v["ok"]}
    if refused:
        results["setup_failures"].append(f"in process, unexpected status: {refused}")
        log(f"  unexpected status in process: {refused}")
    connection.close()

    with tempfile.TemporaryDirectory(prefix="gorently-bench-") as temporary:
        work = Path(temporary)
        context_path = work / "context.json"
        context_path.write_text(json.dumps(ctx))
        server = Gunicorn(work / "gunicorn.log")
        log(f"Starting gunicorn ({WORKERS} sync workers, {THREADS} thread) on {server.url}")
        server.start()
        try:
            for users in concurrency:
                for group in scenarios.GROUPS:
                    group_keys = [s.key for s in scenarios.of_group(group) if s.key in keys]
                    if not group_keys:
                        continue
                    outcome = drive(group, users, server, context_path, work, group_keys, warmup, duration)
                    results["setup_failures"] += outcome.get("setup_failures", [])
                    runs = results["runs"].setdefault(str(users), {})
                    for run in outcome.get("scenarios", []):
                        runs[run["key"]] = run
        finally:
            server.stop()
            tail = (work / "gunicorn.log").read_text(errors="replace").splitlines()
            errors = [line for line in tail if any(mark in line for mark in SERVER_ERRORS)]
            if errors:
                results["server_errors"] = errors[-20:]

    results["machine"]["load_after_runs"] = round(os.getloadavg()[0], 2)
    removed = prepare.clean_up()
    log(f"Removed what the webhooks stored: {removed}")
    if not only or "host_list" in only:
        log("Timing the host list against data size (in process, in scratch accounts removed afterwards)")
        results["sizes"] = inprocess.list_time_by_size(ctx, repeat=25, log=log)
        from reservations.models import Reservation

        inprocess.vacuum([Reservation._meta.db_table])
    results = json.loads(json.dumps(results))  # the shape the report reads back (string keys)
    missed = {key for target in report.evaluate(results) if target.met is False for key in target.scenarios}
    if missed:
        log(f"Profiling one request of: {', '.join(sorted(missed))}")
        results["profiles"] = inprocess.profile_scenarios(ctx, sorted(missed))
    results["config"]["elapsed_s"] = round(time.monotonic() - began)
    (RESULTS / "latest.json").write_text(json.dumps(results, indent=1) + "\n")
    if results.get("sizes"):
        report.chart(results, RESULTS / "host_list_p50.png")
    REPORT.write_text(report.render(results) + "\n")
    met = report.evaluate(results)
    log(
        f"\n{REPORT.relative_to(ROOT)}: {sum(t.met is True for t in met)} targets met, "
        f"{sum(t.met is False for t in met)} missed ({results['config']['elapsed_s']} s)"
    )
    return 1 if results["setup_failures"] else 0


if __name__ == "__main__":
    sys.exit(main())
