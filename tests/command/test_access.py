"""Who may open the command centre and its charts: the command centre and administrators."""

import pytest

from taxonomy.models import Category

PAGES = ["/command/", "/command/charts/daily.svg", "/command/charts/kpi.svg"]


@pytest.mark.parametrize("page", PAGES)
def test_an_anonymous_visitor_is_asked_to_sign_in(client, db, page):
    response = client.get(page)
    assert response.status_code == 302 and response.url.startswith("/login/")


@pytest.mark.parametrize("page", PAGES)
@pytest.mark.parametrize("who", ["handler", "worker"])
def test_department_handlers_and_grid_workers_do_not_find_it(client, cast, page, who):
    client.force_login(getattr(cast, who))
    assert client.get(page).status_code == 404


@pytest.mark.parametrize("who", ["dispatcher", "leader", "admin"])
def test_dispatchers_shift_leaders_and_administrators_get_the_live_map(client, cast, who):
    client.force_login(getattr(cast, who))
    page = client.get("/command/").content.decode()
    assert 'id="command-map"' in page and "全部大类" in page and "收起面板" in page
    assert page.count('<option value="', page.index('name="category"')) >= Category.objects.count()


def test_the_page_is_chinese_whatever_the_browser_asks_for(client, cast):
    client.force_login(cast.dispatcher)
    page = client.get("/command/", HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.9").content.decode()
    assert "指挥中心" in page and "超期案件" in page


def test_a_street_dispatcher_filters_by_their_own_street_only(client, cast):
    client.force_login(cast.street_dispatcher)  # 祖庙街道 sub-centre
    page = client.get("/command/").content.decode()
    assert "祖庙街道" in page and "石湾镇街道" not in page
    client.force_login(cast.dispatcher)  # the district's command centre
    assert "石湾镇街道" in client.get("/command/").content.decode()


def test_the_charts_are_not_kept_in_any_cache(client, cast):
    client.force_login(cast.leader)
    response = client.get("/command/charts/daily.svg")
    assert response["Content-Type"].startswith("image/svg+xml")
    assert "no-cache" in response["Cache-Control"]
