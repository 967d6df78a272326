"""The access log keeps no credentials and, by default, no addresses."""

from datetime import timedelta
from types import SimpleNamespace

import pytest
from gunicorn.config import Config
from gunicorn.glogging import Logger

from cliffhanger import gunicorn_conf
from cliffhanger.core.access_log import ATOM_NAME, RedactingLogger, redact


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
    config = Config()
    config.set("access_log_format", '%(h)s "%(r)s" %({x-forwarded-for}i)s')
    logger = RedactingLogger(config)
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


def a_request():
    path = "/comments/replies/confirm/eyJoIjoiYWJjIn0:1tQx:abc/"
    environ = {
        "REQUEST_METHOD": "GET",
        "RAW_URI": path + "?x=1",
        "PATH_INFO": path,
        "QUERY_STRING": "x=1",
        "SERVER_PROTOCOL": "HTTP/1.1",
        "REMOTE_ADDR": "203.0.113.9",
        "HTTP_REFERER": "https://example.com/shows/follow/unsubscribe/eyJ2:1tQx:sig/",
        "HTTP_USER_AGENT": 'Mozilla/5.0 "quoted"',
        "HTTP_AUTHORIZATION": "Basic ZWRpdG9yOnNlY3JldA==",
        "wsgi.url_scheme": "http",
    }
    request = SimpleNamespace(
        headers=[
            ("HOST", "127.0.0.1"),
            ("X-FORWARDED-FOR", "198.51.100.4"),
            ("REFERER", environ["HTTP_REFERER"]),
        ]
    )
    response = SimpleNamespace(
        status="404 Not Found",
        sent=1234,
        headers=[("Content-Type", "text/html"), ("X-Request-ID", "abc123")],
    )
    return response, request, environ, timedelta(seconds=1, microseconds=2345)


def test_the_atoms_a_line_uses_are_gunicorns_own(monkeypatch):
    """Made only when named, but each one means what gunicorn's means."""
    monkeypatch.setenv("LOG_CLIENT_ADDRESSES", "true")
    config = Config()
    config.set(
        "access_log_format",
        gunicorn_conf.access_log_format
        + " %(m)s %(U)s %(q)s %(H)s %(B)s %(T)s %(D)s %(L)s %(p)s"
        + " %({X-Forwarded-For}i)s %({referer}i)s %({content-type}o)s"
        + " %({wsgi.url_scheme}e)s %({missing}i)s",
    )
    ours = RedactingLogger(config).atoms(*a_request())
    theirs = Logger.atoms(RedactingLogger(config), *a_request())

    named = {
        name.lower() if name.startswith("{") else name
        for name in ATOM_NAME.findall(config.access_log_format)
    }
    assert "{missing}i" not in ours and "{missing}i" not in theirs
    for atom in sorted(named - {"t", "{missing}i"}):
        expected = theirs[atom]
        if atom in ("r", "U", "{referer}i", "f"):
            expected = redact(expected)
        assert ours[atom] == expected, atom
    assert ours["u"] == "editor"
    assert ours["{x-request-id}o"] == "abc123"  # what JSON lines read, unnamed


def test_a_text_line_reads_as_before(monkeypatch, capsys):
    monkeypatch.delenv("LOG_CLIENT_ADDRESSES", raising=False)
    monkeypatch.delenv("DEBUG", raising=False)
    config = Config()
    config.set("accesslog", "-")
    config.set("access_log_format", gunicorn_conf.access_log_format)
    RedactingLogger(config).access(*a_request())

    line = capsys.readouterr().out.strip()
    assert line.startswith("- - editor [")
    assert line.endswith(
        '"GET /comments/replies/confirm/[token]/?x=1 HTTP/1.1" 404 1234'
        ' "https://example.com/shows/follow/unsubscribe/[token]/"'
        ' "Mozilla/5.0 \\"quoted\\"" 1002ms abc123'
    )
