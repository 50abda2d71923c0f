"""`pip install .` (not editable) ships every package with its static files, templates,
translations and migrations: Django's checks pass from a fresh virtual environment outside the
checkout."""

import os
import shutil
import subprocess
import sys
import sysconfig
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SHIPPED = [
    "governance/settings.py", "common/photos.py", "taxonomy/data.py",
    "taxonomy/migrations/0001_initial.py", "org/migrations/0003_defaultowner.py",
    "events/migrations/0007_taxonomy_moved.py", "events/sla/tasks.py",
    "events/static/citizen/report.js", "events/privacy/templates/audit/locked_out.html",
    "events/privacy/locale/zh_Hans/LC_MESSAGES/django.mo",
    "events/open311/locale/zh_Hans/LC_MESSAGES/django.mo",
    "grids/static/grids/region_map.js", "grids/templates/grids/region_map.html",
]


@pytest.mark.slow
def test_a_non_editable_install_passes_djangos_checks_outside_the_checkout(tmp_path):
    venv = tmp_path / "venv"
    subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True)
    python = venv / "bin" / "python"
    site = Path(subprocess.check_output(
        [python, "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"],
        text=True).strip())
    # The dependencies come from the test environment (no second download of them); its own
    # editable install of this project is a .pth hook there, which a path entry does not run.
    (site / "dependencies.pth").write_text(sysconfig.get_paths()["purelib"] + "\n")
    # Built from a copy: setuptools builds in the source tree and would reuse a stale build/.
    source = tmp_path / "source"
    shutil.copytree(ROOT, source, ignore=shutil.ignore_patterns(
        ".git", ".venv", "var", "build", "*.egg-info", "__pycache__", "test-artifacts"))
    pip = subprocess.run([python, "-m", "pip", "install", "-q", "--no-deps",
                          "--no-cache-dir", str(source)], capture_output=True, text=True)
    assert pip.returncode == 0, pip.stderr[-3000:]
    missing = [name for name in SHIPPED if not (site / name).is_file()]
    assert missing == []
    outside = tmp_path / "elsewhere"
    outside.mkdir()
    env = {key: value for key, value in os.environ.items() if key != "PYTHONPATH"}
    env.update(DJANGO_SETTINGS_MODULE="governance.settings", DATA_DIR=str(tmp_path / "data"))
    check = subprocess.run(
        [python, "-c", "import events, sys; print(events.__file__); "
                       "from django.core.management import execute_from_command_line; "
                       "execute_from_command_line(['manage.py', 'check'])"],
        cwd=outside, env=env, capture_output=True, text=True, timeout=300)
    assert check.returncode == 0, check.stderr[-3000:]
    assert check.stdout.splitlines()[0].startswith(str(site))
    assert "System check identified no issues" in check.stdout
