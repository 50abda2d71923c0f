import importlib

import pytest
from django.contrib.auth import get_user_model
from django.urls import clear_url_caches, reverse

from common.env import ImproperEnv
from common.security import admin_path


@pytest.fixture
def admin_moved(settings):
    """Serve the URLconf as a process started with another ADMIN_URL would."""
    import governance.urls

    original = settings.ADMIN_URL

    def move(route: str) -> None:
        settings.ADMIN_URL = route
        importlib.reload(governance.urls)
        clear_url_caches()

    yield move
    move(original)


def test_the_admin_answers_at_admin_url_and_no_longer_at_slash_admin(admin_moved, client, db):
    admin_moved("control-room/")
    assert reverse("admin:index") == "/control-room/"
    assert client.get("/admin/").status_code == 404
    assert client.get("/admin/login/").status_code == 404
    assert client.get("/control-room/").status_code == 302  # to the admin's sign-in
    client.force_login(get_user_model().objects.get(username="admin"))
    assert client.get("/control-room/").status_code == 200
    assert client.get("/control-room/events/case/").status_code == 200


def test_the_admin_is_at_slash_admin_by_default(client, db):
    assert reverse("admin:index") == "/admin/"
    assert client.get("/admin/login/").status_code == 200


@pytest.mark.parametrize(("raw", "route"), [
    ("admin/", "admin/"), ("/control-room", "control-room/"), ("ops/admin/", "ops/admin/")])
def test_admin_url_is_normalised_to_a_route(raw, route):
    assert admin_path(raw) == route


@pytest.mark.parametrize("raw", ["", "/", "a dmin/", "admin/<x>/"])
def test_a_malformed_admin_url_fails_loudly(raw):
    with pytest.raises(ImproperEnv):
        admin_path(raw)
