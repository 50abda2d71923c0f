import pytest
from django.contrib.auth import get_user_model


@pytest.fixture
def users(demo):
    """The demo district's users by name: the command centre, and handlers and a worker."""
    names = ["dispatcher", "leader", "admin", "zumiao", "handler", "drainage", "worker"]
    by_name = {user.username: user for user in get_user_model().objects.filter(username__in=names)}
    return type("Users", (), by_name)
