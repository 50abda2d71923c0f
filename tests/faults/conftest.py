"""Fault tests: real services stopped, killed or filled while real traffic and real workers
run, each followed by the same accounting: no case lost, no step duplicated, the outbox
drained with every notification delivered exactly once. They start and break only servers of
their own (Redis, PostgreSQL, gunicorn, Celery on free ports); the shared ones stay as found.
"""

import pytest

# Plain asserts in the accounting module explain their failures as those in tests do.
pytest.register_assert_rewrite("tests.faults.accounting")

from tests.faults.stack import PrivateRedis  # noqa: E402


@pytest.fixture
def private_redis():
    redis = PrivateRedis().start()
    yield redis
    redis.stop()

