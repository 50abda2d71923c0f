"""Discovery, the service list, service definitions and the error list, in JSON and XML, against
the shapes of the GeoReport v2 specification's own examples."""

import pytest

from taxonomy.models import Subcategory
from tests.open311.conftest import BASE, json_, tags, xml

SERVICE_FIELDS = ["service_code", "service_name", "description", "metadata", "type",
                  "keywords", "group"]
ATTRIBUTE_FIELDS = ["variable", "code", "datatype", "required", "datatype_description",
                    "order", "description", "values"]


def test_discovery_names_the_endpoint_and_both_formats_in_json(web, db):
    body = json_(web.get(BASE + "discovery.json"))
    assert list(body) == ["changeset", "contact", "key_service", "endpoints"]
    (endpoint,) = body["endpoints"]
    assert endpoint["specification"] == "http://wiki.open311.org/GeoReport_v2"
    assert endpoint["url"] == "http://testserver/open311/v2"
    assert endpoint["type"] == "production"
    assert endpoint["formats"] == ["text/xml", "application/json"]


def test_discovery_in_xml_repeats_endpoint_and_format_elements(web, db):
    root = xml(web.get(BASE + "discovery.xml"))
    assert root.tag == "discovery"
    assert tags(root) == ["changeset", "contact", "key_service", "endpoints"]
    endpoint = root.find("endpoints/endpoint")
    assert tags(endpoint) == ["specification", "url", "changeset", "type", "formats"]
    assert [f.text for f in endpoint.findall("formats/format")] == ["text/xml",
                                                                   "application/json"]


def test_every_subcategory_is_a_realtime_service_with_string_codes(web, db):
    services = json_(web.get(BASE + "services.json"))
    assert len(services) == Subcategory.objects.count() == 133
    assert all(list(service) == SERVICE_FIELDS for service in services)
    manhole = next(s for s in services if s["service_code"] == "01001")
    assert manhole["service_name"] == "井盖丢失"
    assert manhole["group"] == "市政公用设施"
    assert manhole["type"] == "realtime" and manhole["metadata"] is True
    assert "窨井盖, 下水道盖" in manhole["keywords"]


def test_the_service_list_in_xml_has_a_service_element_per_subcategory(web, db):
    root = xml(web.get(BASE + "services.xml"))
    assert root.tag == "services"
    assert len(root) == 133 and {child.tag for child in root} == {"service"}
    first = root[0]
    assert tags(first) == SERVICE_FIELDS
    assert first.findtext("service_code") == "01001"
    assert first.findtext("metadata") == "true"


def test_english_clients_get_english_service_names_with_the_language_cookie(web, db):
    web.cookies["django_language"] = "en"
    manhole = json_(web.get(BASE + "services.json"))[0]
    assert manhole["service_name"] == "Missing manhole cover"
    assert manhole["group"] == "Municipal utilities"


def test_a_service_definition_lists_its_attributes_in_order(web, db):
    definition = json_(web.get(BASE + "services/01001.json"))
    assert list(definition) == ["service_code", "attributes"]
    assert definition["service_code"] == "01001"
    attributes = definition["attributes"]
    assert all(list(a) == ATTRIBUTE_FIELDS for a in attributes)
    assert [a["order"] for a in attributes] == list(range(1, len(attributes) + 1))
    detail = attributes[0]
    assert detail["code"] == "ADDRESS_DETAIL" and detail["datatype"] == "string"
    assert detail["required"] is False and detail["variable"] is True
    danger = next(a for a in attributes if a["code"] == "DANGER")
    assert danger["values"] == [{"key": "yes", "name": "是"}, {"key": "no", "name": "否"}]


def test_an_emergency_requires_saying_whether_anyone_is_hurt_in_xml(web, db):
    code = Subcategory.objects.filter(category__code="09").order_by("code").first().code
    root = xml(web.get(BASE + f"services/{code}.xml"))
    assert root.tag == "service_definition"
    assert tags(root) == ["service_code", "attributes"]
    casualties = next(a for a in root.findall("attributes/attribute")
                      if a.findtext("code") == "CASUALTIES")
    assert tags(casualties) == ATTRIBUTE_FIELDS
    assert casualties.findtext("required") == "true"
    assert casualties.findtext("datatype") == "singlevaluelist"
    assert [v.findtext("key") for v in casualties.findall("values/value")] == [
        "yes", "no", "unknown"]
    assert tags(casualties.find("values/value")) == ["key", "name"]


@pytest.mark.parametrize("fmt", ["json", "xml"])
def test_an_unknown_service_code_is_a_404_error_list(web, db, fmt):
    response = web.get(BASE + f"services/99999.{fmt}")
    assert response.status_code == 404
    if fmt == "json":
        assert json_(response) == [{"code": 404,
                                    "description": "未找到服务代码 99999。"}]
    else:
        root = xml(response)
        assert root.tag == "errors" and tags(root) == ["error"]
        assert tags(root[0]) == ["code", "description"]
        assert root.findtext("error/code") == "404"


@pytest.mark.parametrize("fmt", ["json", "xml"])
def test_an_empty_jurisdiction_id_counts_as_absent(web, db, fmt):
    assert web.get(BASE + f"services.{fmt}", {"jurisdiction_id": ""}).status_code == 200
    assert web.get(BASE + f"services.{fmt}",
                   {"jurisdiction_id": "grid.example"}).status_code == 200


@pytest.mark.parametrize("path", ["discovery", "services", "services/01001", "requests",
                                  "requests/20260101-000001", "tokens/20260101-000001"])
def test_an_unknown_jurisdiction_id_is_a_404_error_list_everywhere(web, db, path):
    response = web.get(BASE + f"{path}.json", {"jurisdiction_id": "sfgov.org"})
    assert response.status_code == 404
    (error,) = json_(response)
    assert error["code"] == 404 and "sfgov.org" in error["description"]
    root = xml(web.get(BASE + f"{path}.xml", {"jurisdiction_id": "sfgov.org"}))
    assert root.tag == "errors"


def test_an_unknown_resource_or_format_is_a_404_error_list(web, db):
    assert web.get(BASE + "services.html").status_code == 404
    assert xml(web.get(BASE + "services.html")).tag == "errors"
    assert json_(web.get(BASE + "nothing.json"))[0]["code"] == 404
    assert xml(web.get(BASE)).tag == "errors"


def test_a_wrong_method_is_refused_with_the_error_list(web, db):
    response = web.post(BASE + "services.json")
    assert response.status_code == 405 and response["Allow"] == "GET, HEAD"
    assert json_(response)[0]["code"] == 405
