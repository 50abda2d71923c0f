"""A duty list activated by import_duties is seen by a running gunicorn without a restart:
its workers route the next reports by the new list within REFERENCE_CHECK_SECONDS (on
PostgreSQL and Redis, as in production)."""

import http.client
import io
import json
import time

import pytest
from django.core.management import call_command

from grids.models import Region
from org.models import DutyList
from tests import committed
from tests.faults.stack import Gunicorn
from tests.helpers import DUTY_MATTER, duty_workbook, interior_point

pytestmark = [pytest.mark.slow, pytest.mark.services, pytest.mark.django_db(transaction=True)]

CHECK_SECONDS = 2.0
SLACK_SECONDS = 2.0  # a request in flight, a worker busy, the machine slow


@pytest.fixture
def web(services, tmp_path):
    server = Gunicorn({**services, "REFERENCE_CHECK_SECONDS": str(CHECK_SECONDS)}, tmp_path,
                      workers=2)
    yield server
    server.stop()


def routed_to(port: int, point) -> str:
    """File a report of exposed rubbish over HTTP; the code of the department it went to."""
    body = {"subcategory": "05001", "lat": point[0], "lon": point[1],
            "description": "路边有一堆垃圾没人清理"}
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
    connection.request("POST", "/api/v1/cases/", json.dumps(body, ensure_ascii=False).encode(),
                       {"Content-Type": "application/json"})
    response = connection.getresponse()
    answer = json.loads(response.read())
    assert response.status == 201, answer
    return answer["department"]["code"]


def test_an_activated_list_routes_the_next_reports_of_a_running_server(web, tmp_path, figures):
    grid = Region.objects.filter(generation__is_active=True, level="grid",
                                 parent__parent__code="440604001").first()
    point = interior_point(grid)
    assert {routed_to(web.port, point) for _ in range(4)} == {"HWG"}
    pid = web.process.pid
    committed.keep(DutyList)  # the demo list active again afterwards, without a reseed
    call_command("import_duties", str(duty_workbook(tmp_path / "new.xlsx", matters=[
        {**DUTY_MATTER, "主办": "YLZ"}])), "--commit", "--activate", stdout=io.StringIO())
    activated = time.monotonic()
    while True:  # every worker answers by the new list once each has checked the version
        seen = [routed_to(web.port, point) for _ in range(6)]
        elapsed = time.monotonic() - activated
        if set(seen) == {"YLZ"}:
            break
        assert elapsed < CHECK_SECONDS + SLACK_SECONDS, seen
        time.sleep(0.2)
    assert web.process.pid == pid and web.process.poll() is None  # no restart
    figures("duty list activation seen by gunicorn", seconds=round(elapsed, 2))
