"""Schemathesis, in process, over every operation of the schema the app serves (the committed one:
tests/api/test_schema.py): no request makes the API answer 500, and every answer matches the schema
(status, headers, body). Part of `make test`; bounded in examples."""

import pytest
import schemathesis
from django.core.wsgi import get_wsgi_application
from hypothesis import HealthCheck, settings

from accounts.api_access import PerKeyThrottle

APP = get_wsgi_application()
SCHEMA = schemathesis.openapi.from_wsgi("/api/schema/", APP)

pytestmark = pytest.mark.django_db


@pytest.fixture
def unthrottled(monkeypatch):
    monkeypatch.setattr(PerKeyThrottle, "THROTTLE_RATES", {"api": "1000000/min"})


@SCHEMA.parametrize()
@settings(max_examples=30, deadline=None, suppress_health_check=list(HealthCheck))
def test_the_api_keeps_to_its_schema(case, keys, unthrottled):
    # Schema-valid is not always acceptable: check-out after check-in, a stay the key does not see, WhatsApp's
    # 24-hour window are rules no schema states, and they answer 400 with `fields`, which the schema documents.
    case.call_and_validate(
        headers={"Authorization": f"Bearer {keys.write}"},
        excluded_checks=[schemathesis.checks.positive_data_acceptance],
    )
