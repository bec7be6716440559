"""GoRently settings, read from the environment (twelve-factor).

Every value has a default that runs the demo on SQLite with no setup; production
sets DEBUG=0 and the values listed in the README's configuration table.
"""

import ipaddress
from pathlib import Path

import environ
from django.core.exceptions import ImproperlyConfigured
from django.utils.csp import CSP

BASE_DIR = Path(__file__).resolve().parent.parent

env = environ.Env()
environ.Env.read_env(BASE_DIR / ".env")

DEBUG = env.bool("DEBUG", default=True)
SECRET_KEY = env.str(
    "SECRET_KEY",
    default="django-insecure-dev-only-key-change-me" if DEBUG else environ.Env.NOTSET,
)
if not DEBUG and len(SECRET_KEY) < 32:
    raise ImproperlyConfigured("Set SECRET_KEY to a random value of at least 32 characters in production.")
ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=["127.0.0.1", "localhost", "testserver"])
CSRF_TRUSTED_ORIGINS = env.list("CSRF_TRUSTED_ORIGINS", default=[])
# Public origin used in links sent by email (invitations, password resets).
SITE_URL = env.str("SITE_URL", default="http://127.0.0.1:8000").rstrip("/")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django.forms",
    "django_htmx",
    "axes",
    "phonenumber_field",
    "django_countries",
    "django_tasks_db",
    "rest_framework",
    "django_filters",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "gorently",
    "accounts",
    "properties",
    "reservations",
    "reservations.checkin",
    "reservations.guesty",
    "payments",
    "notifications",
    "portal",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "gorently.middleware.GuestLocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    # Before anything reads a body (CSRF does): an oversized upload is refused unread.
    "gorently.middleware.RequestSizeLimitMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django.middleware.csp.ContentSecurityPolicyMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "accounts.middleware.CurrentMembershipMiddleware",
    # Last, so it sees the outcome of authentication (login throttling).
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "gorently.urls"
WSGI_APPLICATION = "gorently.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.csp",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "accounts.context_processors.membership",
            ],
            "builtins": ["django_htmx.templatetags.django_htmx"],
        },
    },
    {
        # Only the rows of the longest lists (an app's jinja2/ folder; see gorently/jinja2.py).
        "BACKEND": "django.template.backends.jinja2.Jinja2",
        "NAME": "jinja2",
        "APP_DIRS": True,
        "OPTIONS": {"environment": "gorently.jinja2.environment"},
    },
]

FORM_RENDERER = "gorently.forms.FormRenderer"

# --- Database ----------------------------------------------------------------
DATABASES = {
    "default": env.db("DATABASE_URL", default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}"),
}
# Keep each worker's connection for a minute: opening one costs more than most pages' queries
# (bench/RESULTS.md). The health check replaces a connection the server dropped.
DATABASES["default"]["CONN_MAX_AGE"] = env.int("CONN_MAX_AGE", default=60)
DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # `make run`'s web server and worker write at the same time: take the write lock when a transaction
    # begins, wait for it rather than fail, and let reads go on during a write (WAL).
    DATABASES["default"].setdefault("OPTIONS", {}).update(
        {"transaction_mode": "IMMEDIATE", "timeout": 20, "init_command": "PRAGMA journal_mode=WAL;"}
    )
    # The reservations list's index carries a column for PostgreSQL's index-only scans; SQLite builds
    # the same index without it, which is what this warning says.
    SILENCED_SYSTEM_CHECKS = ["models.W040"]
# A transaction-mode pooler (Supabase's on port 6543, PgBouncer) cannot keep
# server-side cursors or prepared statements between transactions.
_is_postgres = DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql"
if _is_postgres and env.bool("DATABASE_POOLER", default=str(DATABASES["default"].get("PORT")) == "6543"):
    DATABASES["default"]["DISABLE_SERVER_SIDE_CURSORS"] = True
    DATABASES["default"].setdefault("OPTIONS", {})["prepare_threshold"] = None
elif _is_postgres and env.bool("DATABASE_PREPARED_STATEMENTS", default=True):
    # A connection of its own keeps prepared statements: psycopg prepares a statement the fifth time it
    # runs, and PostgreSQL stops planning it on every request (the portal's one joined query spent more
    # time planned than run: bench/RESULTS.md). Preparing needs the parameters bound by the server.
    DATABASES["default"].setdefault("OPTIONS", {}).update(server_side_binding=True, prepare_threshold=5)
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# --- Cache -------------------------------------------------------------------
REDIS_URL = env.str("REDIS_URL", default="")
if REDIS_URL:
    CACHES = {"default": {"BACKEND": "gorently.redis_cache.SharedClientRedisCache", "LOCATION": REDIS_URL}}
    # Sessions are read from the shared cache and written through to the database: a signed-in page
    # saves its session query (0.3 ms). Never with each process's own memory, where a sign-out in one
    # process would leave the session open in the others.
    SESSION_ENGINE = "django.contrib.sessions.backends.cached_db"
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
# Template fragments that only a deploy changes (the host navigation): each process's own, so a new
# release never serves an old one's HTML from a shared cache.
CACHES["fragments"] = {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "fragments"}

# --- Background work ---------------------------------------------------------
# Code only uses the django.tasks API; this setting alone picks the queue.
TASKS_BACKEND = env.str("TASKS_BACKEND", default="database")
if TASKS_BACKEND == "rq":
    INSTALLED_APPS += ["django_rq"]
    RQ_QUEUES = {"default": {"URL": REDIS_URL or "redis://127.0.0.1:6379/0"}}
    TASKS = {"default": {"BACKEND": "django_tasks_rq.RQBackend", "QUEUES": ["default"]}}
elif TASKS_BACKEND == "immediate":
    TASKS = {"default": {"BACKEND": "django.tasks.backends.immediate.ImmediateBackend"}}
else:
    TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}

# --- Auth --------------------------------------------------------------------
AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "accounts.backends.UserBackend",  # Django's ModelBackend, the signed-in user read by a compiled query
]
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "dashboard"
LOGOUT_REDIRECT_URL = "accounts:login"
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
# Login throttling: lock an email + IP pair after repeated failures.
AXES_FAILURE_LIMIT = env.int("AXES_FAILURE_LIMIT", default=5)
AXES_COOLOFF_TIME = 1  # hours
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_USERNAME_FORM_FIELD = "username"
AXES_USERNAME_CALLABLE = "accounts.forms.lockout_identity"  # the email trimmed and lower-cased
AXES_RESET_ON_SUCCESS = True
AXES_VERBOSE = False
AXES_LOCKOUT_TEMPLATE = "accounts/locked_out.html"
# The client's address for axes, the throttles and the log: gorently.throttle.client_ip (TRUSTED_PROXIES below).
AXES_CLIENT_IP_CALLABLE = "gorently.throttle.client_ip"
RATELIMIT_IP_META_KEY = "gorently.throttle.client_ip"
INVITATION_VALID_DAYS = env.int("INVITATION_VALID_DAYS", default=7)
# Sign-up is confirmed by an emailed link (single-use, valid this many days). Sign-up and
# password-reset requests are throttled per client address (over: 429) and per email
# address (over: the same "check your email" page, nothing sent). django-ratelimit rates.
SIGNUP_CONFIRMATION_VALID_DAYS = 3
SIGNUP_RATE = "10/h"
SIGNUP_EMAIL_RATE = "3/h"
PASSWORD_RESET_RATE = "5/h"
PASSWORD_RESET_EMAIL_RATE = "3/h"

# --- REST API (/api/v1/) --------------------------------------------------------
# An API key (Authorization: Bearer gr_…) or a signed-in member's session (the browsable API);
# every error in one shape (gorently.api); requests counted per key.
REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "accounts.api_access.ApiKeyAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["accounts.api_access.ActsForTheAccount"],
    "DEFAULT_THROTTLE_CLASSES": ["accounts.api_access.PerKeyThrottle"],
    "DEFAULT_THROTTLE_RATES": {"api": env.str("API_RATE_LIMIT", default="600/min")},
    "DEFAULT_PAGINATION_CLASS": "gorently.api.Cursor",
    "DEFAULT_FILTER_BACKENDS": [
        "gorently.api.Filters",
        "rest_framework.filters.OrderingFilter",
    ],
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "EXCEPTION_HANDLER": "gorently.api.exception_handler",
    "DEFAULT_RENDERER_CLASSES": [
        "rest_framework.renderers.JSONRenderer",
        "rest_framework.renderers.BrowsableAPIRenderer",
    ],
    "UNAUTHENTICATED_USER": "django.contrib.auth.models.AnonymousUser",
}
SPECTACULAR_SETTINGS = {
    "TITLE": "GoRently API",
    "DESCRIPTION": (
        "A host account's properties, reservations, check-ins, extras, payments, messages and activity.\n\n"
        "Authenticate with an API key from Integrations → API keys: `Authorization: Bearer gr_…`. "
        'Lists are cursor-paginated (`next`, `previous`); every error is `{"error": {status, code, message, '
        "fields}}`; too many requests answer 429 with `Retry-After`."
    ),
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    "SERVE_PERMISSIONS": ["rest_framework.permissions.AllowAny"],
    "SERVE_AUTHENTICATION": [],
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    "COMPONENT_SPLIT_REQUEST": True,
    "SCHEMA_PATH_PREFIX": r"/api/v1",
    "POSTPROCESSING_HOOKS": [
        "drf_spectacular.hooks.postprocess_schema_enums",
        "gorently.api.document_errors",
    ],
    "ENUM_NAME_OVERRIDES": {},
}

# --- Internationalisation ----------------------------------------------------
LANGUAGE_CODE = "en"
FORMAT_MODULE_PATH = ["gorently.formats"]
LANGUAGES = [
    ("en", "English"),
    ("es", "Español"),
    ("fr", "Français"),
    ("de", "Deutsch"),
    ("it", "Italiano"),
    ("pt", "Português"),
]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "UTC"
USE_I18N = True
USE_TZ = True
PHONENUMBER_DEFAULT_FORMAT = "E164"

# --- Static and uploaded files -------------------------------------------------
STATIC_URL = "/static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "static"]
MEDIA_URL = "/media/"
MEDIA_ROOT = env.path("MEDIA_ROOT", default=BASE_DIR / "media")
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}
# Guest documents: local disk outside MEDIA_ROOT by default, or a private S3 bucket (AWS S3,
# Supabase Storage's S3 endpoint). The files are encrypted and only ever sent by the app itself.
PRIVATE_STORAGE_BUCKET = env.str("PRIVATE_STORAGE_BUCKET", default="")
if PRIVATE_STORAGE_BUCKET:
    STORAGES["private"] = {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {
            "bucket_name": PRIVATE_STORAGE_BUCKET,
            "endpoint_url": env.str("S3_ENDPOINT_URL", default="") or None,
            "region_name": env.str("S3_REGION", default="") or None,
            "access_key": env.str("S3_ACCESS_KEY_ID", default="") or None,
            "secret_key": env.str("S3_SECRET_ACCESS_KEY", default="") or None,
            "addressing_style": env.str("S3_ADDRESSING_STYLE", default="path"),
            "signature_version": "s3v4",  # Supabase Storage and newer AWS regions accept only SigV4
            "default_acl": None,
            "querystring_auth": True,
            "querystring_expire": 120,
            "file_overwrite": False,
        },
    }
else:
    STORAGES["private"] = {
        "BACKEND": "gorently.storage.PrivateFileSystemStorage",
        "OPTIONS": {"location": env.path("PRIVATE_MEDIA_ROOT", default=BASE_DIR / "private-media"), "base_url": None},
    }
# Cover photos and logos: django-pictures makes their sizes and formats in a background task after
# an upload (properties.pictures, properties.tasks). Names never repeat: cache them as immutable.
PICTURES = {
    "PICTURE_CLASS": "properties.pictures.Variant",
    "PROCESSOR": "properties.pictures.queue_picture_variants",
    "USE_PLACEHOLDERS": False,  # real files in DEBUG too, not the library's placeholder URLs
}
GUEST_DOCUMENT_RETENTION_DAYS = env.int("GUEST_DOCUMENT_RETENTION_DAYS", default=30)
PORTAL_LINK_DAYS_AFTER_CHECKOUT = env.int("PORTAL_LINK_DAYS_AFTER_CHECKOUT", default=14)
PORTAL_RATE_LIMIT = env.str("PORTAL_RATE_LIMIT", default="60/m")
PORTAL_MISS_LIMIT = env.int("PORTAL_MISS_LIMIT", default=20)

# Stripe Connect (payments). Without a secret key, payments are off: hosts see why, guests see no extras.
STRIPE_SECRET_KEY = env.str("STRIPE_SECRET_KEY", default="")
STRIPE_WEBHOOK_SECRET = env.str("STRIPE_WEBHOOK_SECRET", default="")
STRIPE_CONNECT_WEBHOOK_SECRET = env.str("STRIPE_CONNECT_WEBHOOK_SECRET", default="")
STRIPE_API_URL = env.str("STRIPE_API_URL", default="https://api.stripe.com").rstrip("/")
# The platform's cut of each extra sold, unless platform staff set another rate for an account.
PLATFORM_COMMISSION_PERCENT = env.str("PLATFORM_COMMISSION_PERCENT", default="10")

# Twilio (notifications): WhatsApp and SMS. Without the account settings both are off; email still works.
TWILIO_ACCOUNT_SID = env.str("TWILIO_ACCOUNT_SID", default="")
TWILIO_AUTH_TOKEN = env.str("TWILIO_AUTH_TOKEN", default="")
TWILIO_WHATSAPP_FROM = env.str("TWILIO_WHATSAPP_FROM", default="")
TWILIO_SMS_FROM = env.str("TWILIO_SMS_FROM", default="")
TWILIO_API_URL = env.str("TWILIO_API_URL", default="https://api.twilio.com").rstrip("/")
# The address Twilio reaches this site at (its signatures cover the full URL, so behind a proxy it must be
# the public one); defaults to SITE_URL.
PUBLIC_BASE_URL = env.str("PUBLIC_BASE_URL", default="").rstrip("/") or SITE_URL

# Guesty's Open API (reservations.guesty). Point both at a Guesty-compatible server (the fake in
# tests/fakes/guesty.py) to try the sync without a Guesty account.
GUESTY_API_URL = env.str("GUESTY_API_URL", default="https://open-api.guesty.com/v1").rstrip("/")
GUESTY_TOKEN_URL = env.str("GUESTY_TOKEN_URL", default="https://open-api.guesty.com/oauth2/token")
# Requests per second, minute and hour, shared by all of an account's workers: Guesty's documented limits.
GUESTY_RATE_LIMITS = tuple(env.list("GUESTY_RATE_LIMITS", cast=float, default=[15, 120, 5000]))
# Seconds to wait for Guesty's answer, and attempts after a 5xx or a timeout (with exponential backoff).
GUESTY_TIMEOUT = env.float("GUESTY_TIMEOUT", default=20)
GUESTY_RETRIES = 5
GUESTY_BACKOFF_SECONDS = 0.5
# Arrivals this many days ahead are re-read by each reconciliation (with stays in progress and new bookings).
GUESTY_RECONCILE_DAYS_AHEAD = env.int("GUESTY_RECONCILE_DAYS_AHEAD", default=30)

FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
DATA_UPLOAD_MAX_MEMORY_SIZE = 10 * 1024 * 1024
# A whole request, files included: a party's ID photos fit; refused unread above (gorently.middleware).
MAX_REQUEST_MB = env.int("MAX_REQUEST_MB", default=100)
# Pixels decoded per request, summed over its photos: 40 phone JPEGs (decoded at reduced size) or
# five 24-megapixel PNGs; photos past it are refused with a message, so no request holds a worker long.
UPLOAD_PIXELS_PER_REQUEST = 120_000_000

# --- Secrets at rest -----------------------------------------------------------
# Fernet key(s), comma-separated, newest first; old keys keep decrypting.
FIELD_ENCRYPTION_KEY = env.list(
    "FIELD_ENCRYPTION_KEY",
    default=["dGhpcy1pcy1hLWRldi1vbmx5LWtleS0zMi1ieXRlcyE="] if DEBUG else environ.Env.NOTSET,
)

# --- Email ---------------------------------------------------------------------
# Console by default (mail is printed); set EMAIL_HOST to send through SMTP.
_smtp_host = env.str("EMAIL_HOST", default="")
if _smtp_host:
    MAILERS = {
        "default": {
            "BACKEND": "django.core.mail.backends.smtp.EmailBackend",
            "OPTIONS": {
                "host": _smtp_host,
                "port": env.int("EMAIL_PORT", default=587),
                "username": env.str("EMAIL_HOST_USER", default=""),
                "password": env.str("EMAIL_HOST_PASSWORD", default=""),
                "use_tls": env.bool("EMAIL_USE_TLS", default=True),
                "timeout": 10,
            },
        }
    }
else:
    MAILERS = {"default": {"BACKEND": "django.core.mail.backends.console.EmailBackend"}}
DEFAULT_FROM_EMAIL = env.str("DEFAULT_FROM_EMAIL", default="GoRently <no-reply@gorently.local>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL

# --- Security ------------------------------------------------------------------
SECURE_CSP = {
    "default-src": [CSP.SELF],
    "script-src": [CSP.SELF, CSP.NONCE],
    "style-src": [CSP.SELF, CSP.NONCE],
    "img-src": [CSP.SELF, "data:", "blob:"],
    "font-src": [CSP.SELF],
    "connect-src": [CSP.SELF],
    "frame-ancestors": [CSP.NONE],
    "form-action": [CSP.SELF],
    "base-uri": [CSP.SELF],
    "object-src": [CSP.NONE],
}
BEHIND_PROXY = env.bool("BEHIND_PROXY", default=False)
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https") if BEHIND_PROXY else None
# Proxies whose X-Forwarded-For is believed (addresses or networks). Behind a proxy, by default the
# loopback and private networks a load balancer talks from; never a public address unless listed.
PRIVATE_NETWORKS = ["127.0.0.0/8", "::1/128", "10.0.0.0/8", "172.16.0.0/12", "192.168.0.0/16", "fc00::/7"]
TRUSTED_PROXIES = env.list("TRUSTED_PROXIES", default=PRIVATE_NETWORKS if BEHIND_PROXY else [])
try:
    [ipaddress.ip_network(proxy, strict=False) for proxy in TRUSTED_PROXIES]
except ValueError as error:
    raise ImproperlyConfigured(f"TRUSTED_PROXIES: {error}") from None
SECURE_SSL_REDIRECT = env.bool("SECURE_SSL_REDIRECT", default=not DEBUG)
SECURE_REDIRECT_EXEMPT = [r"^healthz$"]
SECURE_HSTS_SECONDS = env.int("SECURE_HSTS_SECONDS", default=0 if DEBUG else 31536000)
SECURE_HSTS_INCLUDE_SUBDOMAINS = not DEBUG
SECURE_HSTS_PRELOAD = not DEBUG
SESSION_COOKIE_SECURE = not DEBUG
CSRF_COOKIE_SECURE = not DEBUG
SESSION_COOKIE_HTTPONLY = True
X_FRAME_OPTIONS = "DENY"
SECURE_REFERRER_POLICY = "same-origin"

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env.str("LOG_LEVEL", default="INFO")},
    "loggers": {"django.db.backends": {"level": "WARNING"}},
}
