"""The case log must replay to the case's current state: a check, not a source of truth."""

from dataclasses import dataclass

from events.models import Case
from events.workflow.levels import MOVES


class BrokenLog(Exception):
    pass


@dataclass(frozen=True)
class Replayed:
    status: str
    department_id: int | None
    level: str = ""
    owner_region: str = ""


def replay(case: Case) -> Replayed:
    """Fold the case's steps in order, checking that each starts where the last one ended."""
    status, department_id, level, region = "", None, "", ""
    # By id: ids follow the order in which the case row lock was won, clock times may not.
    for step in case.steps.order_by("id"):
        if step.from_status != status:
            raise BrokenLog(f"step {step.pk} ({step.action}) starts from {step.from_status!r}, "
                            f"the log was at {status!r}")
        if status and step.from_department_id != department_id:
            raise BrokenLog(f"step {step.pk} ({step.action}) starts at department "
                            f"{step.from_department_id}, the log was at {department_id}")
        status, department_id = step.to_status, step.to_department_id
        if step.action in MOVES:  # where the case entered, and each move between levels
            data = step.data
            if "from_region" in data and (data.get("from_level") or "", data.get(
                    "from_region") or "") != (level, region):
                raise BrokenLog(f"step {step.pk} ({step.action}) moves from "
                                f"{data.get('from_level')} {data.get('from_region')}, the "
                                f"log was at {level or '-'} {region or '-'}")
            level, region = data.get("level") or "", data.get("region") or ""
    return Replayed(status, department_id, level, region)


def log_matches(case: Case) -> bool:
    return replay(case) == Replayed(case.status, case.department_id, case.level,
                                    case.owner_region)
