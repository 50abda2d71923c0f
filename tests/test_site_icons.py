"""The site's icon: an SVG with PNG and ICO fallbacks, linked from every page and the admin,
and /favicon.ico answers (browsers ask for it whatever a page links)."""

from pathlib import Path

from django.conf import settings
from django.contrib.staticfiles import finders


def test_favicon_ico_leads_to_the_icon_among_the_static_files(client, db):
    answer = client.get("/favicon.ico")
    assert answer.status_code == 302
    static_path = answer.url.removeprefix("/" + settings.STATIC_URL.lstrip("/"))
    icon = finders.find(static_path)
    assert icon and Path(icon).read_bytes()[:4] == b"\x00\x00\x01\x00"  # an ICO's header


def test_the_pages_and_the_admin_link_the_svg_icon_and_its_fallback(client, db):
    for url in ["/", "/report/", f"/{settings.ADMIN_URL}login/"]:
        page = client.get(url).content.decode()
        assert 'rel="icon" href="/static/site/favicon.svg" type="image/svg+xml"' in page, url
        assert 'href="/static/site/favicon.png"' in page, url
    svg = Path(finders.find("site/favicon.svg")).read_text(encoding="utf-8")
    assert svg.startswith("<svg") and "viewBox" in svg
