"""Schemathesis against the real server: gunicorn, as the Procfile runs it, on a free loopback
port over the test database (PostgreSQL: what SQLite lets pass, such as a UTC offset beyond
±15:59, is caught here), fuzzed by the schemathesis CLI from the schema it serves at
/api/v1/schema/. Twice, at the same time: as the demo shift leader (a token) and anonymously.
Two checks, on every answer: no server error, and a body that matches what the schema declares
for its status. Any finding fails the test, with schemathesis's report (and the curl line to
reproduce it) as the message.

MAX_EXAMPLES bounds the generated requests per operation, and so the time: under a minute on
two cores. The seed is fixed, so that a finding can be reproduced (the other run changes the
same database meanwhile: a finding that does not come back alone may need both). Path and query
values that exist (a filed case, a grid, a point in the district) are drawn half of the time,
so that the fuzzing reaches the actions and summaries behind them instead of stopping at 404.
"""

import json
import subprocess
import sys
from pathlib import Path

import pytest
from rest_framework.authtoken.models import Token

from tests.faults.stack import Gunicorn, PrivateRedis
from tests.helpers import interior_point, staff

pytestmark = [pytest.mark.slow, pytest.mark.django_db(transaction=True)]

MAX_EXAMPLES = 60
SEED = 20261123
CHECKS = "not_a_server_error,response_schema_conformance"
# The schemathesis command beside the Python running the tests (the venv's).
ST = Path(sys.executable).with_name("st")


@pytest.fixture
def web(services, tmp_path):
    """gunicorn with a broker and cache of its own: the notifications of the fuzzed reports
    must not wait in the shared Redis for some other test's worker."""
    redis = PrivateRedis().start()
    try:
        server = Gunicorn({**services, "REDIS_URL": redis.url}, tmp_path, workers=2)
        try:
            yield server
        finally:
            server.stop()
    finally:
        redis.stop()


@pytest.fixture
def config(web, file_case, demo, tmp_path) -> Path:
    """schemathesis.toml: values that exist, drawn with `probability`, else generated ones."""
    lat, lon = interior_point(demo.first_grid)
    values = {"tracking_number": [file_case().tracking_number for _ in range(3)],
              "code": [demo.first_grid.code], "lat": [lat], "lon": [lon]}
    lines = [f"[dictionaries.{name}]\nvalues = {json.dumps(found)}" for name, found in
             values.items()]
    lines.append("[parameters]")
    lines += [f'"{where}.{name}" = {{ dictionary = "{name}", probability = 0.5 }}'
              for where, name in [("path", "tracking_number"), ("path", "code"),
                                  ("query", "lat"), ("query", "lon")]]
    # The global binding does not reach the actions (two path parameters) in schemathesis 4.32.
    lines += ["[[operations]]", 'include-path-regex = "/actions/"',
              'parameters = { "path.tracking_number" = { dictionary = "tracking_number", '
              "probability = 0.5 } }"]
    # Launching a campaign over the leader's whole district writes a task for each of its
    # 28,707 houses: fuzzing it would spend minutes on that alone (tests/campaigns covers it).
    lines += ["[[operations]]", 'include-path-regex = "/campaigns/$"', 'include-method = "POST"',
              "enabled = false"]
    path = tmp_path / "schemathesis.toml"
    path.write_text("\n".join(lines) + "\n")
    return path


def schemathesis_start(port: int, config: Path, report_dir: Path,
                       *headers: str) -> subprocess.Popen:
    # One worker: in threads, hypothesis's descriptions of filters (ast.parse of their source)
    # fail now and then on CPython 3.11 ("AST constructor recursion depth mismatch").
    command = [str(ST), "--config-file", str(config), "run",
               f"http://127.0.0.1:{port}/api/v1/schema/", "--checks", CHECKS,
               "--max-examples", str(MAX_EXAMPLES), "--seed", str(SEED), "--workers", "1",
               "--phases", "examples,coverage,fuzzing", "--no-color", "--report", "junit",
               "--report-dir", str(report_dir), "--request-timeout", "30",
               # The seed alone decides what is sent (no examples kept from earlier runs).
               "--generation-database", "none"]
    for header in headers:
        command += ["--header", header]
    # Run in a directory of its own: schemathesis keeps a cache in .schemathesis/ of the cwd.
    report_dir.mkdir(parents=True, exist_ok=True)
    return subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                            cwd=report_dir)


def finished(runs: dict[str, subprocess.Popen]) -> dict[str, subprocess.CompletedProcess]:
    """Each run's output once all have ended; none is left running, even on a timeout."""
    try:
        done = {}
        for who, run in runs.items():
            stdout, stderr = run.communicate(timeout=600)
            done[who] = subprocess.CompletedProcess(run.args, run.returncode, stdout, stderr)
        return done
    finally:
        for run in runs.values():
            if run.poll() is None:
                run.kill()
                run.communicate()


def test_every_answer_of_the_live_api_is_no_server_error_and_matches_the_schema(
        web, config, tmp_path, figures):
    token = Token.objects.get_or_create(user=staff("leader"))[0].key
    # Both at once: each waits on the server much of the time, and one after the other took
    # up to a minute and a half of CI (gunicorn's two workers answer one client each).
    runs = finished({
        who: schemathesis_start(web.port, config, tmp_path / f"schemathesis-{who}", *headers)
        for who, headers in [("leader", [f"Authorization: Token {token}"]), ("anonymous", [])]})
    findings = {who: run.stdout[-20_000:] + run.stderr[-5_000:]
                for who, run in runs.items() if run.returncode != 0}
    assert not findings, f"gunicorn's log: {web.log}\n" + "\n".join(
        f"--- schemathesis as {who} ---\n{output}" for who, output in findings.items())
    figures("schemathesis against gunicorn", **{
        who: next(line.strip() for line in run.stdout.splitlines() if " generated, " in line)
        for who, run in runs.items()})
