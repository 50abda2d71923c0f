"""compose.yaml: citizens reach gunicorn only through the nginx proxy, and the application
believes X-Forwarded-For from that proxy's address alone (`docker compose config` needs an
engine, so the files are read as YAML and text)."""

import ipaddress
from pathlib import Path

import yaml
from django.conf import settings

ROOT = Path(settings.BASE_DIR)


def compose() -> dict:
    return yaml.safe_load((ROOT / "compose.yaml").read_text())


def test_only_the_proxy_publishes_a_port():
    services = compose()["services"]
    published = {name for name, service in services.items() if service.get("ports")}
    assert published == {"proxy"}
    assert services["proxy"]["ports"] == ["8000:80"]
    assert "ports" not in services["web"] and "edge" in services["web"]["networks"]


def test_the_web_service_trusts_one_hop_from_the_proxy_address_alone():
    stack = compose()
    web, proxy = stack["services"]["web"], stack["services"]["proxy"]
    address = proxy["networks"]["edge"]["ipv4_address"]
    assert web["environment"]["TRUSTED_PROXY_HOPS"] == "1"
    assert web["environment"]["TRUSTED_PROXY_NETWORKS"] == address
    subnet = stack["networks"]["edge"]["ipam"]["config"][0]["subnet"]
    assert ipaddress.ip_address(address) in ipaddress.ip_network(subnet)


def test_the_proxy_appends_the_address_it_saw_and_forwards_to_gunicorn():
    mounted = compose()["services"]["proxy"]["volumes"]
    assert mounted == ["./deploy/nginx.conf:/etc/nginx/conf.d/default.conf:ro"]
    config = (ROOT / "deploy" / "nginx.conf").read_text()
    assert "proxy_set_header X-Forwarded-For $proxy_add_x_forwarded_for;" in config
    assert "proxy_set_header X-Forwarded-Proto $scheme;" in config
    assert "server web:8000;" in config
