"""bench/results.json → bench/RESULTS.md; with --run, first the whole suite (`make bench`).

Run: .venv/bin/python bench/report.py [--run]

--run checks the services and tools (PostgreSQL and Redis as in .ci/run; wrk, PostGIS and
chromium from Debian when missing), forgets the previous results, then runs each benchmark in
its own process, in order, within one overall time budget (BENCH_BUDGET_SECONDS, default 840:
`make bench` must end within 15 minutes on the 2-core machine). A benchmark that is missing
is skipped with a note; one that fails or runs out of time is reported as such, and the
suite goes on. The report lists the machine, versions, each benchmark's figures with their
baselines, ratios and targets, and which targets were met.
"""

import argparse
import collections
import json
import os
import platform
import shutil
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

from common import RESULTS_JSON, ROOT, fmt, met

BENCH = ROOT / "bench"
RESULTS_MD = BENCH / "RESULTS.md"
DEFAULTS = {"DATABASE_URL": "postgres://postgres@127.0.0.1:5432/test",
            "REDIS_URL": "redis://127.0.0.1:6379/0"}
# (script, what it measures, the most seconds it may take, the seconds kept free for it while
# the ones before it run: a slow benchmark cannot starve the ones after it)
SUITE = [
    ("lookup", "point-in-grid lookup: GridIndex vs raw STRtree and PostGIS", 240, 40),
    ("intake", "POST /api/v1/cases/ under wrk load vs a bare DRF create endpoint", 420, 200),
    ("escalation", "SLA sweep cost against the number of cases", 240, 60),
    ("stats", "statistics tables and heat endpoint at scale", 240, 90),
    ("dashboard", "/command/ time to first render in headless chromium", 420, 120),
    ("photos", "six of the worst photos in one report: CPU, memory, latency alongside", 180,
     75),
    ("routing", "route_case with 1,367 matters and 100,000 components vs the demo list", 240,
     60),
    ("campaigns", "a campaign of 100,000 tasks: creation vs a raw bulk insert, progress", 240,
     60),
]
# The statistics benchmark's size within the suite's budget (bench/stats.py alone: 1,000,000).
SUITE_STATS_CASES = "200000"
SUITE_KEY = "_suite"
EXTRA_LIMIT = 120  # any other bench/*.py runs after these, with this limit
# Runs too long for the suite, each with a make target of its own (`make bench-scale`): their
# figures stay in bench/results.json when the suite runs, and the report shows them. The file
# is committed beside RESULTS.md, so a checkout on another machine keeps them too.
LONG_RUNS = {"scale": "bench/scale.py", "dashboard-province": "bench/dashboard.py --province",
             "addresses": "bench/addresses.py"}
NOT_BENCHMARKS = {"common", "report", *LONG_RUNS}


# --- running the suite ---------------------------------------------------------------------


def sh(command: str) -> bool:
    return subprocess.run(command, shell=True, stdout=subprocess.DEVNULL,
                          stderr=subprocess.DEVNULL).returncode == 0


def ensure_services() -> None:
    """PostgreSQL and Redis on this machine, started as .ci/run starts them when they are down."""
    if not sh("pg_isready -q -h 127.0.0.1 -p 5432"):
        sh('pg_ctlcluster --skip-systemctl-redirect "$(ls /etc/postgresql)" main start')
    if not sh("redis-cli -h 127.0.0.1 -p 6379 ping"):
        sh('redis-server --daemonize yes --bind 127.0.0.1 --port 6379 --save "" '
           "--appendonly no")
    for _ in range(30):
        if sh("pg_isready -q -h 127.0.0.1 -p 5432") and sh("redis-cli -h 127.0.0.1 ping"):
            return
        time.sleep(1)
    sys.exit("PostgreSQL or Redis is not reachable on 127.0.0.1")


def ensure_tools() -> None:
    """wrk for the intake load, PostGIS for the lookup baseline, chromium for the dashboard."""
    pg = next(iter(sorted(os.listdir("/etc/postgresql"))), "") if Path(
        "/etc/postgresql").exists() else ""
    missing = []
    if not shutil.which("wrk"):
        missing.append("wrk")
    if pg and not Path(f"/usr/share/postgresql/{pg}/extension/postgis.control").exists():
        missing.append(f"postgresql-{pg}-postgis-3")
    if not Path("/usr/bin/chromium").exists():
        missing.append("chromium")
    if missing:
        print(f"Installing {' '.join(missing)} from Debian…", flush=True)
        subprocess.run("apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install "
                       f"-y -qq {' '.join(missing)} >/dev/null", shell=True, check=True)


def run_one(name: str, limit: float) -> dict:
    """Run bench/<name>.py in its own process group, echoing its output; kill it at `limit`."""
    script = BENCH / f"{name}.py"
    if not script.exists():
        print(f"\n== bench/{name}.py: not there, skipped", flush=True)
        return {"name": name, "status": "skipped", "note": f"bench/{name}.py does not exist"}
    print(f"\n== bench/{name}.py (at most {limit:.0f}s)", flush=True)
    started = time.monotonic()
    process = subprocess.Popen([sys.executable, str(script)], cwd=ROOT, stdout=subprocess.PIPE,
                               stderr=subprocess.STDOUT, text=True, start_new_session=True)
    tail = collections.deque(maxlen=15)
    reader = threading.Thread(target=echo, args=(process.stdout, tail), daemon=True)
    reader.start()
    try:
        code = process.wait(timeout=limit)
        status = "ok" if code == 0 else f"failed (exit {code})"
    except subprocess.TimeoutExpired:
        os.killpg(process.pid, signal.SIGTERM)
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait()
        status = f"stopped after {limit:.0f}s (time budget)"
    reader.join(timeout=5)
    return {"name": name, "status": status, "seconds": round(time.monotonic() - started, 1),
            "tail": list(tail) if status != "ok" else []}


def echo(stream, tail) -> None:
    for line in stream:
        print(line, end="", flush=True)
        tail.append(line.rstrip())


def run_suite(budget: float) -> dict:
    for key, value in DEFAULTS.items():
        os.environ.setdefault(key, value)
    os.environ.setdefault("BENCH_STATS_CASES", SUITE_STATS_CASES)
    ensure_services()
    ensure_tools()
    # The report shows this run's figures, and the long runs' last ones.
    kept = {name: rows for name, rows in (json.loads(RESULTS_JSON.read_text()).items()
                                          if RESULTS_JSON.exists() else ())
            if name in LONG_RUNS}
    RESULTS_JSON.write_text(json.dumps(kept, ensure_ascii=False, indent=1))
    started, started_at = time.monotonic(), time.strftime("%Y-%m-%d %H:%M %Z")
    load_before = os.getloadavg()
    runs = []
    known = {name for name, *_ in SUITE}
    extras = sorted(p.stem for p in BENCH.glob("*.py") if p.stem not in known | NOT_BENCHMARKS)
    plan = [(name, limit, keep) for name, _, limit, keep in SUITE] + [
        (name, EXTRA_LIMIT, 0) for name in extras]
    for i, (name, limit, _) in enumerate(plan):
        kept = sum(keep for _, _, keep in plan[i + 1:])
        left = budget - (time.monotonic() - started) - kept
        if left < (limit if name in extras else 10):  # an extra runs only if it can finish
            print(f"\n== bench/{name}.py: not run, the time budget is spent", flush=True)
            runs.append({"name": name, "status": "not run (time budget spent)"})
            continue
        runs.append(run_one(name, min(limit, left)))
    suite = {"started": started_at, "seconds": round(time.monotonic() - started, 1),
             "budget": budget, "load_before": load_before, "load_after": os.getloadavg(),
             "runs": runs, "environment": environment()}
    data = json.loads(RESULTS_JSON.read_text()) if RESULTS_JSON.exists() else {}
    data[SUITE_KEY] = suite
    RESULTS_JSON.write_text(json.dumps(data, ensure_ascii=False, indent=1))
    return data


# --- what the machine is -------------------------------------------------------------------


def first_line(command: list[str]) -> str:
    try:
        out = subprocess.run(command, capture_output=True, text=True, timeout=20)
    except (OSError, subprocess.TimeoutExpired):
        return "—"
    return (out.stdout or out.stderr).strip().splitlines()[0] if out.stdout or out.stderr else "—"


def environment() -> dict:
    import django
    import shapely

    cpu = next((line.split(":", 1)[1].strip() for line in Path("/proc/cpuinfo").read_text()
                .splitlines() if line.startswith("model name")), platform.processor())
    memory = next((line.split()[1] for line in Path("/proc/meminfo").read_text().splitlines()
                   if line.startswith("MemTotal")), "0")
    return {
        "cpus": os.cpu_count(), "cpu": cpu, "memory_gib": round(int(memory) / 2**20, 1),
        "os": first_line(["sh", "-c", ". /etc/os-release && echo $PRETTY_NAME"]),
        "python": platform.python_version(), "django": django.get_version(),
        "shapely": f"{shapely.__version__} (GEOS {shapely.geos_version_string})",
        "postgresql": postgres_version(),
        "postgis": first_line(["sh", "-c", "dpkg-query -W -f '${Version}' "
                               "'postgresql-*-postgis-3' 2>/dev/null"]),
        "redis": first_line(["redis-server", "--version"]).split(" sha=")[0],
        "wrk": first_line(["sh", "-c", "wrk -v 2>&1"]),
        "chromium": first_line(["/usr/bin/chromium", "--version"]),
    }


def postgres_version() -> str:
    import psycopg

    try:
        url = os.environ.get("DATABASE_URL", DEFAULTS["DATABASE_URL"])
        with psycopg.connect(url, connect_timeout=5) as conn:
            return conn.execute("SHOW server_version").fetchone()[0]
    except Exception as error:  # the report still says what it can
        return f"unknown ({error.__class__.__name__})"


# --- the report ------------------------------------------------------------------------------


def render(data: dict) -> str:
    suite = data.get(SUITE_KEY, {})
    env = suite.get("environment") or environment()
    rows = [(name, row) for name, bench in data.items() if name != SUITE_KEY
            for row in bench.get("rows", [])]
    judged = [row for _, row in rows if row.get("met") is not None]
    missed = [(name, row) for name, row in rows if row.get("met") is False]
    lines = [
        "# Benchmark results",
        "",
        f"Produced by `make bench` (bench/report.py) on "
        f"{suite.get('started', time.strftime('%Y-%m-%d %H:%M'))}"
        + (f"; the suite took {suite['seconds'] / 60:.1f} min of its "
           f"{suite['budget'] / 60:.0f}-min budget." if suite else "."),
        "",
        "| machine | |",
        "|---|---|",
        f"| CPUs | {env['cpus']} × {env['cpu']} |",
        f"| memory | {env['memory_gib']} GiB |",
        f"| OS | {env['os']} |",
        f"| Python | {env['python']} (Django {env['django']}, Shapely {env['shapely']}) |",
        f"| PostgreSQL | {env['postgresql']} (PostGIS {env['postgis']}) |",
        f"| Redis | {env['redis']} |",
        f"| load | {load(suite)} |",
        f"| tools | {env['wrk']}; {env['chromium']} |",
        "",
        "Each figure is a median of several runs, measured in the same run as its baseline (the "
        "figure's text says how many); ratio = value ÷ baseline. A blank target is context, "
        "not a goal.",
        "",
        f"**Targets met: {sum(1 for r in judged if r['met'])} of {len(judged)}.**"
        + (" Missed: " + "; ".join(f"{row['figure']} ({name})" for name, row in missed) + "."
           if missed else ""),
    ]
    for name, bench in data.items():
        if name == SUITE_KEY:
            continue
        lines += ["", f"## {name}", ""]
        if name in LONG_RUNS:
            lines += [f"From `make bench-scale` ({LONG_RUNS[name]}) of {bench.get('at', '—')}, "
                      f"not from the suite{long_run_load(bench)}.", ""]
        elif after_suite(bench, suite):
            lines += [f"Run again on its own (`bench/{name}.py`) at {bench['at']}, after the "
                      "suite.", ""]
        lines += ["| figure | value | baseline | ratio | target | met |",
                  "|---|---:|---:|---:|---|---|"]
        lines += [f"| {r['figure']} | {fmt(r.get('value'), r.get('unit'))} | "
                  f"{fmt(r.get('baseline'), r.get('unit'))} | {fmt(r.get('ratio'), '×')} | "
                  f"{r.get('target', '')} | {met(r)} |" for r in bench.get("rows", [])]
    lines += runs_section(suite, data)
    return "\n".join(lines) + "\n"


def after_suite(bench: dict, suite: dict) -> bool:
    """Whether the benchmark ran after the suite had ended (on its own, to repeat it)."""
    if not bench.get("at") or not suite.get("started"):
        return False
    started = time.mktime(time.strptime(suite["started"], "%Y-%m-%d %H:%M %Z"))
    at = time.mktime(time.strptime(bench["at"], "%Y-%m-%d %H:%M %Z"))
    return at > started + suite.get("seconds", 0) + 60


def long_run_load(bench: dict) -> str:
    loads = bench.get("load")
    return (f"; 1-minute load average {loads[0]:.1f} at its start, {loads[1]:.1f} at its end"
            if loads else "")


def load(suite: dict) -> str:
    if not suite:
        return "—"
    before, after = suite["load_before"], suite["load_after"]
    return (f"1-minute load average {before[0]:.1f} before the suite, {after[0]:.1f} after: "
            "other work on the machine inflates absolute times, much less the ratios")


def runs_section(suite: dict, data: dict) -> list[str]:
    if not suite:
        return []
    lines = ["", "## Runs", "", "| benchmark | status | seconds |", "|---|---|---:|"]
    for run in suite["runs"]:
        recorded = run["name"] in data
        status = run["status"] + ("" if recorded or run["status"] != "ok" else
                                  ", recorded nothing")
        if run.get("note"):
            status += f": {run['note']}"
        lines.append(f"| bench/{run['name']}.py | {status} | {run.get('seconds', '—')} |")
    for run in suite["runs"]:
        if run.get("tail"):
            lines += ["", f"Last lines of bench/{run['name']}.py:", "", "```",
                      *run["tail"], "```"]
    return lines


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--run", action="store_true", help="run the whole suite first")
    args = parser.parse_args()
    if args.run:
        data = run_suite(float(os.environ.get("BENCH_BUDGET_SECONDS", 840)))
    elif RESULTS_JSON.exists():
        data = json.loads(RESULTS_JSON.read_text())
    else:
        sys.exit("No bench/results.json: run `make bench` (bench/report.py --run).")
    RESULTS_MD.write_text(render(data), encoding="utf-8")
    print(f"\nWrote {RESULTS_MD.relative_to(ROOT)}")
    listed = {name for name, *_ in SUITE}
    failed = [r for r in data.get(SUITE_KEY, {}).get("runs", []) if r["status"] != "ok"
              and (r["name"] in listed and r["status"] != "skipped"
                   or r["name"] not in listed and not r["status"].startswith("not run"))]
    sys.exit(1 if failed else 0)


if __name__ == "__main__":
    main()
