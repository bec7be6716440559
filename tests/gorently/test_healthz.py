"""GET /healthz: what load balancers poll to know whether this instance can serve."""

import pytest
from django.db import DatabaseError, OperationalError
from django.urls import reverse

pytestmark = pytest.mark.django_db


class _BrokenConnection:
    """Stands in for `django.db.connection` when the database does not answer."""

    def __init__(self, error):
        self.error = error

    def cursor(self):
        raise self.error


def test_reports_ok_while_the_database_answers(client):
    response = client.get(reverse("healthz"))

    assert response.status_code == 200
    assert response.json() == {"status": "ok", "database": "ok"}


def test_is_never_cached(client):
    response = client.get(reverse("healthz"))

    assert "no-cache" in response["Cache-Control"]


@pytest.mark.parametrize("error", [DatabaseError("gone"), OperationalError("connection refused")])
def test_reports_503_when_the_database_does_not_answer(client, monkeypatch, error):
    monkeypatch.setattr("gorently.views.connection", _BrokenConnection(error))

    response = client.get(reverse("healthz"))

    assert response.status_code == 503
    assert response.json() == {"status": "error", "database": "unreachable"}


def test_refuses_other_methods(client):
    assert client.post(reverse("healthz")).status_code == 405
