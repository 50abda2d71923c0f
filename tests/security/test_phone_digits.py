"""Phone numbers typed with fullwidth digits (a Chinese input method's １３８) or another
script's (١٣٨): stored in the ASCII digits a dispatcher dials, counted as the same number by
the per-phone limit, on every entry (form, API, Open311)."""

import pytest
from django.test import Client
from rest_framework.test import APIClient

from common.security import PHONE, normalized_phone
from events.models import Case
from events.open311.models import ApiClient
from tests.helpers import interior_point

FULLWIDTH = "13８００１３８００３"
ARABIC_INDIC = "13800138٠٠٣"
DIALLED = "13800138003"


@pytest.mark.parametrize(("typed", "dialled"), [
    (FULLWIDTH, DIALLED), (ARABIC_INDIC, DIALLED), ("১৩৮০০১৩৮০০৩", DIALLED),
    ("138 0013\u30008003", DIALLED), ("０７５７－８３３３１２３４", "0757-83331234"),
    ("0757–83331234", "0757-83331234"), ("", "")])
def test_any_script_s_digits_and_dashes_become_ascii_and_spaces_go(typed, dialled):
    assert normalized_phone(typed) == dialled


def test_only_ascii_digits_pass_the_pattern_so_a_missed_entry_refuses_rather_than_stores():
    assert PHONE.match(DIALLED) and not PHONE.match(FULLWIDTH)
    assert not PHONE.match(ARABIC_INDIC)


def test_letters_stay_letters_and_are_refused():
    assert not PHONE.match(normalized_phone("138OO138OO3"))


def report(demo, phone: str) -> dict:
    lat, lon = interior_point(demo.first_grid)
    return {"subcategory": demo.manhole.code, "lat": f"{lat:.6f}", "lon": f"{lon:.6f}",
            "description": "井盖不见了", "contact_phone": phone}


@pytest.mark.parametrize("typed", [FULLWIDTH, ARABIC_INDIC])
def test_the_report_form_stores_the_number_in_ascii(demo, typed):
    assert Client().post("/report/", report(demo, typed)).status_code == 302
    assert Case.objects.get().contact_phone == DIALLED


@pytest.mark.parametrize("typed", [FULLWIDTH, ARABIC_INDIC])
def test_the_api_stores_the_number_in_ascii(demo, typed):
    response = APIClient().post("/api/v1/cases/", report(demo, typed), format="json")
    assert response.status_code == 201
    assert Case.objects.get().contact_phone == DIALLED


@pytest.mark.parametrize("typed", [FULLWIDTH, ARABIC_INDIC, "+86 13８００１３８００３"])
def test_open311_stores_the_number_in_ascii(demo, typed):
    lat, lon = interior_point(demo.first_grid)
    app = ApiClient.objects.create(name="随手拍 app")
    response = Client().post("/open311/v2/requests.json", {
        "api_key": app.key, "jurisdiction_id": "grid.example", "service_code": "01001",
        "lat": f"{lat:.8f}", "long": f"{lon:.8f}", "phone": typed})
    assert response.status_code == 201
    assert Case.objects.get().contact_phone == DIALLED


@pytest.mark.parametrize("api", [False, True], ids=["form", "api"])
def test_one_number_in_three_scripts_is_one_number_for_the_per_phone_limit(demo, settings,
                                                                          api):
    settings.REPORT_RATE_PER_PHONE = "2/h"
    url, ok = ("/api/v1/cases/", 201) if api else ("/report/", 302)
    answers = [(APIClient if api else Client)(REMOTE_ADDR=f"198.51.100.{n}")
               .post(url, report(demo, phone), **({"format": "json"} if api else {}))
               .status_code for n, phone in enumerate([DIALLED, FULLWIDTH, ARABIC_INDIC])]
    assert answers == [ok, ok, 429]
