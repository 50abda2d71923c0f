"""The register in the admin: found the way callers write, each address on a map with its
house and units inline."""

import pytest
from django.contrib.auth import get_user_model

from places.models import Address, House, Unit
from tests.places.test_addresses import garbled

pytestmark = pytest.mark.django_db
ADDRESSES = "/admin/places/address/"


@pytest.fixture
def admin_client_(client):
    client.force_login(get_user_model().objects.get(username="admin"))
    return client


def test_an_address_page_shows_its_point_on_a_map_and_its_house_and_units(admin_client_):
    unit = Unit.objects.select_related("address").first()
    page = admin_client_.get(f"{ADDRESSES}{unit.address.pk}/change/").content.decode()
    assert "leaflet.js" in page and '"type": "Point"' in page
    assert unit.name in page


def test_the_address_list_finds_a_garbled_address(admin_client_):
    address = House.objects.select_related("address").filter(
        address__building__gt="").first().address
    page = admin_client_.get(ADDRESSES, {"q": garbled(address)}).content.decode()
    assert address.code in page


def test_every_register_list_renders_and_outsiders_are_refused(admin_client_, client):
    for path in ("address", "house", "unit", "building"):
        assert admin_client_.get(f"/admin/places/{path}/").status_code == 200
    client.logout()
    assert client.get(ADDRESSES).status_code == 302
    assert Address.objects.exists()
