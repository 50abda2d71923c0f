import io
import threading

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from PIL import Image

from events.models import Case, CasePhoto, CaseStep, Status, TrackingCounter
from org.routing import default_department
from tests.helpers import interior_point

URL = "/api/v1/cases/"


def jpeg(name="photo.jpg", size=(64, 48), exif_gps=False) -> SimpleUploadedFile:
    buffer = io.BytesIO()
    image = Image.new("RGB", size, (200, 80, 40))
    exif = Image.Exif()
    if exif_gps:
        exif[0x010F] = "PhoneMaker"  # Make
        exif[0x8825] = {1: "N", 2: (23.0, 1.0, 2.0)}  # GPSInfo
    image.save(buffer, format="JPEG", exif=exif)
    return SimpleUploadedFile(name, buffer.getvalue(), content_type="image/jpeg")


def report(demo, **overrides):
    lat, lon = interior_point(demo.first_grid)
    data = {"subcategory": demo.manhole.code, "lat": lat, "lon": lon,
            "description": "人行道上的井盖不见了，很危险", "address": "祖庙路 1 号"}
    data.update(overrides)
    return data


def test_a_citizen_files_a_case_and_it_is_routed_to_its_grid_and_department(api, demo):
    response = api.post(URL, report(demo), format="json")
    assert response.status_code == 201, response.content
    body = response.json()
    assert body["grid_code"] == demo.first_grid.code
    assert body["department"]["code"] == default_department(demo.manhole).code
    assert body["status"] == "reported" and body["manual_dispatch"] is False
    assert body["due_at"] and body["tracking_number"][:8].isdigit()
    case = Case.objects.get(tracking_number=body["tracking_number"])
    assert case.grid == demo.first_grid and case.source == "citizen"
    (step,) = case.steps.all()
    assert (step.action, step.from_status, step.to_status) == ("report", "", Status.REPORTED)
    # The demo list's manhole matter keeps the catalogue's default department as its lead.
    assert step.data["routing"] == {"matched": "matter", "matter": case.matter.code,
                                    "region": None}
    assert case.matter.lead == default_department(demo.manhole).code
    assert case.matter.code in step.note


def test_the_first_log_step_explains_which_matter_matched(api, demo):
    response = api.post(URL, report(demo, subcategory=demo.neighbours.code), format="json")
    case = Case.objects.get(tracking_number=response.json()["tracking_number"])
    step = case.steps.get()
    assert step.data["routing"]["matched"] == "matter"
    assert step.data["routing"]["matter"] == case.matter.code
    assert case.matter.code in step.note and case.matter.name in step.note
    assert case.department.kind == "community"
    assert case.department.region_code == demo.first_grid.parent.code


def test_a_point_outside_every_grid_is_accepted_for_manual_dispatch(api, demo):
    response = api.post(URL, report(demo, lat=39.9, lon=116.4), format="json")
    assert response.status_code == 201
    body = response.json()
    assert body["grid_code"] is None and body["department"] is None
    assert body["manual_dispatch"] is True and body["outside_district"] is True
    assert "不在本区范围内" in body["message"] and "12345" in body["message"]
    case = Case.objects.get(tracking_number=body["tracking_number"])
    assert case.steps.get().data["routing"] == {"matched": "outside_grids"}


def test_the_receipt_is_its_declared_fields_as_drf_would_serialise_them(api, demo):
    from rest_framework import serializers

    from events.api.serializers import CaseReceiptSerializer

    for where in ({}, {"lat": 39.9, "lon": 116.4}):  # routed, and outside every grid
        number = api.post(URL, report(demo, **where), format="json").json()["tracking_number"]
        case = Case.objects.get(tracking_number=number)
        receipt = CaseReceiptSerializer(case)
        assert receipt.data == serializers.Serializer.to_representation(receipt, case)


@pytest.mark.parametrize(("field", "value"), [
    ("subcategory", "99999"),
    ("lat", 91),
    ("lon", "east"),
    ("description", ""),
    ("contact_phone", "12345"),
])
def test_bad_input_answers_400_naming_the_field_and_writes_nothing(api, demo, field, value):
    response = api.post(URL, report(demo, **{field: value}), format="json")
    assert response.status_code == 400
    assert list(response.json()) == [field]
    assert Case.objects.count() == 0
    assert CaseStep.objects.count() == 0
    assert TrackingCounter.objects.count() == 0


def test_errors_are_in_chinese_by_default_and_english_on_request(api, demo):
    zh = api.post(URL, report(demo, lat=91), format="json").json()["lat"][0]
    en = api.post(URL, report(demo, lat=91), format="json",
                  HTTP_ACCEPT_LANGUAGE="en").json()["lat"][0]
    assert "91" not in zh or any("\u4e00" <= ch <= "\u9fff" for ch in zh)
    assert any("\u4e00" <= ch <= "\u9fff" for ch in zh)
    assert "less than or equal to 90" in en
    # The report's fields are reused per language (ReusedFieldsSerializer): no leak between.
    again = api.post(URL, report(demo, lat=91), format="json").json()["lat"][0]
    assert again == zh


def test_a_multipart_report_with_a_photo_stores_it_without_exif(api, demo):
    response = api.post(URL, {**report(demo), "photos": [jpeg(exif_gps=True)]},
                        format="multipart")
    assert response.status_code == 201, response.content
    photo = CasePhoto.objects.get(case__tracking_number=response.json()["tracking_number"])
    with Image.open(photo.image.path) as stored:
        assert stored.format == "JPEG"
        assert not stored.getexif()
    assert photo.step.action == "report"


def test_a_text_file_renamed_jpg_is_refused(api, demo):
    fake = SimpleUploadedFile("photo.jpg", b"just some text, not a picture",
                              content_type="image/jpeg")
    response = api.post(URL, {**report(demo), "photos": [fake]}, format="multipart")
    assert response.status_code == 400
    assert "photos" in response.json()
    assert Case.objects.count() == 0


def test_an_oversize_photo_is_refused_with_the_limit_named(api, demo, settings):
    settings.PHOTO_MAX_BYTES = 1000
    response = api.post(URL, {**report(demo), "photos": [jpeg(size=(600, 600))]},
                        format="multipart")
    assert response.status_code == 400
    assert "1000" in str(response.json()["photos"])
    assert Case.objects.count() == 0


def test_tracking_numbers_count_up_within_a_day(api, demo):
    numbers = [api.post(URL, report(demo), format="json").json()["tracking_number"]
               for _ in range(3)]
    prefix = numbers[0][:9]
    assert [n[:9] for n in numbers] == [prefix] * 3
    assert [int(n[9:]) for n in numbers] == [1, 2, 3]


@pytest.mark.django_db(transaction=True)
def test_tracking_numbers_stay_unique_under_concurrent_submissions(postgres):
    from rest_framework.test import APIClient

    from grids.models import Region
    from taxonomy.models import Subcategory

    grid = Region.objects.filter(generation__is_active=True, level="grid").first()
    lat, lon = interior_point(grid)
    payload = {"subcategory": Subcategory.objects.first().code, "lat": lat, "lon": lon,
               "description": "并发提交"}
    results, barrier = [], threading.Barrier(8)

    def submit():
        barrier.wait()
        for _ in range(5):
            results.append(APIClient().post(URL, payload, format="json").status_code)
        connection.close()

    threads = [threading.Thread(target=submit) for _ in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert results == [201] * 40
    numbers = list(Case.objects.values_list("tracking_number", flat=True))
    assert len(numbers) == len(set(numbers)) == 40
