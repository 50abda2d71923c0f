"""Patrol pages: the worker starts a patrol (after the consent on the page), its phone records
positions while the patrol page is open (static staff/patrol_track.js posts them to the API),
and it ends the patrol; the patrol log, for the worker and its supervisors, shows the track
over the worker's grids, the time per grid and what was filed on the way. Thin: the rules are
in events/patrols/."""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from events.patrols import selectors, services
from events.staff.pages import require_role
from events.workflow.selectors import role_of, worker_grid_codes
from grids.models import Region
from org.models import COMMAND_STAFF, Role


@login_required
def patrol_page(request):
    """Start a patrol, or record the open one."""
    require_role(request, Role.GRID_WORKER)
    patrol = selectors.open_patrol(request.user)
    codes = worker_grid_codes(request.user)
    grids = Region.objects.filter(generation__is_active=True, code__in=codes)
    return render(request, "staff/patrol_track.html", {
        "patrol": patrol, "recent": selectors.patrols_visible_to(request.user).order_by(
            "-started_at")[:10],
        "config": {"patrol": patrol.pk if patrol else None,
                   "interval": settings.PATROL_INTERVAL_SECONDS,
                   "url": f"/api/v1/patrols/{patrol.pk}/positions/" if patrol else ""},
        "interval": settings.PATROL_INTERVAL_SECONDS,
        "grid_geometries": [g.geometry for g in grids]})


@login_required
@require_POST
def patrol_start(request):
    require_role(request, Role.GRID_WORKER)
    if request.POST.get("consent") != "yes":
        messages.error(request, _("Agree to your position being recorded to start a patrol."))
        return redirect("patrol-track")
    services.patrol_start(worker=request.user)
    return redirect("patrol-track")


@login_required
@require_POST
def patrol_end(request, pk):
    require_role(request, Role.GRID_WORKER)
    patrol = get_object_or_404(selectors.patrols_visible_to(request.user), pk=pk)
    try:
        services.patrol_end(patrol=patrol)
    except services.PatrolClosed as closed:
        messages.error(request, str(closed))
    return redirect("patrol-log", pk=pk)


@login_required
def patrol_log(request, pk):
    patrol = get_object_or_404(selectors.patrols_visible_to(request.user).select_related(
        "worker"), pk=pk)
    log = selectors.patrol_log(patrol)
    assigned = worker_grid_codes(patrol.worker)
    names = dict(Region.objects.filter(generation__is_active=True, code__in=[
        g["code"] for g in log["grids"]]).values_list("code", "name"))
    for grid in log["grids"]:
        minutes, seconds = divmod(grid["seconds"], 60)
        grid.update(name=names.get(grid["code"], ""), own=grid["code"] in assigned,
                    clock=f"{minutes}:{seconds:02d}")
    return render(request, "staff/patrol_log.html", {
        "patrol": patrol, "log": log, "threshold_minutes": settings.PATROL_COVERAGE_MINUTES,
        "cases": selectors.filed_during(patrol),
        "results": selectors.results_during(patrol), "own": patrol.worker_id == request.user.pk,
        "map": {"track": log["track"], "grids": sorted({*assigned, *names})}})


@login_required
def patrol_list(request):
    """The patrols the caller may see, newest first (supervisors reach the logs here)."""
    if role_of(request.user) not in (*COMMAND_STAFF, Role.GRID_WORKER):
        raise Http404
    patrols = selectors.patrols_visible_to(request.user).select_related("worker").order_by(
        "-started_at")[:100]
    return render(request, "staff/patrol_list.html", {"patrols": patrols})
