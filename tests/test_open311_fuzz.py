"""Property-based fuzzing of /open311/v2/ from its own OpenAPI document (schemathesis), like
tests/test_schema_fuzz.py does for /api/v1/.

Every operation of events/open311/openapi.py gets up to MAX_EXAMPLES generated requests, valid
and invalid, sent in-process to the Django WSGI application. POST requests carry a real
client's api_key in their form body, so that they get past the key check to the form's own
checks and sometimes file a case. Each answer must not be a server error, must use a status
code and content type the document declares; a JSON body must match its schema, an XML body
must be well-formed, and a refused POST must have stored nothing. Everything runs inside the
test's rolled-back transaction.
"""

from xml.etree import ElementTree

import pytest
import schemathesis
from django.core.handlers.wsgi import WSGIHandler
from hypothesis import HealthCheck, settings
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from events.models import Case
from events.open311.models import ApiClient

pytestmark = [pytest.mark.django_db,
              pytest.mark.usefixtures("wsgi_keeps_the_test_connection")]
MAX_EXAMPLES = 30
XML_ROOTS = {"discovery", "services", "service_definition", "service_requests", "errors"}


@schemathesis.check
def xml_is_well_formed(ctx, response, case):
    """Schemathesis checks JSON bodies against the schema; an XML body must at least parse,
    with one of the specification's root elements."""
    content_type = next(iter(response.headers.get("content-type", [])), "")
    if content_type.startswith("text/xml"):
        root = ElementTree.fromstring(response.content)
        assert root.tag in XML_ROOTS, root.tag
    return None


CHECKS = [not_a_server_error, status_code_conformance, content_type_conformance,
          response_schema_conformance, xml_is_well_formed]

# Loaded at collection, as in tests/test_schema_fuzz.py: the document needs no database.
schema = schemathesis.openapi.from_wsgi("/open311/v2/openapi.json", WSGIHandler())
FUZZ = settings(max_examples=MAX_EXAMPLES, deadline=None, derandomize=True,
                suppress_health_check=list(HealthCheck))



@pytest.fixture
def api_key(db) -> str:
    return ApiClient.objects.get_or_create(name="fuzz")[0].key


@schema.parametrize()
@FUZZ
def test_every_open311_answer_is_no_server_error_and_matches_the_schema(db, case, api_key):
    if case.method == "POST" and isinstance(case.body, dict):
        case.body["api_key"] = api_key
    before = Case.objects.count()
    response = case.call()
    case.validate_response(response, checks=CHECKS)
    if response.status_code >= 400:
        assert Case.objects.count() == before, "a refused request stored a case"
