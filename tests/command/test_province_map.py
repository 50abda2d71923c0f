"""What the command map asks for when a province's grids are too many to load at once: the
page is told to tile, heat comes for the counted grids only, open cases per community."""

from events.stats import refresh as statistics
from grids import tiles
from tests.events.test_statistics import FAR_FUTURE
from tests.helpers import client_for


def test_a_district_map_loads_its_grids_whole_and_a_province_map_tiles_them(
        client, cast, monkeypatch):
    client.force_login(cast.dispatcher)
    page = client.get("/command/").content.decode()
    assert 'data-grid-zoom="12"' in page and "data-grid-tiles" not in page
    monkeypatch.setattr(tiles, "WHOLE_MAP_GRIDS", 900)
    assert 'data-grid-tiles="1"' in client.get("/command/").content.decode()


def test_heat_of_the_counted_grids_only_carries_their_counts_and_values(cast, file_case, demo):
    file_case()
    file_case(subcategory=demo.vending)
    statistics.refresh(now=FAR_FUTURE)
    client = client_for(cast.dispatcher)
    query = {"geometry": "false", "measure": "per_km2"}
    every = client.get("/api/v1/stats/heat", query).json()["features"]
    counted = client.get("/api/v1/stats/heat", {**query, "nonzero": "true"}).json()["features"]
    assert [f["properties"]["code"] for f in counted] == [demo.first_grid.code]
    assert counted == [f for f in every if f["properties"]["count"]]
    assert counted[0]["properties"]["count"] == 2 and counted[0]["properties"]["value"] > 0


def test_open_cases_come_per_community_for_a_map_zoomed_out(cast, file_case, demo):
    file_case()
    file_case(subcategory=demo.vending)
    client = client_for(cast.dispatcher)
    answer = client.get("/api/v1/stats/open", {"level": "community"}).json()
    assert answer["total"] == 2
    assert [(row["community_code"], row["count"]) for row in answer["grids"]] == [
        (demo.first_grid.parent.code, 2)]
    assert client.get("/api/v1/stats/open", {"level": "street"}).status_code == 400
    for outsider in (cast.handler, cast.worker):
        assert client_for(outsider).get("/api/v1/stats/open",
                                        {"level": "community"}).status_code == 403
