"""Ten years of a large city (issue 20, target 3): 1,000,000 and then 10,000,000 cases with their
log, and at each size the idle SLA sweep, the staff case list, `check_integrity`,
`anonymise_cases` and the database size per case. Not part of `make bench`: `make bench-scale`.

Run: DATABASE_URL=postgres://... REDIS_URL=redis://... .venv/bin/python bench/scale.py
     (BENCH_SCALE_SIZES=1000000,10000000 by default; each size a multiple of the first;
     BENCH_SCALE_DATABASE names the scratch database, bench_scale by default, and
     BENCH_SCALE_REDIS_DB the sweep's broker database, 8 by default)

The history is one city's, a million cases a year: the demo district's (events/demo.py: cases
played through the real workflow, their steps, stage records and assisting tasks as the
services write them, and a few reports just filed through intake that wait for the dispatcher),
copied set-based in SQL. Its finished cases are copied once per copy, each copy shifted further
back in time, so that 1,000,000 cases are the city's latest year and 10,000,000 its ten years;
its open cases are copied unshifted to OPEN_CASES (20,000, a week's cases) at every size: what
is open now does not grow with the archive. Cases finished more than RETENTION_DAYS + 30 days
ago have been anonymised already (no phone or address, an anonymise step in their log), as the
daily job would have left them: `anonymise_cases` has the same month's backlog at either size.
Each size's copies are among the next size's: the database grows instead of being rebuilt.

Figures: the idle sweep at the moment the demo was played to (so nothing is due); the dispatch
queue (`/dispatch/`, the real view, template and selectors through Django's test client) with
filters by street, status section, overdue and free text, p95 over every request; the two
commands' wall time (anonymising runs in a transaction that is rolled back, so every size
starts from the same state); pg_total_relation_size of the case tables and log per case.
"""

import io
import os
import signal
import statistics
import sys
import time

from common import (
    bench_database_url,
    flush_bench_broker,
    print_table,
    record,
    setup_django,
    timed,
)

SIZES = tuple(int(n) for n in os.environ.get("BENCH_SCALE_SIZES", "1000000,10000000").split(","))
TEMPLATE_CASES = int(os.environ.get("BENCH_SCALE_TEMPLATE", "5000"))
DATABASE = os.environ.get("BENCH_SCALE_DATABASE", "bench_scale")
SPAN_DAYS = 3650
OPEN_CASES = 20_000  # open now: a week of a city that files 1,000,000 cases a year
OPEN_COPY_BASE = 1_000_000  # copy numbers of the open cases' copies (finished: 1 … below)
ANONYMISE_STEP_BASE = 10**12  # ids of the generated anonymise steps: after every copied step
SEQUENCES_FROM = 2 * 10**12  # ids the services write from, after every generated row
TABLES = ("events_case", "events_casestep", "events_stagerecord", "events_casetask")
WAITING_REPORTS = 10  # per copy of the open cases: about 1,700 reports waiting in all
QUEUE_ROUNDS = int(os.environ.get("BENCH_SCALE_QUEUE_ROUNDS", "8"))


def sql(statement: str, params=None) -> list:
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute(statement, params)
        return cursor.fetchall() if cursor.description else []


def log(message: str) -> None:
    print(f"[{time.strftime('%H:%M:%S')}] {message}", file=sys.stderr, flush=True)


# --- the history -----------------------------------------------------------------------------


def seed() -> object:
    """The demo district with TEMPLATE_CASES cases, kept aside as templates; returns the moment
    the demo was played to."""
    from django.core.management import call_command
    from django.utils import timezone

    started = time.perf_counter()
    call_command("seed_demo", "--commit", "--cases", str(TEMPLATE_CASES), verbosity=0)
    waiting_reports()
    moment = timezone.now()
    for table in TABLES:
        sql(f"CREATE TABLE tpl_{table[7:]} AS SELECT * FROM {table}")
    sql("ALTER TABLE tpl_case ADD COLUMN finished boolean")
    sql("UPDATE tpl_case SET finished = status IN ('closed', 'rated', 'voided')")
    sql("CREATE TABLE scale_copy (k bigint PRIMARY KEY, shift interval, open_cases boolean, "
        "loaded boolean DEFAULT false)")
    log(f"demo district and {TEMPLATE_CASES:,} template cases in "
        f"{time.perf_counter() - started:.0f}s")
    return moment


def waiting_reports() -> None:
    """Reports filed through intake just now, where earlier ones were, that wait for the
    dispatcher (立案): the demo's history accepts every report within the hour or two, which
    would leave the queue's first sections empty."""
    from events.intake.services import Report, case_report
    from events.models import Case

    for case in Case.objects.select_related("subcategory").order_by("?")[:WAITING_REPORTS]:
        case_report(report=Report(subcategory=case.subcategory, lat=case.lat, lon=case.lon,
                                  description=case.description, contact_phone="13800138000"))


def plan_copies(size: int) -> None:
    """The copies that make `size` cases of one city: its finished cases at the pace that makes
    the largest size ten years (a smaller size is the same city's most recent years, and each
    size's copies are among the next one's), and OPEN_CASES open now, the same at every size."""
    finished, opened = sql("SELECT count(*) FILTER (WHERE finished), "
                           "count(*) FILTER (WHERE NOT finished) FROM tpl_case")[0]
    open_copies = max(1, round(OPEN_CASES / max(opened, 1)))
    finished_copies = max(1, round((size - open_copies * opened) / finished))
    largest = max(1, round((SIZES[-1] - open_copies * opened) / finished))
    sql("INSERT INTO scale_copy (k, shift, open_cases) SELECT k, make_interval(secs => k * %s), "
        "false FROM generate_series(1, %s - 1) k ON CONFLICT DO NOTHING",
        [SPAN_DAYS * 86400 / largest, finished_copies])
    sql("INSERT INTO scale_copy (k, shift, open_cases) SELECT %s + j, interval '0', true "
        "FROM generate_series(1, %s - 1) j ON CONFLICT DO NOTHING", [OPEN_COPY_BASE,
                                                                     open_copies])


def columns(table: str) -> list[tuple[str, str]]:
    return sql("SELECT column_name, data_type FROM information_schema.columns "
               "WHERE table_name = %s ORDER BY ordinal_position", [table])


def shifted(table: str, overrides: dict) -> tuple[str, str]:
    """The column list of `table` and the SELECT expressions copying template row t under copy
    c: timestamps moved back by the copy's shift, the given columns computed."""
    names, values = [], []
    for name, kind in columns(table):
        names.append(name)
        if name in overrides:
            values.append(overrides[name])
        elif kind.startswith("timestamp"):
            values.append(f"t.{name} - c.shift")
        else:
            values.append(f"t.{name}")
    return ", ".join(names), ", ".join(values)


def load(moment, phone_cipher: str) -> int:
    """Every planned copy not loaded yet, with secondary indexes dropped and foreign-key
    triggers off during the load (then rebuilt, vacuumed and analysed, as a live database)."""
    bounds = {t: sql(f"SELECT coalesce(max(id), 0) + 1 FROM tpl_{t[7:]}")[0][0] for t in TABLES}
    anonymised_before = moment - retention() - _days(30)
    case_id = f"c.k * {bounds['events_case']} + t.case_id"
    statements = _copy_statements(bounds, case_id)
    indexes = sql("SELECT indexname, indexdef FROM pg_indexes WHERE tablename = ANY(%s) AND "
                  "indexname NOT IN (SELECT conname FROM pg_constraint)", [list(TABLES)])
    started = time.perf_counter()
    for name, _ in indexes:
        sql(f'DROP INDEX "{name}"')
    sql("SET session_replication_role = replica")
    sql("SET synchronous_commit = off")
    params = {"phone": phone_cipher, "cutoff": anonymised_before}
    for table, statement in statements:
        sql(statement, params)
        log(f"  {table} copied")
    _anonymise_steps(bounds, anonymised_before)
    sql("UPDATE scale_copy SET loaded = true")
    sql("SET session_replication_role = origin")
    log(f"  copies in {time.perf_counter() - started:.0f}s; rebuilding {len(indexes)} indexes")
    sql("SET maintenance_work_mem = '1GB'")
    for _, definition in indexes:
        sql(definition)
    for table in TABLES:
        sql(f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), "
            f"greatest((SELECT max(id) FROM {table}), {SEQUENCES_FROM}))")
        sql(f"VACUUM (ANALYZE) {table}")
    loaded = sql("SELECT count(*) FROM events_case")[0][0]
    log(f"  {loaded:,} cases loaded and indexed in {time.perf_counter() - started:.0f}s")
    return loaded


def _copy_statements(bounds: dict, case_id: str) -> list[tuple[str, str]]:
    new = "c.loaded = false AND (c.open_cases = NOT tc.finished)"
    private = "tc.finished AND coalesce(tc.closed_at, tc.updated_at) - c.shift < %(cutoff)s"
    names, values = shifted("events_case", {
        "id": f"c.k * {bounds['events_case']} + t.id",
        "tracking_number": f"to_char(t.created_at - c.shift, 'YYYYMMDD') || '-' || "
                           f"lpad((c.k * {bounds['events_case']} + t.id)::text, 10, '0')",
        "duplicate_of_id": "NULL",
        "address": f"CASE WHEN {private.replace('tc.', 't.')} THEN '' "
                   "ELSE '祖庙路' || (t.id %% 300) || '号' END",
        "contact_phone": f"CASE WHEN {private.replace('tc.', 't.')} OR t.source NOT IN "
                         "('citizen', 'hotline') THEN '' ELSE %(phone)s END",
    })
    statements = [("events_case", f"INSERT INTO events_case ({names}) SELECT {values} FROM "
                   f"tpl_case t, scale_copy c WHERE {new.replace('tc.', 't.')}")]
    for table in TABLES[1:]:
        names, values = shifted(table, {"id": f"c.k * {bounds[table]} + t.id",
                                        "case_id": case_id})
        statements.append((table, f"INSERT INTO {table} ({names}) SELECT {values} FROM "
                           f"tpl_{table[7:]} t JOIN tpl_case tc ON tc.id = t.case_id, "
                           f"scale_copy c WHERE {new}"))
    return statements


def _anonymise_steps(bounds: dict, cutoff) -> None:
    """The step anonymising left in the log of each case of the history it anonymised."""
    sql(f"""INSERT INTO events_casestep (id, case_id, action, role, from_status, to_status,
              from_department_id, to_department_id, note, data, created_at)
            SELECT {ANONYMISE_STEP_BASE} + k.id, k.id, 'anonymise', 'system', k.status,
              k.status, k.department_id, k.department_id, '报案人信息已按保留期限删除',
              '{{"note_en": "Reporter details removed after the retention period."}}',
              coalesce(k.closed_at, k.updated_at) + interval '396 days'
            FROM events_case k JOIN scale_copy c ON k.id / {bounds['events_case']} = c.k
            WHERE c.loaded = false AND k.status IN ('closed', 'rated', 'voided')
              AND coalesce(k.closed_at, k.updated_at) < %s""", [cutoff])


def retention():
    from django.conf import settings

    return _days(settings.RETENTION_DAYS)


def _days(n: int):
    from datetime import timedelta

    return timedelta(days=n)


def phone_cipher() -> str:
    """One reporter's number as the encrypted field stores it (every copy shares it)."""
    from django.db import connection

    from events.models import Case

    field = Case._meta.get_field("contact_phone")
    return field.get_db_prep_value("13800138000", connection)


# --- the measurements ------------------------------------------------------------------------


def sweep_idle(moment) -> float:
    """Median seconds of the SLA sweep at the moment the history was played to: after one
    sweep has taken what fell due while loading, nothing is due."""
    from events.sla.escalation import sweep

    sweep(now=moment)
    return timed(lambda: sweep(now=moment), repeat=15)


def queue_requests() -> list[tuple[str, str]]:
    """(user, URL) of the dispatch queue as dispatchers use it: the district's and a street's
    dispatcher, their own queue and every open case, by street, overdue, free text (a word
    and a tracking number) and all together."""
    from events.models import OPEN, Case

    street = sql("SELECT street_code FROM events_case WHERE street_code <> '' "
                 "GROUP BY 1 ORDER BY count(*) DESC LIMIT 1")[0][0]
    number = Case.objects.filter(status__in=OPEN).order_by("-id").values_list(
        "tracking_number", flat=True).first()
    word = "井盖"
    return [
        ("dispatcher", "/dispatch/"),
        ("dispatcher", "/dispatch/?show=all"),
        ("dispatcher", f"/dispatch/?show=all&street={street}"),
        ("dispatcher", "/dispatch/?show=all&overdue=on"),
        ("dispatcher", f"/dispatch/?show=all&q={word}"),
        ("dispatcher", f"/dispatch/?show=all&q={number}"),
        ("dispatcher", f"/dispatch/?show=all&street={street}&overdue=on&q={word}"),
        ("dispatcher", "/dispatch/?show=all&page=2"),
        ("zumiao", f"/dispatch/?show=all&q={word}"),
        ("zumiao", "/dispatch/?overdue=on"),
    ]


def queue_times() -> tuple[list[float], dict[str, float]]:
    """Seconds of every request (QUEUE_ROUNDS rounds after a warm-up round), and the median
    per URL."""
    from django.contrib.auth import get_user_model
    from django.test import Client

    users = {name: get_user_model().objects.get(username=name)
             for name in ("dispatcher", "zumiao")}
    clients = {name: Client() for name in users}
    for name, client in clients.items():
        client.force_login(users[name])
    requests = queue_requests()
    samples, per_url = [], {}
    for round_ in range(QUEUE_ROUNDS + 1):
        for name, url in requests:
            started = time.perf_counter()
            response = clients[name].get(url)
            seconds = time.perf_counter() - started
            assert response.status_code == 200, (url, response.status_code)
            if round_:
                samples.append(seconds)
                per_url.setdefault(f"{name} {url}", []).append(seconds)
    return samples, {url: statistics.median(times) for url, times in per_url.items()}


def p95(samples: list[float]) -> float:
    return statistics.quantiles(samples, n=20, method="inclusive")[-1]


def integrity_seconds() -> tuple[float, str]:
    from django.core.management import call_command
    from django.core.management.base import CommandError

    out = io.StringIO()
    started = time.perf_counter()
    try:
        call_command("check_integrity", stdout=out)
        verdict = out.getvalue().strip().splitlines()[-1]
    except CommandError as error:
        verdict = f"FAILED: {str(error)[:300]}"
    return time.perf_counter() - started, verdict


def anonymise_seconds() -> tuple[float, str]:
    """The anonymising run on the month's backlog, rolled back afterwards."""
    from django.core.management import call_command
    from django.db import transaction

    out = io.StringIO()
    with transaction.atomic():
        started = time.perf_counter()
        call_command("anonymise_cases", "--commit", stdout=out)
        seconds = time.perf_counter() - started
        transaction.set_rollback(True)
    return seconds, out.getvalue().strip().splitlines()[-1]


def bytes_per_case(cases: int) -> tuple[float, dict]:
    sizes = dict(sql("SELECT relname::text, pg_total_relation_size(oid) FROM pg_class "
                     "WHERE relname = ANY(%s)", [list(TABLES)]))
    return sum(sizes.values()) / cases, sizes


def measure(cases: int, moment, figures: dict, save) -> None:
    """Each figure into `figures` as it is measured, saved at once (the slowest last)."""
    figures["cases"] = cases
    figures["steps"] = sql("SELECT count(*) FROM events_casestep")[0][0]
    figures["open"] = sql("SELECT count(*) FROM events_case WHERE status NOT IN "
                          "('closed', 'rated', 'voided')")[0][0]
    figures["sweep"] = sweep_idle(moment)
    log(f"  idle sweep {figures['sweep'] * 1000:.1f} ms")
    samples, per_url = queue_times()
    figures["queue_p95"], figures["queue_median"] = p95(samples), statistics.median(samples)
    for url, seconds in per_url.items():
        log(f"  {seconds * 1000:7.1f} ms  {url}")
    log(f"  queue p95 {figures['queue_p95'] * 1000:.0f} ms over {len(samples)} requests")
    figures["bytes_per_case"], sizes = bytes_per_case(cases)
    log(f"  {figures['bytes_per_case']:,.0f} bytes per case: " + ", ".join(
        f"{name} {size / 2**20:,.0f} MiB" for name, size in sizes.items()))
    save()
    figures["anonymise"], said = anonymise_seconds()
    log(f"  anonymise_cases {figures['anonymise']:.1f}s: {said}")
    figures["anonymised"] = int(said.split()[1]) if said.startswith("Anonymised") else 0
    save()
    figures["integrity"], verdict = integrity_seconds()
    log(f"  check_integrity {figures['integrity']:.0f}s: {verdict}")
    figures["integrity_ok"] = verdict.startswith("OK")
    save()


# --- the report ------------------------------------------------------------------------------


def rows_for(small: dict, large: dict) -> list[dict]:
    s, n = f"{small['cases']:,}", f"{large['cases']:,}"
    rows = [
        {"figure": f"history: {s} → {n} cases ({small['steps']:,} → {large['steps']:,} "
                   f"steps; {small['open']:,} → {large['open']:,} open)",
         "value": large["cases"] / small["cases"], "unit": "×"},
        {"figure": f"idle SLA sweep, {n} cases (baseline {s})", "value": large["sweep"] * 1000,
         "unit": "ms", "baseline": small["sweep"] * 1000,
         "ratio": large["sweep"] / small["sweep"], "target": "ratio ≤ 1.5",
         "met": large["sweep"] / small["sweep"] <= 1.5},
        {"figure": f"dispatch queue with filters, p95, {s} cases",
         "value": small["queue_p95"] * 1000, "unit": "ms"},
        {"figure": f"dispatch queue with filters, p95, {n} cases",
         "value": large["queue_p95"] * 1000, "unit": "ms",
         "baseline": small["queue_p95"] * 1000,
         "ratio": large["queue_p95"] / small["queue_p95"], "target": "≤ 200 ms",
         "met": large["queue_p95"] <= 0.2},
    ]
    for key, name in (("integrity", "check_integrity"), ("anonymise", "anonymise_cases")):
        if key not in large:
            rows.append({"figure": f"{name}, {n} cases: not measured (the run was stopped)",
                         "value": None, "target": "ratio ≤ 12", "met": False})
            continue
        ratio = large[key] / small[key]
        ok = ratio <= 12 and (key != "integrity" or large["integrity_ok"] and small[
            "integrity_ok"])
        rows.append({"figure": f"{name}, {n} cases (baseline {s})"
                     + (f"; {small['anonymised']:,} → {large['anonymised']:,} anonymised"
                        if key == "anonymise" else ""),
                     "value": large[key], "unit": "s", "baseline": small[key], "ratio": ratio,
                     "target": "ratio ≤ 12", "met": ok})
    for figures in (small, large):
        rows.append({"figure": f"database size per case (cases, steps, stage records, tasks "
                               f"with their indexes), {figures['cases']:,} cases",
                     "value": figures["bytes_per_case"] / 1024, "unit": "KiB"})
    return rows


def main():
    if any(size % SIZES[0] for size in SIZES):
        sys.exit("BENCH_SCALE_SIZES: each size must be a multiple of the first")
    url = bench_database_url(DATABASE)
    if os.environ.get("REDIS_URL"):  # the sweep's notifications go to a broker DB of its own
        broker = os.environ.get("BENCH_SCALE_REDIS_DB", "8")
        os.environ["REDIS_URL"] = os.environ["REDIS_URL"].rsplit("/", 1)[0] + "/" + broker
    setup_django(url, migrate=True)
    from django.test.utils import setup_test_environment

    setup_test_environment()  # the test client's host
    started, load_before = time.perf_counter(), os.getloadavg()[0]
    moment, cipher = seed(), phone_cipher()
    results = []

    def save():
        rows = [row for large in results[1:] for row in rows_for(results[0], large)]
        if rows:
            record("scale", rows, load=[load_before, os.getloadavg()[0]])
        return rows

    # `make bench-scale` stops a run at its time limit with SIGTERM: the figures saved so far
    # stay, and the tens of GB go all the same.
    signal.signal(signal.SIGTERM, lambda *_: sys.exit("stopped at the time limit"))
    try:
        for size in SIZES:
            log(f"growing the history to {size:,} cases")
            plan_copies(size)
            results.append({})
            measure(load(moment, cipher), moment, results[-1], save)
        print_table(save())
    finally:
        flush_bench_broker()
        log(f"{(time.perf_counter() - started) / 60:.1f} min; load average "
            f"{os.getloadavg()[0]:.1f}")
        if os.environ.get("BENCH_SCALE_KEEP") != "1":
            drop(url)


def drop(url: str) -> None:
    """The scratch database goes (tens of GB at 10,000,000 cases)."""
    import psycopg
    from django.db import connections

    connections.close_all()

    admin = url.rsplit("/", 1)[0] + "/postgres"
    with psycopg.connect(admin, autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{DATABASE}" WITH (FORCE)')


if __name__ == "__main__":
    sys.exit(main())
