"""Schemathesis, in-process against the WSGI application: requests generated from the OpenAPI
schema, for every operation, as a national user, a district methodist and a teacher; no
answer is a server error and every answer conforms to the schema. Few examples per operation,
so that it stays under a minute on SQLite."""

import pytest
import schemathesis
from django.core import signals
from django.db import close_old_connections
from hypothesis import HealthCheck, given, settings
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import response_schema_conformance

from cheber.api.tests.conftest import bearer, token_for
from config.wsgi import application

EXAMPLES = 3
CHECKS = [not_a_server_error, response_schema_conformance]


def _operations():
    schema = schemathesis.openapi.from_wsgi("/api/v1/openapi.json", application)
    return [result.ok() for result in schema.get_all_operations()]


@pytest.fixture
def connection_kept():
    """The WSGI application, called directly, would close the test's database connection at
    the end of each request (PostgreSQL's; SQLite's in memory stays); Django's test client
    keeps it the same way."""
    for signal in (signals.request_started, signals.request_finished):
        signal.disconnect(close_old_connections)
    yield
    for signal in (signals.request_started, signals.request_finished):
        signal.connect(close_old_connections)


@pytest.mark.parametrize("role", ["institute", "methodist", "teacher"])
@pytest.mark.usefixtures("connection_kept")
def test_no_answer_is_a_server_error_or_outside_the_schema(place, role, settings_media):
    headers = {"Authorization": bearer(token_for(getattr(place, role)))["HTTP_AUTHORIZATION"]}
    failures, calls = [], []
    operations = _operations()

    for operation in operations:

        @settings(max_examples=EXAMPLES, deadline=None, database=None, derandomize=True,
                  suppress_health_check=list(HealthCheck))  # fmt: skip
        @given(case=operation.as_strategy())
        def run(case):
            response = case.call(headers=headers)
            calls.append(response.status_code)
            case.validate_response(response, checks=CHECKS)

        try:
            run()
        except (
            BaseException
        ) as error:  # (an exception group) collected, so that one run names every failing operation
            failures.append(f"{operation.label}: {str(error)[:600]}")

    assert failures == []
    assert len(operations) >= 40
    assert len(calls) >= len(operations)


@pytest.fixture
def settings_media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    settings.CHEBER_API_RATE = (100_000, 60)


def test_the_schema_is_valid_openapi_and_an_invalid_one_is_told(client):
    served = client.get("/api/v1/openapi.json").json()
    broken = {**served, "paths": {"/x": {"get": {"responses": "none"}}}}

    schemathesis.openapi.from_dict(served).validate()  # the OpenAPI 3 meta-schema

    assert served["openapi"].startswith("3.") and len(served["paths"]) > 30
    with pytest.raises(Exception, match="responses|none"):
        schemathesis.openapi.from_dict(broken).validate()
