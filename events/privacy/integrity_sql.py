"""The case-log check of events/privacy/integrity.py set-based, for PostgreSQL: one query per
key range finds the cases whose log it cannot prove replays to their state. Only those go to
the Python replay (events.workflow.replay, the one definition of a valid log), which names
what is wrong: at ten million cases replaying every log in Python took hours.

The query must never pass a log that replay rejects, so it is strict where replay is lenient:
step data of an unexpected shape (not an object, a task list that is not a list of strings, a
level that is not a string) makes the case a suspect, and replay judges it."""

from functools import cache

from django.db import connection

from events.models import CaseTask
from events.workflow.assisting import CREATED, MOVES, RELEASED
from events.workflow.levels import MOVES as LEVEL_MOVES

_LEVEL_KEYS = ("from_level", "from_region", "level", "region")


def _literal(value) -> str:
    return "NULL" if value is None else "'" + str(value).replace("'", "''") + "'"


def _moves_values() -> str:
    """MOVES as rows (action, source, target); a created task is the move from nothing."""
    rows = [(action, source, target) for action, (sources, target) in MOVES.items()
            for source in sources]
    rows.append(("<created>", None, CaseTask.State.DISPATCHED.value))
    return ", ".join(f"({_literal(a)}, {_literal(s)}, {_literal(t)})" for a, s, t in rows)


@cache
def _queries() -> tuple[str, str]:
    levels = ", ".join(_literal(action) for action in LEVEL_MOVES)
    odd_level = " OR ".join(f"jsonb_typeof(data->'{key}') NOT IN ('string', 'null')"
                            for key in _LEVEL_KEYS)
    odd_tasks = (f"jsonb_typeof(data->'{RELEASED}') IS DISTINCT FROM 'array' AND data ? "
                 f"'{RELEASED}' OR jsonb_typeof(data->'{CREATED}') IS DISTINCT FROM 'array' "
                 f"AND data ? '{CREATED}' OR jsonb_typeof(data->'task') <> 'string'")
    moves = f"action IN ({levels})"
    # The step data's checks on the scan, so that the sort for the windows carries only their
    # results: a level and region only where the step moves the case between levels.
    chain = f"""
WITH steps AS (
  SELECT *, lag(to_status) OVER w AS last_status, lag(to_department_id) OVER w AS last_department,
         lead(id) OVER w IS NULL AS final
  FROM (SELECT case_id, id, from_status, to_status, from_department_id, to_department_id,
               {moves} AS moves_level,
               jsonb_typeof(data) IS DISTINCT FROM 'object' OR {moves} AND ({odd_level})
                 OR {odd_tasks} AS odd,
               CASE WHEN {moves} THEN coalesce(data->>'level', '') END AS level,
               CASE WHEN {moves} THEN coalesce(data->>'region', '') END AS region,
               CASE WHEN {moves} AND data ? 'from_region'
                    THEN coalesce(data->>'from_level', '') END AS from_level,
               CASE WHEN {moves} AND data ? 'from_region'
                    THEN coalesce(data->>'from_region', '') END AS from_region
        FROM events_casestep WHERE case_id BETWEEN %(lo)s AND %(hi)s) read
  WINDOW w AS (PARTITION BY case_id ORDER BY id)
),
levels AS (
  SELECT case_id, level, region, from_level, from_region, lag(level) OVER w AS last_level,
         lag(region) OVER w AS last_region, lead(id) OVER w IS NULL AS final
  FROM steps WHERE moves_level WINDOW w AS (PARTITION BY case_id ORDER BY id)
)
SELECT case_id FROM steps
 WHERE from_status IS DISTINCT FROM coalesce(last_status, '')
    OR coalesce(last_status, '') <> '' AND from_department_id IS DISTINCT FROM last_department
    OR odd
UNION
SELECT case_id FROM levels
 WHERE from_region IS NOT NULL AND (from_level, from_region) IS DISTINCT FROM
       (coalesce(last_level, ''), coalesce(last_region, ''))
UNION
SELECT k.id FROM events_case k
  LEFT JOIN steps s ON s.case_id = k.id AND s.final
  LEFT JOIN levels l ON l.case_id = k.id AND l.final
 WHERE k.id BETWEEN %(lo)s AND %(hi)s
   AND (k.status IS DISTINCT FROM coalesce(s.to_status, '')
        OR k.department_id IS DISTINCT FROM s.to_department_id
        OR k.level IS DISTINCT FROM coalesce(l.level, '')
        OR k.owner_region IS DISTINCT FROM coalesce(l.region, ''))"""
    tasks = f"""
WITH moves (action, source, target) AS (VALUES {_moves_values()}),
task_moves AS (
  SELECT s.case_id, s.id, m.kind, m.n, m.value #>> '{{}}' AS code, m.action,
         jsonb_typeof(m.value) <> 'string' AS odd
  FROM events_casestep s CROSS JOIN LATERAL (
    SELECT 0 AS kind, r.n, r.value, 'release_task' AS action
      FROM jsonb_array_elements(CASE WHEN jsonb_typeof(s.data->'{RELEASED}') = 'array'
           THEN s.data->'{RELEASED}' END) WITH ORDINALITY r(value, n)
    UNION ALL
    SELECT 1, c.n, c.value, '<created>'
      FROM jsonb_array_elements(CASE WHEN jsonb_typeof(s.data->'{CREATED}') = 'array'
           THEN s.data->'{CREATED}' END) WITH ORDINALITY c(value, n)
    UNION ALL
    SELECT 2, 1, s.data->'task', s.action WHERE s.data ? 'task'
  ) m
  WHERE s.case_id BETWEEN %(lo)s AND %(hi)s AND jsonb_typeof(s.data) = 'object'
    AND s.data ?| array['{RELEASED}', '{CREATED}', 'task']
),
task_states AS (
  SELECT t.case_id, t.code, t.action, lag(mv.target) OVER w AS last_state, mv.target,
         lead(t.id) OVER w IS NULL AS final
  FROM task_moves t LEFT JOIN (SELECT DISTINCT action, target FROM moves) mv
       ON mv.action = t.action
  WINDOW w AS (PARTITION BY t.case_id, t.code ORDER BY t.id, t.kind, t.n)
)
SELECT case_id FROM task_moves WHERE odd
UNION
SELECT case_id FROM task_states t WHERE NOT EXISTS (
  SELECT 1 FROM moves m WHERE m.action = t.action AND m.source IS NOT DISTINCT FROM t.last_state)
UNION
SELECT coalesce(f.case_id, k.case_id) FROM (
  SELECT case_id, code, target FROM task_states WHERE final) f
  FULL JOIN (SELECT t.case_id, d.code, t.status FROM events_casetask t
             JOIN org_department d ON d.id = t.department_id
             WHERE t.case_id BETWEEN %(lo)s AND %(hi)s) k
  ON k.case_id = f.case_id AND k.code = f.code
 WHERE f.target IS DISTINCT FROM k.status"""
    return chain, tasks


def suspects(lo: int, hi: int) -> list[int]:
    """Ids of the cases with keys lo … hi whose log the queries cannot prove sound, ascending.
    Two queries: the status, department and level chain, then the assisting tasks (the range's
    steps are in the buffer cache by then)."""
    found = set()
    with connection.cursor() as cursor:
        for query in _queries():
            cursor.execute(query, {"lo": lo, "hi": hi})
            found.update(row[0] for row in cursor.fetchall())
    return sorted(found)
