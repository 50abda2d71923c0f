"""The SLA sweep in process, at chosen moments: warn, breach, escalate level by level, once."""

from datetime import timedelta

import pytest
from django.utils import timezone

from events.models import Case, Notification
from events.sla import escalation
from events.sla.deadlines import recalculate
from events.workflow.replay import log_matches
from taxonomy.models import Stage, TimeLimit


def with_mail():
    """Street and community bodies take mail, so that telling them leaves a notification."""
    from common import reference
    from org.models import Department

    Department.objects.filter(email="").update(email="office@grid.example")
    reference.changed()


def steps(case, action):
    return list(case.steps.filter(action=action).values_list("data", flat=True))


def test_a_case_is_warned_once_at_80_percent_of_its_limit(file_case, settings):
    case = file_case()
    span = case.due_at - case.stage_started_at
    assert case.warn_at == case.stage_started_at + span * 0.8
    assert escalation.sweep(now=case.warn_at - timedelta(seconds=1))["warned"] == 0
    assert escalation.sweep(now=case.warn_at)["warned"] == 1
    assert escalation.sweep(now=case.warn_at)["warned"] == 0
    case.refresh_from_db()
    assert case.supervision == "yellow" and len(steps(case, "warn")) == 1
    assert log_matches(case)


def test_a_report_not_accepted_in_time_escalates_to_the_street_office_then_the_district(
        file_case, settings, demo):
    settings.SLA_ESCALATION_INTERVAL_MINUTES = 60
    with_mail()
    case = file_case(subcategory=demo.vending)  # a street-level matter: the street accepts it
    assert case.level == "street"
    moment = case.due_at + timedelta(seconds=1)
    assert escalation.sweep(now=moment) == {"warned": 1, "breached": 1, "escalated": 0}
    case.refresh_from_db()
    assert case.supervision == "red" and case.breached_at == moment
    told = []
    for level in (1, 2):
        assert escalation.sweep(now=moment + timedelta(minutes=59))["escalated"] == 0
        moment += timedelta(minutes=60)
        assert escalation.sweep(now=moment)["escalated"] == 1, level
        case.refresh_from_db()
        assert case.escalation_level == level
        told.append(Notification.objects.filter(case=case).latest("pk").department.code)
    assert escalation.sweep(now=moment + timedelta(days=30)) == {
        "warned": 0, "breached": 0, "escalated": 0}
    # 立案 is the street's command sub-centre's stage: its office, then the district's centre.
    street = f"JD{case.street_code[-3:]}"
    assert told == [street, "CMD"]
    assert [(d["level"], d["to"]) for d in steps(case, "escalate")] == [
        (1, street), (2, "CMD")]
    assert log_matches(case)


def test_a_new_stage_starts_a_fresh_clock(file_case, cast):
    from events.workflow import services as workflow

    case = file_case()
    escalation.sweep(now=case.due_at + timedelta(seconds=1))
    case = workflow.perform(case=case, action="accept", actor=cast.leader)
    assert case.stage == Stage.HANDLE and case.breached_at is None
    assert case.escalation_level == 0 and case.warned_at is None
    records = list(case.stage_records.order_by("started_at").values_list("stage", "met"))
    assert records == [("accept", True), ("dispatch", True), ("handle", None)] or \
        records[0][0] == "accept"


def test_changing_a_time_limit_moves_the_running_deadlines(file_case, demo):
    case = file_case()
    limit = TimeLimit.objects.get(subcategory=demo.manhole, urgency=case.urgency,
                                  stage=Stage.ACCEPT)
    limit.amount *= 2
    limit.save()
    assert recalculate(subcategory_id=demo.manhole.pk) == 1
    moved = Case.objects.get(pk=case.pk)
    assert moved.due_at > case.due_at
    assert recalculate(subcategory_id=demo.manhole.pk) == 0


def test_a_paused_case_is_not_escalated(file_case, cast):
    from events.workflow import services as workflow

    case = file_case()
    workflow.perform(case=case, action="accept", actor=cast.leader)
    case = workflow.perform(case=case, action="start", actor=cast.handler)
    case = workflow.perform(case=case, action="request_extension", actor=cast.handler,
                            params={"hours": 4, "reason": "等待材料"})
    assert escalation.sweep(now=timezone.now() + timedelta(days=60)) == {
        "warned": 0, "breached": 0, "escalated": 0}


def test_sweeping_twice_at_the_same_moment_acts_once_per_level(file_case, settings, demo):
    from tests.helpers import assert_once_per_level

    settings.SLA_ESCALATION_INTERVAL_MINUTES = 60
    with_mail()  # so that every level leaves a notification
    ids = [file_case(subcategory=demo.vending).pk for _ in range(3)]
    moment = max(Case.objects.filter(pk__in=ids).values_list("due_at", flat=True)) + \
        timedelta(seconds=1)

    def notified():
        return Notification.objects.filter(case_id__in=ids).count()

    news = []
    for level in (0, 1, 2):  # the breach, then each level of escalation
        before = notified()
        escalation.sweep(now=moment)
        news.append(notified() - before)
        assert escalation.sweep(now=moment) == {"warned": 0, "breached": 0, "escalated": 0}
        assert notified() == before + news[-1], "the second sweep notifies no one"
        assert set(Case.objects.filter(pk__in=ids).values_list(
            "escalation_level", flat=True)) == {level}
        moment += timedelta(minutes=60)
    assert news == [2 * len(ids), len(ids), len(ids)]  # warn and breach, 1, 2
    for _ in range(2):  # past the top level there is no one left to tell
        assert escalation.sweep(now=moment) == {"warned": 0, "breached": 0, "escalated": 0}
    assert notified() == sum(news) + len(ids)  # and the report itself
    assert_once_per_level(ids)


# --- escalation chains (org/supervision.py) ----------------------------------------------


def handled_by(file_case, cast, name_zh):
    """A report of `name_zh` filed in the demo worker's grid, accepted and so dispatched to
    its default department."""
    from events.workflow import services as workflow
    from taxonomy.models import Subcategory

    case = file_case(subcategory=Subcategory.objects.get(name_zh=name_zh))
    case = workflow.perform(case=case, action="accept", actor=cast.leader)
    assert case.stage == Stage.HANDLE
    return case


def sweep_to_the_top(case, settings) -> list[tuple[int, str, list]]:
    """Breach the case and sweep until nothing is left to do: (level, to, copied) per step."""
    settings.SLA_ESCALATION_INTERVAL_MINUTES = 60
    moment = case.due_at + timedelta(seconds=1)
    for _ in range(12):
        escalation.sweep(now=moment)
        moment += timedelta(minutes=60)
    return [(d["level"], d["to"], d["copied"]) for d in steps(case, "escalate")]


def city_body(code, name):
    from org.models import Department

    return Department.objects.create(code=code, name=name, kind=Department.Kind.UTILITY,
                                     email=f"{code.lower()}@city.example")


def test_an_overdue_24_hour_departments_case_escalates_along_its_own_chain(
        file_case, cast, settings):
    from org.models import Department

    with_mail()
    Department.objects.filter(code="GDJ").update(parent=city_body("FSGD", "佛山供电局"))
    case = handled_by(file_case, cast, "电力线路断落")
    assert case.department.code == "GDJ" and case.department.works_around_the_clock
    # The duty list's limit for the matter (8 hours to repair a fallen power line) on the
    # calendar, day or night.
    assert (case.matter.time_limit, case.matter.time_unit) == (8, "h")
    assert case.due_at - case.stage_started_at == timedelta(hours=8), \
        "a 24-hour department's handling runs on calendar hours"
    centre = f"JD{case.street_code[-3:]}ZHZX"
    assert sweep_to_the_top(case, settings) == [(1, "FSGD", [centre]), (2, "CMD", [centre])]
    told = set(Notification.objects.filter(case=case, department__isnull=False)
               .values_list("department__code", flat=True))  # not the reporter's own SMS
    assert told == {"GDJ", "FSGD", "CMD", centre}
    assert log_matches(case)


@pytest.mark.parametrize(("name_zh", "code"), [("电力线路断落", "GDJ"), ("涉黄涉赌", "GAJ")])
def test_a_power_or_police_case_never_escalates_to_a_community_committee(
        file_case, cast, settings, name_zh, code):
    with_mail()
    case = handled_by(file_case, cast, name_zh)
    assert case.department.code == code
    centre = f"JD{case.street_code[-3:]}ZHZX"
    assert sweep_to_the_top(case, settings) == [(1, "CMD", [centre])]
    kinds = set(Notification.objects.filter(case=case).values_list("department__kind",
                                                                   flat=True))
    assert "community" not in kinds and "street" not in kinds


def test_a_committees_overdue_case_climbs_the_street_then_the_district(
        file_case, cast, settings, demo):
    with_mail()
    case = handled_by(file_case, cast, demo.neighbours.name_zh)
    assert case.department.kind == "community"
    street = f"JD{case.street_code[-3:]}"
    # The committee answers to its street office (the demo list's 上级部门), the office to
    # the district centre; the street's command sub-centre is told at every step.
    assert sweep_to_the_top(case, settings) == [
        (1, street, [f"{street}ZHZX"]), (2, "CMD", [f"{street}ZHZX"])]


def test_a_supervision_note_goes_up_the_same_chain_but_not_back_to_the_supervisor(
        file_case, cast):
    from events.workflow import services as workflow
    from org.models import Department

    Department.objects.filter(code="GDJ").update(parent=city_body("FSGD", "佛山供电局"))
    case = handled_by(file_case, cast, "电力线路断落")
    before = Notification.objects.filter(case=case).count()
    workflow.perform(case=case, action="supervise", actor=cast.leader,
                     params={"level": "yellow", "note": "请加快处置"})
    told = list(Notification.objects.filter(case=case).order_by("pk")[before:]
                .values_list("department__code", flat=True))
    assert told == ["GDJ", "FSGD"]  # the leader's own centre (CMD) is not told
