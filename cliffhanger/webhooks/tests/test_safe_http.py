"""The SSRF guard, the pinned connection, the deadline and the body cap."""

import socket
import threading
import time

import pytest

from cliffhanger.webhooks import safe_http
from cliffhanger.webhooks.safe_http import (
    AddressRefused,
    address_is_public,
    post,
    target_resolve,
)


def fake_dns(monkeypatch, answers: dict[str, list[str]]):
    """Names resolve to the given addresses; returns the list of names asked."""
    asked = []
    real = socket.getaddrinfo

    def getaddrinfo(host, port, *args, **kwargs):
        asked.append(host)
        if host in answers:
            return [
                (socket.AF_INET6 if ":" in a else socket.AF_INET, 1, 6, "", (a, port))
                for a in answers[host]
            ]
        return real(host, port, *args, **kwargs)

    monkeypatch.setattr(safe_http.socket, "getaddrinfo", getaddrinfo)
    return asked


class TestRefusals:
    @pytest.mark.parametrize(
        "url",
        [
            "http://127.0.0.1/hook",
            "http://127.1.2.3:8080/hook",
            "http://10.0.0.5/hook",
            "http://192.168.1.1/hook",
            "http://172.16.0.1/hook",
            "http://100.64.0.1/hook",
            "http://169.254.169.254/latest/meta-data/",
            "http://0.0.0.0/hook",
            "http://[::1]/hook",
            "http://[::ffff:127.0.0.1]/hook",
            "http://[::ffff:a9fe:a9fe]/hook",
            "http://[fe80::1]/hook",
            "http://[fc00::1]/hook",
            "http://localhost/hook",
        ],
    )
    def test_non_public_addresses_are_refused(self, url):
        with pytest.raises(AddressRefused, match="not a public address"):
            target_resolve(url)

    @pytest.mark.parametrize(
        "url, message",
        [
            ("ftp://example.com/hook", "Only http"),
            ("file:///etc/passwd", "Only http"),
            ("gopher://example.com/", "Only http"),
            ("http://user:secret@example.com/", "no user name or password"),
            ("http:///nohost", "no host"),
        ],
    )
    def test_other_schemes_and_credentials_are_refused(self, url, message):
        with pytest.raises(AddressRefused, match=message):
            target_resolve(url)

    def test_a_name_resolving_to_loopback_is_refused(self, monkeypatch):
        fake_dns(monkeypatch, {"hooks.evil.example": ["127.0.0.1"]})
        with pytest.raises(AddressRefused, match="not a public address") as refused:
            target_resolve("https://hooks.evil.example/")
        assert "127.0.0.1" not in str(refused.value)  # no map of the network

    def test_one_private_answer_among_public_ones_is_refused(self, monkeypatch):
        fake_dns(monkeypatch, {"mixed.example": ["93.184.216.34", "10.0.0.1"]})
        with pytest.raises(AddressRefused, match="not a public address"):
            target_resolve("https://mixed.example/")

    def test_post_to_a_refused_address_sends_nothing(self, receiver):
        result = post(receiver.url, body=b"{}", headers={})
        assert result.status is None and result.error.startswith("Refused: ")
        assert not receiver.requests

    def test_the_setting_lets_private_addresses_through(self, settings, receiver):
        settings.WEBHOOKS_ALLOW_PRIVATE_ADDRESSES = True
        assert post(receiver.url, body=b"{}", headers={}).status == 200
        with pytest.raises(AddressRefused, match="Only http"):
            target_resolve("ftp://127.0.0.1/")


@pytest.mark.parametrize(
    "address, public",
    [
        ("93.184.216.34", True),
        ("2606:4700:4700::1111", True),
        ("8.8.8.8", True),
        ("2002:7f00:1::", False),  # 6to4 around 127.0.0.1
        ("2002:5db8:d822::", True),  # 6to4 around 93.184.216.34
        ("64:ff9b::a00:1", False),  # NAT64 around 10.0.0.1
        ("224.0.0.1", False),
        ("255.255.255.255", False),
        ("198.18.0.1", False),
        ("::", False),
    ],
)
def test_address_is_public(address, public):
    assert address_is_public(address) is public


@pytest.mark.usefixtures("allow_private")
class TestExchange:
    def test_connects_to_the_checked_address_with_the_name_as_host(
        self, monkeypatch, receiver
    ):
        asked = fake_dns(monkeypatch, {"hooks.example": ["127.0.0.1"]})
        port = receiver.server.server_port
        result = post(f"http://hooks.example:{port}/in?x=1", body=b"{}", headers={})

        # The name is resolved once; the connection goes to the address checked.
        assert result.ok and asked == ["hooks.example", "127.0.0.1"]
        (request,) = receiver.requests
        assert request["headers"]["host"] == f"hooks.example:{port}"
        assert request["path"] == "/in?x=1"

    def test_redirects_are_not_followed(self, receiver):
        receiver.status = 302
        receiver.extra_headers = {"Location": "http://169.254.169.254/"}
        result = post(receiver.url, body=b"{}", headers={})
        assert result.status == 302 and not result.ok
        assert len(receiver.requests) == 1

    def test_the_response_body_is_capped(self, receiver):
        receiver.response_body = b"x" * 500_000
        result = post(receiver.url, body=b"{}", headers={}, max_bytes=1024)
        assert result.status == 200 and len(result.body) == 1024

    def test_a_slow_receiver_times_out(self, receiver):
        receiver.delay = 3
        result = post(receiver.url, body=b"{}", headers={}, timeout=0.5)
        assert result.status is None and result.error == "Timed out"
        assert result.duration_ms < 2000

    def test_a_receiver_dripping_bytes_meets_the_deadline(self, drip_server):
        started = time.monotonic()
        result = post(drip_server, body=b"{}", headers={}, timeout=1)
        assert result.error == "Timed out" and result.status is None
        assert time.monotonic() - started < 2.5

    def test_a_connection_made_past_the_deadline_sends_nothing(
        self, receiver, monkeypatch
    ):
        """Otherwise the receiver would get the body while the attempt is
        logged as timed out, and the retry would deliver it twice."""
        connect = socket.create_connection

        def slow_connect(*args, **kwargs):
            time.sleep(0.6)
            return connect(*args, **kwargs)

        monkeypatch.setattr(socket, "create_connection", slow_connect)
        result = post(receiver.url, body=b"{}", headers={}, timeout=0.5)
        assert result.error == "Timed out" and result.status is None
        assert receiver.requests == []

    def test_a_closed_port_is_an_error(self):
        with socket.socket() as probe:
            probe.bind(("127.0.0.1", 0))
            port = probe.getsockname()[1]
        result = post(f"http://127.0.0.1:{port}/", body=b"{}", headers={})
        assert result.error == "Connection refused"


@pytest.fixture
def drip_server():
    """Answers with a status line, then one header byte every 0.2 s, for ever."""
    server = socket.socket()
    server.bind(("127.0.0.1", 0))
    server.listen()
    stop = threading.Event()

    def serve():
        connection, _ = server.accept()
        connection.recv(65536)
        connection.sendall(b"HTTP/1.1 200 OK\r\nX-Slow: ")
        while not stop.is_set():
            try:
                connection.sendall(b"a")
            except OSError:
                break
            time.sleep(0.2)
        connection.close()

    thread = threading.Thread(target=serve, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.getsockname()[1]}/"
    stop.set()
    server.close()


@pytest.mark.usefixtures("allow_private")
def test_https_speaks_tls_to_the_checked_address(receiver):
    # The receiver speaks plain HTTP: the TLS handshake, with SNI, fails cleanly.
    port = receiver.server.server_port
    result = post(f"https://127.0.0.1:{port}/", body=b"{}", headers={}, timeout=2)
    assert result.status is None and result.error.startswith("TLS error")
