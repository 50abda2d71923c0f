"""What the public may see: cases of non-public subcategories (tip-offs, public security,
disputes, health, special populations, private homes) and every tip-off appear on no anonymous
surface; a public case shows only its public view."""

import re

import pytest
from django.test import Client

from events.models import Case, RequestType
from events.open311.selectors import rounded
from grids.models import Region
from taxonomy.models import Subcategory
from tests.helpers import interior_point

SECRET = "楼下302室有人吸毒"
BASE = "/open311/v2/"


def test_the_catalogue_keeps_tip_offs_disputes_health_and_private_homes_non_public(db):
    hidden = dict(Subcategory.objects.filter(is_public=False).values_list("name_zh", "code"))
    for name in ("涉毒线索", "精神障碍患者肇事肇祸风险", "邻里纠纷", "婚姻家庭纠纷",
                 "传染病疫情线索", "独居老人关爱", "社会生活噪声扰民"):
        assert name in hidden, name
    assert Subcategory.objects.get(name_zh="井盖丢失").is_public
    taxonomy = Client().get("/api/v1/taxonomy/").json()
    flags = {s["code"]: s["is_public"] for c in taxonomy for s in c["subcategories"]}
    assert {code for code, public in flags.items() if not public} == set(hidden.values())


@pytest.fixture
def secrets(file_case, demo):
    """One case of every non-public subcategory, and a tip-off of a public one, all at one
    point; plus one ordinary public case elsewhere, which the public may see."""
    cases = [file_case(subcategory=sub, description=f"{SECRET}（{sub.code}）",
                       address="祖庙路 1 号 302 房")
             for sub in Subcategory.objects.filter(is_public=False)]
    cases.append(file_case(description=f"{SECRET}（举报井盖被偷）",
                           request_type=RequestType.TIP_OFF))
    elsewhere = Region.objects.filter(generation__is_active=True, level="grid").exclude(
        parent=cases[0].grid.parent).order_by("code").last()
    public = file_case(lat=interior_point(elsewhere)[0], lon=interior_point(elsewhere)[1],
                       description="井盖丢了")
    return cases, public


def _marks(case: Case, points: bool) -> list[str]:
    """What must not show: the number, the words, the point at any precision we publish."""
    marks = [case.tracking_number, SECRET, "302 房"]
    if points:
        marks += [f"{rounded(case.lat)}", f"{rounded(case.lon)}", f"{case.lat:.5f}",
                  f"{case.lon:.5f}"]
    return marks


def _anonymous_pages(client, cases, public, demo):
    sub_codes = {case.subcategory.code for case in cases}
    lat, lon = cases[0].lat, cases[0].lon
    yield "home", client.get("/")
    for fmt in ("json", "xml"):
        yield f"requests.{fmt}", client.get(BASE + f"requests.{fmt}")
        yield f"requests.{fmt} by code", client.get(BASE + f"requests.{fmt}", {
            "service_code": ",".join(sorted(sub_codes))})
        yield f"requests.{fmt} by id", client.get(BASE + f"requests.{fmt}", {
            "service_request_id": ",".join(c.tracking_number for c in cases)})
    for case in cases:
        yield f"duplicates {case.subcategory.code}", client.get("/report/duplicates", {
            "subcategory": case.subcategory.code, "lat": lat, "lon": lon})
    yield "grids", client.get("/api/v1/grids/geojson", {"level": "grid"})
    yield "lookup", client.get("/api/v1/grids/lookup", {"lat": lat, "lon": lon})
    for path in ("/api/v1/cases/", "/api/v1/stats/open", "/api/v1/stats/heat",
                 f"/api/v1/stats/grid/{cases[0].grid.code}", "/api/v1/cases/export.csv"):
        yield path, client.get(path)


def test_no_anonymous_surface_shows_a_non_public_case_or_a_tip_off(secrets, demo):
    cases, public = secrets
    client = Client()
    seen_public = False
    for name, response in _anonymous_pages(client, cases, public, demo):
        body = response.content.decode()
        seen_public |= public.tracking_number in body
        for case in cases:
            # Grid boundaries are full of coordinates, none of them a case's.
            for mark in _marks(case, points=name != "grids"):
                assert mark not in body, (name, case.subcategory.name_zh, mark)
    assert seen_public, "the walk sees the public case, so it would see the others"
    assert Client().get("/").context["case_count"] == 1


LOOKUPS = [BASE + "requests/{}.json", BASE + "requests/{}.xml", BASE + "tokens/{}.json",
           BASE + "tokens/{}.xml", "/track/{}/"]


def test_looking_a_non_public_case_up_answers_as_for_a_case_that_does_not_exist(secrets):
    cases, public = secrets
    nowhere = "20990101-000001"
    for url in LOOKUPS:
        query = {"token": public.tracking_secret} if url.startswith("/track") else {}
        missing = Client().get(url.format(nowhere), query)
        assert missing.status_code == 404
        for case in cases:
            answer = Client().get(url.format(case.tracking_number), query)
            assert (answer.status_code, _page(answer, case.tracking_number)) == (
                404, _page(missing, nowhere)), (url, case.subcategory.name_zh)


def _page(response, number: str) -> str:
    """The page with the number that was asked for and the per-request tokens taken out."""
    text = response.content.decode().replace(number, "N")
    return re.sub(r'(value|nonce)="[A-Za-z0-9+/=_-]{16,}"', r'\1=""', text)


def test_me_too_on_a_non_public_case_answers_as_for_no_case_and_counts_nothing(secrets):
    cases, _public = secrets
    nowhere = "20990101-000001"
    missing = _page(Client().post("/report/me-too/", {"tracking_number": nowhere}), nowhere)
    for case in cases:
        answer = Client().post("/report/me-too/", {"tracking_number": case.tracking_number})
        assert answer.status_code == 404
        assert _page(answer, case.tracking_number) == missing
    assert not Case.objects.filter(pk__in=[c.pk for c in cases], me_too_count__gt=0).exists()


def test_the_reporter_still_sees_their_own_non_public_case(secrets):
    case = secrets[0][0]
    page = Client().get(f"/track/{case.tracking_number}/", {"token": case.tracking_secret})
    assert page.status_code == 200 and SECRET in page.content.decode()


def test_a_public_case_shows_its_public_view_only(secrets, cast):
    from events.workflow import services as workflow
    from tests.helpers import jpeg

    _cases, public = secrets
    case = workflow.perform(case=public, action="accept", actor=cast.dispatcher)
    case = workflow.perform(case=case, action="start", actor=cast.handler)
    workflow.perform(case=case, action="resolve", actor=cast.handler, photos=[jpeg()],
                     params={"note": "内部：王师傅 13912345678 处理", "public_reply": "已补装井盖"})
    (shown,) = Client().get(BASE + f"requests/{public.tracking_number}.json").json()
    assert shown["status_notes"] == "已补装井盖" and shown["media_url"] is None  # not published
    assert shown["description"] is None and shown["address"] is None
    assert (shown["lat"], shown["long"]) == (rounded(public.lat), rounded(public.lon))
    body = Client().get(BASE + "requests.json").content.decode()
    for private in ("井盖丢了", "王师傅", "13912345678", "祖庙路 1 号", "13812345678"):
        assert private not in body
