"""The one settings file. Every value comes from an environment variable (see .env.example).

Embedded default: SQLite in WAL mode and Celery over kombu's filesystem broker, so `make run`
needs nothing but Python. DATABASE_URL switches to PostgreSQL, REDIS_URL to Redis as broker
and cache.
"""

from pathlib import Path

import dj_database_url
from django.utils.translation import gettext_lazy as _

from governance.env import env_bool, env_float, env_int, env_list, env_str

BASE_DIR = Path(__file__).resolve().parent.parent
DATA_DIR = Path(env_str("DATA_DIR", str(BASE_DIR / "var")))

DEBUG = env_bool("DEBUG", False)
SECRET_KEY = env_str("SECRET_KEY", "")
if not SECRET_KEY:
    # An embedded install keeps a random key of its own rather than a well-known default.
    _key_file = DATA_DIR / "secret_key"
    if not _key_file.exists():
        import secrets

        DATA_DIR.mkdir(parents=True, exist_ok=True)
        _key_file.write_text(secrets.token_urlsafe(50))
    SECRET_KEY = _key_file.read_text().strip()
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
    "grids",
    "governance.org",
    "events",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "governance.middleware.ChineseFirstMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
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
                "governance.context_processors.site",
            ],
        },
    },
]

# --- Database -------------------------------------------------------------------------------
DATABASE_URL = env_str("DATABASE_URL", "")
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
        }
    }
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# --- Redis: broker and cache ----------------------------------------------------------------
REDIS_URL = env_str("REDIS_URL", "")
if REDIS_URL:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.redis.RedisCache",
                          "LOCATION": REDIS_URL}}
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.filebased.FileBasedCache",
                          "LOCATION": str(DATA_DIR / "cache")}}

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
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
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
        "rest_framework.parsers.MultiPartParser",
    ],
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "rest_framework.authentication.SessionAuthentication",
        "rest_framework.authentication.TokenAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "DEFAULT_PAGINATION_CLASS": "rest_framework.pagination.PageNumberPagination",
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
DATA_UPLOAD_MAX_MEMORY_SIZE = PHOTO_MAX_BYTES * PHOTO_MAX_COUNT + 1024 * 1024
GRID_INDEX_CHECK_SECONDS = env_float("GRID_INDEX_CHECK_SECONDS", 2.0)
MAP_TILE_URL = env_str("MAP_TILE_URL", "https://tile.openstreetmap.org/{z}/{x}/{y}.png")
MAP_TILE_ATTRIBUTION = env_str("MAP_TILE_ATTRIBUTION", "© OpenStreetMap contributors")

LEAFLET_CONFIG = {
    "DEFAULT_CENTER": (23.02, 113.10),
    "DEFAULT_ZOOM": 12,
    "MIN_ZOOM": 3,
    "MAX_ZOOM": 19,
    # Base tiles are added by static/map.js from MAP_TILE_URL, so that an unreachable or
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
# Where `make run` serves; only used to print the URLs.
RUN_HOST = env_str("HOST", "127.0.0.1")
RUN_PORT = env_int("PORT", 8000)
# Workflow: how long after closing a case may be reopened, and the longest extension.
REOPEN_DAYS = env_int("REOPEN_DAYS", 7)
EXTENSION_MAX_HOURS = env_int("EXTENSION_MAX_HOURS", 240)
# Share of a stage's time limit after which its clock turns yellow (warning).
SLA_WARNING_SHARE = env_float("SLA_WARNING_SHARE", 0.8)
# SLA sweep: how often beat runs it, how many cases one run takes per kind, and the interval
# between escalations of an overdue case (community, then street, then command centre).
SLA_SWEEP_SECONDS = env_int("SLA_SWEEP_SECONDS", 60)
SLA_SWEEP_BATCH = env_int("SLA_SWEEP_BATCH", 500)
SLA_ESCALATION_INTERVAL_MINUTES = env_float("SLA_ESCALATION_INTERVAL_MINUTES", 120)
# SMS: dotted path of a class with send(phone, text); the default writes to the log.
SMS_BACKEND = env_str("SMS_BACKEND", "events.sms.LoggingSMSBackend")
WEBHOOK_TIMEOUT_SECONDS = env_float("WEBHOOK_TIMEOUT_SECONDS", 10)
CELERY_BEAT_SCHEDULE["sla-sweep"] = {"task": "events.tasks.sla_sweep",
                                     "schedule": SLA_SWEEP_SECONDS}
# Give up quickly on a broker that is down: the outbox re-queues later, the report is kept.
CELERY_BROKER_CONNECTION_TIMEOUT = env_float("CELERY_BROKER_CONNECTION_TIMEOUT", 2)
CELERY_TASK_PUBLISH_RETRY_POLICY = {"max_retries": 1, "interval_start": 0,
                                    "interval_step": 0.2, "interval_max": 0.5}
# Statistics: how often beat refreshes them, how old a row must be to be counted (so that a
# late-committing transaction is not skipped), and the hot-spot test (Poisson tail).
STATS_REFRESH_SECONDS = env_int("STATS_REFRESH_SECONDS", 60)
STATS_LAG_SECONDS = env_int("STATS_LAG_SECONDS", 30)
HOTSPOT_P = env_float("HOTSPOT_P", 0.01)
HOTSPOT_MIN_CASES = env_int("HOTSPOT_MIN_CASES", 3)
HOTSPOT_MIN_WEEKLY = env_float("HOTSPOT_MIN_WEEKLY", 0.5)
STATS_CACHE_SECONDS = env_int("STATS_CACHE_SECONDS", 300)
CELERY_BEAT_SCHEDULE["refresh-stats"] = {"task": "events.tasks.refresh_stats",
                                         "schedule": STATS_REFRESH_SECONDS}
