"""The simulated people of the demo district: one citizen account for the reports they file,
a shift leader of the command centre, a handler for each department that gets work, and the
generated grid workers. None of them can log in (unusable passwords); the simulator acts only
as them, and leaves alone every case that someone with a login has touched."""

from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import UNUSABLE_PASSWORD_PREFIX, make_password
from django.db.models import Exists, OuterRef, Q

from events.models import CaseStep
from org.catalogue import COMMAND_CENTRE
from org.models import Department, GridAssignment, Role, StaffProfile

CITIZEN, LEADER, HANDLER = "sim-citizen", "sim-leader", "sim-h-"


def _account(username: str, name: str, role: str | None = None, department=None):
    User = get_user_model()
    user, created = User.objects.get_or_create(username=username, defaults={
        "first_name": name, "password": make_password(None)})
    if created and role:
        StaffProfile.objects.create(user=user, role=role, department=department)
    return User.objects.select_related("staff").get(pk=user.pk)


class Cast:
    """The accounts, looked up once per tick."""

    def __init__(self):
        self._handlers = {}
        self.citizen = _account(CITIZEN, "模拟市民（演示）")
        self.leader = _account(LEADER, "模拟值班长（演示）", Role.SHIFT_LEADER,
                               Department.objects.get(code=COMMAND_CENTRE))

    def handler(self, department: Department):
        if department.pk not in self._handlers:
            self._handlers[department.pk] = _account(
                f"{HANDLER}{department.code}", f"{department.name}模拟处置员（演示）",
                Role.HANDLER, department)
        return self._handlers[department.pk]

    def verifier(self, case):
        """The grid's own worker when generated, else the shift leader (核查 is theirs too)."""
        worker = simulated_worker(case.grid.code) if case.grid_id else None
        return worker or self.leader


def simulated_worker(grid_code: str):
    assignment = GridAssignment.objects.filter(grid_code=grid_code).filter(
        worker__password__startswith=UNUSABLE_PASSWORD_PREFIX).select_related(
        "worker__staff").first()
    return assignment.worker if assignment else None


def untouched_by_people(cases):
    """The cases no one with a login has reported or acted on: a trainee's own case waits
    for the trainee."""
    human_step = CaseStep.objects.filter(case=OuterRef("pk")).filter(
        Q(actor__isnull=False) & ~Q(actor__password__startswith=UNUSABLE_PASSWORD_PREFIX)
        | Q(action="report", actor__isnull=True) & ~Q(role="demo") & ~Q(data__has_key="demo"))
    return cases.filter(~Exists(human_step))
