"""The load suite's report: results (JSON) in, bench/RESULTS.md and the chart out. No Django, no locust.

`evaluate(results)` checks issue 14's targets; `render(results)` writes the markdown (a table
per concurrency with the ratios, the targets met or missed, and why where missed);
`chart(results, path)` draws the host list's p50 against data size.
"""

from dataclasses import dataclass, field

from bench.load.scenarios import ADMIN, ANONYMOUS, BY_KEY, GUEST, HOST, SCENARIOS

HOST_LISTS = ("host_list", "host_list_search", "host_list_page20")  # the targets name these three
PORTAL_PAGES = ("portal_home", "checkin_step_get", "checkin_step_post")
RATIO_TO_ADMIN = ("host_list", "host_list_filtered", "host_list_search", "host_list_sorted", "host_list_page20")
LOW, HIGH = "2", "20"  # the two concurrencies, as JSON keys
WHO = {
    ANONYMOUS: "signed out (webhooks signed, the API with a key of account 1)",
    ADMIN: "the platform's superuser",
    HOST: "the owner of account 1",
    GUEST: "a guest, each user their own stay",
}


@dataclass
class Target:
    text: str
    measured: str
    met: bool | None  # None: not measured
    scenarios: list = field(default_factory=list)  # whose profile explains a miss
    profile_size: bool = False  # explained by the profile at the largest data size


def _run(results, users, key):
    return results.get("runs", {}).get(users, {}).get(key)


def _value(results, users, key, name):
    run = _run(results, users, key)
    return None if run is None else run.get(name)


def _ratio(results, users, key, base):
    mine, theirs = _value(results, users, key, "rps"), _value(results, users, base, "rps")
    if not mine or not theirs:
        return None
    return mine / theirs


def _ms(value):
    return "—" if value is None else f"{value:.1f}" if value < 100 else f"{value:.0f}"


def _times(value):
    if value is None:
        return "—"
    return f"{value:.2f}×" if value < 10 else f"{value:.0f}×"


def _all_met(checks):
    if not checks or any(ok is None for ok in checks):
        return None
    return all(checks)


def _p50_target(results, key, limit):
    p50 = _value(results, LOW, key, "p50")
    title = BY_KEY[key].title
    return Target(f"{title}: p50 ≤ {limit} ms at c=2", f"{_ms(p50)} ms", None if p50 is None else p50 <= limit, [key])


def _ratio_target(results, users, key, base, least, wording):
    """`key`'s throughput at least `least` times `base`'s at every concurrency."""
    ratios = [_ratio(results, u, key, base) for u in users]
    measured = " / ".join(f"c={u}: {_times(r)}" for u, r in zip(users, ratios, strict=True))
    checks = [None if r is None else r >= least for r in ratios]
    return Target(f"{BY_KEY[key].title}: {wording}", measured, _all_met(checks), [key])


def evaluate(results):
    """Issue 14's targets, each met (True), missed (False) or not measured (None)."""
    users = sorted(results.get("runs", {}), key=int)
    targets = []
    for key in HOST_LISTS:
        p95 = _value(results, HIGH, key, "p95")
        targets += [
            _p50_target(results, key, 10),
            _ratio_target(results, users, key, "admin_changelist", 20, "≥ 20× the admin changelist's throughput"),
            Target(
                f"{BY_KEY[key].title}: p95 ≤ 150 ms at c=20",
                f"{_ms(p95)} ms",
                None if p95 is None else p95 <= 150,
                [key],
            ),
        ]
    for key in PORTAL_PAGES:
        targets += [
            _p50_target(results, key, 5),
            _ratio_target(results, users, key, "floor", 0.25, "≥ 1/4 of the floor's throughput"),
        ]
    sizes = results.get("sizes") or {}
    for key, timings in (sizes.get("p50_ms") or {}).items():
        values = [v for v in timings.values() if v]
        if not values:
            continue
        spread = max(values) / min(values) - 1
        measured = " → ".join(f"{_ms(v)}" for v in timings.values()) + f" ms (spread {spread:.0%})"
        text = f"{BY_KEY[key].title}: time per page flat from {_rows(sizes['sizes'][0])} to "
        text += f"{_rows(sizes['sizes'][-1])} reservations (within 20%)"
        targets.append(Target(text, measured, spread <= 0.20, [key], profile_size=True))
    queries = results.get("queries") or {}
    counted = {key: queries.get(key, {}).get("queries") for key in (*HOST_LISTS, *PORTAL_PAGES)}
    over = [key for key, n in counted.items() if n is not None and n > 10]
    if any(n is not None for n in counted.values()):
        measured = ", ".join(f"{BY_KEY[k].title.lower()} {n}" for k, n in counted.items() if n is not None)
        targets.append(Target("Queries per request ≤ 10 (host lists, guest pages)", measured, not over, over))
    errors = {
        (u, key): run.get("errors", 0) for u in users for key, run in results["runs"][u].items() if run.get("errors")
    }
    total = sum(errors.values())
    measured = "none" if not total else ", ".join(f"{BY_KEY[k].title} c={u}: {n}" for (u, k), n in errors.items())
    targets.append(Target("Zero errors under load", measured, None if not users else total == 0))
    return targets


def _rows(n):
    return f"{n:,}"


def _mb(kb):
    return "—" if not kb else f"{kb / 1024:.0f}"


def _peak(run):
    peaks = [kb for kb in (run.get("peak_rss_kb") or {}).values() if kb]
    return max(peaks) if peaks else None


def table(results, users):
    columns = ["scenario", "req/s", "p50 ms", "p95 ms", "p99 ms", "errors", "queries/req", "peak RSS/worker MB"]
    columns += ["worker CPU ms/req", "vs floor", "vs admin", "load avg"]
    lines = ["| " + " | ".join(columns) + " |", "|---|" + "---:|" * (len(columns) - 1)]
    queries = results.get("queries") or {}
    for scenario in SCENARIOS:
        run = _run(results, users, scenario.key)
        if run is None:
            continue
        counted = queries.get(scenario.key, {}).get("queries")
        vs_admin = _ratio(results, users, scenario.key, "admin_changelist") if scenario.key in RATIO_TO_ADMIN else None
        cells = [
            scenario.title,
            f"{run['rps']:.0f}" if run["rps"] >= 10 else f"{run['rps']:.1f}",
            _ms(run.get("p50")),
            _ms(run.get("p95")),
            _ms(run.get("p99")),
            str(run.get("errors", 0)),
            "—" if counted is None else str(counted),
            _mb(_peak(run)),
            _ms(run.get("worker_cpu_ms")),
            _times(_ratio(results, users, scenario.key, "floor")),
            _times(vs_admin) if scenario.key in RATIO_TO_ADMIN else "",
            "—" if run.get("load_avg") is None else f"{run['load_avg']:.1f}",
        ]
        lines.append("| " + " | ".join(cells) + " |")
    return "\n".join(lines)


def _verdict(met):
    return {True: "met", False: "**missed**", None: "not measured"}[met]


def _profile_lines(profile):
    sql = f", {profile['sql_ms']:.1f} ms of it in {profile['queries']} queries" if "sql_ms" in profile else ""
    lines = [
        f"  one request in process under cProfile: {profile['total_ms']:.1f} ms{sql} (status {profile['status']}); "
        "top 5 cumulative (project code, wrappers left out):"
    ]
    lines += [f"  - {ms:.1f} ms, {calls} calls: `{where}`" for ms, calls, where in profile["top"]]
    return lines


def render(results):
    machine, config = results.get("machine", {}), results.get("config", {})
    data = results.get("data", {})
    out = [
        "# Load suite results",
        "",
        f"Generated by `make bench` on {results.get('date', '?')} (bench/load/; raw numbers in "
        "bench/results/latest.json). A snapshot: rerun `make bench` after a change.",
        "",
        "## Machine and data",
        "",
        f"- CPU: {machine.get('cpu', '?')}, {machine.get('cores', '?')} cores; RAM {machine.get('ram', '?')}",
        f"- PostgreSQL {machine.get('postgresql', '?')}, Python {machine.get('python', '?')}, "
        f"Django {machine.get('django', '?')}, gunicorn {machine.get('gunicorn', '?')}, "
        f"locust {machine.get('locust', '?')}",
        f"- Load average (1 min) when the run began: {machine.get('load_at_start', '?')}, after the load runs: "
        f"{machine.get('load_after_runs', '?')} (anything else running on the machine takes its share of the cores)",
        "- Data: " + ", ".join(f"{_rows(n)} {label}" for label, n in data.items()),
        f"- Host list of account 1 ({results.get('account', {}).get('name', '?')}): "
        f"{_rows(results.get('account', {}).get('reservations', 0))} reservations; "
        f"search `{results.get('search', '?')}`",
        "",
        "## Method",
        "",
        " ".join(
            [
                f"gunicorn with the project's gunicorn.conf.py: {config.get('workers', '?')} sync workers,",
                f"{config.get('threads', '?')} thread each, `DJANGO_SETTINGS_MODULE=bench.load_settings` (DEBUG=0),",
                "the cache in Redis (as several processes share it in production),",
                "on 127.0.0.1; worker recycling (`max_requests`) off for the run, so no worker restarts mid-measure.",
                "locust (library API, FastHttpUser, no wait between requests) on the same",
                f"{machine.get('cores', '?')} cores: each user signs in once, then each scenario of its group is",
                f"warmed up for {config.get('warmup', '?')} s and measured for {config.get('duration', '?')} s at",
                f"{' and '.join('c=' + str(c) for c in config.get('concurrency', []))} users in flight.",
                "Percentiles are exact (nearest rank) over the measured window's response times.",
                "Queries per request: the fewest of three requests of each scenario through Django's test client",
                "against the same database, counted with CaptureQueriesContext (a count the cache keeps for a while,",
                "such as the navigation's 30-second badges, is asked again by one request now and then).",
                "Peak RSS: the largest VmHWM of the workers, reset before each scenario (/proc/PID/clear_refs).",
                "Worker CPU: the user and system time the gunicorn workers used in the window, per request",
                "(PostgreSQL's not included): what a request costs,",
                "whatever else shares the cores; load avg: the machine's 1-minute load average at the end of the",
                "scenario. Ratios: req/s divided by the floor's (a Django view with no database or template, same",
                "middleware) and, for the host lists, by the admin changelist's, at the same concurrency.",
                "The guests' stays are upcoming ones whose check-in is not submitted (started by the suite when",
                "needed); the POST sends the first step (`details`) with valid answers again and again, answered",
                "by the redirect to the next step. The webhooks carry valid signatures and new ids; what they",
                "stored is deleted after the run.",
            ]
        ),
        "",
    ]
    requests = results.get("requests") or {}
    if requests:
        out += ["| scenario | request | who |", "|---|---|---|"]
        out += [f"| {s.title} | `{requests[s.key]}` | {WHO[s.group]} |" for s in SCENARIOS if s.key in requests]
        out += [""]
    for users in sorted(results.get("runs", {}), key=int):
        out += [f"## Concurrency {users}", "", table(results, users), ""]
    targets = evaluate(results)
    out += ["## Issue 14's targets", "", "| target | measured | |", "|---|---|---|"]
    out += [f"| {t.text} | {t.measured} | {_verdict(t.met)} |" for t in targets]
    out += [""]
    missed = [t for t in targets if t.met is False]
    profiles = results.get("profiles") or {}
    sizes = results.get("sizes") or {}
    if missed:
        out += ["### Why missed", ""]
        explained = set()
        for target in missed:
            out += [f"- {target.text}: {target.measured}"]
            if target.profile_size:
                for key in target.scenarios:
                    if key in (sizes.get("profiles") or {}):
                        out += [f"  At {_rows(sizes['sizes'][-1])} reservations:"]
                        out += _profile_lines(sizes["profiles"][key])
                continue
            for key in target.scenarios:
                if key in profiles and key not in explained:
                    explained.add(key)
                    out += _profile_lines(profiles[key])
                elif key in explained:
                    out += ["  (profile above)"]
            if target.text.startswith("Zero errors"):
                for users, runs in sorted(results.get("runs", {}).items()):
                    for key, run in runs.items():
                        for kind, n in (run.get("error_kinds") or {}).items():
                            out += [f"  - {BY_KEY[key].title} c={users}: {n}× {kind}"]
        out += [""]
    if sizes:
        out += [
            "## Host list against data size",
            "",
            "![host list p50 against data size](results/host_list_p50.png)",
            "",
            "Measured in process (test client, the median of 25 requests after 3 to warm up) on one account per "
            "size, made for the purpose: 20 properties and the first N generated reservations copied into it "
            "(new tokens and codes), then VACUUM ANALYZE, as after the generator (this machine's PostgreSQL "
            "runs without autovacuum); the accounts are removed afterwards. Each round sends every page at "
            "every size once, so a busy moment on the machine weighs on all alike. The same page at 25 rows "
            "(10 at the smallest size); only the account's size "
            f"changes. The search is for `{sizes.get('search', '?')}`, the surname most of the smallest size's "
            "reservations share, so that it shows rows at every size.",
            "",
            "| reservations | " + " | ".join(BY_KEY[k].title for k in sizes["p50_ms"]) + " | queries |",
            "|---:|" + "---:|" * (len(sizes["p50_ms"]) + 1),
        ]
        for size in sizes["sizes"]:
            cells = [_ms(sizes["p50_ms"][k].get(str(size), sizes["p50_ms"][k].get(size))) for k in sizes["p50_ms"]]
            queries = sizes.get("queries", {})
            counted = queries.get(str(size), queries.get(size, "—"))
            out += [f"| {_rows(size)} | " + " | ".join(cells) + f" | {counted} |"]
        out += [""]
    if results.get("server_errors"):
        out += ["## Errors in the server log", "", "```"] + results["server_errors"] + ["```", ""]
    if results.get("setup_failures"):
        out += ["## Set-up failures", ""] + [f"- {failure}" for failure in results["setup_failures"]] + [""]
    return "\n".join(out)


def chart(results, path):
    """bench/results/host_list_p50.png: p50 (ms) of the host lists against the account's reservations (log x)."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    sizes = results["sizes"]
    figure, axes = plt.subplots(figsize=(7, 4), dpi=110)
    for key, timings in sizes["p50_ms"].items():
        xs = [int(size) for size in timings]
        axes.plot(xs, list(timings.values()), marker="o", label=BY_KEY[key].title)
    axes.axhline(10, color="grey", linestyle="--", linewidth=1, label="target p50 (10 ms)")
    axes.set_xscale("log")
    axes.set_xticks([int(size) for size in sizes["sizes"]], [f"{int(size):,}" for size in sizes["sizes"]])
    axes.set_xlabel("reservations in the account")
    axes.set_ylabel("p50 (ms), in process")
    axes.set_ylim(bottom=0)
    axes.set_title("Host reservation list: time per page against data size")
    axes.grid(True, which="major", alpha=0.3)
    axes.legend(fontsize=8)
    figure.tight_layout()
    figure.savefig(path)
    plt.close(figure)
