"""The standard address register: normalised text, search, geocoding, import and the API."""

import csv
import io
import json
import random
import re

import pytest
from django.core.management import CommandError, call_command

from places.models import Address, House
from places.search import geocode, search
from places.text import normalise
from tests.helpers import client_for

pytestmark = pytest.mark.django_db
URL = "/api/v1/addresses/"
CN = "零一二三四五六七八九"


def chinese(number: str) -> str:
    """12 → 十二, 305 → 三〇五 (as people write room numbers), 20 → 二十."""
    value = int(number)
    if value < 100:
        tens, ones = divmod(value, 10)
        return (CN[tens] if tens > 1 else "") + ("十" if tens else "") + (CN[ones] if ones else "")
    return "".join("〇" if d == "0" else CN[int(d)] for d in number)


def garbled(address: Address) -> str:
    """The number in Chinese numerals, 号 dropped, 栋 written 座 or 幢."""
    text = address.text.replace(f"{address.road}{address.number}号",
                                f"{address.road}{chinese(address.number)}")
    return re.sub("栋", random.Random(address.pk).choice(["座", "幢"]), text)


def test_variants_normalise_alike():
    assert normalise("祖庙路十二号三座") == normalise("祖庙路12号3栋") == normalise("祖庙路12 3幢")
    assert normalise("一百零五号") == "105" and normalise("三〇五室") == "305房"


def test_the_demo_register_is_consistent_with_its_grids():
    assert Address.objects.count() > 30000
    assert House.objects.count() > 25000
    assert not Address.objects.filter(grid_code="").exists()
    sample = Address.objects.order_by("?")[:50]
    from grids.index import locate_grid
    for address in sample:
        assert locate_grid(address.lat, address.lon).code == address.grid_code
        assert address.community and address.street and address.search


def test_two_hundred_addresses_and_their_garbled_variants_land_in_their_grid(figures):
    sample = list(Address.objects.order_by("?")[:200])
    exact = sum(1 for a in sample if (m := geocode(a.text)) and m.address.grid_code == a.grid_code)
    fuzzy = sum(1 for a in sample
                if (m := geocode(garbled(a))) and m.address.grid_code == a.grid_code)
    figures("geocoding", exact=exact, garbled=fuzzy, of=len(sample))
    assert exact >= 190 and fuzzy >= 170


def test_abbreviated_and_short_queries_find_the_road():
    address = Address.objects.filter(building="").order_by("code")[10]
    best = search(f"{address.road}{address.number}号")[0]
    assert best.address.road == address.road and best.address.number == address.number
    short = search(address.road[:2])
    assert short and all(address.road[:2] in m.address.search for m in short)
    community = search(f"{address.community}{address.road}")
    assert community[0].address.community == address.community


@pytest.mark.parametrize("at", [3, 12, -6])
def test_an_address_written_with_a_slip_is_still_found_first(at):
    """One character wrong, in the street, the road or 单元: nothing contains the text,
    and the address is found by the rest of it."""
    address = Address.objects.filter(building__gt="").order_by("code")[42]
    text = address.text
    slip = text[:at] + "东" + text[at + 1:]
    assert not Address.objects.filter(search__contains=normalise(slip)).exists()
    assert search(slip)[0].address == address


def test_text_that_matches_nothing_is_not_geocoded():
    assert geocode("火星基地七号发射塔") is None
    assert search("") == []


def test_anonymous_callers_get_only_the_public_fields_at_most_ten(client):
    address = Address.objects.filter(estate__gt="").first()
    answer = client.get(URL, {"q": address.road, "limit": 50})
    assert answer.status_code == 200
    results = answer.json()["results"]
    assert 0 < len(results) <= 10
    assert set(results[0]) == {"code", "text", "lat", "lon", "grid_code", "score"}
    assert 0 < results[0]["score"] <= 1


def test_staff_in_scope_see_the_house_and_staff_elsewhere_do_not(cast):
    worker_grid = cast.worker.grid_assignments.first().grid_code
    address = Address.objects.filter(grid_code=worker_grid, house__isnull=False).first()
    mine = client_for(cast.worker).get(URL, {"q": address.text}).json()["results"][0]
    assert mine["code"] == address.code and "house" in mine and "parts" in mine
    other = Address.objects.exclude(grid_code__startswith=worker_grid[:12]).filter(
        house__isnull=False).first()
    theirs = client_for(cast.worker).get(URL, {"q": other.text}).json()["results"][0]
    assert theirs["code"] == other.code and "house" not in theirs


def test_anonymous_searches_are_rate_limited(client, settings):
    from django.core.cache import cache
    cache.clear()
    settings.ADDRESS_SEARCH_RATE = "3/min"
    codes = [client.get(URL, {"q": "路"}).status_code for _ in range(4)]
    assert codes == [200, 200, 200, 429]
    cache.clear()


def test_a_bad_query_is_a_400_in_chinese(client):
    answer = client.get(URL, HTTP_ACCEPT_LANGUAGE="zh-hans")
    assert answer.status_code == 400 and "q" in answer.json()


def test_the_nearest_address_to_a_point(client):
    address = Address.objects.order_by("code")[123]
    found = client.get(f"{URL}nearest", {"lat": address.lat, "lon": address.lon}).json()
    assert found["code"] == address.code and found["score"] == 1
    assert client.get(f"{URL}nearest", {"lat": 39.9, "lon": 116.4}).status_code == 404


def _csv(path, rows, encoding="utf-8-sig"):
    header = ["地址编码", "镇街", "村居", "路巷", "门牌号", "小区", "楼栋", "单元", "房号", "经度",
              "纬度", "备注"]
    with path.open("w", encoding=encoding, newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(header)
        writer.writerows(rows)
    return path


def _run(*args):
    out = io.StringIO()
    call_command("import_addresses", *map(str, args), stdout=out)
    return out.getvalue()


def test_import_reports_every_problem_by_row_and_writes_nothing(tmp_path):
    point = Address.objects.first()
    path = _csv(tmp_path / "bad.csv", [
        ["T1", "", "", "新路", "1", "", "", "", "", point.lon, point.lat, "x"],
        ["T1", "", "", "新路", "2", "", "", "", "", point.lon, point.lat, ""],
        ["T3", "", "", "", "3", "", "", "", "", "abc", point.lat, ""],
        ["T4", "", "", "新路", "4", "", "", "", "", 116.4, 39.9, ""],
    ])
    with pytest.raises(CommandError, match="nothing written"):
        _run(path, "--commit")
    assert not Address.objects.filter(code__startswith="T").exists()


def test_import_of_a_gb18030_file_creates_and_updates_by_code_and_fills_in_the_names(tmp_path):
    first = Address.objects.first()
    path = _csv(tmp_path / "gb.csv", [
        ["N1", "", "", "测试路", "8", "", "", "", "", first.lon, first.lat, ""],
        [first.code, "", "", "改名路", "9", "", "", "", "", first.lon, first.lat, ""],
    ], encoding="gb18030")
    assert "Dry run" in _run(path) and not Address.objects.filter(code="N1").exists()
    assert "1 new, 1 updated" in _run(path, "--commit")
    new = Address.objects.get(code="N1")
    assert new.grid_code == first.grid_code and new.community == first.community
    assert search("测试路8号")[0].address == new
    assert Address.objects.get(code=first.code).road == "改名路"


def test_geojson_import_and_csv_export_round_trip(tmp_path):
    first = Address.objects.first()
    collection = {"type": "FeatureCollection", "features": [{
        "type": "Feature", "geometry": {"type": "Point", "coordinates": [first.lon, first.lat]},
        "properties": {"地址编码": "G1", "路巷": "几何路", "门牌号": "3"}}]}
    path = tmp_path / "a.geojson"
    path.write_text(json.dumps(collection, ensure_ascii=False), encoding="utf-8")
    _run(path, "--commit")
    out = io.StringIO()
    call_command("export_addresses", "-", stdout=out)
    rows = list(csv.DictReader(io.StringIO(out.getvalue())))
    assert len(rows) == Address.objects.count()
    row = next(r for r in rows if r["地址编码"] == "G1")
    assert row["路巷"] == "几何路" and row["村居"] == first.community
