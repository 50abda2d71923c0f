import pytest
from django.contrib.auth import get_user_model
from rest_framework.test import APIClient

from events.models import Case
from org.models import GridAssignment, Role, StaffProfile
from tests.helpers import interior_point


class Cast:
    """The fixed cast of users per role, in and out of the scope of the case under test."""

    def __init__(self):
        users = get_user_model().objects
        self.leader = users.get(username="leader")
        self.dispatcher = users.get(username="dispatcher")
        self.street_dispatcher = users.get(username="zumiao")  # 祖庙街道: in scope
        self.handler = users.get(username="drainage")  # 排水公司 owns manhole covers
        self.other_handler = users.get(username="handler")  # 城管: another department
        self.worker = users.get(username="worker")  # grids of the first community
        other_grid = GridAssignment.objects.exclude(worker=self.worker).order_by(
            "-grid_code").first()
        self.other_worker = other_grid.worker  # a grid in another street
        self.other_dispatcher = users.create_user("shiwan-dispatcher")
        StaffProfile.objects.create(user=self.other_dispatcher, role=Role.DISPATCHER,
                                    scope_code="440604004")
        self.admin = users.get(username="admin")

    def everyone(self):
        return {name: user for name, user in vars(self).items()}


@pytest.fixture
def cast(demo):
    return Cast()


def client_for(user) -> APIClient:
    client = APIClient()
    if user is not None:
        client.force_authenticate(user)
    return client


@pytest.fixture
def file_report(demo, settings):
    """File a citizen report of a missing manhole cover in the demo worker's first grid."""
    settings.REPORT_RATE_PER_IP = settings.REPORT_RATE_PER_PHONE = "100000/h"

    def file(subcategory=None, **extra) -> Case:
        lat, lon = interior_point(demo.first_grid)
        body = {"subcategory": (subcategory or demo.manhole).code, "lat": lat, "lon": lon,
                "description": "井盖丢失", "contact_phone": "13812345678", **extra}
        response = APIClient().post("/api/v1/cases/", body, format="json")
        assert response.status_code == 201, response.content
        return Case.objects.get(tracking_number=response.json()["tracking_number"])

    return file
