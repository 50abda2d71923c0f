import pytest


@pytest.fixture
def transactional_db(committed_district):
    """Browser tests' stand-in for pytest-django's fixture of this name, which the live server
    asks for: the committed demo district, not flushed after each test."""
    yield
