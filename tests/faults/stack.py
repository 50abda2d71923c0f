"""The real services the fault tests start, break and bring back: private Redis and PostgreSQL
servers on free ports (the machine's shared ones on 6379 and 5432 serve the rest of the suite
and are never touched), gunicorn, and HTTP clients that keep every answer."""

import glob
import http.client
import json
import os
import queue
import random
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import dataclass
from pathlib import Path

from tests.helpers import free_port, stop, wait_for

ROOT = Path(__file__).resolve().parents[2]
REPORTS = "/api/v1/cases/"
JSON = {"Content-Type": "application/json", "Accept": "application/json"}
PLACES = ["祖庙路", "季华五路", "岭南天地", "石湾公园", "张槎一路", "汾江中路", "普君北路"]
DESCRIPTIONS = ["{place}附近{sub}，已经好几天了，请尽快派人处理。",
                "我家楼下{sub}，晚上尤其严重，老人小孩经过很危险。",
                "反映一个问题：{sub}，位置在{place}，麻烦相关部门协调解决，谢谢！"]


def report_bodies(count: int, seed: int = 9) -> list[bytes]:
    """JSON bodies of believable citizen reports: random subcategories, random points inside
    random grids of the demo district, Chinese descriptions, half with a phone number."""
    import shapely

    from grids.demo_geometry import build_demo_district
    from taxonomy.data import CATEGORIES

    subs = [(s["code"], s["name_zh"]) for c in CATEGORIES for s in c["subcategories"]]
    grids = [s.geometry for s in build_demo_district() if s.level == "grid"]
    rng = random.Random(seed)
    bodies = []
    while len(bodies) < count:
        grid = rng.choice(grids)
        x0, y0, x1, y1 = grid.bounds
        lon, lat = rng.uniform(x0, x1), rng.uniform(y0, y1)
        if not shapely.contains_xy(grid, lon, lat):
            continue
        code, name = rng.choice(subs)
        body = {"subcategory": code, "lat": round(lat, 7), "lon": round(lon, 7),
                "description": rng.choice(DESCRIPTIONS).format(sub=name,
                                                               place=rng.choice(PLACES))}
        if rng.random() < 0.5:
            body["contact_phone"] = f"13{rng.randrange(10**9):09d}"
        bodies.append(json.dumps(body, ensure_ascii=False).encode())
    return bodies


# --- servers ---------------------------------------------------------------------------------


class Gunicorn:
    """The product's web server, as the Procfile runs it, with its log in log_dir."""

    def __init__(self, env: dict, log_dir: Path, workers: int = 2, prefix: tuple = ()):
        self.port = free_port()
        self.log = log_dir / f"gunicorn-{self.port}.log"
        command = [*prefix, sys.executable, "-m", "gunicorn", "governance.wsgi", "--chdir",
                   str(ROOT), "-b", f"127.0.0.1:{self.port}", "-w", str(workers),
                   "--no-control-socket"]  # its default socket path is shared per user
        with open(self.log, "ab") as log:
            self.process = subprocess.Popen(command, env=env, stdout=log,
                                            stderr=subprocess.STDOUT)
        wait_for(self.answers, timeout=60)

    def answers(self) -> bool:
        """gunicorn answers"""
        assert self.process.poll() is None, f"gunicorn exited; see {self.log}"
        try:
            connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=10)
            connection.request("GET", "/api/v1/taxonomy/")
            return connection.getresponse().status == 200
        except OSError:
            return False

    def stop(self) -> None:
        stop(self.process)


class PrivateRedis:
    """A redis-server of the test's own, which it may kill: nothing is saved to disk, so a
    restart comes back empty, as a crashed broker without persistence would."""

    def __init__(self):
        self.port = free_port()
        self.url = f"redis://127.0.0.1:{self.port}/0"
        self.process = None

    def start(self) -> "PrivateRedis":
        import redis

        self.process = subprocess.Popen(
            ["redis-server", "--port", str(self.port), "--bind", "127.0.0.1", "--save", "",
             "--appendonly", "no"], stdout=subprocess.DEVNULL)
        client = redis.Redis(port=self.port, socket_connect_timeout=1)
        wait_for(lambda: _quietly(client.ping), timeout=20, step=0.05)
        return self

    def kill(self) -> None:
        self.process.send_signal(signal.SIGKILL)
        self.process.wait()

    def stop(self) -> None:
        if self.process is not None:
            stop(self.process)


class PrivatePostgres:
    """A PostgreSQL cluster of the test's own on a free port and a private socket directory,
    which it may stop and restart at will; the machine's shared cluster must never be."""

    def __init__(self):
        versions = sorted(glob.glob("/usr/lib/postgresql/*/bin/initdb"),
                          key=lambda p: int(p.split("/")[4]))
        self.bin = Path(versions[-1]).parent if versions else None
        self.dir = Path(tempfile.mkdtemp(prefix="faults-pg-"))
        self.port = free_port()
        self.url = f"postgres://postgres@127.0.0.1:{self.port}/postgres"
        # initdb refuses to run as root: the cluster then belongs to the postgres user.
        self.owner = []
        if os.geteuid() == 0:
            shutil.chown(self.dir, "postgres", "postgres")
            self.owner = ["runuser", "-u", "postgres", "--"]

    def _run(self, tool: str, *args: str) -> None:
        with open(self.dir / "tools.log", "ab") as log:
            subprocess.run([*self.owner, str(self.bin / tool), *args], check=True, timeout=120,
                           stdin=subprocess.DEVNULL, stdout=log, stderr=subprocess.STDOUT)

    def create(self) -> "PrivatePostgres":
        self._run("initdb", "-D", str(self.dir / "data"), "-U", "postgres", "--auth=trust",
                  "-E", "UTF8", "--no-locale", "--no-sync")
        return self.start()

    def start(self) -> "PrivatePostgres":
        options = (f"-p {self.port} -k {self.dir} -c listen_addresses=127.0.0.1 "
                   "-c fsync=off -c synchronous_commit=off")  # speed; nothing here is a crash
        self._run("pg_ctl", "-D", str(self.dir / "data"), "-l", str(self.dir / "server.log"),
                  "-o", options, "-w", "-t", "60", "start")
        return self

    def stop(self, mode: str = "fast") -> None:
        self._run("pg_ctl", "-D", str(self.dir / "data"), "-m", mode, "-w", "stop")

    def destroy(self) -> None:
        if (self.dir / "data" / "postmaster.pid").exists():
            self.stop("immediate")
        shutil.rmtree(self.dir, ignore_errors=True)

    def query(self, sql: str, *params) -> list[tuple]:
        import psycopg

        with psycopg.connect(self.url, connect_timeout=10) as connection:
            return connection.execute(sql, params).fetchall()


def manage(env: dict, *args: str) -> None:
    subprocess.run([sys.executable, "manage.py", *args], cwd=ROOT, env=env, check=True,
                   stdout=subprocess.DEVNULL, timeout=300)


def _quietly(call):
    try:
        return call()
    except Exception:
        return False


# --- clients -------------------------------------------------------------------------------


@dataclass
class Answer:
    started: float  # time.monotonic()
    ms: float
    status: int | None  # None: no answer (connection refused or dropped)
    body: bytes

    @property
    def tracking_number(self) -> str:
        return json.loads(self.body)["tracking_number"] if self.status == 201 else ""


def post(connection: http.client.HTTPConnection, body: bytes, headers=JSON) -> Answer:
    started = time.monotonic()
    try:
        connection.request("POST", REPORTS, body, headers)
        response = connection.getresponse()
        status, content = response.status, response.read()
    except (OSError, http.client.HTTPException) as error:
        connection.close()  # the next request reconnects
        status, content = None, repr(error).encode()
    return Answer(started, (time.monotonic() - started) * 1000, status, content)


def post_reports(port: int, bodies: list[bytes], *, total: int | None = None,
                 until: threading.Event | None = None, clients: int = 1) -> list[Answer]:
    """POST reports from `clients` keep-alive connections in threads, `total` of them or until
    the event is set; every answer is kept."""
    work = queue.Queue()
    for i in range(total or 0):
        work.put(i)
    answers, lock = [], threading.Lock()

    def client(seed: int) -> None:
        connection = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
        rng = random.Random(seed)
        while _more(work, until):
            answer = post(connection, rng.choice(bodies))
            with lock:
                answers.append(answer)
        connection.close()

    threads = [threading.Thread(target=client, args=(i,)) for i in range(clients)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return answers


def _more(work: queue.Queue, until: threading.Event | None) -> bool:
    """Whether this client should post another report."""
    if until is not None:
        return not until.is_set()
    try:
        work.get_nowait()
        return True
    except queue.Empty:
        return False


def percentile(sorted_values: list[float], share: float) -> float:
    return sorted_values[min(len(sorted_values) - 1, int(len(sorted_values) * share))]
