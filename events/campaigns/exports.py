"""Rows of a campaign's results export (CSV or Excel): one per task, the form's answers as
columns in the form's order. Generated lazily with iterator(), so 100,000 tasks stream."""

from django.utils.translation import gettext as _

from events.campaigns.models import Campaign, Task


def result_rows(campaign: Campaign):
    fields = list(campaign.fields.all())
    yield [_("task"), _("street"), _("community"), _("grid"), _("target"), _("status"),
           _("done at"), _("done by"), *[f.label for f in fields], _("note"),
           _("finding"), _("case")]
    tasks = (Task.objects.filter(campaign=campaign)
             .select_related("address", "unit", "done_by", "case").order_by("id"))
    for task in tasks.iterator(chunk_size=2000):
        target = task.unit.name if task.unit_id else (str(task.address) if task.address_id
                                                      else task.grid_code)
        yield [task.pk, task.street_code, task.community_code, task.grid_code, target,
               task.get_status_display(),
               task.done_at.isoformat(timespec="minutes") if task.done_at else "",
               task.done_by.username if task.done_by_id else "",
               *[_cell(task.answers.get(f.key)) for f in fields], task.note,
               _("yes") if task.finding else "", task.case.tracking_number if task.case_id
               else ""]


def _cell(value):
    if isinstance(value, bool):
        return _("yes") if value else _("no")
    return "" if value is None else value
