"""Hostile input: every answer is a clear 4xx, nothing is written, nothing crashes."""

import json
from urllib.parse import urlencode

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from rest_framework.test import APIClient

from events.models import Case, CasePhoto
from tests.helpers import interior_point, jpeg

FORM = "application/x-www-form-urlencoded"
INJECTIONS = ["' OR 1=1 --", "1; DROP TABLE events_case; --", "\" OR \"\"=\"", "%' --",
              "440604' UNION SELECT password FROM auth_user --"]
FILTERS = ["status", "category", "subcategory", "grid", "region", "department", "q",
           "reported_from", "ordering", "overdue"]


@pytest.fixture
def leader_api(db):
    from django.contrib.auth import get_user_model

    client = APIClient()
    client.force_authenticate(get_user_model().objects.get(username="leader"))
    return client


def report(demo, **extra):
    lat, lon = interior_point(demo.first_grid)
    return {"subcategory": demo.manhole.code, "lat": lat, "lon": lon,
            "description": "测试", **extra}


def test_sql_injection_in_every_case_filter_is_harmless(leader_api, demo):
    APIClient().post("/api/v1/cases/", report(demo), format="json")
    for field in FILTERS:
        for attack in INJECTIONS:
            response = leader_api.get("/api/v1/cases/", {field: attack})
            assert response.status_code in (200, 400), (field, attack)
            if response.status_code == 200:
                assert response.json()["count"] in (0, 1)
    assert Case.objects.count() == 1


def test_sql_injection_in_statistics_parameters_is_refused(leader_api):
    for url, field in [("/api/v1/stats/heat", "category"), ("/api/v1/stats/kpi", "group_by"),
                       ("/api/v1/stats/open", "street"), ("/api/v1/stats/open", "bbox")]:
        for attack in INJECTIONS:
            assert leader_api.get(url, {field: attack}).status_code == 400, (url, attack)


@pytest.mark.parametrize("value", ["NaN", "nan", "Infinity", "-Infinity", "1e999"])
def test_coordinates_that_are_not_numbers_are_refused(api, demo, value):
    body = json.dumps(report(demo)).replace(
        f'"lat": {interior_point(demo.first_grid)[0]}', f'"lat": {value}')
    response = api.post("/api/v1/cases/", body, content_type="application/json")
    assert response.status_code == 400  # not JSON at all, or a field error
    response = api.post("/api/v1/cases/", {**report(demo), "lon": value}, format="multipart")
    assert response.status_code == 400 and "lon" in response.json()
    assert not Case.objects.exists()


def test_a_path_traversal_file_name_never_reaches_the_disk(api, demo, settings):
    photo = jpeg(name="../../../../etc/passwd.jpg")
    response = api.post("/api/v1/cases/", {**report(demo), "photos": [photo]},
                        format="multipart")
    assert response.status_code == 201
    stored = CasePhoto.objects.get().image
    assert ".." not in stored.name and "passwd" not in stored.name
    assert stored.path.startswith(str(settings.MEDIA_ROOT))


def test_a_huge_json_body_is_refused_before_it_is_read(api, demo, settings):
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 100_000
    body = json.dumps(report(demo, description="x" * 200_000))
    response = api.post("/api/v1/cases/", body, content_type="application/json")
    assert response.status_code == 413
    assert response.json() == {"detail": "请求正文超过 100000 字节。"}
    assert not Case.objects.exists()


def json_detail(response) -> str:
    """The {"detail": ...} of a JSON error answer (never Django's HTML error page)."""
    assert response["Content-Type"].startswith("application/json")
    (detail,) = response.json().values()
    return detail


@pytest.mark.parametrize("url", ["/api/v1/cases/", "/api/v1/cases/X/actions/accept/"])
@pytest.mark.parametrize("form", ["multipart", "urlencoded"])
def test_two_thousand_form_fields_are_refused_in_json(api, demo, url, form):
    fields = {**report(demo), **{f"field{i}": "1" for i in range(2000)}}
    if form == "multipart":
        response = api.post(url, fields, format="multipart")
    else:
        response = api.post(url, urlencode(fields), content_type=FORM)
    assert response.status_code == 400
    assert json_detail(response) == "请求的字段超过 1000 个。"
    assert not Case.objects.exists()


def test_large_form_fields_are_refused_in_json_with_413(api, demo, settings):
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 10_000
    body = report(demo, description="长" * 10_000)
    response = api.post("/api/v1/cases/", body, format="multipart",
                        HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 413
    assert json_detail(response) == "The request body is larger than 10000 bytes."
    assert not Case.objects.exists()


def test_a_malformed_multipart_body_is_refused_in_the_users_language(api, demo):
    response = api.post("/api/v1/cases/", b"--x\r\nbroken", content_type="multipart/form-data")
    assert response.status_code == 400
    assert json_detail(response) == "multipart 表单正文格式有误。"


def test_an_api_url_that_matches_no_endpoint_answers_json_and_pages_keep_html(client, db):
    for url in ["/api/v1/nothing-here", "/api/v1/cases/a%20b/actions/accept/"]:
        response = client.post(url, HTTP_ACCEPT_LANGUAGE="en")
        assert response.status_code == 404
        assert json_detail(response) == "There is no API endpoint at this URL."
    page = client.get("/no-such-page/")
    assert page.status_code == 404 and page["Content-Type"].startswith("text/html")


def test_a_host_that_is_not_allowed_is_refused_in_json_on_the_api(client, db):
    response = client.get("/api/v1/taxonomy/", HTTP_HOST="evil.example")
    assert response.status_code == 400
    assert json_detail(response) == "无法读取请求：请求正文或请求头格式有误。"


def test_deeply_nested_json_is_refused(api, demo):
    nested = "[" * 100_000 + "]" * 100_000
    body = json.dumps(report(demo))[:-1] + f', "address": {nested}}}'
    response = api.post("/api/v1/cases/", body, content_type="application/json")
    assert response.status_code == 400 and json_detail(response) == "JSON 嵌套层数过多。"
    assert not Case.objects.exists()


def test_invalid_utf8_is_refused(api, demo):
    body = json.dumps(report(demo), ensure_ascii=False).encode().replace(
        "测试".encode(), b"\xff\xfe\xfa")
    response = api.post("/api/v1/cases/", body, content_type="application/json")
    assert response.status_code == 400
    assert json_detail(response).startswith("请求正文不是有效的 JSON（")
    assert not Case.objects.exists()


def test_a_description_of_5000_characters_is_refused_with_the_limit(api, demo):
    response = api.post("/api/v1/cases/", report(demo, description="长" * 5000), format="json")
    assert response.status_code == 400 and "2000" in str(response.json()["description"])


def test_script_in_a_description_is_stored_as_text_and_escaped_on_pages(api, demo, client):
    from django.contrib.auth import get_user_model

    attack = "<script>alert('x')</script>"
    response = api.post("/api/v1/cases/", report(demo, description=attack), format="json")
    case = Case.objects.get(tracking_number=response.json()["tracking_number"])
    assert case.description == attack
    client.force_login(get_user_model().objects.get(username="leader"))
    page = client.get(f"/cases/{case.tracking_number}/").content.decode()
    assert attack not in page and "&lt;script&gt;" in page


def test_an_svg_disguised_as_a_photo_is_refused(api, demo):
    svg = SimpleUploadedFile("x.jpg", b"<svg xmlns='http://www.w3.org/2000/svg' "
                             b"onload='alert(1)'/>", content_type="image/jpeg")
    response = api.post("/api/v1/cases/", {**report(demo), "photos": [svg]},
                        format="multipart")
    assert response.status_code == 400 and not Case.objects.exists()


def test_unwritable_photo_storage_answers_503_and_leaves_no_half_written_case(
        api, demo, settings, tmp_path):
    blocker = tmp_path / "not-a-directory"
    blocker.write_text("a file where the media folder should be")
    settings.MEDIA_ROOT = blocker / "media"
    response = api.post("/api/v1/cases/", {**report(demo), "photos": [jpeg()]},
                        format="multipart")
    detail = response.json()["detail"]
    assert response.status_code == 503 and ("try again" in detail.lower() or "稍后" in detail)
    assert not Case.objects.exists() and not CasePhoto.objects.exists()


def test_when_a_later_photo_fails_the_earlier_ones_leave_the_disk_too(
        api, demo, settings, monkeypatch):
    from django.core.files.storage import FileSystemStorage

    saved = []
    original = FileSystemStorage._save

    def second_fails(storage, name, content):
        if saved:
            raise OSError(28, "No space left on device")
        saved.append(original(storage, name, content))
        return saved[-1]

    monkeypatch.setattr(FileSystemStorage, "_save", second_fails)
    response = api.post("/api/v1/cases/", {**report(demo), "photos": [jpeg(), jpeg()]},
                        format="multipart")
    assert response.status_code == 503
    assert len(saved) == 1 and not (settings.MEDIA_ROOT / saved[0]).exists()
    assert not Case.objects.exists() and not CasePhoto.objects.exists()


@pytest.mark.parametrize("field, value", [("lat", False), ("lon", True)])
def test_true_or_false_is_no_coordinate_in_the_users_language(api, demo, field, value):
    body = report(demo, **{field: value})
    chinese = api.post("/api/v1/cases/", body, format="json")
    english = api.post("/api/v1/cases/", body, format="json", HTTP_ACCEPT_LANGUAGE="en")
    assert chinese.status_code == english.status_code == 400
    assert chinese.json() == {field: ["这里需要一个数字，不能是 true 或 false。"]}
    assert english.json() == {field: ["A number is required, not true or false."]}
    assert not Case.objects.exists()


def test_true_is_no_number_of_hours_either(api, file_case):
    case = file_case()
    response = api.post(f"/api/v1/cases/{case.tracking_number}/actions/extend/",
                        {"hours": True, "reason": "等待配件"}, format="json")
    assert response.status_code == 400 and list(response.json()) == ["hours"]


def test_a_nul_in_a_url_path_is_404_not_a_database_error(postgres, client, cast):
    client.force_login(cast.leader)
    api = client.get("/api/v1/stats/grid/440604%00")
    assert api.status_code == 404 and json_detail(api)
    assert client.get("/cases/2026%00/").status_code == 404


def test_a_utc_offset_postgresql_refuses_is_read_and_one_off_the_calendar_refused(
        postgres, leader_api):
    # ISO 8601 allows offsets up to ±23:59, PostgreSQL up to ±15:59.
    far_west = leader_api.get("/api/v1/cases/", {"reported_to": "0049-12-03T22:43:21.7-23:31"})
    assert far_west.status_code == 200
    for moment in ["0001-01-01T00:00+01:00", "9999-12-31T23:59-05:00"]:
        response = leader_api.get("/api/v1/cases/", {"reported_from": moment})
        assert response.status_code == 400 and list(response.json()) == ["reported_from"]
