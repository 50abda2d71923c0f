"""The worker's pages as an installable web app: the manifest, the service worker (at the
root, with the scope header and under the site's CSP), the pages that link them, and signing
out clearing what the browser kept."""

import json
import re

from django.contrib.staticfiles import finders
from django.test import Client

from events.staff import offline
from events.workflow.selectors import worker_grid_codes
from grids.models import Region


def test_the_manifest_is_served_as_a_web_app_manifest_starting_at_the_worker_home(db):
    answer = Client().get("/manifest.webmanifest")
    assert answer.status_code == 200
    assert answer["Content-Type"] == "application/manifest+json"
    manifest = json.loads(answer.content)
    assert manifest["name"] == "网格员"
    assert manifest["start_url"] == "/worker/"
    assert manifest["display"] == "standalone"
    assert {icon["sizes"] for icon in manifest["icons"]} >= {"192x192", "512x512"}
    for icon in manifest["icons"]:
        assert finders.find(icon["src"].removeprefix("/static/")), icon["src"]


def test_the_service_worker_is_javascript_allowed_the_root_scope_and_always_revalidated(db):
    answer = Client().get("/sw.js")
    assert answer.status_code == 200
    assert answer["Content-Type"] == "application/javascript; charset=utf-8"
    assert answer["Service-Worker-Allowed"] == "/"
    assert "no-cache" in answer["Cache-Control"]
    policy = answer.get("Content-Security-Policy") or answer["Content-Security-Policy-Report-Only"]
    assert "'unsafe-inline'" not in policy.split("script-src")[1].split(";")[0]
    body = answer.content.decode()
    assert body.startswith("self.OFFLINE = ")
    config = json.loads(body.split("\n", 1)[0].removeprefix("self.OFFLINE = ").rstrip(";"))
    assert config["cache"] == offline.CACHE_PREFIX + offline.version()
    assert {"/worker/", "/worker/report/", "/worker/patrol/", "/api/v1/taxonomy/",
            "/static/leaflet/leaflet.js", "/static/offline/queue.js"} <= set(config["precache"])
    assert config["taskPages"] == "/worker/tasks/"  # cached as /worker/ lists them


def test_every_precached_static_file_exists_so_that_the_install_can_fill_its_cache(db):
    for url in offline.precache_urls():
        if url.startswith("/static/"):
            assert finders.find(url.removeprefix("/static/")), url


def test_the_cache_version_changes_when_a_cached_file_changes(settings, tmp_path):
    before = offline.version()
    changed = tmp_path / "site.css"
    changed.write_text("body { color: red }")
    settings.STATICFILES_DIRS = [tmp_path]
    offline.version.cache_clear()
    try:
        assert offline.version() != before
    finally:
        offline.version.cache_clear()


def test_the_worker_pages_link_the_manifest_the_outbox_and_its_scripts(cast):
    client = Client()
    client.force_login(cast.worker)
    for url in ("/worker/", "/worker/report/", "/worker/patrol/"):
        page = client.get(url).content.decode()
        assert 'rel="manifest" href="/manifest.webmanifest"' in page, url
        assert 'id="offline-outbox"' in page, url
        assert "/static/offline/outbox.js" in page, url
    assert "/static/offline/report_form.js" in client.get("/worker/report/").content.decode()


def test_the_cached_report_page_carries_the_workers_own_grids(cast):
    """What the service worker caches is all the report map needs without signal: the
    worker's grid boundaries travel inside the page (the patrol page's too, while a patrol
    is open), none of another worker's."""
    client = Client()
    client.force_login(cast.worker)
    own = Region.objects.filter(generation__is_active=True,
                                code__in=worker_grid_codes(cast.worker))
    inline = re.search(r'<script id="my-grids" type="application/json">(.*?)</script>',
                       client.get("/worker/report/").content.decode(), re.S)
    assert inline and len(json.loads(inline[1])) == own.count() > 0


def test_signing_out_clears_the_offline_queue_and_caches_kept_in_the_browser(cast):
    client = Client()
    client.force_login(cast.worker)
    answer = client.post("/logout/")
    assert answer.status_code == 302
    assert answer["Clear-Site-Data"] == '"cache", "storage"'
