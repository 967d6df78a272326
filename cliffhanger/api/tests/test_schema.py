"""
The served OpenAPI schema is valid 3.1, and every operation in it answers,
for whatever inputs schemathesis generates from it, with a response that
matches the schema and never a server error.
"""

from datetime import date

import pytest
import schemathesis
from django.core.signals import request_finished, request_started
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections
from django.test import override_settings
from hypothesis import HealthCheck, given, settings
from openapi_spec_validator import validate
from openapi_spec_validator.validation.validators import OpenAPIV31SpecValidator

from cliffhanger.discussion.tests.factories import make_comment
from cliffhanger.tracker.models import SeasonStatus
from cliffhanger.tracker.tests.factories import StatementFactory


def test_the_served_schema_is_valid_openapi_3_1(client, db):
    response = client.get("/api/v1/schema/?format=json")
    assert response.status_code == 200
    schema = response.json()
    assert schema["openapi"] == "3.1.0"
    validate(schema, cls=OpenAPIV31SpecValidator)
    assert "/api/v1/seasons/" in schema["paths"]
    assert not any(path.startswith("/admin/") for path in schema["paths"])


def test_the_reference_page_is_served(client, db):
    page = client.get("/api/v1/docs/")
    assert page.status_code == 200
    assert b"swagger-ui" in page.content
    script = client.get("/api/v1/docs/?script=")
    assert script.status_code == 200
    assert b"/api/v1/schema/" in script.content


@pytest.fixture
def connections_kept():
    """As Django's test client does: a WSGI call must not close the test's
    connection at the end of its request (it is inside the test's transaction)."""
    signals = (request_started, request_finished)
    for signal in signals:
        signal.disconnect(close_old_connections)
    yield
    for signal in signals:
        signal.connect(close_old_connections)


@pytest.fixture
def open_data(prediction, record, django_capture_on_commit_callbacks):
    """One of everything, so generated requests find real rows."""
    with django_capture_on_commit_callbacks(execute=True):
        record(prediction.season, SeasonStatus.CANCELLED, date(2022, 11, 8))
    StatementFactory(show=prediction.show)
    make_comment(prediction.article, body="Called it.")


@override_settings(API_ANONYMOUS_REQUESTS_PER_MINUTE=100_000)
def test_every_operation_matches_its_schema(open_data, connections_kept):
    schema = schemathesis.openapi.from_wsgi(
        "/api/v1/schema/?format=json", get_wsgi_application()
    )
    operations = [result.ok() for result in schema.get_all_operations()]
    assert len(operations) == 11  # five lists, five details, comments
    for operation in operations:

        @given(case=operation.as_strategy())
        @settings(
            max_examples=12,
            deadline=None,
            database=None,
            derandomize=True,
            suppress_health_check=list(HealthCheck),
        )
        def answers_as_documented(case):
            # The WSGI transport does not unzip what TextGZipMiddleware zips.
            case.call_and_validate(headers={"Accept-Encoding": "identity"})

        answers_as_documented()
