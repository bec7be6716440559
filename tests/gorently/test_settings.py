"""Configuration by environment alone: production checks and hosted PostgreSQL URLs."""

import os
import subprocess
import sys

from django.conf import settings

PRODUCTION_ENV = {
    "DEBUG": "0",
    "SECRET_KEY": "k" * 20 + "production-secret-that-is-long-and-random-0123456789",
    "FIELD_ENCRYPTION_KEY": "dGhpcy1pcy1hLXRlc3Qta2V5LTMyLWJ5dGVzLWxvbmch",
    "ALLOWED_HOSTS": "portal.example.com",
    "EMAIL_HOST": "smtp.example.com",
}


def _run(code, **env):
    # The test run's own settings (TASKS_BACKEND=immediate, a DATABASE_URL) must not leak in.
    inherited = {
        k: v for k, v in os.environ.items() if k not in ("TASKS_BACKEND", "DATABASE_URL", "DJANGO_ALLOW_ASYNC_UNSAFE")
    }
    full_env = {**inherited, "DJANGO_SETTINGS_MODULE": "gorently.settings", **env}
    return subprocess.run(
        [sys.executable, "-c", code], env=full_env, capture_output=True, text=True, cwd=settings.BASE_DIR, check=False
    )


def test_deploy_checks_pass_with_production_values():
    result = _run(
        "import django; django.setup(); from django.core.management import call_command; "
        "call_command('check', deploy=True, fail_level='WARNING')",
        **PRODUCTION_ENV,
    )
    assert result.returncode == 0, result.stderr + result.stdout


def test_production_refuses_to_start_without_a_secret_key():
    env = {k: v for k, v in PRODUCTION_ENV.items() if k != "SECRET_KEY"}
    for secret in ("", "too-short"):
        result = _run("import django; django.setup()", **env, SECRET_KEY=secret)
        assert result.returncode != 0
        assert "SECRET_KEY" in result.stderr


def test_a_supabase_pooler_url_configures_postgres_for_transaction_pooling():
    url = "postgres://postgres.abc:secret@aws-0-eu-west-1.pooler.supabase.com:6543/postgres?sslmode=require"
    result = _run(
        "import django; django.setup(); from django.conf import settings; d = settings.DATABASES['default']; "
        "print(d['ENGINE'], d['HOST'], d['PORT'], d['DISABLE_SERVER_SIDE_CURSORS'], d['OPTIONS'])",
        DATABASE_URL=url,
    )
    assert result.returncode == 0, result.stderr
    assert "django.db.backends.postgresql aws-0-eu-west-1.pooler.supabase.com 6543 True" in result.stdout
    assert "'sslmode': 'require'" in result.stdout
    assert "'prepare_threshold': None" in result.stdout


PRINT_OPTIONS = (
    "import django; django.setup(); from django.conf import settings; "
    "print(settings.DATABASES['default'].get('OPTIONS'))"
)


def test_a_direct_postgres_connection_prepares_the_statements_it_repeats():
    result = _run(PRINT_OPTIONS, DATABASE_URL="postgres://app:secret@db.example.com:5432/gorently")

    assert result.returncode == 0, result.stderr
    assert "'server_side_binding': True, 'prepare_threshold': 5" in result.stdout


def test_prepared_statements_can_be_turned_off():
    result = _run(
        PRINT_OPTIONS,
        DATABASE_URL="postgres://app:secret@db.example.com:5432/gorently",
        DATABASE_PREPARED_STATEMENTS="0",
    )

    assert result.returncode == 0, result.stderr
    assert "server_side_binding" not in result.stdout
    assert "prepare_threshold" not in result.stdout


def test_tasks_switch_to_redis_queue_by_setting_alone():
    result = _run(
        "import django; django.setup(); from django.conf import settings; print(settings.TASKS['default']['BACKEND'])",
        TASKS_BACKEND="rq",
        REDIS_URL="redis://127.0.0.1:6379/0",
    )
    assert result.stdout.strip() == "django_tasks_rq.RQBackend", result.stderr


SHOW_CACHE_AND_SESSIONS = (
    "import django; django.setup(); from django.conf import settings;"
    "print(settings.CACHES['default']['BACKEND'], settings.SESSION_ENGINE)"
)


def test_a_redis_url_keeps_the_cache_in_redis_and_reads_sessions_from_it():
    result = _run(SHOW_CACHE_AND_SESSIONS, REDIS_URL="redis://127.0.0.1:6379/0")

    assert result.stdout.split() == [
        "gorently.redis_cache.SharedClientRedisCache",
        "django.contrib.sessions.backends.cached_db",
    ], result.stderr


def test_without_redis_each_process_caches_in_memory_and_sessions_live_in_the_database_alone():
    result = _run(SHOW_CACHE_AND_SESSIONS, REDIS_URL="")

    assert result.stdout.split() == [
        "django.core.cache.backends.locmem.LocMemCache",
        "django.contrib.sessions.backends.db",
    ], result.stderr
