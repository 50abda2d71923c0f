"""The caches: "default" for answers that can be computed again, "state" for the few values
that must not vanish before they expire (rate-limit counters and their namespace, the
statistics version, the reference-data version).

With Redis (REDIS_URL, production) both aliases are the same Redis, so nothing changes there.
The embedded install keeps its caches in files under DATA_DIR, and Django's file cache, once
it holds MAX_ENTRIES (300) files, deletes a random third of them on the next write: a report
counter back at zero, or a version number back at 1 that serves statistics of a version long
past. "state" is a file cache that removes only expired entries, never live ones; its size is
bounded by what is live (counters last one rate window at most, versions are a handful).
"""

from pathlib import Path

from django.core.cache import caches
from django.core.cache.backends.filebased import FileBasedCache

REDIS = "django.core.cache.backends.redis.RedisCache"
# When the state cache holds this many files, each write first looks for expired ones.
STATE_MAX_ENTRIES = 10_000


def cache_settings(*, redis_url: str, data_dir: Path) -> dict:
    """settings.CACHES for this install."""
    if redis_url:
        return {"default": {"BACKEND": REDIS, "LOCATION": redis_url},
                "state": {"BACKEND": REDIS, "LOCATION": redis_url}}
    return {
        "default": {"BACKEND": "django.core.cache.backends.filebased.FileBasedCache",
                    "LOCATION": str(data_dir / "cache")},
        "state": {"BACKEND": "common.cache.ExpiringFileCache",
                  "LOCATION": str(data_dir / "state"),
                  "OPTIONS": {"MAX_ENTRIES": STATE_MAX_ENTRIES}},
    }


def state():
    """The cache for counters and versions (see above)."""
    return caches["state"]


class ExpiringFileCache(FileBasedCache):
    """Django's file cache, except that when full it removes the expired entries only."""

    def _cull(self):
        paths = self._list_cache_files()
        if len(paths) < self._max_entries:
            return
        for path in paths:
            try:
                with open(path, "rb") as entry:
                    self._is_expired(entry)  # deletes the file when it has expired
            except FileNotFoundError:  # another process removed it first
                pass
