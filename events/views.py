from django.shortcuts import redirect, render
from django.templatetags.static import static
from django.views.decorators.cache import cache_control

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


@cache_control(max_age=86400, public=True)
def favicon(request):
    """Browsers and crawlers ask for /favicon.ico whatever the page links: send them to the
    static file (its hashed name changes with the file)."""
    return redirect(static("site/favicon.ico"))
