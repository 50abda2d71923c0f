"""The grid worker's pages as an installable web app that works without signal.

Two small files must come from the site's root rather than /static/: the web app manifest
and the service worker, whose scope is the folder it is served from (/ covers /worker/ and
the API it caches). The service worker's code is the static file offline/sw.js; this view
puts in front of it what only the server knows: the URLs to pre-cache and a version that
changes whenever one of the cached static files changes, so that browsers install the new
worker and drop the old caches. docs/offline.md describes the whole.
"""

import hashlib
import json
import re
from functools import lru_cache

from django.conf import settings
from django.contrib.auth import views as auth_views
from django.contrib.staticfiles import finders
from django.http import HttpResponse, JsonResponse
from django.template import Context, Template
from django.templatetags.static import static
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.cache import cache_control
from django.views.decorators.http import require_GET

# The worker's pages (network first, the cached copy without signal); they carry the
# worker's own grid boundaries inline (json_script "my-grids"). Its campaign task pages are
# cached too, as /worker/ lists them (outbox.js asks the service worker to).
PAGES = ("worker-home", "patrol-report", "patrol-track")
# What those pages load (and django-leaflet's files, read off its template tags), and the
# taxonomy for the report form.
STATIC = (
    "site.css", "grids/map.js", "form-errors.js", "combobox.js", "citizen/has-js.js",
    "staff/patrol.js", "staff/patrol_track.js",
    "leaflet/images/marker-icon.png", "leaflet/images/marker-icon-2x.png",
    "leaflet/images/marker-shadow.png", "leaflet/images/layers.png",
    "leaflet/images/layers-2x.png",
    "offline/queue.js", "offline/outbox.js", "offline/report_form.js",
    "offline/icon.svg", "offline/icon-192.png", "offline/icon-512.png",
)
DATA = ("taxonomy",)
WORKER_SCRIPT = "offline/sw.js"
CACHE_PREFIX = "gov-offline-"


@lru_cache(maxsize=1)
def static_files() -> tuple[str, ...]:
    """STATIC and the files django-leaflet's {% leaflet_css %} {% leaflet_js %} link."""
    tags = Template("{% load leaflet_tags %}{% leaflet_css %}{% leaflet_js %}").render(Context())
    prefix = static("")
    linked = [url.removeprefix(prefix) for url in re.findall(r'(?:src|href)="([^"]+)"', tags)
              if url.startswith(prefix)]
    icon = re.search('"(' + re.escape(prefix) + r'[^"]+\.png)"', tags)  # reset-view.png
    extra = [icon[1].removeprefix(prefix)] if icon else []
    return tuple(dict.fromkeys([*STATIC, *linked, *extra]))


def precache_urls() -> list[str]:
    return ([reverse(name) for name in PAGES] + [static(path) for path in static_files()]
            + [reverse(name) for name in DATA])


@lru_cache(maxsize=1)
def version() -> str:
    """A digest of the worker script and every pre-cached static file: the cache names carry
    it, so a deploy that changes any of them replaces the caches on the phones. Computed
    once per process (a deploy restarts it); DEBUG recomputes, for development."""
    digest = hashlib.sha256()
    for path in (WORKER_SCRIPT, *static_files()):
        found = finders.find(path)
        digest.update(path.encode())
        if found:
            with open(found, "rb") as file:
                digest.update(file.read())
    return digest.hexdigest()[:12]


@require_GET
@cache_control(no_cache=True)  # browsers check for a new worker on every visit
def service_worker(request):
    with open(finders.find(WORKER_SCRIPT), encoding="utf-8") as file:
        code = file.read()
    if settings.DEBUG:
        version.cache_clear()
    config = {"cache": CACHE_PREFIX + version(), "prefix": CACHE_PREFIX,
              "precache": precache_urls(), "pages": [reverse(name) for name in PAGES],
              "queueScript": static("offline/queue.js"), "home": reverse("worker-home"),
              "taskPages": reverse("worker-task", args=[0]).removesuffix("0/")}
    body = f"self.OFFLINE = {json.dumps(config)};\n{code}"
    response = HttpResponse(body, content_type="application/javascript; charset=utf-8")
    response["Service-Worker-Allowed"] = "/"
    return response


@require_GET
@cache_control(max_age=3600)
def manifest(request):
    icons = [{"src": static("offline/icon-192.png"), "sizes": "192x192", "type": "image/png"},
             {"src": static("offline/icon-512.png"), "sizes": "512x512", "type": "image/png",
              "purpose": "any maskable"},
             {"src": static("offline/icon.svg"), "sizes": "any", "type": "image/svg+xml"}]
    return JsonResponse({
        "name": _("Grid worker"), "short_name": _("Grid worker"), "lang": "zh-Hans",
        "start_url": reverse("worker-home"), "scope": "/", "display": "standalone",
        "background_color": "#ffffff", "theme_color": "#1864ab", "icons": icons,
    }, content_type="application/manifest+json", json_dumps_params={"ensure_ascii": False})


class LogoutView(auth_views.LogoutView):
    """Signing out also empties this site's storage in the browser (Clear-Site-Data): the
    offline queue with its photos, the cached pages and the service worker belong to the
    worker who signed out, and must not be sent or shown under the next one's name."""

    def post(self, request, *args, **kwargs):
        response = super().post(request, *args, **kwargs)
        response["Clear-Site-Data"] = '"cache", "storage"'
        return response
