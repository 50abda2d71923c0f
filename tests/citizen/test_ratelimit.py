"""Abuse control: reports per client address and per phone number, on the form and the API,
with a clear message that keeps what was typed; staff are not limited; a cache that is down
never stops a report."""

import importlib
import time

import pytest
from django.core.cache.backends.base import BaseCache
from django.core.exceptions import ImproperlyConfigured
from django.test import Client
from rest_framework.test import APIClient

from common.cache import cache_settings
from events.intake import ratelimit
from events.models import Case
from tests.citizen.test_report_form import keeps_what_was_typed

URL = "/report/"
API = "/api/v1/cases/"


def from_address(address: str) -> Client:
    return Client(REMOTE_ADDR=address)


def test_rates_read_count_and_unit_and_a_bad_one_fails_loudly():
    assert ratelimit.parse_rate("20/h") == ratelimit.Rate(20, 3600)
    assert ratelimit.parse_rate(" 5 / m ") == ratelimit.Rate(5, 60)
    for bad in ("20", "20/week", "many/h", ""):
        with pytest.raises(ImproperlyConfigured):
            ratelimit.parse_rate(bad)


def test_the_shipped_defaults_are_20_an_hour_per_address_and_10_per_phone(monkeypatch):
    monkeypatch.delenv("REPORT_RATE_PER_IP", raising=False)
    monkeypatch.delenv("REPORT_RATE_PER_PHONE", raising=False)
    shipped = importlib.reload(importlib.import_module("governance.settings"))
    assert (shipped.REPORT_RATE_PER_IP, shipped.REPORT_RATE_PER_PHONE) == ("20/h", "10/h")


def test_at_the_default_rate_the_21st_report_in_an_hour_is_refused(form, settings):
    settings.REPORT_RATE_PER_IP = "20/h"  # the shipped default (tests/conftest.py lifts it)
    client = from_address("203.0.113.50")
    answers = [client.post(URL, form(contact_phone="")).status_code for _ in range(21)]
    assert answers == [302] * 20 + [429]


def test_the_form_answers_429_past_the_address_limit_and_keeps_what_was_typed(form, settings):
    settings.REPORT_RATE_PER_IP = "2/h"
    client = from_address("203.0.113.7")
    assert [client.post(URL, form(contact_phone="")).status_code for _ in range(2)] == [302, 302]
    data = form(contact_phone="", description="第三次上报：井盖还是没有")
    refused = client.post(URL, data)
    assert refused.status_code == 429 and Case.objects.count() == 2
    html = refused.content.decode()
    assert "您所在网络的上报次数过多" in html and "分钟后再试" in html
    assert "您填写的内容都保留在下方" in html
    keeps_what_was_typed(refused, data)
    assert from_address("203.0.113.8").post(URL, form()).status_code == 302


def test_the_form_answers_429_past_the_phone_limit_whatever_the_address(form, settings):
    settings.REPORT_RATE_PER_PHONE = "2/h"
    phones = ["13812345678", "138 1234 5678", "138-1234-5678"]
    answers = [from_address(f"198.51.100.{n}").post(URL, form(contact_phone=phone)).status_code
               for n, phone in enumerate(phones)]
    assert answers == [302, 302, 429]
    refused = from_address("198.51.100.9").post(URL, form(contact_phone="13812345678"))
    assert "该手机号码的上报次数过多" in refused.content.decode()
    assert from_address("198.51.100.9").post(URL, form(contact_phone="")).status_code == 302


def test_the_api_answers_429_with_the_same_message(api, form, settings):
    settings.REPORT_RATE_PER_IP = "1/h"
    assert api.post(API, form(), format="json").status_code == 201
    refused = api.post(API, form(), format="json")
    assert refused.status_code == 429
    assert "您所在网络的上报次数过多" in refused.json()["detail"]
    assert int(refused.headers["Retry-After"]) > 0
    assert Case.objects.count() == 1


def test_the_api_limit_per_phone_counts_form_and_api_reports_together(api, form, settings):
    settings.REPORT_RATE_PER_PHONE = "2/h"
    assert from_address("192.0.2.1").post(URL, form()).status_code == 302
    assert APIClient(REMOTE_ADDR="192.0.2.2").post(API, form(), format="json").status_code \
        == 201
    refused = APIClient(REMOTE_ADDR="192.0.2.3").post(API, form(), format="json")
    assert refused.status_code == 429 and "该手机号码" in refused.json()["detail"]


PROXY = "172.30.80.2"  # compose.yaml's nginx, named in TRUSTED_PROXY_NETWORKS


@pytest.fixture
def behind_proxy(settings):
    settings.TRUSTED_PROXY_HOPS, settings.TRUSTED_PROXY_NETWORKS = 1, [PROXY]


def through_proxy(client_address: str, forwarded_by_client: str = "", api=False):
    """A client whose request came through our proxy, which appended the address it saw to
    whatever X-Forwarded-For the client sent."""
    forwarded = ", ".join(filter(None, [forwarded_by_client, client_address]))
    return (APIClient if api else Client)(REMOTE_ADDR=PROXY, HTTP_X_FORWARDED_FOR=forwarded)


@pytest.mark.parametrize("api", [False, True], ids=["form", "api"])
def test_two_citizens_behind_the_named_proxy_are_limited_separately(form, settings, api,
                                                                    behind_proxy):
    settings.REPORT_RATE_PER_IP = "1/h"
    url, ok = (API, 201) if api else (URL, 302)

    def post(address):
        return through_proxy(address, api=api).post(url, form(contact_phone=""),
                                                    **({"format": "json"} if api else {}))

    assert [post("203.0.113.20").status_code, post("203.0.113.21").status_code] == [ok, ok]
    assert [post("203.0.113.20").status_code, post("203.0.113.21").status_code] == [429, 429]


def test_a_citizen_behind_the_proxy_cannot_escape_by_writing_the_header_itself(
        form, settings, behind_proxy):
    settings.REPORT_RATE_PER_IP = "1/h"
    answers = [through_proxy("203.0.113.30", forwarded_by_client=f"192.0.2.{n}")
               .post(URL, form(contact_phone="")).status_code for n in range(3)]
    assert answers == [302, 429, 429]


@pytest.mark.parametrize(("hops", "peer"), [(0, PROXY), (1, "198.51.100.40")],
                         ids=["no-trusted-proxy", "peer-outside-the-proxy-networks"])
def test_a_spoofed_header_from_an_untrusted_peer_does_not_escape_the_limit(
        form, settings, behind_proxy, hops, peer):
    settings.TRUSTED_PROXY_HOPS, settings.REPORT_RATE_PER_IP = hops, "1/h"
    answers = [Client(REMOTE_ADDR=peer, HTTP_X_FORWARDED_FOR=f"192.0.2.{n}")
               .post(URL, form(contact_phone="")).status_code for n in range(3)]
    assert answers == [302, 429, 429]


@pytest.mark.parametrize("api", [False, True], ids=["form", "api"])
def test_an_intranet_client_rotating_x_forwarded_for_is_counted_as_itself(form, settings,
                                                                          api):
    # The shipped TRUSTED_PROXY_NETWORKS (this host only) with a proxy hop configured: a
    # client on the office network that reaches gunicorn directly is not a proxy.
    settings.TRUSTED_PROXY_HOPS, settings.REPORT_RATE_PER_IP = 1, "20/h"
    url, ok = (API, 201) if api else (URL, 302)
    answers = [(APIClient if api else Client)(
        REMOTE_ADDR="10.20.30.40", HTTP_X_FORWARDED_FOR=f"203.0.113.{n}")
        .post(url, form(contact_phone=""), **({"format": "json"} if api else {})).status_code
        for n in range(25)]
    assert answers == [ok] * 20 + [429] * 5


def test_only_filing_is_limited_in_the_api(api, form, file_case, settings):
    settings.REPORT_RATE_PER_IP = "1/h"
    api.post(API, form(), format="json")
    case = file_case()
    rate = api.post(f"{API}{case.tracking_number}/actions/rate/",
                    {"rating": 5, "token": case.tracking_secret}, format="json")
    assert rate.status_code == 409  # not closed yet: the workflow answers, not the limit
    assert api.get("/api/v1/taxonomy/").status_code == 200


def test_staff_are_not_limited(demo, form, settings):
    from django.contrib.auth import get_user_model

    settings.REPORT_RATE_PER_IP = "1/h"
    worker = get_user_model().objects.get(username="worker")
    api = APIClient()
    api.force_authenticate(worker)
    assert [api.post(API, form(), format="json").status_code for _ in range(3)] == [201] * 3


def test_counters_start_again_in_the_next_window(form, settings, monkeypatch):
    settings.REPORT_RATE_PER_IP = "1/m"
    monkeypatch.setattr(ratelimit, "clock", lambda: 1_800_000_000.0)
    client = from_address("203.0.113.20")
    assert client.post(URL, form()).status_code == 302
    assert client.post(URL, form()).status_code == 429
    monkeypatch.setattr(ratelimit, "clock", lambda: 1_800_000_060.0)
    assert client.post(URL, form()).status_code == 302


def test_on_the_file_cache_a_counter_lasts_its_whole_window(form, settings, tmp_path,
                                                            monkeypatch):
    # The embedded default; its incr() would otherwise reset the expiry to 300 s.
    settings.CACHES = cache_settings(redis_url="", data_dir=tmp_path)
    settings.REPORT_RATE_PER_IP = "1/h"
    now = [1_800_000_000.0]  # the start of an hour
    monkeypatch.setattr(time, "time", lambda: now[0])
    monkeypatch.setattr(ratelimit, "clock", lambda: now[0])
    client = from_address("203.0.113.25")
    assert client.post(URL, form()).status_code == 302
    now[0] += 600  # ten minutes on: past the cache's default timeout, within the hour
    assert client.post(URL, form()).status_code == 429


def test_reset_all_forgets_every_counter(form, settings):
    settings.REPORT_RATE_PER_IP = "1/h"
    client = from_address("203.0.113.30")
    client.post(URL, form())
    assert client.post(URL, form()).status_code == 429
    ratelimit.reset_all()
    assert client.post(URL, form()).status_code == 302


class DownCache(BaseCache):
    """A cache server that does not answer."""

    def __init__(self, location, params):
        super().__init__(params)

    def _down(self, *args, **kwargs):
        raise ConnectionError("cache is down")

    add = get = set = incr = touch = get_or_set = delete = _down


def test_a_cache_that_is_down_never_stops_a_report(form, settings):
    settings.REPORT_RATE_PER_IP = "1/h"
    down = {"BACKEND": f"{__name__}.DownCache"}
    settings.CACHES = {"default": down, "state": down}
    client = from_address("203.0.113.40")
    assert [client.post(URL, form()).status_code for _ in range(3)] == [302] * 3
    assert Case.objects.count() == 3
