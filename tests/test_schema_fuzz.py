"""Property-based fuzzing of /api/v1/ from its own OpenAPI schema (schemathesis).

Every operation of the schema gets up to MAX_EXAMPLES generated requests, valid and invalid,
sent in-process to the Django WSGI application (no server, no network), authenticated as the
shift leader so that the scoped endpoints answer with data. Each answer must not be a server
error, must use a status code and content type the schema declares, and its body must match the
schema: error answers included (common/openapi.py declares them), with no exceptions listed.
Everything runs inside the test's rolled-back transaction. The endpoint that once crashed (on a
malformed bbox, now fixed) is fuzzed in a test of its own. tests/test_schema_live.py runs the
same schema against gunicorn.
"""

import pytest
import schemathesis
from django.contrib.auth import get_user_model
from django.core.handlers.wsgi import WSGIHandler
from hypothesis import HealthCheck, settings
from rest_framework.authtoken.models import Token
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_schema_conformance,
    status_code_conformance,
)

MAX_EXAMPLES = 25
ACTION_PATH = "/api/v1/cases/{tracking_number}/actions/{action_name}/"
CRASHING = "/api/v1/stats/open"  # fuzzed on its own: it once crashed on bbox=1,2,3..4,5
CHECKS = [not_a_server_error, status_code_conformance, content_type_conformance,
          response_schema_conformance]

# Loaded at collection: the schema view needs no database. (A lazy schema from a fixture would
# fit better, but schemathesis 4.32's lazy loader breaks on pytest 9.2.) The WSGI handler is
# made directly: governance.wsgi would run django.setup() again, which re-applies LOGGING and
# so replaces the log handlers (and their filters) that other tests check.
schema = schemathesis.openapi.from_wsgi("/api/v1/schema/?format=json", WSGIHandler())
FUZZ = settings(max_examples=MAX_EXAMPLES, deadline=None, derandomize=True,
                suppress_health_check=list(HealthCheck))


pytestmark = pytest.mark.usefixtures("wsgi_keeps_the_test_connection")


@pytest.fixture
def leader_token(db) -> str:
    leader = get_user_model().objects.get(username="leader")
    return Token.objects.get_or_create(user=leader)[0].key


@schema.exclude(path=CRASHING).parametrize()
@FUZZ
def test_every_api_answer_is_no_server_error_and_matches_the_schema(db, case, leader_token):
    case.call_and_validate(headers={"Authorization": f"Token {leader_token}"}, checks=CHECKS)


@schema.include(path=CRASHING).parametrize()
@FUZZ
def test_the_open_cases_map_answers_within_its_schema(db, case, leader_token):
    case.call_and_validate(headers={"Authorization": f"Token {leader_token}"}, checks=CHECKS)


@pytest.mark.parametrize("body", [
    {},  # the workflow's own check: {"reason": ["..."]}
    {"reason": "误报", "photos": ["不是文件"]},  # a list's item: {"photos": {"0": ["..."]}}
])
def test_an_actions_field_errors_match_its_documented_400(db, file_case, leader_token, body):
    case = schema[ACTION_PATH]["POST"].Case(
        path_parameters={"tracking_number": file_case().tracking_number, "action_name": "void"},
        body=body, media_type="application/json")
    response = case.call_and_validate(headers={"Authorization": f"Token {leader_token}"},
                                      checks=CHECKS)
    assert response.status_code == 400
