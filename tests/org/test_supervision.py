"""Escalation chains (督办链) and the command centre owning a region, on the demo district."""

import pytest

from common import reference
from org import supervision
from org.models import Department

pytestmark = pytest.mark.django_db

STREET = "440604001"  # 祖庙街道: office JD001, command sub-centre JD001ZHZX


def codes(bodies):
    return [body.code for body in bodies]


def department(code):
    return Department.objects.get(code=code)


def test_each_street_has_a_command_sub_centre_supervised_by_its_office():
    centre = supervision.command_centre(street_code=STREET)
    assert centre.code == "JD001ZHZX" and centre.kind == "command"
    assert centre.works_around_the_clock and centre.parent.code == "JD001"
    assert supervision.command_centre(street_code=STREET, level="district").code == "CMD"


def test_a_department_with_no_supervising_body_answers_to_the_command_centre_of_its_level():
    assert codes(supervision.chain(department("GDJ"))) == ["CMD"]
    # The demo names the street office as the supervising body of the street's bodies and
    # committees; without it they answer to the street's command sub-centre.
    assert codes(supervision.chain(department("JD001CGZD"))) == ["JD001", "CMD"]
    Department.objects.filter(code="JD001CGZD").update(parent=None)
    reference.changed()
    assert codes(supervision.chain(department("JD001CGZD"))) == ["JD001ZHZX", "JD001", "CMD"]
    committee = Department.objects.filter(kind="community",
                                          region_code__startswith=STREET).first()
    committee.parent = None
    assert codes(supervision.chain(committee, street_code=STREET)) == [
        "JD001ZHZX", "JD001", "CMD"]


def test_a_supervising_body_comes_first_and_the_district_centre_last():
    assert codes(supervision.chain(department("PSG"))) == ["ZJJ", "CMD"]  # the demo's
    assert codes(supervision.chain(department("JJD"))) == ["GAJ", "CMD"]


def test_the_district_centre_has_no_one_above_it_in_the_district():
    assert supervision.chain(department("CMD")) == []


def test_a_loop_of_supervising_bodies_entered_by_mistake_ends():
    a, b = department("GDJ"), department("TXG")
    Department.objects.filter(pk=a.pk).update(parent=b)
    Department.objects.filter(pk=b.pk).update(parent=a)
    reference.changed()
    assert codes(supervision.chain(department("GDJ"))) == ["TXG", "CMD"]
