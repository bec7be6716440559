"""The OpenAPI schema committed in docs/openapi.yaml is the one the code generates: an API change shows in review.

After changing the API: `make schema`, and commit docs/openapi.yaml with the change.
"""

from io import StringIO
from pathlib import Path

import pytest
from django.core.management import call_command
from django.urls import reverse

COMMITTED = Path(__file__).resolve().parents[2] / "docs" / "openapi.yaml"


def generated():
    out = StringIO()
    call_command("spectacular", "--validate", "--fail-on-warn", stdout=out)
    return out.getvalue()


def test_the_committed_schema_is_what_the_code_generates():
    assert generated() == COMMITTED.read_text(), "The API changed: run `make schema` and commit docs/openapi.yaml."


@pytest.mark.django_db
def test_the_schema_and_the_docs_are_served_without_signing_in(client):
    schema = client.get(reverse("api_schema"))
    docs = client.get(reverse("api_docs"))

    assert schema.status_code == 200 and b"GoRently API" in schema.content
    assert docs.status_code == 200
    # Swagger UI comes from the installed sidecar package, never from a CDN.
    assert b"cdn" not in docs.content.lower() and b"/static/drf_spectacular_sidecar/" in docs.content
    assert b'<style nonce="' in docs.content  # the site's CSP allows no inline style without it
