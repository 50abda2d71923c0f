"""The grid worker's campaign tasks (今日任务 on /worker/, a task's form, the case filed from a
finding) and the campaign pages of whoever runs one (progress, Breteau index, exports).
Thin: reads through the campaigns room's selectors, writes through its services."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from events.campaigns import register, selectors, services
from events.campaigns.models import FormField, Task
from events.staff.pages import require_role
from org.models import Role
from taxonomy.models import Category, Subcategory


def _task(request, pk) -> Task:
    require_role(request, Role.GRID_WORKER)
    try:
        return selectors.task_for_worker(request.user, pk)
    except selectors.NotFound:
        raise Http404 from None


@login_required
def task_page(request, pk):
    """A task's form, prefilled with what was collected before; after saving, the result and
    (for a finding) the case to file in one step."""
    task = _task(request, pk)
    errors = {}
    if request.method == "POST":
        try:
            services.task_result_save(task=task, actor=request.user, data=request.POST,
                                      files=request.FILES)
        except ValidationError as error:
            errors = error.message_dict
        except services.Conflict as error:
            messages.error(request, str(error))
            return redirect("worker-task", pk=task.pk)
        else:
            messages.success(request, _("Result saved."))
            return redirect("worker-task", pk=task.pk)
    fields = list(task.campaign.fields.all())
    values = request.POST if errors else register.prefill(task, fields)
    return render(request, "staff/task.html", {
        "task": task, "target": services.task_target_text(task), "errors": errors,
        "fields": [(f, values.get(f.key), errors.get(f.key, [])) for f in fields],
        "kinds": FormField.Kind, "last": register.last_inspection(task),
        "units": register.units_at(task), "photos": task.photos.all(),
        "categories": Category.objects.prefetch_related("subcategories")
        if task.finding and not task.case_id else (),
        "description": services.default_description(task),
    }, status=400 if errors else 200)


@login_required
@require_POST
def task_case(request, pk):
    """File the finding as a case, prefilled (place, subcategory, photos): one step."""
    task = _task(request, pk)
    code = request.POST.get("subcategory", "")
    subcategory = Subcategory.objects.filter(code=code).first() if code else None
    try:
        case = services.finding_case_file(task=task, actor=request.user,
                                          subcategory=subcategory,
                                          description=request.POST.get("description", ""))
    except (ValidationError, services.Conflict) as error:
        messages.error(request, " ".join(getattr(error, "messages", [str(error)])))
        return redirect("worker-task", pk=task.pk)
    messages.success(request, _("Reported as %(number)s.") % {"number": case.tracking_number})
    return redirect("case-page", tracking_number=case.tracking_number)


@login_required
def campaign_list(request):
    campaigns = selectors.campaigns_watched_by(request.user).order_by("-starts_on", "-id")
    if not selectors.may_create_campaigns(request.user) and not campaigns.exists():
        raise Http404
    return render(request, "staff/campaigns.html", {"campaigns": campaigns[:200]})


@login_required
def campaign_page(request, pk):
    """Progress per street, community and grid, the Breteau index, the exports."""
    try:
        campaign = selectors.campaign_for(request.user, pk)
    except selectors.NotFound:
        raise Http404 from None
    levels = [(_("Streets"), selectors.progress(campaign, "street")),
              (_("Communities"), selectors.progress(campaign, "community")),
              (_("Grids"), selectors.progress(campaign, "grid"))]
    return render(request, "staff/campaign.html", {
        "campaign": campaign, "levels": levels,
        "breteau": selectors.breteau(campaign) if selectors.has_breteau(campaign) else None,
    })
