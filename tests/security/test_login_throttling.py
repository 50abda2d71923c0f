import time
from datetime import timedelta

import pytest
from axes.models import AccessAttempt
from django.test import Client

from tests.helpers import PASSWORD

WRONG = {"username": "dispatcher", "password": "not-the-password"}
RIGHT = {"username": "dispatcher", "password": PASSWORD}


class CoolOff:
    """AXES_COOLOFF_TIME as a callable, so that a test can wait out a tiny cool-off without
    the failures before it racing the clock (each one hashes a password)."""

    def __init__(self):
        self.length = timedelta(minutes=5)

    def __call__(self, request):
        return self.length


@pytest.fixture
def cool_off(settings):
    settings.AXES_FAILURE_LIMIT = 3
    settings.AXES_COOLOFF_TIME = CoolOff()
    return settings.AXES_COOLOFF_TIME


def from_address(address: str) -> Client:
    return Client(REMOTE_ADDR=address)


def test_a_user_is_locked_out_after_the_limit_and_let_in_after_the_cool_off(db, cool_off):
    client = from_address("198.51.100.7")
    answers = [client.post("/login/", WRONG).status_code for _ in range(3)]
    assert answers == [200, 200, 429]  # the third failure reaches the limit
    locked = client.post("/login/", RIGHT)
    assert locked.status_code == 429 and "_auth_user_id" not in client.session
    assert "登录失败次数过多" in locked.content.decode()
    cool_off.length = timedelta(seconds=0.5)
    time.sleep(0.6)
    assert client.post("/login/", RIGHT).status_code == 302
    assert client.session["_auth_user_id"]
    assert not AccessAttempt.objects.filter(username="dispatcher").exists()  # reset on success


def test_the_admin_login_counts_and_locks_out_too(db, cool_off):
    client = from_address("198.51.100.8")
    client.post("/login/", WRONG)
    client.post("/admin/login/", {**WRONG, "username": "dispatcher"})
    assert client.post("/admin/login/", WRONG).status_code == 429
    assert client.post("/admin/login/", {**RIGHT, "next": "/admin/"}).status_code == 429


def test_a_lockout_holds_only_that_user_from_that_address(db, cool_off):
    for _ in range(3):
        from_address("198.51.100.9").post("/login/", WRONG)
    assert from_address("198.51.100.10").post("/login/", RIGHT).status_code == 302
    other_user = {"username": "leader", "password": PASSWORD}
    assert from_address("198.51.100.9").post("/login/", other_user).status_code == 302
    assert AccessAttempt.objects.get().failures_since_start == 3  # counted once, not twice


def test_test_clients_still_sign_in_with_login_and_force_login(db, cool_off, client):
    assert client.login(**RIGHT)
    assert client.get("/staff/").status_code == 302  # to the dispatcher's queue
    other = Client()
    from django.contrib.auth import get_user_model

    other.force_login(get_user_model().objects.get(username="leader"))
    assert other.get("/dispatch/").status_code == 200


PROXY = "172.30.80.2"  # compose.yaml's nginx, named in TRUSTED_PROXY_NETWORKS


@pytest.fixture
def behind_proxy(settings):
    settings.TRUSTED_PROXY_HOPS, settings.TRUSTED_PROXY_NETWORKS = 1, [PROXY]


def test_behind_a_named_proxy_the_address_is_the_one_it_appended(rf, settings, behind_proxy):
    from common.security import client_address

    request = rf.get("/", HTTP_X_FORWARDED_FOR="6.6.6.6, 203.0.113.5", REMOTE_ADDR=PROXY)
    assert client_address(request) == "203.0.113.5"  # not the client-written 6.6.6.6
    settings.TRUSTED_PROXY_HOPS = 0
    assert client_address(request) == PROXY


def test_the_shipped_default_trusts_only_this_host_and_only_with_hops_set(monkeypatch):
    import importlib

    monkeypatch.delenv("TRUSTED_PROXY_HOPS", raising=False)
    monkeypatch.delenv("TRUSTED_PROXY_NETWORKS", raising=False)
    shipped = importlib.reload(importlib.import_module("governance.settings"))
    assert shipped.TRUSTED_PROXY_HOPS == 0
    assert shipped.TRUSTED_PROXY_NETWORKS == ["127.0.0.0/8", "::1/128"]


@pytest.mark.parametrize("peer", ["10.1.2.3", "172.20.0.9", "192.168.1.50", "fd00::5"])
def test_a_private_peer_that_is_not_named_is_keyed_on_itself_whatever_it_forwards(
        rf, settings, peer):
    """An intranet client that reaches gunicorn past the proxy cannot choose its key."""
    from common.security import client_address

    settings.TRUSTED_PROXY_HOPS = 1  # the shipped TRUSTED_PROXY_NETWORKS: this host only
    request = rf.get("/", HTTP_X_FORWARDED_FOR="203.0.113.5", REMOTE_ADDR=peer)
    assert client_address(request) == peer
    loopback = rf.get("/", HTTP_X_FORWARDED_FOR="203.0.113.5", REMOTE_ADDR="127.0.0.1")
    assert client_address(loopback) == "203.0.113.5"  # a proxy on this host


def test_an_intranet_client_rotating_x_forwarded_for_is_still_locked_out(db, cool_off,
                                                                         settings):
    settings.TRUSTED_PROXY_HOPS = 1
    answers = [Client(REMOTE_ADDR="192.168.1.50", HTTP_X_FORWARDED_FOR=f"203.0.113.{n}")
               .post("/login/", WRONG).status_code for n in range(4)]
    assert answers == [200, 200, 429, 429]


def test_citizens_behind_the_named_proxy_are_locked_out_one_by_one(db, cool_off,
                                                                   behind_proxy):
    def attempt(citizen):
        return Client(REMOTE_ADDR=PROXY, HTTP_X_FORWARDED_FOR=citizen).post("/login/", WRONG)

    assert [attempt("203.0.113.7").status_code for _ in range(3)] == [200, 200, 429]
    assert attempt("203.0.113.8").status_code == 200  # another citizen, same proxy


def test_a_peer_outside_the_proxy_networks_is_keyed_on_itself_whatever_it_forwards(
        rf, settings):
    """A client that reaches the server directly, past the proxy, cannot choose its key."""
    from common.security import client_address

    settings.TRUSTED_PROXY_HOPS = 1
    direct = rf.get("/", HTTP_X_FORWARDED_FOR="203.0.113.5", REMOTE_ADDR="198.51.100.77")
    assert client_address(direct) == "198.51.100.77"
    settings.TRUSTED_PROXY_NETWORKS = ["198.51.100.0/24"]  # a proxy with a public address
    assert client_address(direct) == "203.0.113.5"
    proxied = rf.get("/", HTTP_X_FORWARDED_FOR="203.0.113.5", REMOTE_ADDR="127.0.0.1")
    assert client_address(proxied) == "127.0.0.1"  # no longer one of ours


@pytest.mark.parametrize("forwarded", ["", "not-an-address", "203.0.113.5", "0.0.0.0"])
def test_a_missing_or_malformed_forwarded_entry_falls_back_to_the_peer(rf, settings,
                                                                       forwarded):
    from common.security import client_address

    settings.TRUSTED_PROXY_HOPS = 2  # one more proxy than wrote the header
    request = rf.get("/", HTTP_X_FORWARDED_FOR=forwarded, REMOTE_ADDR="127.0.0.1")
    assert client_address(request) == "127.0.0.1"


@pytest.mark.parametrize(("forwarded", "client"), [
    ("203.0.113.5:51234", "203.0.113.5"), ("[2001:db8::7]:443", "2001:db8::7"),
    ("::ffff:203.0.113.5", "203.0.113.5")])
def test_the_appended_entry_is_read_as_an_address_whatever_its_spelling(rf, behind_proxy,
                                                                        forwarded, client):
    from common.security import client_address

    request = rf.get("/", HTTP_X_FORWARDED_FOR=forwarded, REMOTE_ADDR=PROXY)
    assert client_address(request) == client


def test_a_malformed_proxy_network_fails_loudly(rf, settings):
    from django.core.exceptions import ImproperlyConfigured

    from common.security import client_address

    settings.TRUSTED_PROXY_HOPS = 1
    settings.TRUSTED_PROXY_NETWORKS = ["10.0.0.0/33"]
    with pytest.raises(ImproperlyConfigured, match="TRUSTED_PROXY_NETWORKS"):
        client_address(rf.get("/", REMOTE_ADDR="10.0.0.1"))


def test_settings_refuse_a_malformed_proxy_network_at_start_up():
    from common.env import ImproperEnv
    from common.security import LOOPBACK_NETWORKS, proxy_networks

    assert proxy_networks(list(LOOPBACK_NETWORKS)) == list(LOOPBACK_NETWORKS)
    with pytest.raises(ImproperEnv, match="TRUSTED_PROXY_NETWORKS"):
        proxy_networks(["10.0.0.0/8", "proxy.example.org"])
