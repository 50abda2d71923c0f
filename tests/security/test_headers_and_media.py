"""Headers in development (the test settings) and on uploaded files; production's are checked
in a subprocess by test_production_settings."""

import re
from pathlib import Path

import pytest

from common.media import signed_query
from common.security import csp_directives, tile_source


def test_development_reports_the_policy_without_enforcing_it(client, db):
    response = client.get("/login/")
    assert "Content-Security-Policy" not in response
    policy = response["Content-Security-Policy-Report-Only"]
    assert "default-src 'self'" in policy
    assert "img-src 'self' data: blob: https://tile.openstreetmap.org" in policy
    assert response["X-Frame-Options"] == "DENY"
    assert response["X-Content-Type-Options"] == "nosniff"


@pytest.mark.parametrize(("url", "source"), [
    ("https://tile.openstreetmap.org/{z}/{x}/{y}.png", "https://tile.openstreetmap.org"),
    ("https://{s}.tiles.example.com:8443/{z}/{x}/{y}.png", "https://*.tiles.example.com:8443"),
    ("/tiles/{z}/{x}/{y}.png", None),
    ("", None),
])
def test_the_tile_server_is_the_only_other_image_source(url, source):
    assert tile_source(url) == source
    images = csp_directives(tile_url=url)["img-src"]
    assert images == ["'self'", "data:", "blob:", *([source] if source else [])]


def test_inline_scripts_run_only_with_the_nonce():
    from csp.constants import NONCE

    assert csp_directives(tile_url="")["script-src"] == ["'self'", NONCE]


def test_a_page_with_a_map_gets_a_fresh_nonce_for_leaflets_script(client, db):
    """django-leaflet's map tag writes an inline script: the nonce it carries is the one in
    the header, and differs on every response."""
    nonces = []
    for _ in range(2):
        response = client.get("/")
        policy = response["Content-Security-Policy-Report-Only"]
        nonce = re.search(r"script-src 'self' 'nonce-([^']+)'", policy)[1]
        assert f'<script nonce="{nonce}">' in response.content.decode()
        nonces.append(nonce)
    assert nonces[0] != nonces[1]


def test_a_page_without_inline_scripts_allows_only_our_files(client, db):
    policy = client.get("/login/")["Content-Security-Policy-Report-Only"]
    # django-csp writes the directives in no fixed order: compare the one that matters.
    directives = dict(part.strip().split(" ", 1) for part in policy.split(";") if part.strip())
    assert directives["script-src"] == "'self'"


@pytest.fixture
def media_file(settings):
    """A file where the media view serves from, with a link that opens it."""
    root = Path(settings.MEDIA_ROOT)
    made = []

    def put(name: str, content: bytes) -> str:
        path = root / "security-test" / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(content)
        made.append(path)
        return f"/media/security-test/{name}?{signed_query('security-test/' + name)}"

    yield put
    for path in made:
        path.unlink(missing_ok=True)


def test_an_uploaded_page_is_downloaded_never_rendered_or_run(client, media_file):
    response = client.get(media_file("evil.html", b"<script>alert(1)</script>"))
    assert response.status_code == 200
    assert response["Content-Disposition"] == 'attachment; filename="evil.html"'
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Content-Security-Policy"] == "default-src 'none'; sandbox"


def test_svg_is_downloaded_too_because_it_can_carry_script(client, media_file):
    response = client.get(media_file("logo.svg", b"<svg onload='alert(1)'/>"))
    assert response["Content-Disposition"].startswith("attachment")


def test_photos_are_shown_inline_but_still_sandboxed(client, media_file):
    from tests.helpers import jpeg

    response = client.get(media_file("photo.jpg", jpeg().read()))
    assert response["Content-Type"] == "image/jpeg"
    assert response["Content-Disposition"] == 'inline; filename="photo.jpg"'
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Content-Security-Policy"] == "default-src 'none'; sandbox"
