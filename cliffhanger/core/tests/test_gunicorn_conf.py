"""gunicorn settings from the environment, and its access lines as JSON."""

import importlib
import json
import logging

import pytest
from gunicorn.glogging import SafeAtoms

from cliffhanger import gunicorn_conf
from cliffhanger.core.logs import JsonFormatter

VARIABLES = [
    "WEB_CONCURRENCY",
    "GUNICORN_THREADS",
    "GUNICORN_TIMEOUT",
    "GUNICORN_PRELOAD",
    "GUNICORN_BIND",
    "HOST",
    "PORT",
    "LOG_FORMAT",
]


@pytest.fixture
def load_conf(monkeypatch):
    """The config module as gunicorn would read it under the given environment."""
    for name in VARIABLES:
        monkeypatch.delenv(name, raising=False)

    def load(**env):
        for name, value in env.items():
            monkeypatch.setenv(name, value)
        return importlib.reload(gunicorn_conf)

    yield load
    monkeypatch.undo()
    importlib.reload(gunicorn_conf)


def test_defaults_follow_the_cpus(load_conf, monkeypatch):
    monkeypatch.setattr("os.sched_getaffinity", lambda pid: {0, 1, 2})

    conf = load_conf()

    assert conf.workers == 4
    # One thread per worker: threads contending for the GIL cost posts more
    # than they overlap; gthread's poller still keeps idle keep-alive connections.
    assert conf.threads == 1
    assert conf.worker_class == "cliffhanger.core.gunicorn_worker.PollingThreadWorker"
    assert conf.preload_app is True
    assert conf.bind == ["127.0.0.1:8000"]
    assert conf.accesslog == "-"
    assert "%({x-request-id}o)s" in conf.access_log_format
    assert conf.timeout == 30
    assert conf.graceful_timeout == 30


def test_environment_overrides(load_conf):
    conf = load_conf(
        WEB_CONCURRENCY="3",
        GUNICORN_THREADS="8",
        GUNICORN_TIMEOUT="60",
        GUNICORN_PRELOAD="false",
        HOST="0.0.0.0",
        PORT="9000",
    )

    assert (conf.workers, conf.threads, conf.timeout) == (3, 8, 60)
    assert conf.preload_app is False
    assert conf.bind == ["0.0.0.0:9000"]


def test_json_access_lines_carry_the_request_fields(load_conf):
    conf = load_conf(LOG_FORMAT="json")
    assert conf.accesslog is None
    assert conf.logconfig_dict["loggers"]["gunicorn.access"]["handlers"] == ["console"]
    atoms = {
        "h": "203.0.113.9",
        "m": "GET",
        "U": "/shows/",
        "q": "page=2",
        "s": "200",
        "B": 5120,
        "M": 12,
        "f": "-",
        "a": "curl/8",
        "r": "GET /shows/?page=2 HTTP/1.1",
        "{x-request-id}o": "abc-123",
    }
    record = logging.getLogger("gunicorn.access").makeRecord(
        "gunicorn.access",
        logging.INFO,
        __file__,
        1,
        '%(h)s "%(r)s" %(s)s',  # what gunicorn logs: its format and the atoms
        (SafeAtoms(atoms),),
        None,
    )

    data = json.loads(JsonFormatter().format(record))

    assert data["request_id"] == "abc-123"
    assert data["status"] == 200
    assert (data["method"], data["path"], data["query"]) == ("GET", "/shows/", "page=2")
    assert data["duration_ms"] == 12
