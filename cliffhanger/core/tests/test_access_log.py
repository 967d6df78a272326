"""The access log keeps no credentials and, by default, no addresses."""

from datetime import timedelta
from types import SimpleNamespace

import pytest
from gunicorn.config import Config

from cliffhanger.core.access_log import RedactingLogger, redact


@pytest.mark.parametrize(
    "path",
    [
        "/comments/replies/unsubscribe/eyJoIjoiYWJjIn0:1tQx:abc/",
        "/comments/replies/confirm/eyJoIjoiYWJjIn0:1tQx:abc/",
        "/shows/follow/confirm/eyJ2Ijox:1tQx:sig/",
        "/comments/moderate/eyJjIjo1fQ:1tQx:sig/?next=/x",
    ],
)
def test_tokens_in_links_are_redacted(path):
    assert ":1tQx:" not in redact(f"GET {path} HTTP/1.1")
    assert "[token]" in redact(path)


def atoms(monkeypatch, **env):
    for name, value in env.items():
        monkeypatch.setenv(name, value)
    logger = RedactingLogger(Config())
    environ = {
        "REQUEST_METHOD": "GET",
        "RAW_URI": "/shows/follow/unsubscribe/eyJ2Ijox:1tQx:sig/",
        "PATH_INFO": "/shows/follow/unsubscribe/eyJ2Ijox:1tQx:sig/",
        "QUERY_STRING": "",
        "SERVER_PROTOCOL": "HTTP/1.1",
        "REMOTE_ADDR": "203.0.113.9",
    }
    request = SimpleNamespace(headers=[("X-FORWARDED-FOR", "198.51.100.4")])
    response = SimpleNamespace(status="200 OK", sent=10, headers=[])
    return logger.atoms(response, request, environ, timedelta(milliseconds=3))


def test_addresses_are_left_out_unless_asked_for(monkeypatch):
    monkeypatch.delenv("DEBUG", raising=False)
    monkeypatch.delenv("LOG_CLIENT_ADDRESSES", raising=False)

    line = atoms(monkeypatch)

    assert line["h"] == "-" and line["{x-forwarded-for}i"] == "-"
    assert "sig" not in line["r"] and "sig" not in line["U"]


def test_an_operator_may_log_addresses(monkeypatch):
    line = atoms(monkeypatch, LOG_CLIENT_ADDRESSES="true")

    assert line["h"] == "203.0.113.9"
