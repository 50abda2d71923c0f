"""The OpenAPI document of /open311/v2/: served, valid OpenAPI 3.0, and its paths exactly the
URL conf's (tests/test_open311_fuzz.py fuzzes the endpoint from it)."""

import re

import schemathesis
from django.urls import resolve

from events.open311 import urls
from events.open311.guards import MAX_BODY_BYTES
from tests.open311.conftest import BASE

SAMPLES = {"format": "json", "service_code": "01001", "service_request_id": "20261123-000001",
           "token_id": "20261123-000001"}


def document(web) -> dict:
    response = web.get(BASE + "openapi.json")
    assert response.status_code == 200 and response["Content-Type"] == "application/json"
    return response.json()


def test_the_document_is_served_and_is_valid_openapi_3(web, db):
    spec = document(web)
    assert spec["openapi"].startswith("3.0")
    assert spec["servers"] == [{"url": "http://testserver/open311/v2"}]
    schemathesis.openapi.from_dict(spec).validate()  # the OpenAPI 3.0 meta-schema


def test_every_path_of_the_document_resolves_to_the_view_it_names(web, db):
    spec = document(web)
    named = {pattern.name for pattern in urls.urlpatterns
             if pattern.name and pattern.name not in ("open311-root", "open311-openapi")}
    seen = set()
    for path, operations in spec["paths"].items():
        url = re.sub(r"\{(\w+)\}", lambda m: SAMPLES[m[1]], path)
        match = resolve(BASE.rstrip("/") + url)
        assert match.url_name in named, path
        seen.add(match.url_name)
        for method, operation in operations.items():
            declared = {p["name"] for p in operation["parameters"] if p["in"] == "path"}
            assert declared == set(re.findall(r"\{(\w+)\}", path)), (path, method)
    assert seen == named


def test_the_document_declares_the_error_list_and_the_body_limit(web, db):
    spec = document(web)
    post = spec["paths"]["/requests.{format}"]["post"]
    # 409 and 422: an Idempotency-Key still in progress, or reused for another request.
    assert set(post["responses"]) == {"201", "400", "403", "404", "409", "413", "422"}
    assert "Idempotency-Key" in [p["name"] for p in post["parameters"] if p["in"] == "header"]
    assert "application/x-www-form-urlencoded" in post["requestBody"]["content"]
    assert str(MAX_BODY_BYTES) in spec["components"]["responses"]["Error413"]["description"]
    for operations in spec["paths"].values():
        for operation in operations.values():
            assert {"400", "404"} <= set(operation["responses"])
