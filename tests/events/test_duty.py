"""24-hour duty (值班): the command centre on duty for the place counts accepting and
dispatching on calendar hours, a 24-hour department its handling; the grid worker's on-site
check keeps office hours."""

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from events.sla.calendar import stage_deadline, stage_department
from events.sla.deadlines import recalculate
from org.catalogue import COMMAND_CENTRE
from org.models import Department
from taxonomy.models import Stage, TimeLimit, Urgency

SH = ZoneInfo("Asia/Shanghai")
FRIDAY_EVENING = datetime(2026, 11, 20, 20, 0, tzinfo=SH)  # a Friday, 20:00


def off_duty_at_night(*codes):
    Department.objects.filter(code__in=codes).update(works_around_the_clock=False)
    from common import reference

    reference.changed()


def test_command_centres_and_emergency_services_are_on_duty_day_and_night(db):
    on_duty = set(Department.objects.filter(works_around_the_clock=True)
                  .values_list("code", flat=True))
    assert {"CMD", "GAJ", "JJD", "XFJ", "GDJ", "PSG"} <= on_duty
    assert "CGJ" not in on_duty  # an office-hours bureau
    assert Department.objects.filter(kind="command").exclude(
        works_around_the_clock=True).count() == 0


def test_an_urgent_manhole_report_at_20_00_on_a_friday_is_due_for_acceptance_that_evening(
        file_case, demo):
    case = file_case()
    assert case.urgency == Urgency.URGENT
    limit = TimeLimit.objects.get(subcategory=demo.manhole, urgency=Urgency.URGENT,
                                  stage=Stage.ACCEPT)
    assert (limit.amount, limit.unit) == (1, TimeLimit.Unit.WORKING_HOURS)
    centre = stage_department(Stage.ACCEPT, street_code=case.street_code)
    assert centre.kind == Department.Kind.COMMAND and centre.region_code == case.street_code
    # The report came in on Friday at 20:00: its clock is counted again from then.
    from events.models import Case

    Case.objects.filter(pk=case.pk).update(stage_started_at=FRIDAY_EVENING)
    assert recalculate(subcategory_id=demo.manhole.pk) == 1
    case.refresh_from_db()
    assert case.due_at == datetime(2026, 11, 20, 21, 0, tzinfo=SH)


def test_a_report_is_due_for_acceptance_one_hour_later_whatever_the_time_of_day(file_case):
    case = file_case()
    assert case.due_at - case.stage_started_at == timedelta(hours=1)


def test_a_centre_on_office_hours_takes_the_friday_evening_report_on_monday(file_case, demo):
    case = file_case()
    off_duty_at_night(COMMAND_CENTRE, f"JD{case.street_code[-3:]}ZHZX")
    centre = stage_department(Stage.ACCEPT, street_code=case.street_code)
    assert stage_deadline(demo.manhole, Urgency.URGENT, Stage.ACCEPT, FRIDAY_EVENING,
                          centre) == datetime(2026, 11, 23, 9, 30, tzinfo=SH)


def test_a_district_case_is_accepted_on_the_district_centres_calendar(demo, file_case):
    case = file_case()
    street = stage_department(Stage.DISPATCH, street_code=case.street_code)
    district = stage_department(Stage.DISPATCH, street_code=case.street_code,
                                level="district")
    assert district.code == COMMAND_CENTRE and street != district
    # A street without a sub-centre of its own is served by the district's centre.
    assert stage_department(Stage.ACCEPT, street_code="999999999").code == COMMAND_CENTRE


def test_handling_follows_the_handlers_calendar(db):
    from taxonomy.models import Subcategory

    litter = Subcategory.objects.get(name_zh="暴露垃圾")  # 4 working hours
    gaj, cgj = Department.objects.get(code="GAJ"), Department.objects.get(code="CGJ")
    assert stage_deadline(litter, Urgency.NORMAL, Stage.HANDLE, FRIDAY_EVENING, gaj) == \
        datetime(2026, 11, 21, 0, 0, tzinfo=SH)
    assert stage_deadline(litter, Urgency.NORMAL, Stage.HANDLE, FRIDAY_EVENING, cgj) == \
        datetime(2026, 11, 23, 14, 30, tzinfo=SH)


def test_the_on_site_check_keeps_the_grid_workers_office_hours_even_for_a_24_hour_centre(
        demo):
    centre = Department.objects.get(code=COMMAND_CENTRE)
    assert centre.works_around_the_clock
    due = stage_deadline(demo.manhole, Urgency.URGENT, Stage.VERIFY, FRIDAY_EVENING, centre)
    assert due == datetime(2026, 11, 23, 10, 30, tzinfo=SH)  # 2 working hours from Monday
    assert stage_department(Stage.VERIFY, department=centre, street_code="") is None


def test_a_command_centre_going_off_night_duty_moves_the_running_acceptance_clocks(
        file_case):
    from events.models import Case

    case = file_case()
    Case.objects.filter(pk=case.pk).update(stage_started_at=FRIDAY_EVENING)
    recalculate(subcategory_id=case.subcategory_id)
    # The centre that owns the case's level and region (the district's for a district matter).
    centre = stage_department("accept", street_code=case.street_code, level=case.level)
    off_duty_at_night(centre.code)
    assert recalculate(department_id=centre.pk) == 1
    case.refresh_from_db()
    assert case.due_at == datetime(2026, 11, 23, 9, 30, tzinfo=SH)


def test_an_older_database_gets_night_duty_for_centres_and_emergency_services_only(db):
    import importlib

    from django.apps import apps

    migration = importlib.import_module("org.migrations.0005_around_the_clock")
    off_duty_at_night("CMD", "GAJ", "XFJ", "CGJ")
    migration.on_duty_day_and_night(apps, None)
    on_duty = dict(Department.objects.filter(code__in=["CMD", "GAJ", "XFJ", "CGJ"])
                   .values_list("code", "works_around_the_clock"))
    assert on_duty == {"CMD": True, "GAJ": True, "XFJ": True, "CGJ": False}
