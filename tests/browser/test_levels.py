"""Levels of handling in a phone-sized Chromium: the community's dispatcher reports a neighbour
dispute up, the street's dispatcher finds it in its queue and hands it down to a community."""


from events.models import Case
from tests.browser.fixtures import login
from tests.helpers import interior_point

COMMUNITY, NEIGHBOUR = "440604001001", "440604001002"


def citizens_dispute(lat, lon) -> Case:
    from events.intake.services import Report, case_report
    from taxonomy.models import Subcategory

    return case_report(report=Report(subcategory=Subcategory.objects.get(name_zh="邻里纠纷"),
                                     lat=lat, lon=lon, description="楼上噪音扰民，多次协商无果"))


def sign_out(page):
    page.click("text=退出")
    page.wait_for_load_state("networkidle")


def test_the_community_reports_up_and_the_street_hands_down(phone):
    from grids.models import Region

    grid = Region.objects.filter(generation__is_active=True, parent__code=NEIGHBOUR).order_by(
        "code").first()
    case = citizens_dispute(*interior_point(grid))
    assert (case.level, case.owner_region) == ("community", NEIGHBOUR)
    mine = citizens_dispute(*interior_point(Region.objects.filter(
        generation__is_active=True, parent__code=COMMUNITY).order_by("code").first()))

    login(phone, "village")
    assert "/dispatch/" in phone.url and mine.tracking_number in phone.content()
    assert case.tracking_number not in phone.content(), "another community's"
    row = phone.locator(f"li.case-row:has-text('{mine.tracking_number}') div.levels")
    row.locator("input[name=reason]").fill("涉及物业与多户业主，社区调解不成")
    phone.shot("levels-1-community-queue")
    row.locator("button.action-report_up").click()
    phone.wait_for_selector(".message.success")
    assert phone.locator(f"li.case-row:has-text('{mine.tracking_number}')").count() == 0, \
        "now the street's"
    sign_out(phone)

    login(phone, "zumiao")
    assert mine.tracking_number in phone.content(), "reported up to the street"
    assert case.tracking_number in phone.content(), "a community with no dispatcher of its own"
    phone.shot("levels-2-street-queue")
    phone.goto(f"{phone.base}/cases/{mine.tracking_number}/")
    form = phone.locator("form:has(button.action-hand_down)")
    form.locator("select[name=region]").select_option(COMMUNITY)
    form.locator("textarea[name=note]").fill("请社区联合司法所再次调解")
    phone.shot("levels-3-case-before-hand-down")
    form.locator("button.action-hand_down").click()
    phone.wait_for_selector(".level-path li:nth-child(3)")
    phone.shot("levels-4-level-path")
    mine.refresh_from_db()
    assert (mine.level, mine.owner_region) == ("community", COMMUNITY)
    assert list(mine.steps.values_list("action", flat=True)) == [
        "report", "report_up", "hand_down"]
