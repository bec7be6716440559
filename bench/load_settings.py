"""Settings of the load suite (`make bench`): the production settings, DEBUG=0, on loopback.

The runner (bench/load/run.py) sets the secrets in the environment before this is imported:
SECRET_KEY (random per run), FIELD_ENCRYPTION_KEY (the key the bench data was encrypted with)
and DATABASE_URL. Only what plain HTTP on 127.0.0.1 and one client address need is changed here:
no HTTPS redirect or secure cookies, the per-address and per-key limits out of the way, and
test keys for Stripe and Twilio so their webhooks can be signed. The URLs add the floor
(bench/load_urls.py).
"""

import os

os.environ["DEBUG"] = "0"  # production-like, whatever the shell says

from gorently.settings import *  # noqa: F403
from gorently.settings import REST_FRAMEWORK

DEBUG = False
ROOT_URLCONF = "bench.load_urls"
ALLOWED_HOSTS = ["127.0.0.1", "localhost", "testserver"]

# Plain HTTP on loopback: no redirect to HTTPS, cookies sent over HTTP, no HSTS.
SECURE_SSL_REDIRECT = False
SESSION_COOKIE_SECURE = False
CSRF_COOKIE_SECURE = False
SECURE_HSTS_SECONDS = 0

# Every simulated guest and integration comes from 127.0.0.1: per-address and per-key limits would answer 429.
PORTAL_RATE_LIMIT = "100000000/m"
PORTAL_MISS_LIMIT = 100000000
REST_FRAMEWORK = {**REST_FRAMEWORK, "DEFAULT_THROTTLE_RATES": {"api": "100000000/min"}}
AXES_FAILURE_LIMIT = 100000

# collectstatic's manifest (DEBUG=0 needs it) goes outside the work tree.
STATIC_ROOT = os.environ.get("BENCH_STATIC_ROOT", "/tmp/gorently-bench-static")

# Test keys, so the webhooks answer and can be signed; the APIs point at a closed port: nothing leaves.
STRIPE_SECRET_KEY = "sk_test_bench"
STRIPE_WEBHOOK_SECRET = "whsec_bench_platform"
STRIPE_CONNECT_WEBHOOK_SECRET = "whsec_bench_connect"
STRIPE_API_URL = "http://127.0.0.1:9"
TWILIO_ACCOUNT_SID = "ACbench00000000000000000000000000"
TWILIO_AUTH_TOKEN = "bench_auth_token"
TWILIO_API_URL = "http://127.0.0.1:9"
PUBLIC_BASE_URL = "https://bench.gorently.test"
GUESTY_API_URL = "http://127.0.0.1:9/v1"
GUESTY_TOKEN_URL = "http://127.0.0.1:9/oauth2/token"

# Mail to the console, never out (gorently.settings already does unless EMAIL_HOST is set).
MAILERS = {"default": {"BACKEND": "django.core.mail.backends.console.EmailBackend"}}

# The same hashed names in the pages as production's CompressedManifestStaticFilesStorage, without compressing
# 45 MB of assets on every run: the suite requests pages, never static files.
STORAGES = {**STORAGES, "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.ManifestStaticFilesStorage"}}  # noqa: F405
