"""Schemathesis against the committed ``openapi.yaml``: every operation, called in-process
through the WSGI application on the test database as an official with a token, with generated
(valid and invalid) input. No answer may be a server error, and every answer must be one the
schema documents, with the documented media type and body.

20 examples per operation, derandomized (the same ones every run); a deeper search by hand:
``MOTCUA_SCHEMATHESIS_EXAMPLES=500 python -m motcua.testing.suite tests/api/test_schemathesis.py``."""

import os
from pathlib import Path

import pytest
import schemathesis
from hypothesis import HealthCheck, settings
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance, response_schema_conformance, status_code_conformance,
)

from motcua.accounts.services import issue_api_token
from motcua.config.wsgi import application
from tests.dossiers.scenario import at_counter, processing_online, transfer, vn

#: Fuzzing the API matters most on production's database; it took a minute and more per pass.
pytestmark = pytest.mark.one_backend("postgresql")
SCHEMA = schemathesis.openapi.from_path(Path(__file__).resolve().parents[2] / "openapi.yaml")
CHECKS = [not_a_server_error, status_code_conformance, content_type_conformance, response_schema_conformance]


@pytest.fixture
def official_token(world, in_test_transaction):
    """A leader of the commune People's Committee, and a few dossiers for the routes to find."""
    transfer(world, at_counter(world, world.birth, vn(2026, 3, 2, 9, 0)), vn(2026, 3, 2, 9, 30))
    processing_online(world)
    return issue_api_token(world.users["commune_chair"], "schemathesis")


@pytest.fixture
def in_test_transaction():
    """Keep the test's database connection across requests, as Django's test client does: the
    WSGI handler would otherwise close it at the end of each request (inside the test's
    transaction, on PostgreSQL)."""
    from django.core.signals import request_finished, request_started
    from django.db import close_old_connections

    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    yield
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


@SCHEMA.parametrize()
@settings(max_examples=int(os.environ.get("MOTCUA_SCHEMATHESIS_EXAMPLES", "20")), derandomize=True, deadline=None, database=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow,
                                 HealthCheck.filter_too_much, HealthCheck.data_too_large])
def test_the_api_keeps_to_its_schema(case, official_token):
    case.call_and_validate(app=application, headers={"Authorization": f"Bearer {official_token}"}, checks=CHECKS)
