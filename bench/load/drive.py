"""One group of scenarios under load at one concurrency, with locust's library API (run by bench/load/run.py).

    python -m bench.load.drive --context CTX.json --group host --users 20 --host http://127.0.0.1:PORT \
        --warmup 3 --duration 15 --workers PID,PID --out RESULT.json

Each user signs in once (`on_start`), then sends the current scenario's request again and again
with no pause (a closed loop: `users` requests in flight at any time). For each scenario of the
group: a warm-up, then the measured window, whose response times (exact, in ms) give req/s,
p50/p95/p99 and the errors; the gunicorn workers' peak RSS (VmHWM, reset before the scenario
through /proc/PID/clear_refs) is read after it.

Locust patches the standard library for gevent on import: this runs in its own process and
never imports Django.
"""

import argparse
import json
import os
import re
import sys
import time

import gevent
from locust import FastHttpUser, constant, events, task
from locust.env import Environment

from bench.load import scenarios
from bench.load.stats import summarize

CSRF_FIELD = re.compile(rb'name="csrfmiddlewaretoken" value="([^"]+)"')


class State:
    """What the users read: the scenario now running, and whether its responses are being recorded."""

    ctx: dict = {}
    scenario: str | None = None
    recording = False
    samples: list = []  # (ms, ok) of the scenario being measured
    errors: dict = {}  # scenario -> {description: count}, warm-up included
    ready = 0
    setup_failures: list = []


def _record(request_type, name, response_time, response_length, response, exception, **kwargs):
    if name != State.scenario:
        return
    if exception is not None:
        status = getattr(response, "status_code", None)
        description = f"{request_type} {status or ''} {type(exception).__name__}: {str(exception)[:160]}"
        errors = State.errors.setdefault(name, {})
        errors[description] = errors.get(description, 0) + 1
    if State.recording:
        State.samples.append((response_time, exception is None))


class BenchUser(FastHttpUser):
    abstract = True
    wait_time = constant(0)
    network_timeout = connection_timeout = 60.0
    counter = 0

    def on_start(self):
        BenchUser.counter += 1
        self.index = BenchUser.counter - 1
        self.n = 0
        self.csrf = ""
        try:
            self.sign_in()
        except Exception as error:  # reported, and the run counts as failed
            State.setup_failures.append(f"user {self.index}: {error}")
            raise
        State.ready += 1

    def sign_in(self):
        pass

    def _csrf_from(self, response):
        found = CSRF_FIELD.search(response.content or b"")
        cookie = next((c.value for c in self.client.cookiejar if c.name == "csrftoken"), "")
        return cookie or (found.group(1).decode() if found else "")

    def _login(self, path, email, password, *, landing):
        page = self.client.get(path, name="sign-in")
        token = self._csrf_from(page)
        data = {"username": email, "password": password, "csrfmiddlewaretoken": token}
        with self.client.post(
            path,
            data=_form(data),
            headers={"Content-Type": "application/x-www-form-urlencoded", "Referer": self.host + path},
            allow_redirects=False,
            catch_response=True,
            name="sign-in",
        ) as response:
            if response.status_code != 302 or not response.headers.get("Location", "").startswith(landing):
                response.failure(f"sign-in refused ({response.status_code})")
                raise RuntimeError(f"{email} could not sign in at {path}: {response.status_code}")

    @task
    def hit(self):
        key = State.scenario
        if key is None:
            gevent.sleep(0.05)
            return
        request = scenarios.build(key, State.ctx, user_index=self.index, n=self.n, csrf_token=self.csrf)
        self.n += 1
        with self.client.request(
            request.method,
            request.path,
            data=request.body,
            headers=request.headers,
            allow_redirects=False,
            catch_response=True,
            name=key,
        ) as response:
            if response.status_code in request.expect:
                response.success()
            else:
                response.failure(f"{response.status_code} from {request.path}")


def _form(data):
    from urllib.parse import urlencode

    return urlencode(data).encode()


class AnonymousUser(BenchUser):
    pass


class HostUser(BenchUser):
    def sign_in(self):
        owner = State.ctx["owner"]
        self._login("/accounts/login/", owner["email"], owner["password"], landing="/")


class AdminUser(BenchUser):
    def sign_in(self):
        admin = State.ctx["admin"]
        self._login("/admin/login/?next=/admin/", admin["email"], admin["password"], landing="/admin/")


class GuestUser(BenchUser):
    def sign_in(self):
        """A guest opens their link: the check-in step page sets the CSRF cookie its form posts with."""
        guest = scenarios.guest_of(State.ctx, self.index)
        page = self.client.get(f"/g/{guest['token']}/checkin/{guest['step']}/", name="open-link")
        self.csrf = self._csrf_from(page)
        if page.status_code != 200 or not self.csrf:
            raise RuntimeError(f"guest link {guest['token'][:6]}…: {page.status_code}, no CSRF token")


USER_CLASSES = {
    scenarios.ANONYMOUS: AnonymousUser,
    scenarios.HOST: HostUser,
    scenarios.ADMIN: AdminUser,
    scenarios.GUEST: GuestUser,
}


def _worker_pids(text):
    return [int(pid) for pid in text.split(",") if pid]


def reset_peak(pids):
    for pid in pids:
        try:
            with open(f"/proc/{pid}/clear_refs", "w") as handle:
                handle.write("5")  # reset VmHWM to the current RSS
        except OSError:
            pass


def peak_kb(pid):
    try:
        with open(f"/proc/{pid}/status") as handle:
            for line in handle:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1])
    except OSError:
        return None
    return None


def cpu_seconds(pids):
    """User + system CPU the processes used so far (/proc/PID/stat), in seconds."""
    ticks = 0
    for pid in pids:
        try:
            with open(f"/proc/{pid}/stat") as handle:
                fields = handle.read().rsplit(")", 1)[1].split()
        except OSError:
            continue
        ticks += int(fields[11]) + int(fields[12])  # utime, stime (fields 14 and 15 of the whole line)
    return ticks / os.sysconf("SC_CLK_TCK")


def run(args):
    with open(args.context) as handle:
        State.ctx = json.load(handle)
    user_class = USER_CLASSES[args.group]
    events.request.add_listener(_record)
    environment = Environment(user_classes=[user_class], events=events, host=args.host)
    runner = environment.create_local_runner()
    runner.start(args.users, spawn_rate=args.users)
    began = time.monotonic()
    while State.ready + len(State.setup_failures) < args.users and time.monotonic() - began < 120:
        gevent.sleep(0.05)
    results = {"group": args.group, "users": args.users, "setup_failures": State.setup_failures, "scenarios": []}
    pids = _worker_pids(args.workers)
    keys = args.only.split(",") if args.only else [s.key for s in scenarios.of_group(args.group)]
    for key in keys if not State.setup_failures else []:
        reset_peak(pids)
        State.scenario = key
        gevent.sleep(args.warmup)
        State.samples = []
        State.recording = True
        started, cpu_before = time.perf_counter(), cpu_seconds(pids)
        gevent.sleep(args.duration)
        State.recording = False
        elapsed, cpu = time.perf_counter() - started, cpu_seconds(pids) - cpu_before
        samples = State.samples
        peaks = {str(pid): peak_kb(pid) for pid in pids}
        errors = State.errors.get(key, {})
        results["scenarios"].append(
            {
                "key": key,
                "users": args.users,
                **summarize([ms for ms, _ok in samples], elapsed),
                "errors": sum(errors.values()),
                "error_kinds": dict(sorted(errors.items(), key=lambda item: -item[1])[:5]),
                "failed_in_window": sum(1 for _ms, ok in samples if not ok),
                "peak_rss_kb": peaks,
                "worker_cpu_ms": round(cpu * 1000 / len(samples), 2) if samples and pids else None,
                "load_avg": round(os.getloadavg()[0], 2),
            }
        )
        print(f"  {args.group:<9} c={args.users:<3} {key:<20} {results['scenarios'][-1]['rps']:8.1f} req/s", flush=True)
    State.scenario = None
    runner.quit()
    with open(args.out, "w") as handle:
        json.dump(results, handle, indent=1)
    return 1 if State.setup_failures else 0


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--context", required=True)
    parser.add_argument("--group", required=True, choices=list(USER_CLASSES))
    parser.add_argument("--users", type=int, required=True)
    parser.add_argument("--host", required=True)
    parser.add_argument("--warmup", type=float, default=3)
    parser.add_argument("--duration", type=float, default=15)
    parser.add_argument("--workers", default="", help="gunicorn worker pids, comma-separated")
    parser.add_argument("--only", default="", help="scenario keys, comma-separated (default: the group's)")
    parser.add_argument("--out", required=True)
    return run(parser.parse_args(argv))


if __name__ == "__main__":
    sys.exit(main())
