"""Writes of the campaigns room: a task's result (with the register written once) and the case
filed from a finding. Plain functions; the API and the pages call them alike."""

from contextlib import ExitStack

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from common.photos import files_kept_only_with_their_rows, sanitized
from events.campaigns.answers import clean_answers
from events.campaigns.launch import campaign_launch
from events.campaigns.models import Campaign, FormField, Task, TaskPhoto
from events.campaigns.register import register_write
from events.intake.services import ADDRESS_MAX, Report, case_report
from events.models import Case, Source
from grids.models import Region
from org.models import Role
from taxonomy.models import Subcategory

NOTE_MAX = 2000


class Conflict(Exception):
    """Someone else changed the task first (a result already saved, a case already filed)."""


def task_result_save(*, task: Task, actor, data, files=None) -> Task:
    """Save a task's result: answers checked against the campaign's form, photos re-encoded,
    the register's mapped attributes written with their history, all in one transaction.
    Only an open task takes a result (compare-and-set): a second submission is a Conflict."""
    fields = list(task.campaign.fields.all())
    answers, photos = clean_answers(fields, data, files)
    finding = str(data.get("finding", "")).lower() in {"true", "1", "on", "yes"}
    note = str(data.get("note", ""))[:NOTE_MAX]
    images = {key: sanitized(upload) for key, upload in photos.items()}  # before any lock
    now = timezone.now()
    with files_kept_only_with_their_rows() as written, transaction.atomic():
        done = Task.objects.filter(pk=task.pk, status=Task.Status.OPEN).update(
            status=Task.Status.DONE, answers=answers, note=note, finding=finding,
            done_at=now, done_by=actor)
        if not done:
            raise Conflict(_("This task already has a result."))
        task.refresh_from_db()
        for key, image in images.items():
            stored = TaskPhoto.objects.create(task=task, key=key, image=image)
            written.append(stored.image)
            task.answers[key] = stored.image.name
        if images:
            Task.objects.filter(pk=task.pk).update(answers=task.answers)
        register_write(task=task, fields=fields, answers=answers, actor=actor, now=now)
    return task


def finding_case_file(*, task: Task, actor, subcategory: Subcategory | None = None,
                      description: str = "") -> Case:
    """File a case from a task's finding in one step, through the real intake: the target's
    place, the campaign's subcategory of findings and the result's photos come prefilled."""
    subcategory = subcategory or task.campaign.finding_subcategory
    if task.status != Task.Status.DONE or not task.finding:
        raise ValidationError(_("Only a saved result with a finding can file a case."))
    if task.case_id:
        raise Conflict(_("A case was already filed for this finding."))
    if subcategory is None:
        raise ValidationError({"subcategory": [_("Choose a subcategory.")]})
    report = Report(subcategory=subcategory, source=Source.GRID_WORKER,
                    description=(description or default_description(task))[:NOTE_MAX],
                    **_place(task))
    with ExitStack() as files, transaction.atomic():
        photos = [files.enter_context(photo.image.open("rb")) for photo in task.photos.all()]
        case = case_report(report=report, reporter=actor, photos=photos,
                           role=Role.GRID_WORKER)
        if not Task.objects.filter(pk=task.pk, case__isnull=True).update(case=case):
            raise Conflict(_("A case was already filed for this finding."))
    task.case = case
    return case


def default_description(task: Task) -> str:
    target = task_target_text(task)
    text = f"{task.campaign.name}：{target}"
    return f"{text}。{task.note}" if task.note else text


def task_target_text(task: Task) -> str:
    if task.unit_id:
        return f"{task.unit.name}（{task.address}）"
    if task.address_id:
        return str(task.address)
    return task.grid_code


def _place(task: Task) -> dict:
    """The target's standard address when it has one, else the middle of its grid."""
    if task.address_id:
        address = task.address
        return {"lat": address.lat, "lon": address.lon, "address": address.text[:ADDRESS_MAX],
                "address_code": address.code}
    grid = Region.objects.filter(generation__is_active=True, code=task.grid_code).first()
    if grid is None or grid.min_lat is None:
        return {"address": task.grid_code}
    return {"lat": (grid.min_lat + grid.max_lat) / 2, "lon": (grid.min_lon + grid.max_lon) / 2,
            "address": grid.name}


def campaign_create(*, actor, values: dict, fields: list[dict], launch: bool = False):
    """A campaign with its form, created by a command centre or a department (its staff):
    the caller's department runs it. Launched at once when asked (one INSERT ... SELECT)."""
    staff = getattr(actor, "staff", None)
    with transaction.atomic():
        campaign = Campaign.objects.create(
            **values, created_by=actor, department=staff.department if staff else None)
        FormField.objects.bulk_create(
            FormField(campaign=campaign, order=order, **field)
            for order, field in enumerate(fields))
        if launch:
            campaign_launch(campaign=campaign)
    return campaign
