"""The staff and citizen forms with the Django client: errors beside their fields, 立案 with a
department picker, the requirements of a result, 返工 apart from 核查结案, and confirmations
on the page the action came from."""

import re

from events.models import Case
from events.workflow import services as workflow
from events.workflow.replay import log_matches
from tests.helpers import interior_point, jpeg


def act(client, case, action, **data):
    return client.post(f"/cases/{case.tracking_number}/act/{action}/", data)


def resolved(cast, case) -> Case:
    workflow.perform(case=case, action="accept", actor=cast.leader)
    workflow.perform(case=case, action="start", actor=cast.handler)
    return workflow.perform(case=case, action="resolve", actor=cast.handler,
                            params={"note": "已补装井盖"}, photos=[jpeg()])


def field_tag(page: str, field_id: str) -> str:
    return re.search(rf'<[^>]*\sid="{field_id}"[^>]*>', page).group(0)


# --- 立案 with a department picker -----------------------------------------------------------


def test_a_department_chosen_at_accept_gets_the_case_and_the_log_says_it_was_chosen(
        client, cast, file_case):
    case = file_case()
    assert case.department.code == "PSG"
    client.force_login(cast.dispatcher)
    response = act(client, case, "accept", department="CGJ", next="/dispatch/")
    assert response.status_code == 302 and response.url == "/dispatch/"
    case.refresh_from_db()
    assert (case.status, case.department.code) == ("dispatched", "CGJ")
    accept, dispatch = case.steps.filter(action__in=["accept", "dispatch"]).order_by("id")
    assert accept.data == {"chosen": "CGJ", "suggested": "PSG"}
    assert accept.to_department.code == "CGJ"
    assert "排水公司" in dispatch.note and case.department.name in dispatch.note
    assert log_matches(case)


def test_an_unknown_department_at_accept_is_refused_beside_the_picker(client, cast, file_case):
    case = file_case()
    client.force_login(cast.dispatcher)
    response = act(client, case, "accept", department="NOPE", next="/dispatch/")
    assert response.status_code == 400
    page = response.content.decode()
    select = field_tag(page, "accept-department")
    assert 'aria-invalid="true"' in select and 'aria-describedby="accept-department-error"' \
        in select
    assert "NOPE" in re.search(r'id="accept-department-error"[^>]*>([^<]*)<', page).group(1)
    assert 'href="#accept-department"' in page  # the summary links to the field
    assert 'name="next" value="/dispatch/"' in page
    case.refresh_from_db()
    assert case.status == "reported"


def test_the_dispatch_after_accept_gives_the_reason_routing_gave(cast, file_case, demo):
    from common import reference

    demo.vending.matters.all().delete()  # where no matter applies, the catalogue's default
    reference.forget()
    by_default = file_case(subcategory=demo.vending)
    by_matter = file_case()  # the manhole covers: the district's duty-list matter
    for case in (by_default, by_matter):
        workflow.perform(case=case, action="accept", actor=cast.leader)
    first, dispatch = (by_default.steps.get(action=a).note for a in ("report", "dispatch"))
    assert "无适用事项" in first and "无适用事项" in dispatch and "默认" in dispatch
    matter = by_matter.matter.code
    first, dispatch = (by_matter.steps.get(action=a).note for a in ("report", "dispatch"))
    assert matter in first and matter in dispatch and "默认" not in dispatch


def test_the_queue_and_the_case_page_explain_the_suggested_department(
        client, cast, file_case):
    case = file_case()
    client.force_login(cast.leader)
    queue = client.get("/dispatch/").content.decode()
    why = re.search(rf'id="why-{case.tracking_number}">([^<]*)<', queue).group(1)
    assert case.matter.code in why and case.matter.lead in why
    page = client.get(f"/cases/{case.tracking_number}/").content.decode()
    assert case.matter.code in re.search(r'id="accept-suggestion">([^<]*)<', page).group(1)
    selected = re.search(r'<option value="(\w+)" selected>', page.split(
        'id="accept-department"')[1]).group(1)
    assert selected == case.department.code


# --- messages where the action happened, and a safe way back ---------------------------------


def test_the_confirmation_of_signing_for_shows_on_the_department_inbox(client, cast, file_case):
    case = file_case()
    workflow.perform(case=case, action="accept", actor=cast.leader)
    client.force_login(cast.handler)
    response = client.post(f"/cases/{case.tracking_number}/act/start/",
                           {"next": "/department/"}, follow=True)
    assert response.redirect_chain == [("/department/", 302)]
    page = response.content.decode()
    assert "已完成：签收" in page and case.tracking_number in page
    # Shown once: the next page opened is quiet.
    assert "已完成" not in client.get("/department/").content.decode()


def test_a_next_to_another_site_is_not_followed(client, cast, file_case):
    case = file_case()
    client.force_login(cast.leader)
    for unsafe in ("https://evil.example/", "//evil.example/dispatch/",
                   "/\\evil.example/", "javascript:alert(1)"):
        response = act(client, case, "mark_urgent", next=unsafe)
        assert response.url == f"/cases/{case.tracking_number}/", unsafe
        Case.objects.filter(pk=case.pk).update(urgency="normal")


# --- 返工 and 核查结案 -------------------------------------------------------------------------


def test_rework_needs_a_reason_and_says_so_beside_the_field(client, cast, file_case):
    case = resolved(cast, file_case())
    client.force_login(cast.worker)
    response = act(client, case, "rework", reason="  ", next=f"/cases/{case.tracking_number}/")
    assert response.status_code == 400
    page = response.content.decode()
    reason = field_tag(page, "rework-reason")
    assert 'aria-invalid="true"' in reason and 'aria-describedby="rework-reason-error"' in reason
    assert "请填写原因" in page.split('id="rework-reason-error"')[1][:200]
    case.refresh_from_db()
    assert case.status == "resolved"
    act(client, case, "rework", reason="井盖未固定")
    case.refresh_from_db()
    assert (case.status, case.steps.last().note) == ("processing", "井盖未固定")


def test_the_check_forms_show_the_closing_standard_and_look_apart(client, cast, file_case):
    case = resolved(cast, file_case())
    client.force_login(cast.worker)
    page = client.get(f"/cases/{case.tracking_number}/").content.decode()
    standard = case.subcategory.closing_standard
    assert page.count(standard) == 2  # on 核查结案 and on 返工
    close = field_tag(page, "close-form")
    rework = field_tag(page, "rework-form")
    assert "data-confirm" in close and "data-confirm" in rework
    assert re.search(r'class="action action-close primary"', page)
    assert re.search(r'class="action action-rework danger"', page)


def test_the_resolve_form_marks_the_photo_required_when_the_subcategory_needs_one(
        client, cast, file_case):
    case = file_case()
    assert case.subcategory.photo_required
    workflow.perform(case=case, action="accept", actor=cast.leader)
    workflow.perform(case=case, action="start", actor=cast.handler)
    client.force_login(cast.handler)
    page = client.get(f"/cases/{case.tracking_number}/").content.decode()
    assert " required" in field_tag(page, "resolve-photos")
    assert "必须上传处置结果照片" in page and case.subcategory.closing_standard in page
    response = act(client, case, "resolve", note="已补装")
    assert response.status_code == 400
    assert 'aria-invalid="true"' in field_tag(response.content.decode(), "resolve-photos")


# --- the citizen's and the grid worker's report forms ---------------------------------------


def test_the_citizen_form_names_the_wrong_coordinate_beside_it_and_sums_up_on_top(client, demo):
    response = client.post("/report/", {"subcategory": demo.manhole.code, "lat": "91",
                                        "lon": "113.1", "description": ""})
    page = response.content.decode()
    lat = field_tag(page, "lat")
    assert 'aria-invalid="true"' in lat and 'aria-describedby="lat-error"' in lat
    assert "纬度" in page.split('id="lat-error"')[1][:200]
    assert 'aria-invalid="true"' in field_tag(page, "description")
    assert 'aria-invalid' not in field_tag(page, "lon")
    summary = page.split('class="error-summary"')[1].split("</div>")[0]
    assert summary.index('href="#lat"') < summary.index('href="#description"')
    assert "data-keep-open" in field_tag(page, "coords")  # the coordinates are not folded away


def test_the_patrol_form_marks_its_wrong_fields(client, cast, demo):
    client.force_login(cast.worker)
    lat, lon = interior_point(demo.first_grid)
    response = client.post("/worker/report/", {"subcategory": demo.manhole.code, "lat": lat,
                                               "lon": "200", "description": "x"})
    assert response.status_code == 400
    page = response.content.decode()
    assert 'aria-invalid="true"' in field_tag(page, "lon")
    assert "经度" in page.split('id="lon-error"')[1][:200] and 'href="#lon"' in page
