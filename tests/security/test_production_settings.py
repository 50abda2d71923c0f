"""DJANGO_ENV=production, run in subprocesses: the settings are read once per process, and the
test process itself runs in development."""

import json
import os
import re
import secrets
import subprocess
import sys
from pathlib import Path

import pytest
from django.conf import settings

from common.crypto import new_key

ROOT = Path(settings.BASE_DIR)

# The minimal production environment that README and .env.example document. The database is
# on a port where nothing listens: no check here may need a connection.
PRODUCTION = {
    "DJANGO_ENV": "production",
    "ALLOWED_HOSTS": "grid.example.org",
    "CSRF_TRUSTED_ORIGINS": "https://grid.example.org",
    "DATABASE_URL": "postgres://governance@127.0.0.1:1/governance",
}


def run(args: list[str], tmp_path, **env) -> subprocess.CompletedProcess:
    """Run Python in a clean environment: only what the test names, nothing inherited that
    could change a setting."""
    clean = {key: os.environ[key] for key in ("PATH", "HOME", "LANG") if key in os.environ}
    clean.update(DATA_DIR=str(tmp_path / "data"), DJANGO_SETTINGS_MODULE="governance.settings")
    clean.update(env)
    return subprocess.run([sys.executable, *args], cwd=ROOT, env=clean, capture_output=True,
                          text=True, timeout=120)


def production(tmp_path, **extra) -> dict:
    return {**PRODUCTION, "SECRET_KEY": secrets.token_urlsafe(50),
            "FIELD_ENCRYPTION_KEY": new_key(), **extra}


def test_check_deploy_reports_nothing_with_the_documented_production_variables(tmp_path):
    result = run(["manage.py", "check", "--deploy", "--fail-level", "WARNING"], tmp_path,
                 **production(tmp_path))
    assert result.returncode == 0, result.stdout + result.stderr
    assert "System check identified no issues (0 silenced)." in result.stdout
    assert "WARNING" not in result.stderr


def test_secrets_may_come_from_files_instead(tmp_path):
    key, url = tmp_path / "secret_key", tmp_path / "database_url"
    key.write_text(secrets.token_urlsafe(50) + "\n")
    url.write_text("postgres://governance:s3cret@127.0.0.1:1/from_file\n")
    env = {**PRODUCTION, "SECRET_KEY_FILE": str(key), "DATABASE_URL_FILE": str(url),
           "FIELD_ENCRYPTION_KEY": new_key()}
    del env["DATABASE_URL"]
    code = ("import django; django.setup(); from django.conf import settings as s; "
            "print(s.SECRET_KEY, s.DATABASES['default']['NAME'])")
    result = run(["-c", code], tmp_path, **env)
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == [key.read_text().strip(), "from_file"]
    deploy = run(["manage.py", "check", "--deploy", "--fail-level", "WARNING"], tmp_path, **env)
    assert deploy.returncode == 0, deploy.stdout + deploy.stderr


@pytest.mark.parametrize(("change", "complaint"), [
    ({"SECRET_KEY": ""}, "SECRET_KEY (or SECRET_KEY_FILE) is not set"),
    ({"DEBUG": "1"}, "DEBUG is on"),
    ({"ALLOWED_HOSTS": None}, "ALLOWED_HOSTS is not set"),
    ({"SECRET_KEY_FILE": "/nonexistent/secret"}, "SECRET_KEY_FILE='/nonexistent/secret'"),
    ({"FIELD_ENCRYPTION_KEY": ""}, "FIELD_ENCRYPTION_KEY (or FIELD_ENCRYPTION_KEY_FILE) is not"),
    ({"FIELD_ENCRYPTION_KEY": "not-a-key"}, "FIELD_ENCRYPTION_KEY: Fernet key must be"),
])
def test_production_refuses_to_start_when_unsafe(tmp_path, change, complaint):
    env = production(tmp_path, **change)
    env = {key: value for key, value in env.items() if value is not None}
    if "SECRET_KEY_FILE" in change:
        del env["SECRET_KEY"]
    result = run(["manage.py", "check"], tmp_path, **env)
    assert result.returncode != 0
    assert complaint in result.stderr


def test_development_serves_plain_http_as_before(tmp_path):
    code = ("import django; django.setup(); from django.conf import settings as s; "
            "print(s.SECURE_SSL_REDIRECT, s.SESSION_COOKIE_SECURE, s.SECURE_HSTS_SECONDS, "
            "s.CONTENT_SECURITY_POLICY)")
    result = run(["-c", code], tmp_path)
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == ["False", "False", "0", "None"]


PAGES = """
import json, django
django.setup()
from django.conf import settings
from django.test import Client
client = Client(HTTP_HOST="grid.example.org")
plain = client.get("/login/")
page = client.get("/login/", secure=True)
print(json.dumps({
    "redirect": [plain.status_code, plain.get("Location")],
    "status": page.status_code,
    "headers": dict(page.headers),
    "csrf_cookie_secure": bool(page.cookies["csrftoken"]["secure"]),
    "session_cookie": [settings.SESSION_COOKIE_SECURE, settings.SESSION_COOKIE_HTTPONLY],
    "validators": [v["NAME"].rsplit(".", 1)[1] for v in settings.AUTH_PASSWORD_VALIDATORS],
    "min_length": settings.AUTH_PASSWORD_VALIDATORS[1]["OPTIONS"]["min_length"],
}))
"""


@pytest.fixture(scope="module")
def production_page(tmp_path_factory):
    tmp_path = tmp_path_factory.mktemp("production")
    result = run(["-c", PAGES], tmp_path, **production(
        tmp_path, MAP_TILE_URL="https://{s}.tiles.example.com/{z}/{x}/{y}.png"))
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout.strip().splitlines()[-1])


def test_production_redirects_plain_http_to_https(production_page):
    assert production_page["redirect"] == [301, "https://grid.example.org/login/"]


def test_production_pages_carry_the_security_headers(production_page):
    headers = production_page["headers"]
    assert production_page["status"] == 200
    assert headers["Strict-Transport-Security"] == "max-age=31536000; includeSubDomains; preload"
    assert headers["X-Frame-Options"] == "DENY"
    assert headers["X-Content-Type-Options"] == "nosniff"
    assert headers["Referrer-Policy"] == "strict-origin-when-cross-origin"
    assert headers["Cross-Origin-Opener-Policy"] == "same-origin"


def test_production_enforces_a_content_security_policy(production_page):
    headers = production_page["headers"]
    assert "Content-Security-Policy-Report-Only" not in headers
    policy = dict(part.strip().split(" ", 1) for part in
                  headers["Content-Security-Policy"].split(";"))
    assert policy["default-src"] == "'self'"
    assert policy["img-src"] == "'self' data: blob: https://*.tiles.example.com"
    assert policy["object-src"] == "'none'" and policy["frame-ancestors"] == "'none'"
    # The sign-in page has no inline script, so not even a nonce: our own files only.
    assert policy["script-src"] == "'self'"


def test_production_cookies_are_secure_and_the_session_cookie_hidden_from_scripts(
        production_page):
    assert production_page["csrf_cookie_secure"] is True
    assert production_page["session_cookie"] == [True, True]


def test_passwords_need_ten_characters_and_must_not_be_common_numeric_or_the_name(
        production_page):
    assert production_page["validators"] == [
        "UserAttributeSimilarityValidator", "MinimumLengthValidator",
        "CommonPasswordValidator", "NumericPasswordValidator"]
    assert production_page["min_length"] == 10


DOCUMENTED = ["DJANGO_ENV", "SECRET_KEY_FILE", "DATABASE_URL_FILE", "ALLOWED_HOSTS",
              "CSRF_TRUSTED_ORIGINS", "SECURE_SSL_REDIRECT", "SECURE_PROXY_SSL_HEADER",
              "SECURE_REDIRECT_EXEMPT", "SECURE_HSTS_SECONDS", "SECURE_HSTS_INCLUDE_SUBDOMAINS",
              "SECURE_HSTS_PRELOAD", "SECURE_COOKIES", "REFERRER_POLICY", "ADMIN_URL",
              "PASSWORD_MIN_LENGTH", "CSP_REPORT_ONLY",
              "LOGIN_THROTTLE", "LOGIN_FAILURE_LIMIT", "LOGIN_COOLOFF_MINUTES",
              "TRUSTED_PROXY_HOPS", "TRUSTED_PROXY_NETWORKS", "RETENTION_DAYS",
              "FIELD_ENCRYPTION_KEY", "FIELD_ENCRYPTION_KEY_FILE"]


def test_every_production_variable_is_documented():
    example = (ROOT / ".env.example").read_text()
    production_part = example[example.index("# --- Production"):]
    doc = (ROOT / "docs" / "configuration.md").read_text()
    section = doc[doc.index("## Production and security"):
                  doc.index("## Development, tests and benchmarks")]
    for name in [*PRODUCTION, *DOCUMENTED]:
        assert re.search(rf"^#? ?{name}=", production_part, re.M) or name in (
            "ALLOWED_HOSTS", "CSRF_TRUSTED_ORIGINS", "DATABASE_URL"), name
        assert f"`{name}`" in section, name


READS = re.compile(r"""(?:environ(?:\.get)?[\[(]|getenv\(|env_[a-z_]+\()["']([A-Z][A-Z0-9_]+)""")


def test_every_environment_variable_the_code_reads_is_documented():
    doc = (ROOT / "docs" / "configuration.md").read_text()
    sources = [path for folder in ("governance", "common", "events", "grids", "org", "places",
                                   "taxonomy", "bench", "tests")
               for path in (ROOT / folder).rglob("*.py")]
    read = {name for path in sources for name in READS.findall(path.read_text())}
    assert len(read) > 50  # the pattern still finds the reads
    assert not sorted(name for name in read if f"`{name}`" not in doc)
