"""The case log must replay to the case's current state: a check, not a source of truth.

Besides the status and the department, the log explains every assisting task's state: a
dispatch step lists the tasks it created and released, a task's start, resolve or release names
its department in the step's data (events.workflow.assisting); and the level and owning region:
the first step says where the case entered, each move between levels where it came from and
went (events.workflow.levels)."""

from dataclasses import dataclass, field

from events.models import Case, CaseTask
from events.workflow.assisting import CREATED, MOVES, RELEASED
from events.workflow.levels import MOVES as LEVEL_MOVES

# Every key of a step's data that replay reads: a step with none of them replays alike
# without its data (events/privacy/integrity.py fetches only the others').
REPLAYED_KEYS = (CREATED, RELEASED, "task", "from_level", "from_region", "level", "region")


class BrokenLog(Exception):
    pass


@dataclass(frozen=True)
class Replayed:
    status: str
    department_id: int | None
    tasks: dict = field(default_factory=dict)  # department code → task status
    level: str = ""
    owner_region: str = ""


def replay(case: Case) -> Replayed:
    """Fold the case's steps in order, checking that each starts where the last one ended."""
    status, department_id, tasks, level, region = "", None, {}, "", ""
    # By id: ids follow the order in which the case row lock was won, clock times may not.
    for step in case.steps.order_by("id"):
        if step.from_status != status:
            raise BrokenLog(f"step {step.pk} ({step.action}) starts from {step.from_status!r}, "
                            f"the log was at {status!r}")
        if status and step.from_department_id != department_id:
            raise BrokenLog(f"step {step.pk} ({step.action}) starts at department "
                            f"{step.from_department_id}, the log was at {department_id}")
        status, department_id = step.to_status, step.to_department_id
        _fold_tasks(step, tasks)
        if step.action in LEVEL_MOVES:
            level, region = _fold_level(step, level, region)
    return Replayed(status, department_id, tasks, level, region)


def _fold_level(step, level: str, region: str) -> tuple[str, str]:
    """Where the case entered, and each move between levels."""
    data = step.data
    if "from_region" in data and (data.get("from_level") or "", data.get(
            "from_region") or "") != (level, region):
        raise BrokenLog(f"step {step.pk} ({step.action}) moves from "
                        f"{data.get('from_level')} {data.get('from_region')}, the "
                        f"log was at {level or '-'} {region or '-'}")
    return data.get("level") or "", data.get("region") or ""


def _fold_tasks(step, tasks: dict) -> None:
    data = step.data or {}
    for code in data.get(RELEASED, ()):
        _move(step, tasks, code, "release_task")
    for code in data.get(CREATED, ()):
        if code in tasks:
            raise BrokenLog(f"step {step.pk} ({step.action}) creates a second task for {code}")
        tasks[code] = CaseTask.State.DISPATCHED
    if "task" in data:
        _move(step, tasks, data["task"], step.action)


def _move(step, tasks: dict, code: str, action: str) -> None:
    if action not in MOVES:
        raise BrokenLog(f"step {step.pk} ({step.action}) names task {code} but cannot move it")
    sources, target = MOVES[action]
    if tasks.get(code) not in sources:
        raise BrokenLog(f"step {step.pk} ({step.action}) moves the task of {code} from "
                        f"{tasks.get(code) or 'nothing'}")
    tasks[code] = target


def task_states(case: Case) -> dict[str, str]:
    return dict(CaseTask.objects.filter(case_id=case.pk).values_list("department__code",
                                                                      "status"))


def log_matches(case: Case, tasks: dict | None = None) -> bool:
    """Does the log replay to the case's state? `tasks` (department code → status) when the
    caller already read them, else they are read."""
    tasks = task_states(case) if tasks is None else tasks
    return replay(case) == Replayed(case.status, case.department_id, tasks, case.level,
                                    case.owner_region)
