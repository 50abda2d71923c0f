"""Hostile input to /open311/v2/: SQL injection in every filter and path, NaN and infinities
as coordinates, bytes that are not UTF-8, NUL characters, oversized and malformed form bodies.
Each is a clear 4xx in the specification's error list (JSON and XML), in Chinese unless the
client asks for English, and nothing is stored."""

from urllib.parse import quote

import pytest

from events.models import Case
from events.open311.guards import MAX_BODY_BYTES
from tests.open311.conftest import BASE, json_, xml
from tests.open311.test_post_requests import form

INJECTIONS = ["' OR 1=1 --", "1; DROP TABLE events_case; --", "\" OR \"\"=\"", "%' --",
              "01001' UNION SELECT password FROM auth_user --", "1) OR (1=1"]
# GET requests filter -> what an injection in it gets: nothing found, or an error.
FILTERS = {"service_request_id": 200, "service_code": 200, "start_date": 400,
           "end_date": 400, "status": 400, "jurisdiction_id": 404, "page": 400,
           "page_size": 400}
FORM = "application/x-www-form-urlencoded"


@pytest.fixture
def filed(file_case):
    """One case, which no injection may reveal or harm."""
    return file_case()


def errors(response, fmt: str = "json") -> list[str]:
    """The descriptions of an Open311 error list, whose codes are the HTTP status."""
    if fmt == "json":
        answer = json_(response)
        assert {error["code"] for error in answer} == {response.status_code}
        return [error["description"] for error in answer]
    root = xml(response)
    assert root.tag == "errors"
    assert {code.text for code in root.iter("code")} == {str(response.status_code)}
    return [description.text for description in root.iter("description")]


def english(web):
    """A client that asks for English, as HTTP clients do."""
    web.defaults["HTTP_ACCEPT_LANGUAGE"] = "en"
    return web


def encoded(data: dict) -> str:
    return "&".join(f"{quote(key)}={quote(value)}" for key, value in data.items())


@pytest.mark.parametrize("name, status", FILTERS.items())
def test_sql_injection_in_every_requests_filter_finds_nothing_or_is_refused(
        web, filed, name, status):
    for attack in INJECTIONS:
        for fmt in ("json", "xml"):
            response = web.get(BASE + f"requests.{fmt}", {name: attack})
            assert response.status_code == status, (name, attack, fmt)
            if status == 200 and fmt == "json":
                assert json_(response) == []
            elif status != 200:
                assert errors(response, fmt)
    assert Case.objects.get() == filed and Case.objects.count() == 1


@pytest.mark.parametrize("path", ["services/{}.json", "requests/{}.json", "tokens/{}.xml"])
def test_sql_injection_in_a_path_is_not_found(web, filed, path):
    for attack in INJECTIONS:
        response = web.get(BASE + path.format(quote(attack, safe="")))
        assert response.status_code == 404, (path, attack)
        assert errors(response, path.rsplit(".", 1)[1])
    assert Case.objects.count() == 1


@pytest.mark.parametrize("field, status", [("service_code", 404), ("lat", 400),
                                           ("api_key", 403), ("jurisdiction_id", 404)])
def test_sql_injection_in_a_posted_field_files_nothing(web, demo, app_client, field, status):
    for attack in INJECTIONS:
        response = web.post(BASE + "requests.json", form(demo, app_client, **{field: attack}))
        assert response.status_code == status, (field, attack)
        assert errors(response)
    assert not Case.objects.exists()


@pytest.mark.parametrize("value", ["NaN", "nan", "Infinity", "-Infinity", "inf", "1e999",
                                   "-1e999"])
@pytest.mark.parametrize("field", ["lat", "long"])
def test_coordinates_that_are_not_finite_numbers_are_refused(
        web, demo, app_client, value, field):
    response = web.post(BASE + "requests.xml", form(demo, app_client, **{field: value}))
    assert response.status_code == 400
    assert errors(response, "xml") == ["lat 须在 ±90 之间，long 须在 ±180 之间。"]
    response = english(web).post(BASE + "requests.json", form(demo, app_client,
                                                              **{field: value}))
    assert errors(response) == ["lat must lie within ±90 and long within ±180."]
    assert not Case.objects.exists()


@pytest.mark.parametrize("body", [
    "description=%FF%FE", "description=%E4%B8", "address_string=\xff\xfe".encode("latin-1"),
])
def test_a_form_body_that_is_not_utf8_is_refused(web, demo, app_client, body):
    valid = encoded(form(demo, app_client, description=None, address_string=None)).encode()
    body = body if isinstance(body, bytes) else body.encode()
    response = web.post(BASE + "requests.json", valid + b"&" + body, content_type=FORM)
    assert response.status_code == 400
    assert errors(response) == ["请求不是有效的 UTF-8 编码。"]
    response = english(web).post(BASE + "requests.xml", valid + b"&" + body,
                                 content_type=FORM)
    assert errors(response, "xml") == ["The request is not valid UTF-8."]
    assert not Case.objects.exists()


def test_a_query_string_that_is_not_utf8_is_refused(web, filed):
    response = web.get(BASE + "requests.json?service_code=%FF")
    assert response.status_code == 400 and errors(response) == ["请求不是有效的 UTF-8 编码。"]


def test_an_oversized_form_body_is_refused_unread_with_413(web, demo, app_client):
    body = form(demo, app_client, description="长" * (MAX_BODY_BYTES // 3))
    response = web.post(BASE + "requests.json", body)
    assert response.status_code == 413
    assert errors(response) == [f"请求正文超过 {MAX_BODY_BYTES} 字节。"]
    response = english(web).post(BASE + "requests.xml", body)
    assert response.status_code == 413
    assert errors(response, "xml") == [f"The request body is larger than {MAX_BODY_BYTES} "
                                      "bytes."]
    assert not Case.objects.exists()


def test_too_many_fields_are_refused_in_the_open311_format(web, demo, app_client, settings):
    settings.DATA_UPLOAD_MAX_NUMBER_FIELDS = 50
    body = {**form(demo, app_client), **{f"x{i}": "1" for i in range(60)}}
    response = web.post(BASE + "requests.xml", body)
    assert response.status_code == 400 and errors(response, "xml")
    query = "&".join(f"x{i}=1" for i in range(60))
    response = web.get(BASE + f"requests.json?{query}")
    assert response.status_code == 400 and errors(response)
    assert not Case.objects.exists()


def test_a_malformed_multipart_body_is_refused_in_the_open311_format(web, demo, app_client):
    response = web.post(BASE + "requests.json", b"--x\r\nnot a part",
                        content_type="multipart/form-data; boundary=")
    assert response.status_code == 400 and errors(response)
    assert not Case.objects.exists()


# Regressions: each of these answered 500, or Django's HTML page, before it was fixed.

@pytest.mark.parametrize("path", ["services/01%00001.json", "requests/2026%00.xml",
                                  "tokens/%00.json", "requests.json?service_code=01%00",
                                  "requests.json?service_request_id=%00"])
def test_a_nul_character_in_a_path_or_filter_is_400_not_a_crash(web, db, path):
    response = web.get(BASE + path)
    assert response.status_code == 400
    assert errors(response, "json" if ".json" in path else "xml") == ["请求中含有 NUL 字符。"]


def test_an_offset_postgresql_cannot_store_is_read_in_utc(web, filed):
    """Found by fuzzing: end_date=0415-06-04T00:40:23+17:09 crashed PostgreSQL."""
    response = web.get(BASE + "requests.json", {"end_date": "2099-06-04T00:40:23+17:09"})
    assert response.status_code == 200 and json_(response) == []
    response = web.get(BASE + "requests.json", {"start_date": "0001-01-01T00:00:00+17:09"})
    assert response.status_code == 400 and errors(response) == ["日期超出范围。"]


@pytest.mark.parametrize("path", ["discovery.json\n", "services.x\ny", "requests/1.\n.json"])
def test_a_path_with_a_newline_gets_the_open311_404_not_djangos_page(web, db, path):
    """Found by fuzzing: the catch-all route did not match a newline."""
    response = web.get(BASE + quote(path))
    assert response.status_code == 404
    assert errors(response, "json" if path.endswith(".json") else "xml")
