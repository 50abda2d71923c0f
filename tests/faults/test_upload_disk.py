"""The disk for uploaded photos full, or read-only, under the real gunicorn: the report is
refused with a clear 503 in the reporter's language, nothing of it is kept, and once the disk
is fixed the same report goes through.

As root, chmod stops no write, so gunicorn runs in a mount namespace of its own (unshare) with
a small tmpfs on MEDIA_ROOT: nearly full (ENOSPC part-way through the photo) or mounted
read-only (EROFS). Without the right to mount, MEDIA_ROOT lies under a regular file (ENOTDIR).
"""

import io
import os
import subprocess

import pytest
import requests
from PIL import Image

from events.models import Case, CasePhoto, CaseStep, TrackingCounter
from tests.faults.stack import REPORTS, Gunicorn, report_bodies
from tests.helpers import need

pytestmark = [pytest.mark.slow, pytest.mark.django_db(transaction=True)]
# tmpfs of 64 pages, 62 taken by a filler: 8 KiB left, less than one photo.
MOUNTS = {"full": ("size=256k", "head -c 253952 /dev/zero > \"$MEDIA_ROOT/filler\""),
          "read-only": ("ro,size=256k", "true")}
REPAIRS = {"full": "rm \"$MEDIA_ROOT/filler\"", "read-only": "mount -o remount,rw \"$MEDIA_ROOT\""}


def can_mount() -> bool:
    probe = "mount -t tmpfs -o size=4k tmpfs /mnt"
    return subprocess.run(["unshare", "--mount", "--propagation", "private", "sh", "-c", probe],
                          capture_output=True).returncode == 0


@pytest.fixture(params=list(MOUNTS))
def broken_disk(request, services, tmp_path):
    """gunicorn whose MEDIA_ROOT is a full or a read-only disk; yields (server, media path as
    the server sees it from here or None, a shell command that repairs the disk or None)."""
    media = tmp_path / "media"
    media.mkdir()
    env = {**services, "MEDIA_ROOT": str(media)}
    if not can_mount():
        # Without mount rights only one broken disk can be made: CI has them (it runs as root).
        need(request.param == "full", "a read-only disk needs the right to mount")
        (tmp_path / "a-file").write_text("where the media folder should be")
        env["MEDIA_ROOT"] = str(tmp_path / "a-file" / "media")
        web = Gunicorn(env, tmp_path)
        yield web, None, None
        web.stop()
        return
    options, fill = MOUNTS[request.param]
    script = f'mount -t tmpfs -o {options} tmpfs "$MEDIA_ROOT" && {fill} && exec "$@"'
    web = Gunicorn(env, tmp_path, prefix=("unshare", "--mount", "--propagation", "private",
                                          "sh", "-c", script, "sh"))
    seen = f"/proc/{web.process.pid}/root{media}"  # the tmpfs, as seen from outside
    repair = ["nsenter", "-t", str(web.process.pid), "-m", "env", f"MEDIA_ROOT={media}",
              "sh", "-c", REPAIRS[request.param]]
    yield web, seen, repair
    web.stop()


def test_a_full_or_read_only_photo_disk_answers_503_and_keeps_nothing_of_the_report(
        broken_disk, figures):
    web, media, repair = broken_disk
    before = counts()
    chinese = post_with_photo(web.port, "zh-hans")
    english = post_with_photo(web.port, "en")
    assert (chinese.status_code, english.status_code) == (503, 503)
    assert chinese.json()["detail"] == "照片暂时无法保存，本次上报未保存，请稍后再试。"
    assert english.json()["detail"].startswith("Photos cannot be stored right now")
    assert counts() == before
    assert_counter_never_behind()
    figures("photo disk", disk=broken_disk_kind(media), answer=chinese.status_code)
    if media is None:
        return
    assert leftover_files(media) == [], "a half-written photo stayed on the disk"
    subprocess.run(repair, check=True)
    again = post_with_photo(web.port, "zh-hans")
    assert again.status_code == 201, again.text
    case = Case.objects.get(tracking_number=again.json()["tracking_number"])
    assert case.steps.count() == 1 and CasePhoto.objects.filter(case=case).count() == 1
    assert_counter_never_behind()
    assert len(leftover_files(media)) == 1


def broken_disk_kind(media) -> str:
    return "tmpfs in a mount namespace" if media else "MEDIA_ROOT under a regular file"


def counts() -> tuple[int, int, int]:
    return Case.objects.count(), CaseStep.objects.count(), CasePhoto.objects.count()


def assert_counter_never_behind() -> None:
    """A refused report may leave a gap in the day's numbers (the counter is drawn outside
    the report's transaction), but the counter is never behind a stored number: none can be
    handed out twice."""
    for counter in TrackingCounter.objects.all():
        numbers = Case.objects.filter(tracking_number__startswith=f"{counter.day:%Y%m%d}-")
        highest = max((int(n.split("-")[1]) for n in
                       numbers.values_list("tracking_number", flat=True)), default=0)
        assert counter.last >= highest


def leftover_files(media: str) -> list[str]:
    """Files under MEDIA_ROOT other than the filler."""
    return [os.path.join(d, f) for d, _, files in os.walk(media) for f in files
            if f != "filler"]


def noisy_jpeg() -> bytes:
    """A photo that stays well over 8 KiB once re-encoded: random pixels do not compress."""
    buffer = io.BytesIO()
    Image.frombytes("RGB", (200, 200), os.urandom(200 * 200 * 3)).save(buffer, "JPEG",
                                                                       quality=90)
    return buffer.getvalue()


def post_with_photo(port: int, language: str) -> requests.Response:
    import json

    fields = json.loads(report_bodies(1)[0])
    return requests.post(f"http://127.0.0.1:{port}{REPORTS}", data=fields, timeout=30,
                         files={"photos": ("street.jpg", noisy_jpeg(), "image/jpeg")},
                         headers={"Accept-Language": language, "Accept": "application/json"})
