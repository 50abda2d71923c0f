"""Security wiring: environment and secrets, the Content-Security-Policy, login throttling,
safe media responses and the log filter that keeps phone numbers out of logs.

Settings read these helpers in the "Reliability and security" block at the end of
governance/settings.py; docs/configuration.md documents the variables.
"""

import functools
import ipaddress
import logging
import os
import re
import unicodedata
from pathlib import Path
from urllib.parse import urlsplit

from django.core.exceptions import ImproperlyConfigured

from common.env import ImproperEnv

ENVIRONMENTS = ("development", "production")

# --- Environment and secrets ----------------------------------------------------------------


def django_env() -> str:
    value = os.environ.get("DJANGO_ENV", "development").strip().lower() or "development"
    if value not in ENVIRONMENTS:
        raise ImproperEnv(f"DJANGO_ENV={value!r}: use development or production")
    return value


def secret(name: str) -> str:
    """NAME from the environment, or the contents of the file that NAME_FILE names (Docker
    and Kubernetes mount secrets as files, which keeps them out of `ps` and process dumps)."""
    value, path = os.environ.get(name, ""), os.environ.get(f"{name}_FILE", "")
    if value and path:
        raise ImproperEnv(f"set {name} or {name}_FILE, not both")
    if not path:
        return value
    try:
        return Path(path).read_text().strip()
    except OSError as error:
        raise ImproperEnv(f"{name}_FILE={path!r}: {error.strerror}") from None


def generated_key(path: Path, make=None) -> str:
    """A key of this embedded install, made on first use by `make()` (a Fernet key by
    default) and kept in DATA_DIR (development)."""
    if not path.exists():
        import tempfile

        if make is None:
            from common.crypto import new_key as make

        path.parent.mkdir(parents=True, exist_ok=True)
        with tempfile.NamedTemporaryFile("w", dir=path.parent, delete=False) as draft:
            draft.write(make())  # mode 600
        try:  # processes starting together (web, worker, beat) must end up with one key
            os.link(draft.name, path)
        except FileExistsError:
            pass
        finally:
            os.unlink(draft.name)
    return path.read_text().strip()


def field_keys(keys: list[str]) -> list[str]:
    """For settings: refuse to start on a FIELD_ENCRYPTION_KEY that is not a Fernet key."""
    from cryptography.fernet import Fernet

    try:
        for key in keys:
            Fernet(key.encode())
    except (ValueError, TypeError) as error:
        raise ImproperEnv(f"FIELD_ENCRYPTION_KEY: {error} (make one with: python -c 'from "
                          "cryptography.fernet import Fernet; print(Fernet.generate_key()"
                          ".decode())')") from None
    return keys


def refuse_unsafe_production(*, secret_key: str, debug: bool, field_keys: list[str]) -> None:
    """Production must not start on a guessable key, with debug pages, answering to any host
    name, or without a key of its own for personal data: each of these would quietly weaken
    every other protection."""
    problems = []
    if not secret_key:
        problems.append("SECRET_KEY (or SECRET_KEY_FILE) is not set")
    if not field_keys:
        problems.append("FIELD_ENCRYPTION_KEY (or FIELD_ENCRYPTION_KEY_FILE) is not set")
    if debug:
        problems.append("DEBUG is on")
    if "ALLOWED_HOSTS" not in os.environ:
        problems.append("ALLOWED_HOSTS is not set")
    if problems:
        raise ImproperlyConfigured("DJANGO_ENV=production refuses to start: "
                                   + "; ".join(problems) + ". See .env.example, Production.")


def proxy_ssl_header(raw: str) -> tuple[str, str] | None:
    """"HTTP_X_FORWARDED_PROTO,https" → the pair Django expects; empty → None (no proxy)."""
    if not raw.strip():
        return None
    parts = [part.strip() for part in raw.split(",")]
    if len(parts) != 2 or not parts[0].startswith("HTTP_") or not parts[1]:
        raise ImproperEnv(f"SECURE_PROXY_SSL_HEADER={raw!r}: use HTTP_X_FORWARDED_PROTO,https")
    return parts[0], parts[1]


def admin_path(raw: str) -> str:
    """The admin's URL prefix as a path() route: no leading slash, one trailing slash."""
    route = raw.strip().strip("/")
    if not route or not re.fullmatch(r"[A-Za-z0-9_\-/]+", route):
        raise ImproperEnv(f"ADMIN_URL={raw!r}: use a path such as control-room/")
    return route + "/"


def password_validators(*, min_length: int) -> list[dict]:
    base = "django.contrib.auth.password_validation."
    return [
        {"NAME": base + "UserAttributeSimilarityValidator"},
        {"NAME": base + "MinimumLengthValidator", "OPTIONS": {"min_length": min_length}},
        {"NAME": base + "CommonPasswordValidator"},
        {"NAME": base + "NumericPasswordValidator"},
    ]


# --- Content-Security-Policy ----------------------------------------------------------------


def tile_source(tile_url: str) -> str | None:
    """The CSP source for a Leaflet tile URL template: its scheme and host, with template
    placeholders in the host ({s}.tile.example.org) widened to a wildcard."""
    parts = urlsplit(tile_url.strip())
    if not parts.scheme or not parts.netloc:
        return None  # empty, or a relative URL: tiles then come from our own origin
    host = re.sub(r"\{[^}]*\}", "*", parts.netloc)
    return f"{parts.scheme}://{host}"


def csp_directives(*, tile_url: str) -> dict:
    from csp.constants import NONCE, NONE, SELF, UNSAFE_INLINE

    images = [SELF, "data:", "blob:"]  # blob: for photo previews before upload
    if source := tile_source(tile_url):
        images.append(source)
    return {
        "default-src": [SELF],
        # Our files, and on pages that ask for it the per-request nonce: django-leaflet's
        # {% leaflet_map ... csp_nonce=request.csp_nonce %} and Swagger UI's start-up script
        # (templates/drf_spectacular/). No inline script or event handler runs without it.
        "script-src": [SELF, NONCE],
        # Swagger UI's and ReDoc's <style> blocks and the admin change list's style attribute;
        # our own pages need none. Style injection cannot run code.
        "style-src": [SELF, UNSAFE_INLINE],
        "img-src": images,
        "object-src": [NONE],
        "base-uri": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
    }


# --- Client addresses (login throttling: events.privacy.auth; report limits: intake.ratelimit)

# The proxies trusted when no TRUSTED_PROXY_NETWORKS is given: this host only. Whole private
# networks are not enough: any intranet client that reaches the server past the proxy could
# then write its own X-Forwarded-For and take a fresh address for every attempt. A proxy on
# another machine or container is named by its address (compose.yaml names its nginx).
LOOPBACK_NETWORKS = ("127.0.0.0/8", "::1/128")


@functools.lru_cache(maxsize=8)
def _networks(sources: tuple[str, ...]) -> tuple:
    try:
        return tuple(ipaddress.ip_network(source.strip(), strict=False) for source in sources)
    except ValueError as error:
        raise ImproperlyConfigured(f"TRUSTED_PROXY_NETWORKS: {error}") from None


def proxy_networks(values: list[str]) -> list[str]:
    """For settings (TRUSTED_PROXY_NETWORKS="172.30.80.2,203.0.113.7"): refuse to start on a
    network that does not parse, rather than on the first request."""
    try:
        _networks(tuple(values))
    except ImproperlyConfigured as error:
        raise ImproperEnv(str(error)) from None
    return list(values)


def _is_trusted_proxy(peer: str | None, networks: list[str]) -> bool:
    try:
        address = ipaddress.ip_address((peer or "").strip())
    except ValueError:
        return False
    return any(address in network for network in _networks(tuple(networks)))


def client_address(request) -> str | None:
    """The client's address, for lockouts and report limits. Behind TRUSTED_PROXY_HOPS
    proxies it is the entry they appended to X-Forwarded-For; anything further left was
    written by the client and would let it choose a fresh address for each attempt. The
    header counts only when the peer is one of TRUSTED_PROXY_NETWORKS: a client that reaches
    the server directly is keyed on its own address, whatever header it sends."""
    from django.conf import settings
    from ipware import get_client_ip

    peer = request.META.get("REMOTE_ADDR")
    hops = settings.TRUSTED_PROXY_HOPS
    if not hops or not _is_trusted_proxy(peer, settings.TRUSTED_PROXY_NETWORKS):
        return peer
    # django-ipware reads the header (ports, brackets, IPv4-mapped IPv6, junk entries). It
    # counts only the proxies listed inside the header, and the nearest one, our peer, is
    # not listed there: hence hops - 1. It never looks at the peer, hence the check above.
    # Too few entries, or no usable address where the client's should be: the peer.
    client, _routable = get_client_ip(
        request, proxy_count=hops - 1, strict=False, algorithm="modern",
        request_header_order=["HTTP_X_FORWARDED_FOR"])
    return client or peer


# --- Uploaded files -------------------------------------------------------------------------

INLINE_MEDIA_TYPES = {"image/jpeg", "image/png", "image/webp", "image/gif"}


class MediaHeadersMiddleware:
    """Uploaded files are data, never pages: browsers must not sniff them into HTML, run them
    as scripts or frame them. Photos are re-encoded on upload and shown inline; anything else
    (and SVG, which can carry script) is offered as a download. Sits after CSPMiddleware in
    MIDDLEWARE so that its stricter policy is the one sent."""

    def __init__(self, get_response):
        from django.conf import settings

        self.get_response = get_response
        self.prefix = "/" + settings.MEDIA_URL.lstrip("/")

    def __call__(self, request):
        response = self.get_response(request)
        if request.path.startswith(self.prefix) and response.status_code == 200:
            response["X-Content-Type-Options"] = "nosniff"
            response["Content-Security-Policy"] = "default-src 'none'; sandbox"
            kind = response.get("Content-Type", "").split(";")[0].strip().lower()
            if kind not in INLINE_MEDIA_TYPES:
                disposition = response.get("Content-Disposition", "")
                response["Content-Disposition"] = "attachment" + disposition.partition(";")[1] \
                    + disposition.partition(";")[2]
        return response


# --- Phone numbers in logs ------------------------------------------------------------------

# A reporter's number as the forms and the API take it: a mainland mobile or a landline, in
# ASCII digits only (re's \d alone would take １３８… and ١٣٨…, which no phone dials): every
# entry passes what was typed through dialable_phone().
PHONE = re.compile(r"^(1[3-9]\d{9}|0\d{2,3}-?\d{7,8})$", re.ASCII)
# An 11-digit mainland mobile number (1[3-9]…), optionally +86/0086-prefixed and written in
# 3-4-4 groups, not inside a longer run of digits (tracking numbers, grid codes, timestamps).
MOBILE = re.compile(r"(?<![\d+])((?:\+|00)?86[ -]?)?(1[3-9]\d)[ -]?\d{4}[ -]?(\d{4})(?!\d)")


def normalized_phone(typed: str) -> str:
    """A phone number as typed, in the characters the dispatcher dials: fullwidth digits from
    Chinese input methods (１３８) and other scripts' digits (١٣٨, ১৩৮) become 0-9, any dash
    becomes "-", and spaces go. Called before validation, rate limits and storage, so that one
    number is one number everywhere (one per-phone counter, one stored form)."""
    if not typed:
        return ""
    if typed.isascii():  # as typed on most keyboards: only the spaces go
        return "".join(typed.split())
    text = unicodedata.normalize("NFKC", typed)  # fullwidth digits, dashes and spaces
    return "".join(_ascii(char) for char in text if not char.isspace())


def dialable_phone(typed: str) -> str | None:
    """The number as stored and compared ("" when none was given), or None when what was
    typed is no mainland mobile or landline number."""
    phone = normalized_phone(typed)
    return phone if not phone or PHONE.match(phone) else None


def _ascii(char: str) -> str:
    if char.isascii():
        return char
    if unicodedata.category(char) == "Pd":  # ‐ ‑ – — and the like
        return "-"
    digit = unicodedata.digit(char, None)  # the digits NFKC leaves alone: ٠-٩, ০-৯, ...
    return char if digit is None else str(digit)


def mask_phones(text: str) -> str:
    """138****5678, as workflow.selectors.masked_phone shows numbers to those who need none."""
    return MOBILE.sub(lambda m: f"{m[1] or ''}{m[2]}****{m[3]}", text)


class PhoneMaskingFilter(logging.Filter):
    """Rewrites each record with mobile numbers masked, including an exception's text, so
    that no handler (console, file, mail) ever writes a reporter's number."""

    def filter(self, record: logging.LogRecord) -> bool:
        try:
            message = record.getMessage()
        except Exception:  # a bad format string: the handler reports it when it formats
            return True
        masked = mask_phones(message)
        if masked != message:
            record.msg, record.args = masked, None
        if record.exc_info and not record.exc_text:
            record.exc_text = logging.Formatter().formatException(record.exc_info)
        if record.exc_text:
            record.exc_text = mask_phones(record.exc_text)
        if record.stack_info:
            record.stack_info = mask_phones(record.stack_info)
        return True


def install_phone_filter(handlers) -> None:
    """Add the filter to handlers set up outside LOGGING: Django's defaults (runserver's
    request log, mail_admins) and the ones Celery installs when it takes over logging."""
    for handler in handlers:
        if not any(isinstance(f, PhoneMaskingFilter) for f in handler.filters):
            handler.addFilter(PhoneMaskingFilter())


def all_handlers() -> list[logging.Handler]:
    loggers = [logging.getLogger()] + [
        logger for logger in logging.Logger.manager.loggerDict.values()
        if isinstance(logger, logging.Logger)]
    return [handler for logger in loggers for handler in logger.handlers]
