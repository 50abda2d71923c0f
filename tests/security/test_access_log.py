"""gunicorn's access log (the project's gunicorn.conf.py) keeps no secret that a URL carried:
an Open311 client's api_key, a citizen's tracking secret, a reporter's mobile number."""

import os
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

from common.gunicorn import mask_url

ROOT = Path(__file__).resolve().parents[2]


def test_keys_secrets_and_mobile_numbers_are_masked_in_a_url():
    masked = mask_url("GET /open311/v2/requests.json?api_key=s3cr3t&x=1&token=abc HTTP/1.1")
    assert masked == "GET /open311/v2/requests.json?api_key=****&x=1&token=**** HTTP/1.1"
    assert "13812345678" not in mask_url("/report/?phone=13812345678")


def test_the_access_log_of_a_real_gunicorn_masks_the_api_key(tmp_path):
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    log = tmp_path / "access.log"
    env = {**os.environ, "DATA_DIR": str(tmp_path), "DJANGO_SETTINGS_MODULE":
           "governance.settings"}
    env.pop("DATABASE_URL", None)
    server = subprocess.Popen(
        [sys.executable, "-m", "gunicorn", "governance.wsgi", "--bind", f"127.0.0.1:{port}",
         "--workers", "1", "--access-logfile", str(log)],
        cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        url = f"http://127.0.0.1:{port}/open311/v2/discovery.json?api_key=k-123-secret"
        for _ in range(100):
            try:
                urllib.request.urlopen(url, timeout=5).read()
                break
            except OSError:
                time.sleep(0.1)
        for _ in range(50):  # the access log is written after the answer
            if log.exists() and "discovery.json" in log.read_text():
                break
            time.sleep(0.1)
    finally:
        server.terminate()
        server.wait(timeout=10)
    text = log.read_text()
    assert "discovery.json?api_key=****" in text and "k-123-secret" not in text
