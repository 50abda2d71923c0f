"""The OpenAPI document declares the error answers the API really gives (common/api_errors.py),
so that clients, and the schema fuzzing in the tests, can hold every answer to it.

Every operation, unless its view declares otherwise:

- 400: {"detail": "..."} (an unreadable request) or field errors, {"field": ["message", ...]},
  where a list's items are keyed by position ({"photos": {"0": ["message"]}}). A view that
  declares its own 400 keeps it, with field errors as the alternative.
- 401 (only where the first authentication scheme can challenge a client; session
  authentication cannot, so DRF answers 403 to missing or wrong credentials), 403, and 404
  where the path has parameters or the list is paginated: {"detail": "..."}.
- 413 and 415 where there is a request body: {"detail": "..."}.
"""

from drf_spectacular.openapi import AutoSchema
from drf_spectacular.plumbing import ResolvedComponent
from rest_framework import serializers

JSON = "application/json"
DESCRIPTIONS = {
    "400": "The request cannot be read, or fields are invalid (field errors).",
    "401": "Authentication is needed (WWW-Authenticate names the scheme).",
    "403": "Missing or wrong credentials, or no permission for this.",
    "404": "Nothing here (an unknown id, a page past the end, a URL matching no endpoint).",
    "413": "The request body is too large.",
    "415": "The request body has a media type this operation does not read.",
}
FIELD_MESSAGES = {"type": "array", "items": {"type": "string"}}
VALIDATION_ERROR = {
    "type": "object",
    "description": "Field errors: each invalid field (or non_field_errors) with its messages; "
                   "the items of a list field keyed by their position.",
    "minProperties": 1,
    "additionalProperties": {"anyOf": [
        FIELD_MESSAGES, {"type": "object", "additionalProperties": FIELD_MESSAGES}]},
}


class ErrorSerializer(serializers.Serializer):
    """Every refusal that is not field errors: {"detail": "..."} in the client's language."""

    detail = serializers.CharField()


class ErrorsAutoSchema(AutoSchema):
    def get_operation(self, *args, **kwargs):
        operation = super().get_operation(*args, **kwargs)
        if operation is None:
            return None
        responses = operation["responses"]
        responses["400"] = self._bad_request(responses.get("400"))
        for code in self._detail_codes(operation):
            responses.setdefault(code, self._answer(code, self._error_ref()))
        return operation

    def _detail_codes(self, operation) -> list[str]:
        codes = ["403"]
        if self._can_challenge():
            codes.append("401")
        if "{" in self.path or (self._is_list_view() and self._get_paginator()):
            codes.append("404")
        if "requestBody" in operation:
            codes += ["413", "415"]
        return codes

    def _can_challenge(self) -> bool:
        authenticators = self.view.get_authenticators()
        request = getattr(self.view, "request", None)
        return bool(authenticators and authenticators[0].authenticate_header(request))

    def _bad_request(self, declared: dict | None) -> dict:
        schema = declared["content"][JSON]["schema"] if declared else self._error_ref()
        answer = self._answer("400", {"anyOf": [schema, self._validation_error_ref()]})
        if declared and declared.get("description"):
            answer["description"] = declared["description"]
        return answer

    def _answer(self, code: str, schema: dict) -> dict:
        return {"description": DESCRIPTIONS[code], "content": {JSON: {"schema": schema}}}

    def _error_ref(self) -> dict:
        return self.resolve_serializer(ErrorSerializer, "response").ref

    def _validation_error_ref(self) -> dict:
        component = ResolvedComponent(name="ValidationError", type=ResolvedComponent.SCHEMA,
                                      object="ValidationError", schema=VALIDATION_ERROR)
        self.registry.register_on_missing(component)
        return component.ref
