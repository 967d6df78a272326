"""The worker gunicorn_conf.py names, served by real gunicorn: what gthread
promised still holds, and a request runs on the polling thread."""

import socket
import subprocess
import sys
import threading
import time
from contextlib import contextmanager
from pathlib import Path

import pytest

from cliffhanger.testing.servers import free_port

WORKER = "cliffhanger.core.gunicorn_worker.PollingThreadWorker"

# A WSGI app that names the thread it runs on, or sleeps first (?sleep=0.5).
APP = r"""
import threading, time
from urllib.parse import parse_qs

def application(environ, start_response):
    pause = float(parse_qs(environ["QUERY_STRING"]).get("sleep", ["0"])[0])
    time.sleep(pause)
    body = f"{environ['PATH_INFO']} {threading.current_thread().name}".encode()
    start_response("200 OK", [("Content-Type", "text/plain"),
                              ("Content-Length", str(len(body)))])
    return [body]
"""


@contextmanager
def gunicorn(tmp_path: Path, *options: str):
    (tmp_path / "tiny_app.py").write_text(APP)
    port = free_port()
    process = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "gunicorn",
            "--chdir",
            str(tmp_path),
            "--worker-class",
            WORKER,
            "--workers",
            "1",
            "--bind",
            f"127.0.0.1:{port}",
            "--keep-alive",
            "5",
            *options,
            "tiny_app:application",
        ],
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
    )
    try:
        deadline = time.monotonic() + 15
        while True:
            try:
                socket.create_connection(("127.0.0.1", port), timeout=1).close()
                break
            except OSError:
                if time.monotonic() > deadline or process.poll() is not None:
                    raise AssertionError("gunicorn did not start") from None
                time.sleep(0.05)
        yield port
    finally:
        process.terminate()
        output = process.communicate(timeout=30)[0].decode()
        assert "Traceback" not in output, output


class Connection:
    """A raw HTTP/1.1 connection that reads answers by their Content-Length."""

    def __init__(self, port: int, timeout: float = 5):
        self.sock = socket.create_connection(("127.0.0.1", port), timeout=timeout)
        self.buffer = b""

    def send(self, *paths: str) -> None:
        self.sock.sendall(
            b"".join(f"GET {p} HTTP/1.1\r\nHost: test\r\n\r\n".encode() for p in paths)
        )

    def answer(self) -> str:
        while b"\r\n\r\n" not in self.buffer:
            self._read()
        head, _, rest = self.buffer.partition(b"\r\n\r\n")
        length = next(
            int(line.split(b":")[1])
            for line in head.split(b"\r\n")
            if line.lower().startswith(b"content-length")
        )
        while len(rest) < length:
            self.buffer = head + b"\r\n\r\n" + rest
            self._read()
            rest = self.buffer.partition(b"\r\n\r\n")[2]
        self.buffer = rest[length:]
        return rest[:length].decode()

    def ask(self, path: str) -> str:
        self.send(path)
        return self.answer()

    def _read(self) -> None:
        data = self.sock.recv(65536)
        if not data:
            raise ConnectionError("closed")
        self.buffer += data

    def close(self) -> None:
        self.sock.close()


def ask_once(port: int, path: str, timeout: float = 5) -> str:
    """A request on a connection of its own."""
    client = Connection(port, timeout)
    try:
        return client.ask(path)
    finally:
        client.close()


def test_requests_on_a_kept_alive_connection_run_on_the_polling_thread(tmp_path):
    with gunicorn(tmp_path) as port:
        client = Connection(port)
        answers = [client.ask(f"/{n}") for n in range(3)]
        client.close()

    assert answers == ["/0 MainThread", "/1 MainThread", "/2 MainThread"]


def test_a_connection_that_sends_nothing_holds_up_nobody(tmp_path):
    with gunicorn(tmp_path) as port:
        silent = Connection(port)
        time.sleep(0.2)  # accepted, and waiting for its first request
        started = time.monotonic()
        assert ask_once(port, "/other") == "/other MainThread"
        assert time.monotonic() - started < 1
        assert silent.ask("/late") == "/late MainThread"
        silent.close()


def test_a_long_pipeline_is_answered_in_order(tmp_path):
    count = 400  # more than one read of the socket holds
    with gunicorn(tmp_path) as port:
        client = Connection(port, timeout=10)
        client.send(*(f"/{n}" for n in range(count)))
        answers = [client.answer() for _ in range(count)]
        client.close()

    assert answers == [f"/{n} MainThread" for n in range(count)]


def test_a_request_past_the_timeout_has_its_worker_replaced(tmp_path):
    with gunicorn(tmp_path, "--timeout", "1", "--graceful-timeout", "1") as port:
        with pytest.raises(ConnectionError):  # its worker was killed mid-request
            ask_once(port, "/hang?sleep=30", timeout=15)
        assert ask_once(port, "/after", timeout=15) == "/after MainThread"


def test_with_more_threads_it_is_gthread(tmp_path):
    with gunicorn(tmp_path, "--threads", "2") as port:
        answers = []

        def slow(path):
            answers.append(ask_once(port, path + "?sleep=0.6"))

        started = time.monotonic()
        clients = [threading.Thread(target=slow, args=(f"/{n}",)) for n in range(2)]
        for client in clients:
            client.start()
        for client in clients:
            client.join()
        took = time.monotonic() - started

    assert took < 1.1  # the two slept side by side
    assert all("MainThread" not in answer for answer in answers)
