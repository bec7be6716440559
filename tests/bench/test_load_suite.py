"""The load suite's fast parts (`make bench` runs the rest): the report, the floor, the requests it sends.

Neither locust nor matplotlib is needed here: they are in requirements-bench.txt, not in the test deps.
"""

import json
import os
import subprocess
import sys
from datetime import timedelta

import pytest
from django.test import Client, override_settings
from django.utils import timezone

from accounts.models import ActivityLog, Organization, User
from bench.load import inprocess, prepare, report, scenarios
from bench.load.stats import percentile, summarize
from properties.models import Property
from reservations.checkin.services.forms import ensure_default_form
from reservations.guesty.models import ConnectionStatus, GuestyConnection, WebhookDelivery
from reservations.models import Reservation
from tests.factories import ReservationFactory


def run(rps, p50, p95=None, p99=None, errors=0, peak_kb=150_000):
    return {
        "rps": rps,
        "p50": p50,
        "p95": p95 or p50 * 2,
        "p99": p99 or p50 * 3,
        "errors": errors,
        "error_kinds": {"GET 500 CatchResponseError: 500 from /reservations/": errors} if errors else {},
        "peak_rss_kb": {"101": peak_kb, "102": peak_kb - 1000},
        "worker_cpu_ms": p50 * 0.8,
        "load_avg": 1.5,
    }


@pytest.fixture
def results():
    """What a run writes to bench/results/latest.json (JSON: string keys), trimmed to a few scenarios."""
    profile = {
        "status": 200,
        "total_ms": 41.5,
        "queries": 6,
        "sql_ms": 12.25,
        "top": [[30.1, 1, "reservations/views/pages.py:39(reservation_list)"], [11.0, 3, "gorently/pages.py:13(x)"]],
    }
    low = {
        "floor": run(2000, 0.9),
        "admin_changelist": run(20, 95),
        "host_list": run(600, 3.2),
        "host_list_search": run(500, 3.9),
        "host_list_page20": run(300, 12.5),
        "portal_home": run(700, 2.8),
        "checkin_step_get": run(650, 3.0),
        "checkin_step_post": run(400, 4.9),
    }
    high = {key: {**value, "p95": value["p95"] * 10} for key, value in low.items()}
    high["host_list_page20"] = run(250, 70, p95=180, errors=3)
    return json.loads(
        json.dumps(
            {
                "date": "2026-11-30 12:00 UTC",
                "machine": {"cpu": "Test CPU", "cores": 2, "ram": "8.0 GiB", "postgresql": "15.20"},
                "data": {"host accounts": 50, "reservations": 200_000},
                "account": {"name": "Bench Stays 1", "reservations": 4000},
                "search": "garcia",
                "config": {"duration": 10, "warmup": 2, "concurrency": [2, 20], "workers": 2, "threads": 1},
                "runs": {"2": low, "20": high},
                "queries": {
                    "floor": {"queries": 0},
                    "host_list": {"queries": 6},
                    "host_list_search": {"queries": 6},
                    "host_list_page20": {"queries": 6},
                    "portal_home": {"queries": 3},
                    "checkin_step_get": {"queries": 4},
                    "checkin_step_post": {"queries": 12},
                },
                "sizes": {
                    "sizes": [10, 1000, 20000, 200000],
                    "search": "silva",
                    "p50_ms": {"host_list": {"10": 3.0, "1000": 3.1, "20000": 3.2, "200000": 4.0}},
                    "queries": {"10": 6, "1000": 6, "20000": 6, "200000": 6},
                    "profiles": {"host_list": profile},
                },
                "profiles": {"host_list_page20": profile, "checkin_step_post": profile},
            }
        )
    )


def test_the_report_has_a_table_per_concurrency_with_the_ratios(results):
    markdown = report.render(results)

    assert "## Concurrency 2" in markdown and "## Concurrency 20" in markdown
    header = "| scenario | req/s | p50 ms | p95 ms | p99 ms | errors | queries/req | peak RSS/worker MB | worker CPU"
    assert header in markdown
    # 600 req/s against the floor's 2,000 and the admin's 20: 0.30× and 30×; memory is the larger worker's.
    assert "| Host list | 600 | 3.2 | 6.4 | 9.6 | 0 | 6 | 146 | 2.6 | 0.30× | 30× | 1.5 |" in markdown
    assert (
        "| Floor (no database, no template) | 2000 | 0.9 | 1.8 | 2.7 | 0 | 0 | 146 | 0.7 | 1.00× |  | 1.5 |" in markdown
    )
    assert "| Django admin: reservations changelist | 20 | 95.0 |" in markdown
    assert "PostgreSQL 15.20" in markdown and "200,000 reservations" in markdown and "`garcia`" in markdown


def test_the_report_says_which_targets_are_met_and_why_one_is_missed(results):
    targets = {target.text: target for target in report.evaluate(results)}

    assert targets["Host list: p50 ≤ 10 ms at c=2"].met is True
    assert targets["Host list: ≥ 20× the admin changelist's throughput"].met is True
    assert targets["Host list, page 20: p50 ≤ 10 ms at c=2"].met is False
    assert targets["Host list, page 20: p95 ≤ 150 ms at c=20"].met is False
    assert targets["Host list, page 20: ≥ 20× the admin changelist's throughput"].met is False  # 12.5× at c=20
    assert targets["Guest portal: first page: ≥ 1/4 of the floor's throughput"].met is True
    assert targets["Check-in step (POST): p50 ≤ 5 ms at c=2"].met is True
    assert targets["Queries per request ≤ 10 (host lists, guest pages)"].met is False  # the POST's 12
    flat = targets["Host list: time per page flat from 10 to 200,000 reservations (within 20%)"]
    assert flat.met is False and "spread 33%" in flat.measured
    assert targets["Zero errors under load"].met is False

    markdown = report.render(results)
    assert "| Host list, page 20: p50 ≤ 10 ms at c=2 | 12.5 ms | **missed** |" in markdown
    assert "### Why missed" in markdown
    assert "41.5 ms, 12.2 ms of it in 6 queries" in markdown
    assert "`reservations/views/pages.py:39(reservation_list)`" in markdown
    assert "Host list, page 20 c=20: 3× GET 500" in markdown
    assert "| 200,000 | 4.0 | 6 |" in markdown
    assert "The search is for `silva`" in markdown
    assert "At 200,000 reservations:" in markdown


def test_a_target_not_measured_is_neither_met_nor_missed(results):
    del results["runs"]["20"]
    targets = {target.text: target for target in report.evaluate(results)}

    assert targets["Host list: p95 ≤ 150 ms at c=20"].met is None
    assert "not measured" in report.render(results)


def test_percentiles_are_exact_nearest_rank():
    times = list(range(1, 101))  # 1..100 ms

    assert percentile(sorted(times), 0.50) == 50
    assert percentile(sorted(times), 0.99) == 99
    assert summarize(times, 2.0) | {"mean": None} == {
        "requests": 100,
        "seconds": 2.0,
        "rps": 50.0,
        "p50": 50,
        "p95": 95,
        "p99": 99,
        "mean": None,
    }
    assert summarize([], 1.0)["p50"] is None


@pytest.mark.django_db
@pytest.mark.urls("bench.load_urls")
def test_the_floor_answers_without_queries(django_assert_num_queries):
    with django_assert_num_queries(0):
        response = Client().get(scenarios.FLOOR_PATH)

    assert response.status_code == 200 and response.content == b"ok"


def test_the_load_settings_run_production_settings_on_plain_http():
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "bench.load_settings",
        "SECRET_KEY": "x" * 50,
        "FIELD_ENCRYPTION_KEY": "dGhpcy1pcy1hLWRldi1vbmx5LWtleS0zMi1ieXRlcyE=",
        "DEBUG": "1",  # overridden: the load runs are production-like whatever the shell says
    }
    code = (
        "import json; from django.conf import settings as s; print(json.dumps([s.DEBUG, s.SECURE_SSL_REDIRECT, "
        "s.SESSION_COOKIE_SECURE, s.CSRF_COOKIE_SECURE, s.ROOT_URLCONF, 'testserver' in s.ALLOWED_HOSTS]))"
    )
    output = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True, check=True)

    assert json.loads(output.stdout) == [False, False, False, False, "bench.load_urls", True]


LOAD_SECRETS = {
    "STRIPE_SECRET_KEY": "sk_test_bench",
    "STRIPE_WEBHOOK_SECRET": "whsec_bench_platform",
    "TWILIO_ACCOUNT_SID": "ACbench00000000000000000000000000",
    "TWILIO_AUTH_TOKEN": "bench_auth_token",
    "PUBLIC_BASE_URL": "https://bench.gorently.test",
}


def webhook_context(cast):
    connection = GuestyConnection.objects.create(
        organization=cast.organization,
        client_id="c",
        client_secret="s",
        status=ConnectionStatus.FAILED,  # not connected: the delivery is stored, no sync is queued
        webhook_secret="whsec_" + "QmVuY2hCZW5jaEJlbmNoQmVuY2hCZW5jaA==",
    )
    return {
        "stripe": {"secret": LOAD_SECRETS["STRIPE_WEBHOOK_SECRET"]},
        "twilio": {
            "account_sid": LOAD_SECRETS["TWILIO_ACCOUNT_SID"],
            "auth_token": LOAD_SECRETS["TWILIO_AUTH_TOKEN"],
            "public_base_url": LOAD_SECRETS["PUBLIC_BASE_URL"],
            "sids": ["SM00000000000000000000000000000001"],
        },
        "guesty": {"key": connection.webhook_key, "secret": connection.webhook_secret, "reservation_ids": ["abc"]},
    }


@pytest.mark.django_db
@override_settings(**LOAD_SECRETS)
def test_the_webhook_scenarios_are_signed_as_the_views_check(cast):
    ctx = webhook_context(cast)
    client = Client()

    for key in ("stripe_webhook", "twilio_status", "guesty_webhook"):
        request = scenarios.build(key, ctx, user_index=3, n=5)
        response = inprocess.send(client, request)
        assert response.status_code in request.expect, (key, response.status_code, response.content[:200])
    assert WebhookDelivery.objects.filter(message_id__startswith="msg_bench_").count() == 1

    assert prepare.clean_up()["guesty deliveries"] == 1
    assert prepare.clean_up()["stripe events"] == 0


@pytest.mark.django_db
def test_the_check_in_post_is_a_valid_step(cast):
    ensure_default_form(cast.organization)
    ReservationFactory(property=cast.villa, check_in=timezone.localdate() + timedelta(days=5))
    stays = prepare.guest_stays(cast.owner, count=1, minimum=1)
    ctx = {"guests": stays}
    client = Client()

    page = inprocess.send(client, scenarios.build("checkin_step_get", ctx))
    posted = inprocess.send(client, scenarios.build("checkin_step_post", ctx, csrf_token="unused-in-tests"))

    assert page.status_code == 200
    assert posted.status_code == 302, posted.content[:500]
    assert posted["Location"].endswith("/checkin/guest-1/")


@pytest.mark.django_db
def test_pages_are_timed_in_process_with_their_queries(cast):
    ensure_default_form(cast.organization)
    ReservationFactory(property=cast.villa, check_in=timezone.localdate() + timedelta(days=5))
    ctx = {"guests": prepare.guest_stays(cast.owner, count=1, minimum=1)}

    timed = inprocess.time_pages(ctx, ["checkin_step_get"], requests=3, warm=1)

    [(key, page)] = timed.items()
    assert key == "checkin_step_get"
    assert page["status"] == 200
    assert page["queries"] >= 1
    assert 0 < page["fastest_ms"] <= page["p50_ms"]
    assert page["cpu_p50_ms"] > 0


def test_the_search_against_data_size_is_for_a_surname_the_smallest_account_holds(cast):
    Reservation.objects.all().delete()
    for name in ["Ana Silva", "Tom Brown", "Rui Silva", "Eva Garcia", "Luis Garcia", "Pia Garcia"]:
        ReservationFactory(property=cast.villa, guest_name=name)

    assert inprocess._commonest_surname(3) == "silva"  # the first three of the six: a size of 3 holds them


def test_the_scratch_accounts_go_with_their_reservations_and_sign_ins_and_nothing_else(cast):
    account, places, client = inprocess._scratch_account(10, "test")
    ReservationFactory.create_batch(3, property=Property.objects.get(pk=places[0]))
    assert ActivityLog.objects.filter(organization=account).exists()  # the owner's sign-in
    others = Reservation.objects.exclude(organization=account).count()

    inprocess.remove_scratch_accounts()

    assert not Organization.objects.filter(pk=account.pk).exists()
    assert not User.objects.filter(email__startswith=inprocess.SCRATCH_EMAIL).exists()
    assert Reservation.objects.count() == others > 0
    assert Organization.objects.filter(pk=cast.organization.pk).exists()


@pytest.mark.django_db
def test_queries_per_request_are_a_pages_own_not_those_of_a_count_the_cache_let_expire(cast, monkeypatch):
    ensure_default_form(cast.organization)
    ReservationFactory(property=cast.villa, check_in=timezone.localdate() + timedelta(days=5))
    ctx = {"guests": prepare.guest_stays(cast.owner, count=1, minimum=1)}
    steady = inprocess.queries_per_request(ctx, {"checkin_step_get"})["checkin_step_get"]
    sent = []
    send = inprocess.send

    def once_with_an_extra_query(client, request):
        sent.append(request)
        if len(sent) == 2:  # the first measured request finds something expired and asks again
            Reservation.objects.count()
        return send(client, request)

    monkeypatch.setattr(inprocess, "send", once_with_an_extra_query)
    counted = inprocess.queries_per_request(ctx, {"checkin_step_get"})["checkin_step_get"]

    assert counted == steady
    assert (counted["status"], counted["ok"]) == (200, True)
