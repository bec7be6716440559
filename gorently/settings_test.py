"""Settings for the test suite: the real settings, with fast hashing and tasks run inline."""

import os

os.environ.setdefault("TASKS_BACKEND", "immediate")

from gorently.settings import *  # noqa: F403

# Playwright's sync API runs an event loop in the test thread; Django's ORM guard would refuse it.
os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
MAILERS = {"default": {"BACKEND": "django.core.mail.backends.locmem.EmailBackend"}}
STORAGES["staticfiles"]["BACKEND"] = "django.contrib.staticfiles.storage.StaticFilesStorage"  # noqa: F405
MEDIA_ROOT = BASE_DIR / "test-artifacts" / "media"  # noqa: F405
AXES_ENABLED = False
STORAGES["private"] = {  # noqa: F405
    "BACKEND": "gorently.storage.PrivateFileSystemStorage",
    "OPTIONS": {"location": BASE_DIR / "test-artifacts" / "private-media", "base_url": None},  # noqa: F405
}
# No test calls the real Guesty: anything left pointing at it fails at once instead of waiting.
GUESTY_API_URL = "http://127.0.0.1:9/v1"
GUESTY_TOKEN_URL = "http://127.0.0.1:9/oauth2/token"
GUESTY_BACKOFF_SECONDS = 0
GUESTY_RETRIES = 3
GUESTY_TIMEOUT = 5
