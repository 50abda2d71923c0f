"""Small helpers the tests share."""

import os

import pytest

from grids.geometry import to_shape

REQUIRE_SERVICES = os.environ.get("REQUIRE_SERVICES") == "1"
PASSWORD = "pw-for-tests"  # of every demo user in the test database
PHONE = "13812345678"  # the reporter's number in the cases tests file


def need(condition: bool, what: str) -> None:
    """Skip when a service is missing, or fail when CI said the services are required."""
    if condition:
        return
    if REQUIRE_SERVICES:
        pytest.fail(f"REQUIRE_SERVICES=1 but {what}")
    pytest.skip(what)


def interior_point(region) -> tuple[float, float]:
    """(lat, lon) of a point certainly inside the region."""
    point = to_shape(region.geometry).point_on_surface()
    return point.y, point.x


class FailingEmailBackend:
    """An SMTP server that is down: the network edge, and the only thing these tests fake."""

    def __init__(self, *args, **kwargs):
        pass

    def send_messages(self, messages):
        raise ConnectionRefusedError("SMTP is down")


def jpeg(name="photo.jpg", size=(64, 48), exif_gps=False):
    """A real little JPEG upload, optionally with EXIF that includes GPS."""
    import io

    from django.core.files.uploadedfile import SimpleUploadedFile
    from PIL import Image

    buffer = io.BytesIO()
    exif = Image.Exif()
    if exif_gps:
        exif[0x010F] = "PhoneMaker"  # Make
        exif[0x8825] = {1: "N", 2: (23.0, 1.0, 2.0)}  # GPSInfo
    Image.new("RGB", size, (200, 80, 40)).save(buffer, format="JPEG", exif=exif)
    return SimpleUploadedFile(name, buffer.getvalue(), content_type="image/jpeg")


def database_url() -> str:
    """The URL of the test database, for subprocesses (workers, servers) to share it."""
    from django.db import connection

    s = connection.settings_dict
    return f"postgres://{s['USER']}@{s['HOST'] or '127.0.0.1'}:{s['PORT'] or 5432}/{s['NAME']}"


def wait_for(predicate, timeout: float = 60, step: float = 0.2):
    import time

    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = predicate()
        if value:
            return value
        time.sleep(step)
    raise AssertionError(f"gave up waiting after {timeout} s for {predicate.__doc__ or predicate}")


def start_worker(env: dict, name: str, log_dir=None, beat: bool = False):
    """A real Celery worker in its own process (solo pool, so killing it kills the task)."""
    import subprocess
    import sys

    command = [sys.executable, "-m", "celery", "-A", "governance", "worker", "--pool", "solo",
               "-n", f"{name}@%h", "--loglevel", "INFO", "--without-gossip", "--without-mingle",
               "--without-heartbeat"]
    if beat:
        command.append("--beat")
    if not log_dir:
        return subprocess.Popen(command, env=env, stdout=subprocess.DEVNULL,
                                stderr=subprocess.STDOUT)
    with open(f"{log_dir}/{name}.log", "ab") as log:  # the child keeps its own copy
        return subprocess.Popen(command, env=env, stdout=log, stderr=subprocess.STDOUT)


def stop(process, timeout: float = 20) -> None:
    import subprocess

    if process.poll() is None:
        process.terminate()
        try:
            process.wait(timeout=timeout)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


def free_port() -> int:
    import socket

    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def service_env(data_dir) -> dict:
    """Environment for worker and server processes sharing this test's database (the
    committed demo district). Mail is written to data_dir/mail, one file per connection, so
    that tests can count what was delivered."""
    import os

    need(bool(os.environ.get("REDIS_URL")), "Redis is needed (set REDIS_URL)")
    # Tasks queued by earlier tests (for rows long gone) would only delay these workers.
    from governance.celery import app

    app.control.purge()
    return {**os.environ, "DATABASE_URL": database_url(), "DATA_DIR": str(data_dir),
            "SLA_ESCALATION_INTERVAL_MINUTES": "0", "LOG_LEVEL": "WARNING",
            # Abuse limits on reports are tested in tests/citizen/; here they would only trip.
            "REPORT_RATE_PER_IP": "1000000/s", "REPORT_RATE_PER_PHONE": "1000000/s",
            "EMAIL_BACKEND": "django.core.mail.backends.filebased.EmailBackend",
            "EMAIL_FILE_PATH": str(data_dir / "mail"), **same_keys()}


def same_keys() -> dict:
    """The test process's key for phone numbers: servers and workers with a DATA_DIR of their
    own would otherwise generate another, and neither side could read the other's numbers."""
    from django.conf import settings

    return {"FIELD_ENCRYPTION_KEY": ",".join(settings.FIELD_ENCRYPTION_KEYS)}


def overdue_cases(count: int) -> list[int]:
    """`count` cases whose accept stage ran out an hour ago: street vending, a street-level
    matter, so that the street's command sub-centre holds the stage and the chain above it
    has two levels (the street office, the district's centre)."""
    from datetime import timedelta

    from django.utils import timezone

    from events.intake.services import Report, case_report
    from events.models import Case
    from grids.models import Region
    from taxonomy.models import Subcategory

    grid = Region.objects.filter(generation__is_active=True, level="grid").first()
    lat, lon = interior_point(grid)
    sub = Subcategory.objects.get(name_zh="占道经营")
    ids = [case_report(report=Report(subcategory=sub, lat=lat, lon=lon,
                                     description="超期测试")).pk for _ in range(count)]
    past = timezone.now() - timedelta(hours=1)
    Case.objects.filter(pk__in=ids).update(stage_started_at=past - timedelta(hours=2),
                                           warn_at=past, due_at=past)
    return ids


def steps_per_level(ids) -> dict:
    from django.db.models import Count

    from events.models import CaseStep

    rows = CaseStep.objects.filter(case_id__in=ids, action__in=["warn", "breach", "escalate"])
    return {(r["action"], r["data__level"]): r["n"] for r in
            rows.values("action", "data__level").annotate(n=Count("id"))}


def escalation_levels(ids) -> int:
    """How many levels the cases' escalation chain has (the same for all of them)."""
    from events.models import Case
    from events.sla.escalation import chain_of

    lengths = {len(chain_of(case)) for case in Case.objects.filter(pk__in=ids)}
    assert len(lengths) == 1, lengths
    return lengths.pop()


def fully_escalated(ids) -> bool:
    """all cases at the top of their chain"""
    from events.models import Case

    top = escalation_levels(ids)
    return Case.objects.filter(pk__in=ids, escalation_level=top).count() == len(ids)


def assert_once_per_level(ids) -> None:
    n, top = len(ids), escalation_levels(ids)
    assert top >= 2  # the street office, then the district's command centre
    assert steps_per_level(ids) == {("warn", None): n, ("breach", None): n,
                                    **{("escalate", level): n for level in range(1, top + 1)}}


def staff(username: str):
    """A demo user by name (the cast in tests/conftest.py has them by role)."""
    from django.contrib.auth import get_user_model

    return get_user_model().objects.get(username=username)


def client_for(user):
    """An API client signed in as `user` (anonymous for None)."""
    from rest_framework.test import APIClient

    client = APIClient()
    if user is not None:
        client.force_authenticate(user)
    return client


def close(case):
    """Accept (auto-dispatched to the drainage company), sign for, resolve with a photo,
    verify on site: each step with a note that only staff may read."""
    from events.workflow import services as workflow

    case = workflow.perform(case=case, action="accept", actor=staff("dispatcher"),
                            params={"note": "内部备注：已电话核实"})
    case = workflow.perform(case=case, action="start", actor=staff("drainage"))
    case = workflow.perform(case=case, action="resolve", actor=staff("drainage"),
                            params={"note": "班组长王师傅已补装"}, photos=[jpeg()])
    return workflow.perform(case=case, action="close", actor=staff("worker"),
                            params={"note": "网格员现场核查合格"})


# A matter row of a duty workbook: exposed rubbish to the sanitation company, district-wide.
DUTY_MATTER = {"事项编码": "T-01", "事项名称": "暴露垃圾的清理", "小类编码": "05001",
               "处置层级": "区", "主办": "HWG", "协办": "",
               "法律依据": "《城市市容和环境卫生管理条例》第十条", "处置时限": 4,
               "时限单位": "工作小时", "适用区域编码": "", "默认": "是"}


def duty_workbook(path, departments=(), matters=(), *, sheets=("部门", "权责事项")):
    """A duty workbook (org/duties.py) with the two sheets; rows are dicts by header, headers
    in the order first seen (a column only some rows have is blank in the others)."""
    import openpyxl

    from org import duties

    book = openpyxl.Workbook()
    book.remove(book.active)
    for name, rows in ((duties.DEPARTMENTS, departments), (duties.MATTERS, matters)):
        if name not in sheets:
            continue
        sheet = book.create_sheet(name)
        headers = list(dict.fromkeys(h for row in rows for h in row)) or (
            duties.DEPARTMENT_COLUMNS if name == duties.DEPARTMENTS else duties.MATTER_COLUMNS)
        sheet.append(headers)
        for row in rows:
            sheet.append([row.get(h) for h in headers])
    book.save(path)
    return path
