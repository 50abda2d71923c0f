"""Small helpers the tests share."""

import os

import pytest

from grids.geometry import to_shape

REQUIRE_SERVICES = os.environ.get("REQUIRE_SERVICES") == "1"
PASSWORD = "pw-for-tests"  # of every demo user in the test database


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
