"""The load suite's pages timed in process on the bench database: what one change is worth (issue 14).

Run:  .venv/bin/python -m bench.load.pages [scenario ...] [--requests N]
Needs the data `make bench` generates (BENCH_DATABASE_URL, default the local gr_bench). Each scenario
is requested as locust requests it, through Django's test client on the load suite's settings: five
requests to warm up, then N timed. Prints the median wall and CPU milliseconds, the fastest request and
the queries of one request. Without locust and two gunicorn workers sharing the cores, these numbers
move less than the load suite's: to compare two versions of the code, run each in turns, a few times.
"""

import argparse
import logging

from bench.load import run, scenarios

PAGES = [s.key for s in scenarios.SCENARIOS if s.group in (scenarios.HOST, scenarios.GUEST)]


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("scenarios", nargs="*", choices=[s.key for s in scenarios.SCENARIOS], help="default: the pages")
    parser.add_argument("--requests", type=int, default=60)
    args = parser.parse_args(argv)
    run.configure()
    import django

    django.setup()
    logging.disable(logging.WARNING)  # each sign-in would print a line (django-axes)
    from bench.load import inprocess, prepare

    timed = inprocess.time_pages(prepare.context(), args.scenarios or PAGES, requests=args.requests)
    print(f"{'scenario':22} {'p50 ms':>8} {'CPU p50 ms':>11} {'fastest ms':>11} {'queries':>8} {'status':>7}")
    for key, t in timed.items():
        times = f"{t['p50_ms']:8.2f} {t['cpu_p50_ms']:11.2f} {t['fastest_ms']:11.2f}"
        print(f"{key:22} {times} {t['queries']:8} {t['status']:7}")


if __name__ == "__main__":
    main()
