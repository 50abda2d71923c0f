"""The one settings file. Every value comes from an environment variable (see .env.example).

Embedded default: SQLite in WAL mode and Celery over kombu's filesystem broker, so `make run`
needs nothing but Python. DATABASE_URL switches to PostgreSQL, REDIS_URL to Redis as broker
and cache.
"""

import os
import tempfile
from pathlib import Path

import dj_database_url
from django.utils.translation import gettext_lazy as _

from common import security
from common.cache import cache_settings
from common.env import ImproperEnv, env_bool, env_float, env_int, env_list, env_str, env_url

BASE_DIR = Path(__file__).resolve().parent.parent
DATA_DIR = Path(env_str("DATA_DIR", str(BASE_DIR / "var")))

DEBUG = env_bool("DEBUG", False)
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", ["127.0.0.1", "localhost", "[::1]", "testserver"])
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS", [])

INSTALLED_APPS = [
    "governance.admin_config.AdminConfig",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "rest_framework",
    "rest_framework.authtoken",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "leaflet",
    "taxonomy",
    "grids",
    "places",
    "org",
    "events",
    "events.open311",
    "axes",
    "csp",
    "events.privacy",
    "events.patrols",
    "events.campaigns",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "common.middleware.NulInPathMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "common.middleware.ChineseFirstMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    "common.security.MediaHeadersMiddleware",
    "axes.middleware.AxesMiddleware",
    "common.middleware.DatabaseUnavailableMiddleware",
]

ROOT_URLCONF = "governance.urls"
WSGI_APPLICATION = "governance.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "common.context_processors.site",
                "events.staff.navigation.navigation",
            ],
        },
    },
]

# --- Database -------------------------------------------------------------------------------
DATABASE_URL = security.secret("DATABASE_URL")  # or the file DATABASE_URL_FILE names
if DATABASE_URL:
    DATABASES = {
        "default": dj_database_url.parse(
            DATABASE_URL, conn_max_age=env_int("DB_CONN_MAX_AGE", 60), conn_health_checks=True
        )
    }
else:
    DATABASES = {
        "default": {
            "ENGINE": "django.db.backends.sqlite3",
            "NAME": DATA_DIR / "db.sqlite3",
            "OPTIONS": {
                # WAL lets the web server read while the Celery worker writes; IMMEDIATE makes
                # writers queue for the lock up front instead of failing half-way.
                "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
                "transaction_mode": "IMMEDIATE",
                "timeout": 20,
            },
            # Tests on a file too, not in memory: a live server shares an in-memory database's
            # one connection among its threads, so two requests at once (a phone's retry while
            # its first try still runs) would share one transaction; production never does.
            # One file per test process, so that two test runs never share one.
            "TEST": {"NAME": Path(tempfile.gettempdir()) / f"grid-test-{os.getpid()}.sqlite3"},
        }
    }
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# --- Redis: broker and cache ----------------------------------------------------------------
REDIS_URL = env_str("REDIS_URL", "")
# "default" for answers that can be computed again, "state" for counters and versions that
# must not be culled at random (common/cache.py): both in Redis, or files in DATA_DIR.
CACHES = cache_settings(redis_url=REDIS_URL, data_dir=DATA_DIR)

CELERY_BROKER_URL = REDIS_URL or "filesystem://"
_BROKER_DIR = DATA_DIR / "broker"
CELERY_BROKER_TRANSPORT_OPTIONS = (
    {"visibility_timeout": env_int("CELERY_VISIBILITY_TIMEOUT", 3600)}
    if REDIS_URL
    else {
        "data_folder_in": str(_BROKER_DIR / "queue"),
        "data_folder_out": str(_BROKER_DIR / "queue"),
        "processed_folder": str(_BROKER_DIR / "processed"),
        "control_folder": str(_BROKER_DIR / "control"),
        "store_processed": False,
    }
)
for _folder in ("queue", "processed", "control") if not REDIS_URL else ():
    (_BROKER_DIR / _folder).mkdir(parents=True, exist_ok=True)
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_TASK_IGNORE_RESULT = True
CELERY_TIMEZONE = "Asia/Shanghai"
CELERY_BEAT_SCHEDULE_FILENAME = str(DATA_DIR / "celerybeat-schedule")
CELERY_TASK_ALWAYS_EAGER = env_bool("CELERY_TASK_ALWAYS_EAGER", False)
OUTBOX_REQUEUE_SECONDS = env_int("OUTBOX_REQUEUE_SECONDS", 60)
OUTBOX_MAX_ATTEMPTS = env_int("OUTBOX_MAX_ATTEMPTS", 6)
CELERY_BEAT_SCHEDULE = {
    "requeue-notifications": {
        "task": "events.tasks.requeue_notifications",
        "schedule": OUTBOX_REQUEUE_SECONDS,
    },
}

# --- Auth, i18n, time -----------------------------------------------------------------------
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
]
LOGIN_URL = "/login/"
LOGIN_REDIRECT_URL = "/staff/"

LANGUAGE_CODE = "zh-hans"
LANGUAGES = [("zh-hans", _("Simplified Chinese")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Asia/Shanghai"
USE_I18N = True
USE_TZ = True

# --- Static and media -----------------------------------------------------------------------
STATIC_URL = "static/"
STATIC_ROOT = DATA_DIR / "static"
STATIC_ROOT.mkdir(parents=True, exist_ok=True)  # whitenoise warns about a missing one
MEDIA_URL = "media/"
MEDIA_ROOT = Path(env_str("MEDIA_ROOT", str(DATA_DIR / "media")))
SERVE_MEDIA = env_bool("SERVE_MEDIA", True)
# Links to uploaded files expire after one to two of these (common/media.py).
MEDIA_URL_SECONDS = env_int("MEDIA_URL_SECONDS", 3600)
STORAGES = {
    "default": {"BACKEND": "common.storage.TidyFileSystemStorage"},
    "staticfiles": {
        "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"
        if DEBUG
        else "whitenoise.storage.CompressedStaticFilesStorage"
    },
}
WHITENOISE_USE_FINDERS = DEBUG

EMAIL_BACKEND = env_str("EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend")
EMAIL_HOST = env_str("EMAIL_HOST", "localhost")
EMAIL_PORT = env_int("EMAIL_PORT", 25)
EMAIL_FILE_PATH = env_str("EMAIL_FILE_PATH", str(DATA_DIR / "mail"))
DEFAULT_FROM_EMAIL = env_str("DEFAULT_FROM_EMAIL", "noreply@grid.example")

# --- API ------------------------------------------------------------------------------------
REST_FRAMEWORK = {
    "DEFAULT_PARSER_CLASSES": [
        "events.api.parsers.SafeJSONParser",
        "rest_framework.parsers.FormParser",
        "events.api.parsers.SafeMultiPartParser",
    ],
    # Django's refusals of a request body (too many fields, too large) as JSON errors too.
    "EXCEPTION_HANDLER": "common.api_errors.exception_handler",
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "rest_framework.authentication.SessionAuthentication",
        "rest_framework.authentication.TokenAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
    # drf-spectacular, with the error answers declared (common/openapi.py).
    "DEFAULT_SCHEMA_CLASS": "common.openapi.ErrorsAutoSchema",
    "DEFAULT_PAGINATION_CLASS": "events.api.pagination.PageNumberPagination",
    "PAGE_SIZE": 50,
}
SPECTACULAR_SETTINGS = {
    "TITLE": "Grid governance API",
    "DESCRIPTION": "Case intake, grid lookup and taxonomy for the grid governance platform.",
    "VERSION": "1",
    "SERVE_INCLUDE_SCHEMA": False,
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    "COMPONENT_SPLIT_REQUEST": True,
}

# --- Domain ---------------------------------------------------------------------------------
PHOTO_MAX_COUNT = env_int("PHOTO_MAX_COUNT", 6)
PHOTO_MAX_BYTES = env_int("PHOTO_MAX_BYTES", 10 * 1024 * 1024)
# Pixels of a photo decoded in full (PNG, WebP, progressive JPEG): above it, refused. Phone
# JPEGs (baseline) are exempt up to 50 MP, as they decode at a fraction of their size. 8 MP
# keeps six of the worst photos of one report under 3 s of a worker (bench/photos.py): a 16 MP
# WebP alone takes Pillow half a second to decode, and it cannot decode one smaller.
PHOTO_MAX_PIXELS = env_int("PHOTO_MAX_PIXELS", 8_000_000)
DATA_UPLOAD_MAX_MEMORY_SIZE = PHOTO_MAX_BYTES * PHOTO_MAX_COUNT + 1024 * 1024
GRID_INDEX_CHECK_SECONDS = env_float("GRID_INDEX_CHECK_SECONDS", 2.0)
# How often each process asks whether taxonomy, time limits or duty lists changed.
REFERENCE_CHECK_SECONDS = env_float("REFERENCE_CHECK_SECONDS", 2.0)
# A report of a component subcategory within this distance of a registered component of a
# matching kind goes to the component's owner.
COMPONENT_MATCH_METRES = env_float("COMPONENT_MATCH_METRES", 15.0)
# A report with an address and no point is placed at the best standard address scoring at
# least this (0–1); below it, it waits for manual dispatch.
GEOCODE_MIN_SCORE = env_float("GEOCODE_MIN_SCORE", 0.6)
# Anonymous address searches per client address (DRF rate: "60/min", "1000/day").
ADDRESS_SEARCH_RATE = env_str("ADDRESS_SEARCH_RATE", "60/min")
MAP_TILE_URL = env_str("MAP_TILE_URL", "https://tile.openstreetmap.org/{z}/{x}/{y}.png")
MAP_TILE_ATTRIBUTION = env_str("MAP_TILE_ATTRIBUTION", "© OpenStreetMap contributors")
# The coordinates the tiles are drawn in: wgs84 (OpenStreetMap, Tianditu's CGCS2000) or gcj02
# (AMap, Tencent). With gcj02 the maps shift what they draw onto the tiles and turn points
# picked on them back into WGS84, which is all the platform stores (grids/static/grids/map.js).
MAP_TILE_CRS = env_str("MAP_TILE_CRS", "wgs84").strip().lower()
if MAP_TILE_CRS not in ("wgs84", "gcj02"):
    raise ImproperEnv(f"MAP_TILE_CRS={MAP_TILE_CRS!r} is not wgs84 or gcj02")

LEAFLET_CONFIG = {
    "DEFAULT_CENTER": (23.02, 113.10),
    "DEFAULT_ZOOM": 12,
    "MIN_ZOOM": 3,
    "MAX_ZOOM": 19,
    # Base tiles are added by grids/static/grids/map.js from MAP_TILE_URL, so that an unreachable or
    # absent tile server leaves grids and cases on a plain background.
    "TILES": [],
    "RESET_VIEW": False,
}

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env_str("LOG_LEVEL", "INFO")},
}

# Office hours on working days, with the lunch break; used for working-hour SLA limits.
WORKING_HOURS = env_str("WORKING_HOURS", "08:30-12:00,14:00-17:30")
# Password of the demo users created by `manage.py seed_demo` (make run prints it).
DEMO_PASSWORD = env_str("DEMO_PASSWORD", "demo1234")
# The demo simulator (docs/demo.md): new reports and simulated staff keep the demo district
# alive as time passes. On in `make run` only; it files and moves cases, so never elsewhere.
DEMO_SIMULATOR = env_bool("DEMO_SIMULATOR", False)
DEMO_SIMULATOR_SECONDS = env_int("DEMO_SIMULATOR_SECONDS", 120)
if DEMO_SIMULATOR:
    CELERY_BEAT_SCHEDULE["demo-simulator"] = {"task": "events.tasks.demo_simulator_tick",
                                              "schedule": DEMO_SIMULATOR_SECONDS}
# Where `make run` serves; only used to print the URLs.
RUN_HOST = env_str("HOST", "127.0.0.1")
RUN_PORT = env_int("PORT", 8000)
# The public address of the site, for links that leave it: the tracking link in the intake
# answer, in citizens' SMS and emails.
SITE_URL = env_url("SITE_URL", f"http://{RUN_HOST}:{RUN_PORT}")
# Workflow: how long after closing a case may be reopened, and the longest extension.
REOPEN_DAYS = env_int("REOPEN_DAYS", 7)
EXTENSION_MAX_HOURS = env_int("EXTENSION_MAX_HOURS", 240)
# Working hours a grid worker has to confirm a report on site (核实, request_check).
CHECK_HOURS = env_float("CHECK_HOURS", 2)
# Share of a stage's time limit after which its clock turns yellow (warning).
SLA_WARNING_SHARE = env_float("SLA_WARNING_SHARE", 0.8)
# SLA sweep: how often beat runs it, how many cases one run takes per kind, and the interval
# between escalations of an overdue case (community, then street, then command centre).
SLA_SWEEP_SECONDS = env_int("SLA_SWEEP_SECONDS", 60)
SLA_SWEEP_BATCH = env_int("SLA_SWEEP_BATCH", 500)
SLA_ESCALATION_INTERVAL_MINUTES = env_float("SLA_ESCALATION_INTERVAL_MINUTES", 120)
# SMS: dotted path of a class with send(phone, text); the default writes to the log.
SMS_BACKEND = env_str("SMS_BACKEND", "events.notify.sms.LoggingSMSBackend")
# Dotted paths that moved with the layout (docs/architecture.md): environments written for the
# old ones keep working.
SMS_BACKEND = {"events.sms.LoggingSMSBackend": "events.notify.sms.LoggingSMSBackend"}.get(
    SMS_BACKEND, SMS_BACKEND)
WEBHOOK_TIMEOUT_SECONDS = env_float("WEBHOOK_TIMEOUT_SECONDS", 10)
CELERY_BEAT_SCHEDULE["sla-sweep"] = {"task": "events.tasks.sla_sweep",
                                     "schedule": SLA_SWEEP_SECONDS}
# Give up quickly on a broker that is down: the outbox re-queues later, the report is kept.
CELERY_BROKER_CONNECTION_TIMEOUT = env_float("CELERY_BROKER_CONNECTION_TIMEOUT", 2)
CELERY_TASK_PUBLISH_RETRY_POLICY = {"max_retries": 1, "interval_start": 0,
                                    "interval_step": 0.2, "interval_max": 0.5}
# Citizen reports: possible duplicates are open cases of the same subcategory within this many
# metres and hours; reports (and "me too") allowed per client address and per phone number,
# as "count/unit" with unit s, m, h or d. Staff are not limited.
DUPLICATE_RADIUS_M = env_int("DUPLICATE_RADIUS_M", 50)
DUPLICATE_WINDOW_HOURS = env_int("DUPLICATE_WINDOW_HOURS", 72)
REPORT_RATE_PER_IP = env_str("REPORT_RATE_PER_IP", "20/h")
REPORT_RATE_PER_PHONE = env_str("REPORT_RATE_PER_PHONE", "10/h")
# Statistics: how often beat refreshes them, how old a row must be to be counted (so that a
# late-committing transaction is not skipped), and the hot-spot test (Poisson tail).
STATS_REFRESH_SECONDS = env_int("STATS_REFRESH_SECONDS", 60)
STATS_LAG_SECONDS = env_int("STATS_LAG_SECONDS", 30)
HOTSPOT_P = env_float("HOTSPOT_P", 0.01)
HOTSPOT_MIN_CASES = env_int("HOTSPOT_MIN_CASES", 3)
HOTSPOT_MIN_WEEKLY = env_float("HOTSPOT_MIN_WEEKLY", 0.5)
STATS_CACHE_SECONDS = env_int("STATS_CACHE_SECONDS", 300)
# How old the address register's per-grid counts may grow before a statistics run recounts
# them (imports and activations recount at once; this catches edits in the admin).
REGISTER_STATS_SECONDS = env_int("REGISTER_STATS_SECONDS", 3600)
CELERY_BEAT_SCHEDULE["refresh-stats"] = {"task": "events.tasks.refresh_stats",
                                         "schedule": STATS_REFRESH_SECONDS}
# Open311 GeoReport v2 (/open311/v2/): the jurisdiction_id this endpoint answers to (an empty
# one counts as absent), what discovery tells clients, and the changeset to bump whenever the
# service list (the taxonomy) changes so that clients refresh their cached copies.
OPEN311_JURISDICTION_ID = env_str("OPEN311_JURISDICTION_ID", "grid.example")
OPEN311_CONTACT = env_str("OPEN311_CONTACT", "")
OPEN311_KEY_SERVICE = env_str("OPEN311_KEY_SERVICE", "")
OPEN311_CHANGESET = env_str("OPEN311_CHANGESET", "2026-12-07 00:00")
# Idempotency-Key (events/idempotency/): how many days a kept answer is replayed before beat
# purges it (hourly), and how long, on PostgreSQL, a duplicate waits for the first request
# still running before it answers 409.
IDEMPOTENCY_TTL_DAYS = env_int("IDEMPOTENCY_TTL_DAYS", 7)
IDEMPOTENCY_WAIT_SECONDS = env_float("IDEMPOTENCY_WAIT_SECONDS", 10)
CELERY_BEAT_SCHEDULE["purge-idempotency-records"] = {
    "task": "events.tasks.purge_idempotency_records", "schedule": 3600}
# Patrols (docs/patrols.md): how often the phone keeps a position while patrolling, the gap
# beyond which time between two positions is not counted, the minutes in a grid that make it
# visited in an ISO week (coverage), and the positions refused as absurd.
PATROL_INTERVAL_SECONDS = env_int("PATROL_INTERVAL_SECONDS", 30)
PATROL_MAX_GAP_MINUTES = env_float("PATROL_MAX_GAP_MINUTES", 5.0)
PATROL_COVERAGE_MINUTES = env_float("PATROL_COVERAGE_MINUTES", 30.0)
PATROL_MAX_ACCURACY_M = env_float("PATROL_MAX_ACCURACY_M", 100.0)
PATROL_MAX_SPEED_KMH = env_float("PATROL_MAX_SPEED_KMH", 60.0)


# === Reliability and security ================================================================
# Production hardening (DJANGO_ENV=production), login throttling, the Content-Security-Policy,
# secrets from files, phone numbers kept out of logs, and data retention.
# docs/configuration.md and .env.example "Production" document every variable.
# Development, the default, keeps `make run` on plain HTTP at 127.0.0.1.
import secrets  # noqa: E402
from datetime import timedelta  # noqa: E402

DJANGO_ENV = security.django_env()
PRODUCTION = DJANGO_ENV == "production"
# SECRET_KEY or SECRET_KEY_FILE; an embedded install keeps a random key of its own in DATA_DIR
# rather than a well-known default, and production never falls back to one.
SECRET_KEY = security.secret("SECRET_KEY") or ("" if PRODUCTION else security.generated_key(
    DATA_DIR / "secret_key", make=lambda: secrets.token_urlsafe(50)))
# Keys for personal data at rest (common.crypto): FIELD_ENCRYPTION_KEY or its _FILE, a
# comma-separated list, newest first. Development generates one in DATA_DIR, as for SECRET_KEY.
FIELD_ENCRYPTION_KEYS = [key.strip() for key in security.secret("FIELD_ENCRYPTION_KEY").split(",")
                         if key.strip()] or ([] if PRODUCTION else [security.generated_key(
                             DATA_DIR / "field_encryption_key")])
if PRODUCTION:
    security.refuse_unsafe_production(secret_key=SECRET_KEY, debug=DEBUG,
                                      field_keys=FIELD_ENCRYPTION_KEYS)
FIELD_ENCRYPTION_KEYS = security.field_keys(FIELD_ENCRYPTION_KEYS)

SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", PRODUCTION)
SECURE_REDIRECT_EXEMPT = env_list("SECURE_REDIRECT_EXEMPT", [])
SECURE_PROXY_SSL_HEADER = security.proxy_ssl_header(env_str("SECURE_PROXY_SSL_HEADER", ""))
SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", 31536000 if PRODUCTION else 0)
SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", PRODUCTION)
SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", PRODUCTION)
SESSION_COOKIE_SECURE = env_bool("SECURE_COOKIES", PRODUCTION)
CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE
# Django's defaults, relied on: HttpOnly session cookie, nosniff, X-Frame-Options DENY.
# Tile servers get our origin, never a page's path (OpenStreetMap's tile policy asks for one).
SECURE_REFERRER_POLICY = env_str("REFERRER_POLICY", "strict-origin-when-cross-origin")
ADMIN_URL = security.admin_path(env_str("ADMIN_URL", "admin/"))
# Replaces the two validators above: 10 characters, not common, not all digits, not the name.
AUTH_PASSWORD_VALIDATORS = security.password_validators(
    min_length=env_int("PASSWORD_MIN_LENGTH", 10))

# Content-Security-Policy (django-csp). Development sends it report-only: the browser console
# shows what production would block, and nothing breaks.
_policy = {"DIRECTIVES": security.csp_directives(tile_url=MAP_TILE_URL)}
if env_bool("CSP_REPORT_ONLY", not PRODUCTION):
    CONTENT_SECURITY_POLICY, CONTENT_SECURITY_POLICY_REPORT_ONLY = None, _policy
else:
    CONTENT_SECURITY_POLICY = _policy

# Login throttling (django-axes): LOGIN_FAILURE_LIMIT failures for one user name from one
# address lock that pair out for LOGIN_COOLOFF_MINUTES, on /login/ and the admin alike.
AUTHENTICATION_BACKENDS = ["events.privacy.auth.LoginThrottleBackend",
                           "django.contrib.auth.backends.ModelBackend"]
AXES_ENABLED = env_bool("LOGIN_THROTTLE", True)
AXES_FAILURE_LIMIT = env_int("LOGIN_FAILURE_LIMIT", 5)
AXES_COOLOFF_TIME = timedelta(minutes=env_float("LOGIN_COOLOFF_MINUTES", 15))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_CALLABLE = "events.privacy.views.locked_out"
AXES_CLIENT_IP_CALLABLE = "common.security.client_address"
# Proxies in front of the site that append to X-Forwarded-For (0: use the peer address), and
# the addresses they connect from: this host only, unless named (compose.yaml names its nginx).
TRUSTED_PROXY_HOPS = env_int("TRUSTED_PROXY_HOPS", 0)
TRUSTED_PROXY_NETWORKS = security.proxy_networks(
    env_list("TRUSTED_PROXY_NETWORKS", list(security.LOOPBACK_NETWORKS)))
# Failures and lockouts are warnings; axes' start-up banner and every sign-in are not news.
LOGGING.setdefault("loggers", {})["axes"] = {"level": "WARNING"}

# Reporters' mobile numbers never reach a log (common.security.PhoneMaskingFilter).
LOGGING.setdefault("filters", {})["mask_phones"] = {
    "()": "common.security.PhoneMaskingFilter"}
for _handler in LOGGING["handlers"].values():
    _handler.setdefault("filters", []).append("mask_phones")

# Days after closing (or voiding) that `manage.py anonymise_cases` forgets the reporter.
RETENTION_DAYS = env_int("RETENTION_DAYS", 365)
# Schema warnings are API documentation, checked by the schema test, not deployment security:
# keep them out of `check --deploy` so that its security warnings stand out.
SPECTACULAR_SETTINGS["ENABLE_DJANGO_DEPLOY_CHECK"] = False
