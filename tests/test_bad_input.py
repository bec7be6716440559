"""No request a signed-in host can send makes a page answer 500.

Every host page is fetched with nonsense in its query string, and every page
that takes a POST is sent nonsense in its body. The answer may be a form error
(200), a refusal (400, 403, 404, 405) or a redirect, never a server error. The
NUL byte matters: PostgreSQL refuses it in text, so it has to be caught before
a query is made.
"""

import re

import pytest

from tests.test_access_matrix import HOST_PAGES, POST_ONLY, _url

JUNK = ["", "\x00", "-1", "0", "99999999999999999999", "abc", "2026-13-45", "'; drop table--", "<script>", "é" * 300]
QUERY_KEYS = [
    "q",
    "page",
    "sort",
    "property",
    "status",
    "checkin",
    "arrival_from",
    "arrival_to",
    "action",
    "actor",
    "since",
    "until",
    "as",
    "lang",
    "language",
    "back",
    "next",
]


def _junk(keys):
    # Each value of JUNK in every key, and a repeated key, which QueryDict turns into a list.
    for value in JUNK:
        yield dict.fromkeys(keys, value)
    yield {key: ["1", "2"] for key in keys}


@pytest.mark.parametrize("name", sorted(HOST_PAGES))
def test_nonsense_in_the_query_string_is_never_a_server_error(client_for, cast, name):
    client = client_for(cast.owner)
    url = _url(name, cast)
    for params in _junk(QUERY_KEYS):
        response = client.get(url, params)
        assert response.status_code < 500, (url, params)


def _form_keys(client, url):
    """The names of the inputs of the page's forms, plus the keys every list and filter reads."""
    response = client.get(url)
    if response.status_code != 200 or "text/html" not in response.get("Content-Type", ""):
        return set(QUERY_KEYS)
    return set(re.findall(r'name="([^"]+)"', response.content.decode())) - {"csrfmiddlewaretoken"} | set(QUERY_KEYS)


POSTABLE = sorted(set(POST_ONLY) | {name for name in HOST_PAGES if name not in {"checkin:document"}})


@pytest.mark.parametrize("name", POSTABLE)
def test_nonsense_in_a_form_is_never_a_server_error(client_for, cast, name):
    client = client_for(cast.owner)
    url = _url(name, cast)
    keys = _form_keys(client, url)
    for params in _junk(sorted(keys)):
        response = client.post(url, params)
        assert response.status_code < 500, (url, params)
        url = _url(name, cast)  # a remove or archive may have taken the object away
