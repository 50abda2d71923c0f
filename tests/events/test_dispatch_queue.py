"""The dispatch queue's search and filters, its paging, map pins and photo thumbnails, and the
staff header: with the Django client, scoped as the selectors scope."""

import json
import re
from datetime import timedelta
from html import unescape

from django.utils import timezone

from events.models import Case
from events.staff.queue_filters import PAGE_SIZE
from grids.models import Region
from tests.helpers import interior_point, jpeg


def listed(client, query: str = "") -> set[str]:
    """The tracking numbers the queue lists (every case in the caller's area)."""
    page = client.get(f"/dispatch/?show=all&{query}")
    assert page.status_code == 200, page.content[:300]
    return set(re.findall(r'class="case-link" href="/cases/([\d-]+)/"', page.content.decode()))


def grid_in_street(code: str):
    return Region.objects.filter(generation__is_active=True, level="grid",
                                 parent__parent__code=code).order_by("code").first()


def test_the_dispatcher_finds_a_case_by_number_description_or_address(client, cast, file_case):
    wanted = file_case(description="桥下积水严重", address="汾江中路 88 号")
    other = file_case(description="路灯不亮", address="岭南大道 1 号")
    client.force_login(cast.dispatcher)
    assert listed(client, f"q={wanted.tracking_number[-6:]}") == {wanted.tracking_number}
    assert listed(client, "q=积水") == {wanted.tracking_number}
    assert listed(client, "q=汾江中路") == {wanted.tracking_number}
    assert listed(client) >= {wanted.tracking_number, other.tracking_number}


def test_the_queue_filters_by_category_urgency_and_overdue(client, cast, file_case, demo):
    manhole = file_case()
    vending = file_case(subcategory=demo.vending)
    late = file_case(subcategory=demo.neighbours)
    Case.objects.update(urgency="normal")
    Case.objects.filter(pk=vending.pk).update(urgency="urgent")
    Case.objects.filter(pk=late.pk).update(due_at=timezone.now() - timedelta(hours=3))
    client.force_login(cast.dispatcher)
    category = demo.vending.category.code
    assert vending.tracking_number in listed(client, f"category={category}")
    assert manhole.tracking_number not in listed(client, f"category={category}")
    assert listed(client, "urgency=urgent") == {vending.tracking_number}
    assert listed(client, "overdue=on") == {late.tracking_number}


def test_a_street_dispatcher_never_sees_another_streets_cases_even_when_asking(
        client, cast, file_case):
    ours = file_case()  # 祖庙街道, the first grid
    lat, lon = interior_point(grid_in_street("440604004"))  # 石湾镇街道
    theirs = file_case(lat=lat, lon=lon)
    client.force_login(cast.street_dispatcher)
    assert listed(client) >= {ours.tracking_number}
    assert theirs.tracking_number not in listed(client)
    page = client.get("/dispatch/?show=all&street=440604004")
    assert theirs.tracking_number not in page.content.decode()
    assert page.context["filters"].errors["street"]  # not a street it may choose
    # The district's dispatcher sees both streets, and narrows to one when it asks.
    client.force_login(cast.dispatcher)
    assert listed(client, "street=440604004") == {theirs.tracking_number}
    assert listed(client) >= {ours.tracking_number, theirs.tracking_number}


def test_filters_survive_paging_and_switching_between_my_queue_and_all(client, cast, file_case):
    first = file_case(description="积水 0")
    Case.objects.bulk_create([
        Case(**{f.attname: getattr(first, f.attname) for f in Case._meta.concrete_fields
                if f.attname not in ("id", "tracking_number")},
             tracking_number=f"{first.tracking_number[:-4]}{9000 + i}")
        for i in range(PAGE_SIZE)])
    client.force_login(cast.dispatcher)
    page = client.get("/dispatch/?show=all&q=积水&category=01").content.decode()
    nexts = re.findall(r'rel="next" href="([^"]+)"', page)
    assert nexts and all(part in nexts[0] for part in ("q=", "category=01", "show=all",
                                                       "page=2"))
    second = client.get("/dispatch/" + nexts[0].replace("&amp;", "&")).content.decode()
    assert 'rel="prev"' in second and 'value="积水"' in second
    assert len(re.findall(r'class="case-link"', second)) == 1  # 51 cases: one on page 2
    assert "q=" in re.search(r'href="([^"]*)">我的待办', second).group(1)


def test_the_queue_shows_the_reporters_first_photo_and_maps_each_listed_case(
        client, cast, file_case):
    case = file_case(photos=[jpeg("scene.jpg", size=(640, 480))])
    client.force_login(cast.dispatcher)
    page = client.get("/dispatch/?show=all")
    html = page.content.decode()
    thumb = re.search(r'<img src="([^"]+)" loading="lazy"[^>]*alt="([^"]+)"', html)
    assert f"/media/cases/{case.created_at:%Y/%m}/{case.tracking_number}/" in thumb.group(1)
    assert "井盖丢失" in thumb.group(2)
    path = unescape(thumb.group(1)).split("?")[0]
    assert path.startswith("/media/") and case.photos.get().image.storage.exists(
        path.removeprefix("/media/"))
    points = json.loads(re.search(r'<script id="queue-cases" type="application/json">(.*?)'
                                  r"</script>", html, re.S).group(1))
    pin = next(p for p in points if p["number"] == case.tracking_number)
    assert pin["url"] == f"/cases/{case.tracking_number}/"
    assert (pin["lat"], pin["lon"]) == (case.lat, case.lon)


def test_outsiders_are_refused_the_queue(client, cast):
    assert client.get("/dispatch/?q=1").url.startswith("/login/")
    for outsider in (cast.handler, cast.worker):
        client.force_login(outsider)
        assert client.get("/dispatch/?q=1&street=440604001").status_code == 404


def test_the_staff_header_offers_each_role_its_pages_and_marks_the_current_one(client, cast):
    expected = {
        # The district's command centre configures campaigns in the admin: it gets the link;
        # a community's dispatcher has nothing there, and no link.
        "dispatcher": ("/dispatch/", ["/dispatch/", "/command/", "/admin/"]),
        "village": ("/dispatch/", ["/dispatch/", "/command/"]),
        "handler": ("/department/", ["/department/"]),
        "worker": ("/worker/", ["/worker/", "/worker/report/"]),
        "operator": ("/hotline/", ["/hotline/"]),
    }
    for name, (home, links) in expected.items():
        client.force_login(cast.user(name))
        html = client.get(home).content.decode()
        bar = re.search(r'<nav class="staffbar".*?</nav>', html, re.S).group(0)
        assert re.findall(r'href="([^"]+)"', bar) == links, name
        assert re.findall(r'href="([^"]+)" aria-current="page"', bar) == [home], name
    client.force_login(cast.admin)
    bar = re.search(r'<nav class="staffbar".*?</nav>', client.get("/command/").content.decode(),
                    re.S).group(0)
    assert '/command/" aria-current="page"' in bar and "/admin/" in bar


def test_the_command_centre_opens_a_new_campaign_in_the_admin_and_a_community_cannot(client,
                                                                                      cast):
    client.force_login(cast.dispatcher)
    assert "/admin/campaigns/campaign/add/" in client.get("/campaigns/").content.decode()
    assert client.get("/admin/campaigns/campaign/add/").status_code == 200
    client.force_login(cast.user("village"))
    assert "/admin/campaigns/" not in client.get("/campaigns/").content.decode()
    assert client.get("/admin/campaigns/campaign/add/").status_code == 302  # to the login


def test_a_new_reports_department_picker_offers_every_department_with_the_routed_one_chosen(
        client, cast, file_case):
    from django.utils.translation import gettext, override

    from org.models import Department

    case = file_case()
    Department.objects.filter(pk=case.department_id).update(name="排水<公司>")
    client.force_login(cast.dispatcher)
    page = client.get("/dispatch/").content.decode()
    form = page[page.index(f"/cases/{case.tracking_number}/act/accept/"):]
    options = re.findall(r'<option value="([^"]*)"( selected)?>([^<]*)</option>',
                         form[:form.index("</select>")])
    assert {code for code, _, _ in options} == set(Department.objects.values_list("code",
                                                                                 flat=True))
    with override("zh-hans"):
        suggested = gettext(" (suggested)")
    chosen = [(code, name) for code, selected, name in options if selected]
    assert chosen == [(case.department.code, f"排水&lt;公司&gt;{suggested}")]
