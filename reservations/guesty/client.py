"""The one way GoRently talks to Guesty's Open API: token, limits, retries and errors in plain words.

- The OAuth2 client-credentials token lives in the connection's row and is shared by every
  process until five minutes before it expires: Guesty grants only 5 tokens per key a day.
  Fetching one locks the row, so two workers never both ask.
- A 401 fetches a new token once, then fails with `GuestyAuthError`.
- Every request first claims a slot in the account's rate budget (guesty.ratelimit); a 429
  pauses the whole account for `Retry-After`.
- 5xx answers and timeouts are retried with bounded exponential backoff, then `GuestyUnavailable`.
- Any other 4xx is `GuestyRejected`, with Guesty's answer.
"""

import logging
import random
import time
from concurrent.futures import ThreadPoolExecutor
from datetime import timedelta

import requests
from django.conf import settings
from django.db import transaction
from django.utils import timezone

from reservations.guesty import ratelimit
from reservations.guesty.models import GuestyConnection

logger = logging.getLogger(__name__)

TOKEN_MARGIN = timedelta(minutes=5)
# Requests in flight at once for look-ups: well under the 15 Guesty starts limiting at.
CONCURRENCY = 4
# 429s in a row before giving up: Guesty keeps answering "wait" only when something else floods the account.
MAX_THROTTLED = 30


class GuestyError(Exception):
    """Guesty could not do what was asked; `str()` is a sentence for the host."""


class GuestyAuthError(GuestyError):
    pass


class GuestyUnavailable(GuestyError):
    pass


class GuestyRejected(GuestyError):
    def __init__(self, message, *, status, answer):
        super().__init__(message)
        self.status = status
        self.answer = answer


def sleep(seconds):
    # One place to wait, so tests can make waiting instant.
    if seconds > 0:
        time.sleep(seconds)


class GuestyClient:
    """Requests on behalf of one connection; `requests_made` counts what was sent to Guesty (tokens included)."""

    def __init__(self, connection, *, session=None):
        self.connection = connection
        self.session = session or requests.Session()
        self.requests_made = 0

    # The API, as the sync uses it.

    def get(self, path, **params):
        return self._call("GET", path, params=params)

    def put(self, path, body):
        return self._call("PUT", path, json=body)

    def post(self, path, body):
        return self._call("POST", path, json=body)

    def delete(self, path):
        return self._call("DELETE", path)

    def get_many(self, calls, *, side_by_side=CONCURRENCY):
        """GET several `(path, params)` at once, each in its own claimed slot; the answers in order, a
        `GuestyRejected` in place of a refused one. An exchange that went wrong in any other way (401, 429,
        5xx, no answer) is done again through `get`, with everything that implies."""
        if not calls:
            return []
        token = self.token()
        started = time.monotonic()
        waits = ratelimit.claim_slots(self.connection, len(calls))

        def exchange(call, wait):
            sleep(wait - (time.monotonic() - started))
            path, params = call
            try:
                return self.session.get(
                    settings.GUESTY_API_URL + path,
                    params=params,
                    headers=self._headers(token),
                    timeout=settings.GUESTY_TIMEOUT,
                )
            except (requests.ConnectionError, requests.Timeout):
                return None

        with ThreadPoolExecutor(max_workers=side_by_side) as pool:
            responses = list(pool.map(exchange, calls, waits))
        answers = []
        for (path, params), response in zip(calls, responses, strict=True):
            if response is not None:
                self.requests_made += 1
            if response is None or response.status_code in (401, 429) or response.status_code >= 500:
                try:
                    answers.append(self.get(path, **params))
                except GuestyRejected as refused:
                    answers.append(refused)
            elif response.status_code >= 400:
                answers.append(self._refusal("GET", path, response))
            else:
                answers.append(self._json(response))
        return answers

    # Token.

    def token(self, *, rejected=None):
        """A valid access token: the stored one, or a new one if it is missing, expiring, or the `rejected` one."""
        current = self.connection
        if current.access_token and current.access_token != rejected and self._fresh(current.token_expires_at):
            return current.access_token
        with transaction.atomic():
            locked = GuestyConnection.objects.select_for_update().get(pk=current.pk)
            if locked.access_token and locked.access_token != rejected and self._fresh(locked.token_expires_at):
                token, expires_at = locked.access_token, locked.token_expires_at  # another worker just fetched one
            else:
                token, expires_at = self._request_token(locked)
                locked.access_token, locked.token_expires_at = token, expires_at
                locked.tokens_requested += 1
                locked.save(update_fields=["access_token", "token_expires_at", "tokens_requested"])
                current.tokens_requested = locked.tokens_requested
        current.access_token, current.token_expires_at = token, expires_at
        return token

    @staticmethod
    def _fresh(expires_at):
        return expires_at is not None and expires_at > timezone.now() + TOKEN_MARGIN

    def _request_token(self, connection):
        form = {
            "grant_type": "client_credentials",
            "scope": "open-api",
            "client_id": connection.client_id,
            "client_secret": connection.client_secret,
        }
        response = self._send("POST", settings.GUESTY_TOKEN_URL, data=form, headers={"Accept": "application/json"})
        if response.status_code in (400, 401, 403):
            raise GuestyAuthError("Guesty did not accept this client id and secret. Check them in Guesty's API page.")
        if response.status_code == 429:
            raise GuestyAuthError(
                "Guesty allows 5 access tokens per API key a day and this key has used them: "
                "the connection works again once Guesty grants a new one (within 24 hours)."
            )
        body = self._json(response)
        token = body.get("access_token") if isinstance(body, dict) else None
        if response.status_code != 200 or not token:
            raise GuestyUnavailable(f"Guesty's sign-in answered {response.status_code} without a token.")
        try:
            lifetime = int(body.get("expires_in") or 86400)
        except (TypeError, ValueError):
            lifetime = 86400
        return token, timezone.now() + timedelta(seconds=lifetime)

    # Requests.

    def _call(self, method, path, *, params=None, json=None):
        url = settings.GUESTY_API_URL + path
        token = self.token()
        refreshed = False
        throttled = 0
        while True:
            sleep(ratelimit.claim_slot(self.connection))
            response = self._send(method, url, params=params, json=json, headers=self._headers(token))
            if response.status_code == 401:
                if refreshed:
                    raise GuestyAuthError(
                        "Guesty refused a freshly issued access token: check that this API key is still active."
                    )
                token, refreshed = self.token(rejected=token), True
                continue
            if response.status_code == 429:
                throttled += 1
                if throttled > MAX_THROTTLED:
                    raise GuestyUnavailable("Guesty kept answering that the account sends too many requests.")
                ratelimit.pause(self.connection, ratelimit.retry_after(response))
                continue
            if response.status_code >= 400:
                raise self._refusal(method, path, response)
            return self._json(response)

    @staticmethod
    def _refusal(method, path, response):
        return GuestyRejected(
            f"Guesty answered {response.status_code} to {method} {path}.",
            status=response.status_code,
            answer=response.text[:2000],
        )

    def _send(self, method, url, **kwargs):
        """One HTTP exchange, retried after a timeout, a dropped connection or a 5xx, with exponential backoff."""
        for attempt in range(settings.GUESTY_RETRIES + 1):
            if attempt:
                base = settings.GUESTY_BACKOFF_SECONDS * 2 ** (attempt - 1)
                sleep(min(60.0, base + random.uniform(0, base)))
            try:
                response = self.session.request(method, url, timeout=settings.GUESTY_TIMEOUT, **kwargs)
            except (requests.ConnectionError, requests.Timeout) as error:
                logger.info("Guesty %s %s: %s (attempt %s)", method, url, type(error).__name__, attempt + 1)
                failure = f"Guesty did not answer ({type(error).__name__})."
                continue
            self.requests_made += 1
            if response.status_code < 500:
                return response
            failure = f"Guesty answered {response.status_code}."
        raise GuestyUnavailable(f"{failure} Tried {settings.GUESTY_RETRIES + 1} times; the next sync tries again.")

    @staticmethod
    def _headers(token):
        return {"Authorization": f"Bearer {token}", "Accept": "application/json"}

    @staticmethod
    def _json(response):
        if not response.content:
            return {}
        try:
            return response.json()
        except ValueError:
            raise GuestyUnavailable(
                f"Guesty answered {response.status_code} with something that is not JSON."
            ) from None
