"""Abuse control for anonymous reports: a fixed-window counter per client address and per
phone number in the "state" cache, which never culls a counter before its window ends
(common/cache.py; REPORT_RATE_PER_IP, REPORT_RATE_PER_PHONE, "N/unit").

Used by the citizen form (events.citizen.pages) and, through `ReportThrottle`, by POST
/api/v1/cases/. Staff are exempt: they sign in and answer for what they file. A cache that is
down lets reports through (DESIGN.md §2: nothing that must not be lost depends on Redis).
"""

import hashlib
import hmac
import logging
import math
import re
import time
from dataclasses import dataclass
from functools import cache

from django.conf import settings
from django.core.cache.backends.redis import RedisCache
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _
from redis.exceptions import NoScriptError
from rest_framework.exceptions import Throttled
from rest_framework.throttling import BaseThrottle

from common.cache import state
from common.security import client_address, normalized_phone
from events.workflow.selectors import CITIZEN, role_of

log = logging.getLogger(__name__)

UNITS = {"s": 1, "m": 60, "h": 3600, "d": 86400}
RATE = re.compile(r"^\s*(\d+)\s*/\s*([smhd])\s*$")
NAMESPACE_KEY = "ratelimit:namespace"
NS = "{namespace}"  # where the namespace number goes in a counter's key (Redis)
clock = time.time  # the tests move it


@dataclass(frozen=True)
class Rate:
    count: int
    seconds: int


@dataclass(frozen=True)
class Refusal:
    message: str
    wait: int  # seconds until the window ends


@cache
def parse_rate(text: str) -> Rate:
    match = RATE.match(text or "")
    if not match:
        raise ImproperlyConfigured(f"rate {text!r} should look like 20/h (units s, m, h, d)")
    return Rate(int(match[1]), UNITS[match[2]])


def client_ip(request) -> str:
    # The login throttle's rule (TRUSTED_PROXY_HOPS): behind our proxies, the address they
    # saw, else the peer's own. X-Forwarded-For is otherwise whatever the client chose to
    # send, and a limit the client can pick its own key for limits nothing.
    return client_address(request) or ""


def phone_key(phone: str) -> str:
    # As the form and the API store it (１３８… and 138… are one number), with the landline
    # dash optional there too.
    return normalized_phone(phone).replace("-", "")


def exempt(request) -> bool:
    return role_of(getattr(request, "user", None)) != CITIZEN


MESSAGES = {
    "ip": _("Too many reports from your network. Please try again in %(minutes)s minutes."),
    "phone": _("Too many reports with this phone number. Please try again in "
               "%(minutes)s minutes."),
}


@dataclass(frozen=True)
class Hit:
    """One counter to add a hit to: its key without the namespace, its limit and expiry."""

    scope: str
    key: str  # ratelimit:{namespace}:<key>
    limit: int
    left: int  # seconds to the window's end


def check_report(request, phone: str = "") -> Refusal | None:
    """Count one report attempt from this request; a Refusal when a limit is exceeded."""
    if exempt(request):
        return None
    hits = [_hit_of("ip", client_ip(request), parse_rate(settings.REPORT_RATE_PER_IP))]
    phone = phone_key(phone)
    if phone:
        hits.append(_hit_of("phone", phone, parse_rate(settings.REPORT_RATE_PER_PHONE)))
    try:
        refused = _count_all(hits)
    except Exception:  # the cache is down: report intake matters more than the limit
        log.warning("rate-limit cache unavailable; letting the report through", exc_info=True)
        return None
    if refused is None:
        return None
    minutes = math.ceil(refused.left / 60)
    return Refusal(str(MESSAGES[refused.scope]) % {"minutes": minutes}, refused.left)


def _hit_of(scope: str, who: str, rate: Rate) -> Hit:
    now = clock()
    window = int(now // rate.seconds)
    # Hashed: the cache holds no phone numbers or addresses in the clear. (Django's
    # salted_hmac("ratelimit", ...), its key derived once per secret, not once per hit.)
    digest = hmac.new(_hmac_key(settings.SECRET_KEY), f"{scope}:{who}".encode(),
                      hashlib.sha1).hexdigest()[:32]
    left = max(1, int(rate.seconds * (window + 1) - now))  # seconds to the window's end
    return Hit(scope, f"{scope}:{rate.seconds}:{window}:{digest}", rate.count, left)


@cache
def _client(pool):
    """One client per connection pool (Django's cache makes a new one for every command)."""
    import redis

    return redis.Redis(connection_pool=pool)


@cache
def _hmac_key(secret: str) -> bytes:
    return hashlib.sha1(b"ratelimit" + secret.encode()).digest()


def _count_all(hits: list[Hit]) -> Hit | None:
    """Add one to each counter in turn, stopping at the first over its limit (returned): a
    report refused for its address is not counted against its phone."""
    cache = state()
    if isinstance(cache, RedisCache):
        return _count_on_redis(cache, hits)
    namespace = _namespace()
    for hit in hits:
        if _count(f"ratelimit:{namespace}:{hit.key}", hit.left + 1) > hit.limit:
            return hit
    return None


# The namespace read and every counter in one round trip (the namespace is created as
# get_or_set would; INCR, and the expiry set by the first hit of each window). Django's Redis
# cache stores integers as plain Redis integers, so the Python path reads the same values.
COUNT_SCRIPT = """
local namespace = redis.call('GET', ARGV[1])
if not namespace then
  redis.call('SET', ARGV[1], 1, 'NX')
  namespace = redis.call('GET', ARGV[1])
end
for i = 2, #ARGV, 4 do
  local key = ARGV[i] .. namespace .. ARGV[i + 1]
  local count = redis.call('INCR', key)
  redis.call('EXPIRE', key, ARGV[i + 2], 'NX')
  if count > tonumber(ARGV[i + 3]) then return (i - 2) / 4 + 1 end
end
return 0
"""
COUNT_SCRIPT_SHA = hashlib.sha1(COUNT_SCRIPT.encode()).hexdigest()


def _count_on_redis(cache: RedisCache, hits: list[Hit]) -> Hit | None:
    # Keys as Django's cache makes them (its prefix and version around ours), split where
    # the namespace goes.
    # (make_key: ours are ASCII without spaces; validating them is for memcached's sake.)
    namespace_key = cache.make_key(NAMESPACE_KEY)
    args = [namespace_key]
    for hit in hits:
        before, after = cache.make_key(f"ratelimit:{NS}:{hit.key}").split(NS)
        args += [before, after, hit.left + 1, hit.limit]
    client = _client(cache._cache._get_connection_pool(write=True))
    try:
        refused = client.evalsha(COUNT_SCRIPT_SHA, 0, *args)
    except NoScriptError:  # a server that has not seen it yet (or restarted): EVAL loads it
        refused = client.eval(COUNT_SCRIPT, 0, *args)
    return hits[refused - 1] if refused else None


def _count(key: str, ttl: int) -> int:
    """Add one to the window's counter, which expires with the window (caches other than
    Redis: the embedded file cache)."""
    cache = state()
    cache.add(key, 0, timeout=ttl)
    try:
        count = cache.incr(key)
    except ValueError:  # expired between add and incr: a new window
        cache.set(key, 1, timeout=ttl)
        count = 1
    # The file cache (the embedded default) implements incr as get + set, which resets the
    # expiry to the cache's default; put the window's end back.
    cache.touch(key, ttl)
    return count


def _namespace() -> int:
    try:
        return state().get_or_set(NAMESPACE_KEY, 1, timeout=None)
    except Exception:
        return 1


def reset_all() -> None:
    """Forget every counter at once (say, after a shared network was throttled): counters
    are keyed under a namespace number, so moving it on orphans them until they expire."""
    state().set(NAMESPACE_KEY, _namespace() + 1, timeout=None)


class ReportThrottle(BaseThrottle):
    """The citizen form's limits on filing through the API (the create action only)."""

    def allow_request(self, request, view):
        if request.method != "POST" or getattr(view, "action", None) != "create":
            return True
        data = request.data
        phone = data.get("contact_phone", "") if hasattr(data, "get") else ""
        refusal = check_report(request, phone if isinstance(phone, str) else "")
        if refusal:
            # Raised here rather than returning False: DRF's own answer cannot carry our
            # message, and the form and the API should say the same thing.
            raise Throttled(wait=refusal.wait, detail=refusal.message)
        return True
