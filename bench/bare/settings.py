"""Benchmark-only settings: the product's, plus the bare create endpoint (bench/bare).
Used by bench/intake.py's second gunicorn and its `migrate --run-syncdb`; never by the product."""

from governance.settings import *  # noqa: F403
from governance.settings import INSTALLED_APPS

INSTALLED_APPS = [*INSTALLED_APPS, "bench.bare"]
ROOT_URLCONF = "bench.bare.urls"
