"""With REQUIRE_SERVICES=1 (CI) these fail instead of skipping when a service is missing."""

import os

import redis
from django.core.cache import cache
from django.db import connection

from tests.helpers import need


def test_the_suite_runs_on_postgresql_when_services_are_required(db):
    need(connection.vendor == "postgresql", "PostgreSQL is needed (set DATABASE_URL)")
    with connection.cursor() as cursor:
        cursor.execute("SELECT version()")
        assert "PostgreSQL" in cursor.fetchone()[0]


def test_redis_serves_as_cache_and_broker_when_services_are_required():
    url = os.environ.get("REDIS_URL", "")
    need(bool(url), "Redis is needed (set REDIS_URL)")
    assert redis.Redis.from_url(url).ping()
    cache.set("ping", "pong", 5)
    assert cache.get("ping") == "pong"
    from governance.celery import app

    with app.connection_for_write() as conn:
        conn.ensure_connection(max_retries=1)
        assert conn.transport.driver_type == "redis"
