"""DRF's parsers, answering every body they cannot read with a 400 {"detail": ...} in the
client's language (DRF's own messages for these are English only). Refusals Django raises
while reading a body (too many fields, too large) are answered by common.api_errors."""

from django.utils.translation import gettext as _
from rest_framework.exceptions import ParseError
from rest_framework.parsers import JSONParser, MultiPartParser


class SafeJSONParser(JSONParser):
    """DRF's JSON parser, answering 400 instead of crashing on pathologically nested JSON."""

    def parse(self, stream, media_type=None, parser_context=None):
        try:
            return super().parse(stream, media_type, parser_context)
        except RecursionError:
            raise ParseError(_("JSON nested too deeply.")) from None
        except ParseError as error:
            reason = str(error.detail).removeprefix("JSON parse error - ")
            raise ParseError(_("The request body is not valid JSON (%(reason)s).") % {
                "reason": reason}) from None


class SafeMultiPartParser(MultiPartParser):
    def parse(self, stream, media_type=None, parser_context=None):
        try:
            return super().parse(stream, media_type, parser_context)
        except ParseError:
            raise ParseError(_("The multipart form body is malformed.")) from None
