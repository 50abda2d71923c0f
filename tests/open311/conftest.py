"""Open311 fixtures: a registered client and helpers to read both formats."""

from xml.etree import ElementTree

import pytest
from django.test import Client

from events.open311.models import ApiClient

BASE = "/open311/v2/"


@pytest.fixture
def app_client(db):
    """An application with an active Open311 key."""
    return ApiClient.objects.create(name="随手拍 app")


@pytest.fixture
def web():
    return Client()


def xml(response) -> ElementTree.Element:
    assert response["Content-Type"] == "text/xml; charset=utf-8"
    assert response.content.startswith(b'<?xml version="1.0" encoding="utf-8"?>')
    return ElementTree.fromstring(response.content)


def json_(response):
    assert response["Content-Type"] == "application/json; charset=utf-8"
    return response.json()


def tags(element) -> list[str]:
    return [child.tag for child in element]
