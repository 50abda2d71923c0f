import os

import pytest
from django.core.management import CommandError, call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext

from events.models import Case, CasePhoto, CaseStep, Status
from tests.helpers import close, jpeg
from tests.security.conftest import void


@pytest.fixture
def healthy(file_case):
    """Cases in several states, with photos from the report and from resolving."""
    return [close(file_case(photos=[jpeg()])), void(file_case()), file_case(photos=[jpeg()]),
            close(file_case())]


def check(*args) -> str:
    from io import StringIO

    out = StringIO()
    call_command("check_integrity", *args, stdout=out)
    return out.getvalue()


def test_a_healthy_database_passes(healthy):
    out = check()
    assert "OK: 4 cases, 4 photos; every log replays" in out


def test_a_tampered_step_fails_naming_the_case(healthy):
    tampered = healthy[0]
    CaseStep.objects.filter(case=tampered, action="start").update(to_status=Status.RESOLVED)
    with pytest.raises(CommandError) as failure:
        check()
    assert str(failure.value).startswith("1 problem in 1 case ")
    assert tampered.tracking_number in str(failure.value)
    for other in healthy[1:]:
        assert other.tracking_number not in str(failure.value)


def test_a_state_changed_behind_the_logs_back_fails_naming_the_case(healthy):
    moved = healthy[2]
    Case.objects.filter(pk=moved.pk).update(status=Status.CLOSED)
    with pytest.raises(CommandError, match=moved.tracking_number):
        check("--skip-photos")


def test_a_deleted_step_fails_too(healthy):
    CaseStep.objects.filter(case=healthy[1], action="void").delete()
    with pytest.raises(CommandError, match=healthy[1].tracking_number):
        check()


def test_steps_are_judged_in_the_order_replay_reads_them_not_by_their_clock(healthy):
    from datetime import timedelta

    last = healthy[0].steps.order_by("-id").first()  # written last, clock set back
    CaseStep.objects.filter(pk=last.pk).update(created_at=last.created_at - timedelta(days=9))
    assert "OK: 4 cases" in check()


def test_a_missing_photo_file_fails_naming_the_case(healthy, capsys):
    photo = CasePhoto.objects.filter(case=healthy[2]).get()
    os.remove(photo.image.path)
    with pytest.raises(CommandError, match=healthy[2].tracking_number):
        check()
    check("--skip-photos")  # the logs themselves are fine


def test_the_number_of_queries_grows_with_chunks_not_with_cases(file_case):
    def queries(chunk_size: int) -> int:
        with CaptureQueriesContext(connection) as captured:
            check("--chunk-size", str(chunk_size))
        return len(captured)

    for _ in range(6):
        file_case()
    small_chunks, one_chunk = queries(2), queries(100)
    for _ in range(12):
        file_case()
    assert queries(100) == one_chunk  # three times the cases, the same queries
    # 3 chunks instead of 1: cases + steps + tasks for the logs, then the phone numbers
    assert small_chunks == one_chunk + 2 * 3 + 2


def _last_step(case):
    return CaseStep.objects.filter(case=case).order_by("-id").first()


def _with_data(step, **data):
    CaseStep.objects.filter(pk=step.pk).update(data={**step.data, **data})


def _first_step(case):
    return CaseStep.objects.filter(case=case).order_by("id").first()


TAMPERINGS = {
    "a step's status": lambda c: CaseStep.objects.filter(case=c, action="start").update(
        to_status=Status.RESOLVED),
    "the case's status": lambda c: Case.objects.filter(pk=c.pk).update(status=Status.VOIDED),
    "a deleted step": lambda c: _last_step(c).delete(),
    "a step's department": lambda c: CaseStep.objects.filter(pk=_last_step(c).pk).update(
        from_department_id=None),
    "a task created without its row": lambda c: _with_data(_last_step(c), tasks=["PSG"]),
    "a task moved from nothing": lambda c: _with_data(_last_step(c), task="PSG"),
    "a task released twice": lambda c: _with_data(_last_step(c), tasks_released=["PSG"]),
    "the case's level": lambda c: Case.objects.filter(pk=c.pk).update(level="street"),
    "a level that is no text": lambda c: _with_data(_first_step(c), level=5),
    "a level move from elsewhere": lambda c: _with_data(_first_step(c), from_level="street",
                                                         from_region="x"),
}


@pytest.mark.parametrize("tampering", TAMPERINGS)
def test_on_postgresql_the_set_based_check_finds_what_the_replay_finds(healthy, tampering):
    """The query that spares PostgreSQL the replay of sound logs leaves to the replay every log
    it rejects: both name the same case, with the same words."""
    if connection.vendor != "postgresql":
        pytest.skip("the set-based check is PostgreSQL's")
    tampered = healthy[0]
    TAMPERINGS[tampering](tampered)
    found = {}
    for mode in ((), ("--replay-all",)):
        with pytest.raises(CommandError) as failure:
            check("--skip-photos", *mode)
        found[mode] = str(failure.value)
    assert found[()] == found[("--replay-all",)]
    assert found[()].startswith("1 problem in 1 case ")
    assert tampered.tracking_number in found[()]
