"""The OpenAPI 3 description of /open311/v2/, served at /open311/v2/openapi.json.

GeoReport v2 has no machine-readable schema of its own; this one describes our endpoint as it
answers (so civic client developers can generate clients, and tests/test_open311_fuzz.py can
fuzz it). It is maintained by hand here, next to the views: change it with them.
tests/open311/test_openapi.py checks that its paths are exactly the URL conf's.

Every path ends in .{format}: json or xml, the same data in the specification's two encodings
(the XML element names are given in `xml` objects). Errors are always the specification's
error list, HTTP status and `code` alike.
"""

from django.conf import settings

from events.open311.guards import MAX_BODY_BYTES
from events.open311.query import MAX_PAGE, MAX_PAGE_SIZE, STATUSES
from events.open311.selectors import SPECIFICATION
from events.open311.services import DESCRIPTION_MAX

JSON, XML = "application/json", "text/xml"
_FORMAT = {"name": "format", "in": "path", "required": True,
           "description": "json or xml: the encoding of the answer.",
           "schema": {"type": "string", "enum": ["json", "xml"]}}
_JURISDICTION = {"name": "jurisdiction_id", "in": "query", "required": False,
                 "description": "Optional: this endpoint serves one jurisdiction; any other "
                                "is 404.", "schema": {"type": "string"}}


def _string(description: str = "", **extra) -> dict:
    return {"type": "string", **({"description": description} if description else {}), **extra}


def _nullable(schema: dict) -> dict:
    return {**schema, "nullable": True}


def _list_of(ref: str, root: str, item: str) -> dict:
    return {"type": "array", "items": {"$ref": f"#/components/schemas/{ref}",
                                       "xml": {"name": item}},
            "xml": {"name": root, "wrapped": True}}


def _answer(description: str, schema: dict) -> dict:
    return {"description": description,
            "content": {JSON: {"schema": schema}, XML: {"schema": schema}}}


_ERRORS = {400: "A parameter is missing or malformed.",
           403: "Missing or invalid api_key.",
           404: "Not found (or an unknown jurisdiction_id).",
           409: "A request with this Idempotency-Key is still being filed; retry shortly.",
           413: f"The form body is larger than {MAX_BODY_BYTES} bytes.",
           422: "This Idempotency-Key was already used for a different request."}
_IDEMPOTENCY_KEY = {
    "name": "Idempotency-Key", "in": "header", "required": False,
    "description": "Optional, 1 to 255 printable ASCII characters (a UUID does). A request "
                   "repeated with the same key, from the same api_key and client address, "
                   "within 7 days is not filed again: it answers the first answer (header "
                   "Idempotent-Replayed: true). The same key with another request is 422.",
    "schema": {"type": "string", "minLength": 1, "maxLength": 255, "pattern": "^[ -~]+$"}}


def _errors(*statuses: int) -> dict:
    return {str(status): {"$ref": f"#/components/responses/Error{status}"}
            for status in statuses}


def _error_responses() -> dict:
    errors = _list_of("Error", "errors", "error")
    return {f"Error{status}": _answer(text, errors) for status, text in _ERRORS.items()}


def _operation(operation_id: str, summary: str, parameters: list, ok: dict,
               errors=(400, 404), **extra) -> dict:
    return {"operationId": operation_id, "summary": summary,
            "parameters": [_FORMAT, *parameters, _JURISDICTION],
            "responses": {**ok, **_errors(*errors)}, **extra}


def _comma_list(name: str, description: str, **schema) -> dict:
    return {"name": name, "in": "query", "required": False, "description": description,
            "schema": {"type": "string", **schema}}


def _request_filters() -> list[dict]:
    return [
        _comma_list("service_request_id", "Comma-separated tracking numbers; overrides "
                    "every other filter.", example="20261123-000001"),
        _comma_list("service_code", "Comma-separated service codes.", example="01001"),
        {"name": "start_date", "in": "query", "required": False,
         "description": "W3C date-time, e.g. 2026-11-01T00:00:00+08:00. Without dates: the "
                        "last 90 days; a window spans at most 90 days.",
         "schema": {"type": "string", "format": "date-time"}},
        {"name": "end_date", "in": "query", "required": False,
         "description": "W3C date-time; not before start_date.",
         "schema": {"type": "string", "format": "date-time"}},
        _comma_list("status", "open, closed, or both comma-separated.",
                    enum=[*STATUSES, ",".join(STATUSES)]),
        {"name": "page", "in": "query", "required": False,
         "description": "Paging extension: the page, from 1.",
         "schema": {"type": "integer", "minimum": 1, "maximum": MAX_PAGE, "default": 1}},
        {"name": "page_size", "in": "query", "required": False,
         "description": "Paging extension: requests per page.",
         "schema": {"type": "integer", "minimum": 1, "maximum": MAX_PAGE_SIZE,
                    "default": MAX_PAGE_SIZE}},
    ]


def _post_form() -> dict:
    number = {"type": "number"}
    properties = {
        "api_key": _string("The client's key, issued by the platform's administrators."),
        "jurisdiction_id": _string(),
        "service_code": _string("A service_code from the service list.", example="01001"),
        "lat": {**number, "minimum": -90, "maximum": 90, "example": 23.0301,
                "description": "WGS84 latitude; with long, or send address_string."},
        "long": {**number, "minimum": -180, "maximum": 180, "example": 113.1214,
                 "description": "WGS84 longitude."},
        "address_string": _string(
            "The address, when there is no point: placed at the standard address it names "
            "(a match of at least GEOCODE_MIN_SCORE), else dispatched by hand.", maxLength=200),
        "address_id": _string("A standard address code (地址编码) of the register, when there "
                              "is no point; an unknown code is refused with 400."),
        "email": _string("Accepted, not stored."),
        "device_id": _string(maxLength=100),
        "account_id": _string(maxLength=100),
        "first_name": _string("Accepted, not stored."),
        "last_name": _string("Accepted, not stored."),
        "phone": _string("A mainland China number.", example="13812345678"),
        "description": _string(maxLength=DESCRIPTION_MAX),
        "media_url": _string("An http or https URL of a photo.", format="uri",
                             maxLength=500),
    }
    return {"type": "object", "required": ["api_key", "service_code"],
            "properties": properties,
            "description": "Answers to the service definition come as attribute[CODE]=value "
                           "(attribute[CODE][]=value, repeated, for a multivaluelist).",
            "additionalProperties": {"type": "string"}}


def _paths() -> dict:
    service_code = {"name": "service_code", "in": "path", "required": True,
                    "schema": {"type": "string", "example": "01001"}}
    request_id = {"name": "service_request_id", "in": "path", "required": True,
                  "schema": {"type": "string", "example": "20261123-000001"}}
    token_id = {"name": "token_id", "in": "path", "required": True,
                "schema": {"type": "string"}}
    requests = _list_of("ServiceRequest", "service_requests", "request")
    return {
        "/discovery.{format}": {"get": _operation(
            "discovery", "Endpoints, formats and contacts.", [],
            {"200": _answer("Discovery.", {"$ref": "#/components/schemas/Discovery",
                                           "xml": {"name": "discovery"}})}, errors=(400, 404))},
        "/services.{format}": {"get": _operation(
            "services", "The service list: what can be reported.", [],
            {"200": _answer("Services.", _list_of("Service", "services", "service"))},
            errors=(400, 404))},
        "/services/{service_code}.{format}": {"get": _operation(
            "service_definition", "The extra questions (attributes) of a service.",
            [service_code],
            {"200": _answer("Service definition.", {
                "$ref": "#/components/schemas/ServiceDefinition",
                "xml": {"name": "service_definition"}})}, errors=(400, 404))},
        "/requests.{format}": {
            "get": _operation("requests", "Service requests, newest first.",
                              _request_filters(), {"200": _answer("Requests.", requests)}),
            "post": _operation(
                "request_create", "File a service request (needs an api_key).",
                [{"name": "api_key", "in": "query", "required": False,
                  "description": "For old clients only: send api_key in the form body. "
                                 "A key in the URL is masked in the access log.",
                  "schema": {"type": "string"}}, _IDEMPOTENCY_KEY],
                {"201": _answer("The new request's tracking number.",
                                _list_of("Created", "service_requests", "request"))},
                errors=(400, 403, 404, 409, 413, 422),
                requestBody={"required": True, "content": {
                    "application/x-www-form-urlencoded": {"schema": _post_form()}}}),
        },
        "/requests/{service_request_id}.{format}": {"get": _operation(
            "request", "One service request.", [request_id],
            {"200": _answer("A list of one request.", requests)}, errors=(400, 404))},
        "/tokens/{token_id}.{format}": {"get": _operation(
            "token", "The request a token stands for (requests are created at once: the "
            "token is the service_request_id).", [token_id],
            {"200": _answer("A list of one request id.", _list_of(
                "Token", "service_requests", "request"))}, errors=(400, 404))},
    }


def _object(properties: dict, nullable=()) -> dict:
    return {"type": "object", "required": list(properties),
            "properties": {name: _nullable(schema) if name in nullable else schema
                           for name, schema in properties.items()}}


def _schemas() -> dict:
    text, moment = {"type": "string"}, {"type": "string", "format": "date-time"}
    number, boolean = {"type": "number"}, {"type": "boolean"}
    return {
        "Error": _object({"code": {"type": "integer"}, "description": text}),
        "Discovery": _object({
            "changeset": text, "contact": text, "key_service": text,
            "endpoints": {"type": "array", "xml": {"wrapped": True}, "items": _object({
                "specification": text, "url": text, "changeset": text,
                "type": {"type": "string", "enum": ["production", "test"]},
                "formats": {"type": "array", "items": {**text, "xml": {"name": "format"}},
                            "xml": {"wrapped": True}},
            }) | {"xml": {"name": "endpoint"}}},
        }),
        "Service": _object({
            "service_code": text, "service_name": text, "description": text,
            "metadata": boolean, "type": {"type": "string", "enum": ["realtime", "batch",
                                                                      "blackbox"]},
            "keywords": text, "group": text}),
        "ServiceDefinition": _object({
            "service_code": text,
            "attributes": {"type": "array", "xml": {"wrapped": True}, "items": {
                "$ref": "#/components/schemas/Attribute", "xml": {"name": "attribute"}}}}),
        "Attribute": _object({
            "variable": boolean, "code": text,
            "datatype": {"type": "string", "enum": ["string", "number", "datetime", "text",
                                                    "singlevaluelist", "multivaluelist"]},
            "required": boolean, "datatype_description": text,
            "order": {"type": "integer"}, "description": text,
            "values": {"type": "array", "xml": {"wrapped": True}, "items": _object(
                {"key": text, "name": text}) | {"xml": {"name": "value"}}},
        }, nullable={"datatype_description"}),
        "ServiceRequest": _object({
            "service_request_id": text, "status": {"type": "string", "enum": list(STATUSES)},
            "status_notes": text, "service_name": text, "service_code": text,
            "description": text, "agency_responsible": text, "service_notice": text,
            "requested_datetime": moment, "updated_datetime": moment,
            "expected_datetime": moment, "address": text, "address_id": text,
            "zipcode": text, "lat": number, "long": number, "media_url": text,
        }, nullable={"status_notes", "description", "agency_responsible", "expected_datetime",
                     "address", "address_id", "zipcode", "lat", "long", "media_url"}),
        "Created": _object({"service_request_id": text, "service_notice": text,
                            "account_id": text}, nullable={"account_id"}),
        "Token": _object({"service_request_id": text, "token": text}),
    }


def document(endpoint_url: str) -> dict:
    """The OpenAPI document, its server being `endpoint_url` (…/open311/v2)."""
    return {
        "openapi": "3.0.3",
        "info": {
            "title": "Open311 GeoReport v2",
            "version": settings.OPEN311_CHANGESET,
            "description": f"The GeoReport v2 endpoint ({SPECIFICATION}) of the grid "
                           "governance platform, with the paging extension. Errors are the "
                           "specification's error list, in Chinese; in English with "
                           "Accept-Language: en.",
        },
        "servers": [{"url": endpoint_url}],
        "paths": _paths(),
        "components": {"schemas": _schemas(), "responses": _error_responses()},
    }
