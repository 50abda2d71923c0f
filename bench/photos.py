"""Six of the worst photos a citizen can send in one report: what they cost a worker, and
whether anyone else notices.

Run: .venv/bin/python bench/photos.py [--rounds N]

No services: SQLite in a scratch DATA_DIR. The photos are the worst that pass validate_photo,
made here: a 50 MP baseline JPEG (the decompression-bomb limit), and at just under
PHOTO_MAX_PIXELS an 8-bit PNG, a 16-bit RGBA PNG (every row Paeth-filtered) and a WebP; each
as close under PHOTO_MAX_BYTES as its detail allows, so a decoder gets the most work per byte.

1. CPU seconds, in this process, to validate and sanitise six of each, against the same six
   photos through the code before bounded decoding (full decode, re-encoded at full size;
   one photo measured, × 6). Target: ≤ 3 s for six.
2. gunicorn (2 sync workers, as in the Procfile; migrated and seeded with the demo district):
   GET /api/v1/taxonomy/ latency from one client while a thread posts six-photo reports of
   each kind, against the same client with the server idle (one round of each unless
   --rounds says more); and the workers' peak memory (VmHWM). Target: busy p99 ≤ idle p99
   + 50 ms. The whole run takes about a minute.
"""

import argparse
import http.client
import io
import os
import statistics
import struct
import sys
import tempfile
import threading
import time
import zlib
from pathlib import Path

from intake import Server, manage

from common import print_table, record, setup_django

TAXONOMY = "/api/v1/taxonomy/"
REPORTS = "/api/v1/cases/"
TARGET_CPU_S = 3.0
TARGET_P99_EXTRA_MS = 50
IDLE_SECONDS = 5


# --- the worst photos that pass ----------------------------------------------------------------


def texture(width: int, height: int, grain: int, amount: int, seed: int = 8):
    """Photo-like detail: random colours `grain` px apart, blended smoothly, plus noise of
    `amount` levels per pixel."""
    import numpy
    from PIL import Image

    rng = numpy.random.default_rng(seed)
    coarse = rng.integers(0, 256, (height // grain + 1, width // grain + 1, 3), numpy.uint8)
    smooth = numpy.asarray(Image.fromarray(coarse).resize((width, height),
                                                          Image.Resampling.BICUBIC))
    if amount:
        smooth = smooth + rng.integers(0, amount, smooth.shape, numpy.uint8)
    return Image.fromarray(smooth)


def encoded(image, kind: str, **options) -> bytes:
    buffer = io.BytesIO()
    image.save(buffer, format=kind, **options)
    return buffer.getvalue()


def under_limit(make, knobs) -> bytes:
    """make(knob) for the first knob (most detail first) whose photo fits PHOTO_MAX_BYTES."""
    from django.conf import settings

    for knob in knobs:
        data = make(knob)
        if len(data) <= settings.PHOTO_MAX_BYTES:
            return data
    sys.exit(f"no photo under PHOTO_MAX_BYTES among {knobs}")


def just_under(pixels: int) -> tuple[int, int]:
    """The 4:3 size with the most pixels not over `pixels`."""
    width = int((pixels * 4 / 3) ** 0.5)
    return width, min(width * 3 // 4, pixels // width)


def png16(width: int, height: int, every: int) -> bytes:
    """A 16-bit RGBA PNG, Paeth-filtered (the dearest to undo): noise on every `every`th
    row, the rest zeros. Pillow writes no 16-bit RGBA, so the chunks are written here."""
    import numpy

    row = width * 8
    noise = numpy.random.default_rng(16).integers(0, 256, row, numpy.uint8).tobytes()
    packer = zlib.compressobj(1)
    data = b"".join(packer.compress(b"\x04" + (noise if y % every == 0 else bytes(row)))
                    for y in range(height)) + packer.flush()

    def chunk(kind: bytes, body: bytes) -> bytes:
        return struct.pack(">I", len(body)) + kind + body + struct.pack(
            ">I", zlib.crc32(kind + body))

    header = struct.pack(">IIBBBBB", width, height, 16, 6, 0, 0, 0)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", data) + chunk(
        b"IEND", b"")


def worst_photos() -> dict[str, bytes]:
    from django.conf import settings
    from PIL import Image

    from common.photos import MAX_PIXELS

    jpeg_size, size = just_under(MAX_PIXELS), just_under(settings.PHOTO_MAX_PIXELS)

    def png(fraction):  # a detailed band over a plain rest: as many literals as fit
        image = Image.new("RGB", size, (90, 120, 40))
        image.paste(texture(size[0], int(size[1] * fraction), 8, 16), (0, 0))
        return encoded(image, "PNG", compress_level=1)

    return {
        "JPEG": under_limit(lambda amount: encoded(texture(*jpeg_size, 32, amount), "JPEG",
                                                   quality=92), (6, 4, 2, 0)),
        "PNG": under_limit(png, (0.5, 0.35, 0.25, 0.15, 0.1)),
        "PNG 16-bit RGBA": under_limit(lambda every: png16(*size, every), (8, 10, 12, 16, 20)),
        "WebP": under_limit(lambda amount: encoded(texture(*size, 8, amount), "WEBP",
                                                   quality=95, method=0), (40, 28, 20, 12, 4)),
    }


def describe(data: bytes) -> str:
    from PIL import Image

    with Image.open(io.BytesIO(data)) as image:
        return f"{image.width} × {image.height}, {len(data) / 2**20:.1f} MiB"


# --- CPU ---------------------------------------------------------------------------------------


def uploads(data: bytes, count: int = 6) -> list:
    from django.core.files.uploadedfile import SimpleUploadedFile

    return [SimpleUploadedFile(f"photo{i}", data) for i in range(count)]


def cpu_seconds(function, photos) -> float:
    started = time.process_time()
    for photo in photos:
        function(photo)
    return time.process_time() - started


def now(photo) -> None:
    from common.photos import sanitized, validate_photo

    validate_photo(photo)
    sanitized(photo)


def before(photo) -> None:
    """validate_photo and sanitized as they were before bounded decoding (commit ba987f0):
    verify, then a full decode, re-encoded at full size."""
    from PIL import Image, ImageOps

    photo.seek(0)
    with Image.open(photo) as image:
        image.verify()
    photo.seek(0)
    with Image.open(photo) as image:
        kind = image.format
        clean = ImageOps.exif_transpose(image)
        if kind == "JPEG" and clean.mode not in ("RGB", "L"):
            clean = clean.convert("RGB")
        clean.save(io.BytesIO(), format=kind, quality=85)


def cpu_rows(photos: dict[str, bytes]) -> list[dict]:
    from common.photos import validate_photo

    rows = []
    for kind, data in photos.items():
        six = uploads(data)
        for photo in six:
            validate_photo(photo)  # the bench is only fair if each of them passes
        value = cpu_seconds(now, six)
        baseline = cpu_seconds(before, uploads(data, 1)) * 6
        print(f"  {kind} ({describe(data)}): six in {value:.2f} s CPU, before "
              f"{baseline:.2f} s", flush=True)
        rows.append({"figure": f"six {kind} photos of {describe(data)}: validate + sanitise, "
                     "CPU seconds, vs the previous code (one photo × 6)", "value": value,
                     "unit": "s", "baseline": baseline, "ratio": value / baseline,
                     "target": f"≤ {TARGET_CPU_S:g} s", "met": value <= TARGET_CPU_S})
    return rows


# --- a real server -----------------------------------------------------------------------------


def server_env(data_dir: Path) -> dict:
    env = {key: value for key, value in os.environ.items()
           if key not in ("DATABASE_URL", "REDIS_URL")}  # SQLite, file cache and broker
    return {**env, "DJANGO_SETTINGS_MODULE": "governance.settings", "DATA_DIR": str(data_dir),
            "SECRET_KEY": "bench-photos-not-secret", "DEBUG": "0", "LOG_LEVEL": "WARNING",
            "REPORT_RATE_PER_IP": "1000000000/s", "REPORT_RATE_PER_PHONE": "1000000000/s"}


def report_body(point, photos: list[bytes]) -> tuple[str, bytes]:
    """A multipart report of a missing manhole cover at `point`, with `photos`."""
    from urllib3 import encode_multipart_formdata

    fields = [("subcategory", "01001"), ("lat", f"{point.y:.6f}"), ("lon", f"{point.x:.6f}"),
              ("description", "人行道上的井盖不见了，很危险")]
    fields += [("photos", (f"photo{i}", data)) for i, data in enumerate(photos)]
    body, content_type = encode_multipart_formdata(fields)
    return content_type, body


def request(port: int, method: str, path: str, body=None, headers=None) -> int:
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=120)
    try:
        connection.request(method, path, body=body, headers={"Accept": "application/json",
                                                             **(headers or {})})
        response = connection.getresponse()
        response.read()
        return response.status
    finally:
        connection.close()


def get_ms(port: int) -> float:
    started = time.perf_counter()
    status = request(port, "GET", TAXONOMY)
    assert status == 200, status
    return (time.perf_counter() - started) * 1000


def post(port: int, report: tuple[str, bytes]) -> float:
    started = time.perf_counter()
    status = request(port, "POST", REPORTS, report[1], {"Content-Type": report[0]})
    assert status == 201, status
    return time.perf_counter() - started


def p(samples: list[float], q: int) -> float:
    return statistics.quantiles(samples, n=100, method="inclusive")[q - 1]


def busy_samples(port: int, reports: list) -> tuple[list[float], list[float]]:
    """Taxonomy latencies while a thread posts `reports` one after another, and the reports'
    wall times."""
    posted, failures = [], []

    def poster():
        try:
            posted.extend(post(port, report) for report in reports)
        except Exception as error:  # re-raised below, in the main thread
            failures.append(error)

    thread = threading.Thread(target=poster)
    thread.start()
    samples = []
    while thread.is_alive():
        samples.append(get_ms(port))
    thread.join()
    if failures:
        raise failures[0]
    return samples, posted


def peak_memory_mib(server: Server) -> float:
    """The largest peak resident memory (VmHWM) among the server's workers."""
    pid = server.process.pid
    children = Path(f"/proc/{pid}/task/{pid}/children").read_text().split()
    peaks = [int(line.split()[1]) for child in children
             for line in Path(f"/proc/{child}/status").read_text().splitlines()
             if line.startswith("VmHWM:")]
    return max(peaks) / 1024


def idle_samples(port: int) -> list[float]:
    samples, until = [], time.monotonic() + IDLE_SECONDS
    while time.monotonic() < until:
        samples.append(get_ms(port))
    return samples


def started_server(work: Path) -> Server:
    env = server_env(work / "data")
    started = time.monotonic()
    manage(env, "migrate", "--noinput", "-v0")
    manage(env, "seed_demo", "--commit", "--cases", "0")
    print(f"Scratch SQLite migrated and seeded in {time.monotonic() - started:.0f}s.")
    return Server(env, work / "gunicorn.log", work / "access.log")


def load(work: Path, photos: dict[str, bytes], rounds: int) -> dict:
    """Idle, then busy, round after round, on one server; its workers' memory."""
    from grids.demo_geometry import build_demo_district

    point = next(s.geometry for s in build_demo_district()
                 if s.level == "grid").representative_point()
    reports = [report_body(point, [data] * 6) for data in photos.values()]
    small = report_body(point, [encoded(texture(640, 480, 8, 8), "JPEG")])
    server = started_server(work)
    try:
        for _ in range(4):  # both workers import, connect and decode a photo once
            post(server.port, small)
            for _ in range(10):
                get_ms(server.port)
        result = {"warm_mib": peak_memory_mib(server), "idle": [], "busy": [], "walls": []}
        for round_ in range(rounds):
            idle = idle_samples(server.port)
            busy, walls = busy_samples(server.port, reports)
            print(f"  round {round_ + 1}: taxonomy p99 idle {p(idle, 99):.1f} ms ({len(idle)} "
                  f"requests), busy {p(busy, 99):.1f} ms ({len(busy)}); reports took "
                  + ", ".join(f"{w:.1f}" for w in walls) + " s", flush=True)
            result["idle"].append(idle)
            result["busy"].append(busy)
            result["walls"] += walls
        result["peak_mib"] = peak_memory_mib(server)
    finally:
        server.stop()
    return result


def rounds_text(rounds: int) -> str:
    return "one round" if rounds == 1 else f"median of {rounds} rounds"


def load_rows(result: dict, rounds: int) -> list[dict]:
    rows = []
    for q in (50, 99):
        busy = statistics.median(p(samples, q) for samples in result["busy"])
        idle = statistics.median(p(samples, q) for samples in result["idle"])
        target = q == 99
        rows.append({"figure": f"GET {TAXONOMY} p{q} while six-photo reports of every kind are "
                     f"posted, vs idle ({rounds_text(rounds)})", "value": busy, "unit": "ms",
                     "baseline": idle, "ratio": busy / idle,
                     "target": f"≤ idle + {TARGET_P99_EXTRA_MS} ms" if target else "",
                     "met": busy <= idle + TARGET_P99_EXTRA_MS if target else None})
    rows.append({"figure": "POST of a six-photo report of the worst photos, wall time "
                 f"(median of {len(result['walls'])})", "value": statistics.median(
                     result["walls"]), "unit": "s", "baseline": None, "ratio": None})
    rows.append({"figure": "gunicorn worker peak memory (VmHWM) after the photo reports, vs "
                 "after warm-up", "value": result["peak_mib"], "unit": "MiB",
                 "baseline": result["warm_mib"], "ratio": result["peak_mib"] / result["warm_mib"]})
    return rows


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--rounds", type=int, default=1)  # each round about 25 s
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="bench-photos-") as tmp:
        work = Path(tmp)
        for name in ("DATABASE_URL", "REDIS_URL"):  # this process needs no database either
            os.environ.pop(name, None)
        os.environ["DATA_DIR"] = str(work / "bench")
        setup_django()
        started = time.monotonic()
        photos = worst_photos()
        print(f"The worst photos made in {time.monotonic() - started:.0f}s.", flush=True)
        rows = cpu_rows(photos)
        rows += load_rows(load(work, photos, args.rounds), args.rounds)
    print_table(rows)
    record("photos", rows)


if __name__ == "__main__":
    main()
