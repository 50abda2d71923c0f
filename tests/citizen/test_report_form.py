"""The report form without JavaScript: a plain POST files a case; bad input answers with a
clear message in the form and keeps everything the citizen typed."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from PIL import Image

from common.photos import thumbnail_name
from events.models import Case, CasePhoto
from events.workflow.replay import log_matches
from tests.citizen.conftest import gps_jpeg, padded_jpeg
from tests.helpers import jpeg

URL = "/report/"


def page(response) -> str:
    return response.content.decode().replace("\xa0", " ")  # file sizes use no-break spaces


def keeps_what_was_typed(response, data: dict) -> None:
    html = page(response)
    assert 'name="description"' in html
    if data.get("description") and "<" not in data["description"]:
        assert data["description"] in html
    for field in ("address", "contact_phone", "lat", "lon"):
        if data.get(field):
            assert f'value="{data[field]}"' in html, field
    if data.get("subcategory"):
        assert f'value="{data["subcategory"]}" selected' in html


def test_the_form_page_is_chinese_with_every_category_and_no_login(browser_client):
    response = browser_client.get(URL)
    html = page(response)
    assert response.status_code == 200
    assert "反映问题" in html and "English" in html
    assert html.count("<optgroup") == 17 and html.count('<option value="0') + html.count(
        '<option value="1') == 133
    assert 'name="lat"' in html and 'name="lon"' in html and "csrfmiddlewaretoken" in html


def test_the_plain_form_files_a_case_and_shows_the_tracking_number(browser_client, form, demo):
    response = browser_client.post(URL, form(), follow=True)
    case = Case.objects.get()
    assert response.redirect_chain[0][0].startswith(f"/track/{case.tracking_number}/?token=")
    html = page(response)
    assert case.tracking_number in html and case.tracking_secret in html
    assert "您的上报已受理登记" in html
    assert (case.source, case.status, case.grid) == ("citizen", "reported", demo.first_grid)
    assert case.contact_phone == "13812345678" and case.address == "祖庙路 1 号"
    assert case.department.code == "PSG" and log_matches(case)


def test_a_citizen_can_file_a_tip_off_which_stays_out_of_public_view(browser_client, form):
    browser_client.post(URL, form(tip_off="1"), follow=True)
    case = Case.objects.get()
    assert case.request_type == "tip_off"
    assert case.tracking_number not in browser_client.get("/open311/v2/requests.json").content \
        .decode()


def test_the_receipt_is_shown_once_then_the_page_is_the_plain_tracking_page(browser_client,
                                                                           form):
    receipt = browser_client.post(URL, form(), follow=True)
    case = Case.objects.get()
    again = browser_client.get(receipt.redirect_chain[0][0])
    assert "tracking-link" in page(receipt) and "tracking-link" not in page(again)
    assert case.tracking_number in page(again)


def test_without_a_location_the_form_asks_where_and_keeps_the_rest(browser_client, form):
    data = form(lat="", lon="")
    response = browser_client.post(URL, data)
    assert response.status_code == 200 and Case.objects.count() == 0
    assert "问题在哪里" in page(response)
    keeps_what_was_typed(response, data)


def test_a_point_outside_the_district_is_refused_until_the_citizen_confirms_it(
        browser_client, form):
    beijing = form(lat="39.904200", lon="116.407400")
    refused = browser_client.post(URL, beijing)
    assert refused.status_code == 200 and Case.objects.count() == 0
    assert "不在本区范围内" in page(refused) and "12345" in page(refused)
    assert 'id="outside-confirm" hidden' not in page(refused)  # the box to tick is shown
    keeps_what_was_typed(refused, beijing)

    response = browser_client.post(URL, {**beijing, "confirm_outside": "1"}, follow=True)
    case = Case.objects.get()
    assert case.grid is None and case.department is None
    assert "不在本区范围内" in page(response) and "12345" in page(response)


def test_a_point_between_grids_inside_the_district_needs_no_confirmation(browser_client,
                                                                        form, demo):
    from django.db.models import F

    from grids.models import Generation

    # The district's outline, not the grids, says what is inside: a spot whose grid is
    # missing from the boundary set is still in the district, filed for manual dispatch.
    demo.first_grid.delete()
    Generation.objects.filter(is_active=True).update(revision=F("revision") + 1)
    response = browser_client.post(URL, form(), follow=True)
    case = Case.objects.get()
    assert case.grid is None and "不在本区" not in page(response)
    assert "不在任何网格" in page(response) and "人工派遣" in page(response)


def test_a_text_file_renamed_jpg_is_refused_and_nothing_typed_is_lost(browser_client, form):
    fake = SimpleUploadedFile("photo.jpg", b"just some text", content_type="image/jpeg")
    data = form()
    response = browser_client.post(URL, {**data, "photos": [fake]})
    assert Case.objects.count() == 0
    assert "photo.jpg" in page(response) and "不是有效的图片" in page(response)
    assert "请重新选择照片" in page(response)
    keeps_what_was_typed(response, data)


def test_a_30_mb_photo_is_refused_with_the_limit_named(browser_client, form):
    data = form()
    response = browser_client.post(URL, {**data, "photos": [padded_jpeg(30 * 1024 * 1024)]})
    assert Case.objects.count() == 0
    assert "30.0 MB" in page(response) and "10.0 MB" in page(response)
    keeps_what_was_typed(response, data)


def test_the_default_limit_refuses_a_photo_one_byte_over_and_takes_one_at_it(
        browser_client, form, settings):
    assert settings.PHOTO_MAX_BYTES == 10 * 1024 * 1024  # the real default, not lowered
    over = browser_client.post(URL, {**form(), "photos": [padded_jpeg(10 * 1024 * 1024 + 1)]})
    assert Case.objects.count() == 0 and "10.0 MB" in page(over)
    at = browser_client.post(URL, {**form(), "photos": [padded_jpeg(10 * 1024 * 1024)]})
    assert at.status_code == 302 and CasePhoto.objects.count() == 1


def test_too_many_photos_are_refused(browser_client, form, settings):
    settings.PHOTO_MAX_COUNT = 2
    response = browser_client.post(URL, {**form(), "photos": [jpeg("a.jpg"), jpeg("b.jpg"),
                                                              jpeg("c.jpg")]})
    assert Case.objects.count() == 0 and "最多上传 2 张照片" in page(response)


def test_a_5000_character_description_is_refused_and_kept_whole(browser_client, form):
    data = form(description="井" * 5000)
    response = browser_client.post(URL, data)
    assert Case.objects.count() == 0
    assert "2000" in page(response) and "5000" in page(response)
    keeps_what_was_typed(response, data)


def test_a_script_in_the_description_is_stored_as_text_and_shown_escaped(browser_client, form):
    attack = '<script>alert("x")</script><img src=x onerror=alert(1)>'
    response = browser_client.post(URL, form(description=attack), follow=True)
    assert Case.objects.get().description == attack
    html = page(response)
    assert "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;" in html
    assert "<script>alert" not in html and "<img src=x" not in html


def test_a_refused_script_is_still_escaped_in_the_form(browser_client, form):
    response = browser_client.post(URL, form(description="<script>alert(1)</script>", lat=""))
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page(response)
    assert "<script>alert(1)" not in page(response)


def test_an_unknown_category_and_a_bad_phone_are_named(browser_client, form):
    data = form(subcategory="99999", contact_phone="12345")
    response = browser_client.post(URL, data)
    assert Case.objects.count() == 0
    assert "请选择问题类别" in page(response) and "手机号码" in page(response)
    keeps_what_was_typed(response, {**data, "subcategory": ""})


def test_photos_are_stored_without_exif_with_a_thumbnail_beside_them(browser_client, form):
    response = browser_client.post(URL, {**form(), "photos": [gps_jpeg(23.03, 113.12)]})
    assert response.status_code == 302
    photo = CasePhoto.objects.get()
    with Image.open(photo.image.path) as stored:
        assert not stored.getexif()
    storage = photo.image.storage
    with storage.open(thumbnail_name(photo.image.name)) as thumb, Image.open(thumb) as image:
        assert image.format == "JPEG" and max(image.size) == 320


def test_the_photo_location_is_used_only_when_asked_and_no_point_was_given(
        browser_client, form, here):
    lat, lon = here
    asked = form(lat="", lon="", use_photo_location="1")
    browser_client.post(URL, {**asked, "photos": [gps_jpeg(lat, lon)]})
    case = Case.objects.get()
    assert case.lat == pytest.approx(lat, abs=1e-5) and case.lon == pytest.approx(lon, abs=1e-5)
    assert case.grid is not None

    not_asked = browser_client.post(URL, {**form(lat="", lon=""), "photos": [gps_jpeg(lat, lon)]})
    assert Case.objects.count() == 1 and "问题在哪里" in page(not_asked)

    # A pin outside the district, confirmed: the pin still wins.
    pinned = form(lat="23.000000", lon="113.000000", use_photo_location="1",
                  confirm_outside="1")
    browser_client.post(URL, {**pinned, "photos": [gps_jpeg(lat, lon)]})
    assert Case.objects.order_by("-id").first().lat == 23.0  # the pin wins over the photo


def test_asking_for_the_photo_location_of_a_photo_without_one_says_so(browser_client, form):
    data = form(lat="", lon="", use_photo_location="1")
    response = browser_client.post(URL, {**data, "photos": [jpeg()]})
    assert Case.objects.count() == 0 and "照片中没有位置信息" in page(response)
    assert "checked" in page(response)


def test_the_form_refuses_a_post_without_the_csrf_token(demo, form):
    response = Client(enforce_csrf_checks=True).post(URL, form())
    assert response.status_code == 403 and Case.objects.count() == 0


def test_the_form_answers_in_english_after_the_switch(browser_client, form):
    browser_client.post("/i18n/setlang/", {"language": "en", "next": URL})
    response = browser_client.post(URL, form(lat="", lon=""))
    assert "Where is the problem?" in page(response)
