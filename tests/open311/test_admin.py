"""Administrators manage Open311 API keys; nobody else sees them."""

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse

from events.open311.models import ApiClient


@pytest.fixture
def changelist():
    return reverse("admin:open311_apiclient_changelist")


def test_an_administrator_registers_a_client_and_it_gets_a_key(client, db, changelist):
    client.force_login(get_user_model().objects.get(username="admin"))
    response = client.post(reverse("admin:open311_apiclient_add"),
                           {"name": "12345 热线对接", "key": "k" * 32, "active": "on"})
    assert response.status_code == 302
    registered = ApiClient.objects.get(name="12345 热线对接")
    assert registered.key == "k" * 32 and registered.active
    assert len(ApiClient(name="new").key) >= 32  # a fresh form offers a random key
    assert "12345 热线对接" in client.get(changelist).content.decode()


def test_an_outsider_cannot_see_the_keys(client, db, changelist):
    assert client.get(changelist).status_code == 302
    client.force_login(get_user_model().objects.get(username="handler"))
    assert client.get(changelist).status_code in (302, 403)
