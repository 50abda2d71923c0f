from collections import defaultdict

import pytest
from django.core.management import CommandError, call_command

from org.catalogue import load_catalogue
from taxonomy.data import REPLACED
from taxonomy.loader import CatalogueConflict
from taxonomy.models import Category, Stage, Subcategory, TimeLimit, Urgency

REQUIRED = ["井盖丢失", "井盖破损", "暴露垃圾", "占道经营", "违法建设", "邻里纠纷", "消防通道占用",
            "积水内涝", "路灯不亮", "噪声扰民", "登革热蚊媒孳生"]


def test_the_taxonomy_has_exactly_17_categories_and_133_subcategories(db):
    assert Category.objects.count() == 17
    assert Subcategory.objects.count() == 133
    for category in Category.objects.all():
        assert category.subcategories.count() >= 5, category


def test_every_subcategory_has_every_field_filled(db):
    for sub in Subcategory.objects.select_related("category", "default_owner__department"):
        assert sub.code.startswith(sub.category.code) and len(sub.code) == 5
        for field in ("name_zh", "name_en", "description", "filing_standard",
                      "closing_standard"):
            assert getattr(sub, field).strip(), (sub.code, field)
        assert sub.keywords, sub.code
        assert sub.default_owner.department is not None, sub.code
        assert sub.default_urgency in Urgency.values


def test_every_subcategory_has_a_time_limit_per_stage_and_urgency(db):
    assert TimeLimit.objects.count() == 133 * len(Stage.values) * len(Urgency.values)
    emergencies = TimeLimit.objects.filter(urgency=Urgency.EMERGENCY)
    assert set(emergencies.values_list("unit", flat=True)) == {TimeLimit.Unit.CALENDAR_HOURS}


def test_the_catalogue_holds_the_items_every_district_handles(db):
    names = set(Subcategory.objects.values_list("name_zh", flat=True))
    assert not set(REQUIRED) - names
    manhole = Subcategory.objects.get(name_zh="井盖丢失")
    handle = manhole.time_limits.get(stage=Stage.HANDLE, urgency=Urgency.NORMAL)
    assert (handle.amount, handle.unit) == (6, TimeLimit.Unit.CALENDAR_HOURS)


def test_loading_the_taxonomy_again_changes_nothing(db):
    before = list(TimeLimit.objects.order_by("pk").values_list("pk", "amount"))
    counts = load_catalogue()
    assert counts["created"] == 0 and counts["updated"] == 133
    assert counts["time_limits_created"] == 0
    assert list(TimeLimit.objects.order_by("pk").values_list("pk", "amount")) == before


def test_a_time_limit_tuned_in_admin_survives_a_reload(db):
    limit = TimeLimit.objects.filter(stage=Stage.HANDLE).first()
    TimeLimit.objects.filter(pk=limit.pk).update(amount=99)
    load_catalogue()
    limit.refresh_from_db()
    assert limit.amount == 99


def test_load_taxonomy_is_a_dry_run_without_commit(db, capsys):
    Subcategory.objects.filter(code="01001").update(name_en="changed")
    call_command("load_taxonomy")
    assert Subcategory.objects.get(code="01001").name_en == "changed"
    assert "Dry run" in capsys.readouterr().out
    call_command("load_taxonomy", "--commit")
    assert Subcategory.objects.get(code="01001").name_en != "changed"


def test_the_taxonomy_api_nests_subcategories_in_categories(api, db):
    response = api.get("/api/v1/taxonomy/")
    assert response.status_code == 200
    data = response.json()
    assert len(data) == 17
    assert sum(len(c["subcategories"]) for c in data) == 133
    first = data[0]["subcategories"][0]
    assert first["code"] == "01001" and first["name"] == "井盖丢失"


def test_the_taxonomy_api_gives_the_national_code_beside_ours(api, db):
    subcategories = {sub["code"]: sub for category in api.get("/api/v1/taxonomy/").json()
                     for sub in category["subcategories"]}
    assert subcategories["08001"]["national_code"] == "09006"  # 占道经营
    assert subcategories["02001"]["national_code"] == "02014"  # 交通信号灯异常
    assert subcategories["01001"]["national_code"] == ""  # 井盖丢失: the cover type is unknown


def test_the_taxonomy_api_speaks_english_when_asked(api, db):
    response = api.get("/api/v1/taxonomy/", HTTP_ACCEPT_LANGUAGE="en")
    assert response.json()[0]["subcategories"][0]["name"] == "Missing manhole cover"


def test_national_codes_have_the_standards_shape_and_only_street_lights_share_one(db):
    by_code = defaultdict(list)
    for sub in Subcategory.objects.exclude(national_code=""):
        assert len(sub.national_code) == 5 and sub.national_code.isdigit(), sub.code
        by_code[sub.national_code].append(sub.code)
    assert len(by_code) == 22
    # The standard files every street-light problem under the 路灯 component.
    assert {code: subs for code, subs in by_code.items() if len(subs) > 1} == {
        "01037": ["01007", "01008"]}


def test_a_reload_sets_the_national_codes_of_an_older_database(db):
    Subcategory.objects.update(national_code="")
    load_catalogue()
    assert Subcategory.objects.get(name_zh="暴露垃圾").national_code == "06010"
    assert Subcategory.objects.exclude(national_code="").count() == 23


def test_a_guangdong_district_reports_exposed_cables_not_snow_and_ice(db):
    names = set(Subcategory.objects.values_list("name_zh", flat=True))
    assert "电线电缆裸露" in names
    assert not [name for name in names if "雪" in name or "冰" in name]
    assert "台风倒树" in Subcategory.objects.get(name_zh="树木倒伏").keywords
    assert "水浸街" in Subcategory.objects.get(name_zh="积水内涝").keywords


def test_a_reload_turns_an_unused_snow_item_into_its_replacement(db):
    from org.models import Matter

    Matter.objects.filter(subcategory__code="09008").delete()  # no duty list names it
    Subcategory.objects.filter(code="09008").update(name_zh=REPLACED["09008"])
    load_catalogue()
    assert Subcategory.objects.get(code="09008").name_zh == "电线电缆裸露"


def test_a_reload_refuses_to_relabel_a_snow_item_that_cases_use(db, file_case):
    cables = Subcategory.objects.get(code="09008")
    file_case(subcategory=cables, description="桥面结冰")
    Subcategory.objects.filter(pk=cables.pk).update(name_zh=REPLACED["09008"])
    with pytest.raises(CatalogueConflict, match="09008"):
        load_catalogue()
    with pytest.raises(CommandError, match="nothing was loaded"):
        call_command("load_taxonomy", "--commit")
    assert Subcategory.objects.get(code="09008").name_zh == "道路积雪结冰"
