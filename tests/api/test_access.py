"""Every API endpoint: who gets in, and the one shape of every refusal.

The permission matrix of each resource (another account's ids, read-only and property-limited keys)
is in its own test file; here, what holds for all of them.
"""

import pytest
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from accounts.api_access import PerKeyThrottle

pytestmark = pytest.mark.django_db


def api_routes(resolver=None, namespace=""):
    """(name, path with placeholder ids) of every route under /api/v1/."""
    for entry in (resolver or get_resolver()).url_patterns:
        if isinstance(entry, URLResolver):
            inner = f"{namespace}{entry.namespace}:" if entry.namespace else namespace
            yield from api_routes(entry, inner)
        elif isinstance(entry, URLPattern) and entry.name and namespace.startswith("api:"):
            yield namespace + entry.name, entry


def url_of(name, pattern):
    kwargs = dict.fromkeys(pattern.pattern.regex.groupindex, "1")
    return reverse(name, kwargs=kwargs)


ROUTES = sorted(api_routes(), key=lambda route: route[0])


def test_the_api_has_its_routes():
    assert len(ROUTES) >= 10


@pytest.mark.parametrize(("name", "pattern"), ROUTES, ids=[name for name, _ in ROUTES])
@pytest.mark.parametrize("method", ["get", "post", "patch", "delete"])
def test_without_a_key_every_endpoint_answers_401(api, name, pattern, method):
    response = getattr(api(), method)(url_of(name, pattern))

    assert response.status_code == 401, response.content
    assert response["WWW-Authenticate"] == 'Bearer realm="api"'
    assert response.json()["error"]["code"] == "not_authenticated"


@pytest.mark.parametrize(
    ("authorization", "message"),
    [
        ("Bearer gr_00000000_not-a-real-key", "unknown or has been revoked"),
        ("Bearer not-even-the-format", "unknown or has been revoked"),
        ("Bearer", "Authorization: Bearer gr_"),
        ("Bearer two words", "Authorization: Bearer gr_"),
    ],
)
def test_a_wrong_key_is_refused_with_a_reason(client, keys, authorization, message):
    response = client.get(reverse("api:activity-list"), headers={"Authorization": authorization})

    assert response.status_code == 401
    assert message in response.json()["error"]["message"]


def test_a_revoked_key_is_refused(api, keys):
    response = api(keys.revoked).get(reverse("api:activity-list"))

    assert response.status_code == 401
    assert response.json()["error"] == {
        "status": 401,
        "code": "authentication_failed",
        "message": "This API key is unknown or has been revoked.",
        "fields": {},
    }


def test_a_key_of_the_right_prefix_with_a_wrong_secret_is_refused(api, keys):
    prefix = keys.write.split("_")[1]

    assert api(f"gr_{prefix}_{'x' * 43}").get(reverse("api:activity-list")).status_code == 401


def test_a_signed_in_member_reads_the_browsable_api(cast, client_for):
    response = client_for(cast.owner).get(reverse("api:activity-list"), headers={"Accept": "text/html"})

    assert response.status_code == 200
    assert b"Activity" in response.content


def test_an_unknown_address_under_api_answers_json(api, keys):
    response = api(keys.read).get("/api/v1/no-such-thing/")

    assert response.status_code == 404
    assert response.json()["error"]["code"] == "not_found"


def test_too_many_requests_answer_429_with_retry_after(api, keys, monkeypatch):
    monkeypatch.setattr(PerKeyThrottle, "THROTTLE_RATES", {"api": "3/min"})
    client = api(keys.read)
    statuses = [client.get(reverse("api:activity-list")).status_code for _ in range(4)]

    assert statuses == [200, 200, 200, 429]
    refused = client.get(reverse("api:activity-list"))
    assert 0 < int(refused["Retry-After"]) <= 60
    assert refused.json()["error"]["code"] == "throttled"
    # Counted per key: another key of the same account still gets in.
    assert api(keys.write).get(reverse("api:activity-list")).status_code == 200
