"""Reads of the campaigns room, each taking the caller so that scoping cannot be forgotten:
a worker's tasks, the campaigns a user may watch, progress per grid, community and street,
the Breteau index, and the rows of the results export.

Progress and the Breteau index are one GROUP BY each on the task table (its denormalised
region codes, indexed with the campaign), plus one query for the names of the regions."""

from django.db.models import Count, F, FloatField, Q, Sum
from django.db.models.fields.json import KT
from django.db.models.functions import Cast, Coalesce
from django.utils import timezone

from events.campaigns.models import Campaign, Task
from events.workflow.selectors import role_of, worker_grid_codes
from grids.models import Region
from org.models import COMMAND_STAFF, Role

LEVEL_COLUMNS = {"grid": "grid_code", "community": "community_code", "street": "street_code"}
BRETEAU_KEY = "positive_containers"


class NotFound(Exception):
    """Out of the caller's scope: answered as if it did not exist."""


def worker_tasks(user, *, today=None):
    """The open tasks in the worker's grids of campaigns under way (started, launched), the
    earliest deadline first; overdue ones stay until done."""
    today = today or timezone.localdate()
    return (Task.objects.filter(grid_code__in=worker_grid_codes(user), status=Task.Status.OPEN,
                                campaign__launched_at__isnull=False,
                                campaign__starts_on__lte=today)
            .select_related("campaign", "address", "unit", "house")
            .order_by("due_at", "grid_code", "id"))


def task_for_worker(user, pk) -> Task:
    """A task in one of the worker's grids, open or done."""
    if role_of(user) != Role.GRID_WORKER:
        raise NotFound
    task = (Task.objects.filter(pk=pk, grid_code__in=worker_grid_codes(user))
            .select_related("campaign__finding_subcategory", "address", "unit", "house",
                            "case").first())
    if task is None:
        raise NotFound
    return task


def campaigns_watched_by(user):
    """Campaigns whose progress and results the user may see: its own, its department's,
    and, for command-centre staff, those within its region (administrators: all)."""
    if not user.is_authenticated:
        return Campaign.objects.none()
    role = role_of(user)
    if user.is_superuser or role == Role.ADMIN:
        return Campaign.objects.all()
    staff = getattr(user, "staff", None)
    mine = Q(created_by=user)
    if staff is not None and staff.department_id:
        mine |= Q(department_id=staff.department_id)
    if role in COMMAND_STAFF:
        scope = staff.scope_code if staff else ""
        if not scope:  # the district's command centre watches every campaign
            return Campaign.objects.all()
        mine |= Q(region_code__startswith=scope)
    return Campaign.objects.filter(mine)


def campaign_for(user, pk) -> Campaign:
    campaign = campaigns_watched_by(user).filter(pk=pk).first()
    if campaign is None:
        raise NotFound
    return campaign


def may_create_campaigns(user) -> bool:
    return user.is_superuser or role_of(user) in (*COMMAND_STAFF, Role.HANDLER)


def region_names(codes) -> dict[str, str]:
    return dict(Region.objects.filter(generation__is_active=True, code__in=set(codes))
                .values_list("code", "name"))


def progress(campaign: Campaign, level: str, now=None) -> list[dict]:
    """Per region of the level: tasks, done, open past the deadline, and the share done."""
    column, now = LEVEL_COLUMNS[level], now or timezone.now()
    rows = list(Task.objects.filter(campaign=campaign).values(code=F(column))
                .annotate(total=Count("id"),
                          done=Count("id", filter=Q(status=Task.Status.DONE)),
                          overdue=Count("id", filter=Q(status=Task.Status.OPEN,
                                                       due_at__lt=now)))
                .order_by("code"))
    names = region_names(row["code"] for row in rows)
    for row in rows:
        row["name"] = names.get(row["code"], "")
        row["rate"] = round(row["done"] / row["total"], 4) if row["total"] else None
    return rows


def breteau(campaign: Campaign) -> list[dict]:
    """Breteau index per community: 100 × Σ positive_containers ÷ houses inspected, over the
    campaign's done house tasks (a house inspected with the answer left empty counts as 0)."""
    containers = Cast(KT(f"answers__{BRETEAU_KEY}"), FloatField())
    rows = list(Task.objects.filter(campaign=campaign, status=Task.Status.DONE,
                                    house__isnull=False)
                .values(code=F("community_code"))
                .annotate(houses=Count("id"), containers=Coalesce(Sum(containers), 0.0))
                .order_by("code"))
    names = region_names(row["code"] for row in rows)
    for row in rows:
        row["name"] = names.get(row["code"], "")
        row["containers"] = int(row["containers"]) if float(row["containers"]).is_integer() \
            else row["containers"]
        row["index"] = round(100 * row["containers"] / row["houses"], 2)
    return rows


def has_breteau(campaign: Campaign) -> bool:
    return campaign.fields.filter(key=BRETEAU_KEY).exists()


def breteau_campaigns(user):
    """Campaigns the user may watch that ask for positive_containers: the map's layer."""
    return (campaigns_watched_by(user).filter(fields__key=BRETEAU_KEY,
                                              launched_at__isnull=False)
            .order_by("-starts_on", "-id").distinct())


def task_counts(worker_ids, start, end) -> dict[int, tuple[int, int]]:
    """{worker: (done, on time)}: the campaign tasks each worker completed in [start, end),
    and of those the ones completed by their deadline (done_at ≤ due_at). The worker KPIs
    (events.patrols.kpis) read them; the formulas are in docs/patrols.md."""
    rows = (Task.objects.filter(done_by_id__in=worker_ids, status=Task.Status.DONE,
                                done_at__gte=start, done_at__lt=end)
            .values("done_by_id")
            .annotate(done=Count("id"), on_time=Count("id", filter=Q(done_at__lte=F("due_at")))))
    return {row["done_by_id"]: (row["done"], row["on_time"]) for row in rows}


def results_filed_between(worker_id, start, end=None):
    """The task results a worker saved in [start, end] (end None: until now), in time order:
    the patrol log's "task results filed on the way"."""
    tasks = Task.objects.filter(done_by_id=worker_id, status=Task.Status.DONE,
                                done_at__gte=start)
    if end is not None:
        tasks = tasks.filter(done_at__lte=end)
    return tasks.select_related("campaign", "address", "unit", "case").order_by("done_at", "id")


def region_allowed(user, code: str) -> bool:
    """Whether a campaign over this region lies in the caller's scope: an existing region of
    the active generation (or the whole area) inside a command-centre user's scope."""
    if code and not Region.objects.filter(generation__is_active=True, code=code).exists():
        return False
    staff = getattr(user, "staff", None)
    scope = staff.scope_code if staff and role_of(user) in COMMAND_STAFF else ""
    return not scope or code.startswith(scope)
