"""The SLA sweep in process, at chosen moments: warn, breach, escalate level by level, once."""

from datetime import timedelta

from django.utils import timezone

from events.models import Case, Notification
from events.sla import escalation
from events.sla.deadlines import recalculate
from events.workflow.replay import log_matches
from taxonomy.models import Stage, TimeLimit


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


def test_an_overdue_case_is_supervised_then_escalated_up_to_the_command_centre(
        file_case, settings):
    settings.SLA_ESCALATION_INTERVAL_MINUTES = 60
    case = file_case()
    moment = case.due_at + timedelta(seconds=1)
    assert escalation.sweep(now=moment) == {"warned": 1, "breached": 1, "escalated": 0}
    case.refresh_from_db()
    assert case.supervision == "red" and case.breached_at == moment
    recipients = []
    for level in (1, 2, 3):
        assert escalation.sweep(now=moment + timedelta(minutes=59))["escalated"] == 0
        moment += timedelta(minutes=60)
        assert escalation.sweep(now=moment)["escalated"] == 1, level
        case.refresh_from_db()
        assert case.escalation_level == level
        recipients.append(Notification.objects.filter(case=case).latest("pk").recipient)
    assert escalation.sweep(now=moment + timedelta(days=30)) == {
        "warned": 0, "breached": 0, "escalated": 0}
    levels = [d["level"] for d in steps(case, "escalate")]
    assert levels == [1, 2, 3]
    assert [d["region"] for d in steps(case, "escalate")] == [
        case.community_code, case.street_code, ""]
    # The community's own committee, then the street office, then the command centre.
    assert recipients[1] == "" or recipients[1] != recipients[2]
    assert recipients[2] == "cmd@grid.example"
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


def test_sweeping_twice_at_the_same_moment_acts_once_per_level(file_case, settings):
    from common import reference
    from org.models import Department
    from tests.helpers import assert_once_per_level

    settings.SLA_ESCALATION_INTERVAL_MINUTES = 60
    # Community and street offices take mail, so that every level leaves a notification.
    Department.objects.exclude(region_code="").update(email="office@grid.example")
    reference.changed()
    ids = [file_case().pk for _ in range(3)]
    moment = max(Case.objects.filter(pk__in=ids).values_list("due_at", flat=True)) + \
        timedelta(seconds=1)

    def notified():
        return Notification.objects.filter(case_id__in=ids).count()

    news = []
    for level in (0, 1, 2, 3):  # the breach, then each level of escalation
        before = notified()
        escalation.sweep(now=moment)
        news.append(notified() - before)
        assert escalation.sweep(now=moment) == {"warned": 0, "breached": 0, "escalated": 0}
        assert notified() == before + news[-1], "the second sweep notifies no one"
        assert set(Case.objects.filter(pk__in=ids).values_list(
            "escalation_level", flat=True)) == {level}
        moment += timedelta(minutes=60)
    assert news == [2 * len(ids), len(ids), len(ids), len(ids)]  # warn and breach, 1, 2, 3
    for _ in range(2):  # past the top level there is no one left to tell
        assert escalation.sweep(now=moment) == {"warned": 0, "breached": 0, "escalated": 0}
    assert notified() == sum(news) + len(ids)  # and the report itself
    assert_once_per_level(ids)
