from django.shortcuts import render

from events.workflow.selectors import public_cases
from grids.models import Region
from taxonomy.models import Category


def home(request):
    """Landing page: what the platform is, the live grid map and where each role goes."""
    return render(request, "home.html", {
        "grid_count": Region.objects.filter(
            generation__is_active=True, level=Region.Level.GRID).count(),
        "category_count": Category.objects.count(),
        "case_count": public_cases().count(),  # anonymous counts leave non-public cases out
    })
