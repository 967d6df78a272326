import pytest
from django.test import RequestFactory

from cliffhanger.core.privacy import client_address


def request_from(remote: str, forwarded: str | None = None):
    extra = {"REMOTE_ADDR": remote}
    if forwarded is not None:
        extra["HTTP_X_FORWARDED_FOR"] = forwarded
    return RequestFactory().get("/", **extra)


@pytest.fixture(autouse=True)
def proxies(settings):
    settings.TRUSTED_PROXIES = ["10.0.0.10", "10.0.0.11"]


@pytest.mark.parametrize(
    ("remote", "forwarded", "address"),
    [
        ("203.0.113.7", None, "203.0.113.7"),  # no proxy
        ("203.0.113.7", "198.51.100.1", "203.0.113.7"),  # untrusted sender: ignored
        ("10.0.0.10", "198.51.100.1", "198.51.100.1"),  # through nginx
        (
            "10.0.0.10",
            "1.2.3.4, 198.51.100.1",
            "198.51.100.1",
        ),  # client-written hop ignored
        ("10.0.0.10", "198.51.100.1, 10.0.0.11", "198.51.100.1"),  # two proxies
        ("10.0.0.10", "2001:db8::1", "2001:db8::1"),
        ("10.0.0.10", "not-an-address", "10.0.0.10"),
        ("10.0.0.10", "", "10.0.0.10"),
        ("10.0.0.10", None, "10.0.0.10"),
    ],
)
def test_the_readers_address_behind_trusted_proxies(remote, forwarded, address):
    assert client_address(request_from(remote, forwarded)) == address


@pytest.mark.parametrize(
    ("trusted", "remote", "forwarded", "address"),
    [
        # gunicorn reads FORWARDED_ALLOW_IPS as networks, and "*" for any sender.
        (["10.0.0.0/8"], "10.1.2.3", "198.51.100.1", "198.51.100.1"),
        (["10.0.0.0/8"], "10.1.2.3", "198.51.100.1, 10.9.9.9", "198.51.100.1"),
        (["10.0.0.0/8"], "203.0.113.7", "198.51.100.1", "203.0.113.7"),
        (["fd00::/8"], "fd00::5", "2001:db8::1", "2001:db8::1"),
        (["*"], "192.0.2.1", "1.2.3.4, 198.51.100.1", "198.51.100.1"),
        (["not-a-network", "10.0.0.10"], "10.0.0.10", "198.51.100.1", "198.51.100.1"),
    ],
)
def test_trusted_proxies_may_be_networks_or_any(
    settings, trusted, remote, forwarded, address
):
    settings.TRUSTED_PROXIES = trusted

    assert client_address(request_from(remote, forwarded)) == address
