"""
A real HTTP receiver on 127.0.0.1 (a ThreadingHTTPServer in a thread) that
records each request and answers as a test tells it to, and endpoints that
point at it. The receiver never touches the database.
"""

import contextlib
import threading
import time
from collections import Counter
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
from standardwebhooks import Webhook

from cliffhanger.predictions.tests.conftest import make_poll, prediction  # noqa: F401
from cliffhanger.tracker.tests.conftest import (  # noqa: F401
    article,
    netflix,
    partner_track,
    record,
    season_one,
    section,
)
from cliffhanger.webhooks.models import Endpoint, EventType


class Receiver:
    """What came in, and how to answer: fail each message's first N tries, slow, huge."""

    def __init__(self):
        self.requests: list[dict] = []
        self.fail_first = 0
        self.status = 200
        self.delay = 0.0
        self.response_body = b'{"ok":true}'
        self.extra_headers: dict[str, str] = {}
        self.lock = threading.Lock()
        self._tries = Counter()
        self.server = ThreadingHTTPServer(("127.0.0.1", 0), self._handler())
        self.server.daemon_threads = True
        self.url = f"http://127.0.0.1:{self.server.server_port}/hooks"

    def _answer(self, message_id: str) -> int:
        with self.lock:
            self._tries[message_id] += 1
            if self._tries[message_id] <= self.fail_first:
                return 500
        return self.status

    def _handler(self):
        receiver = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self):
                body = self.rfile.read(int(self.headers.get("Content-Length", 0)))
                headers = {k.lower(): v for k, v in self.headers.items()}
                with receiver.lock:
                    receiver.requests.append(
                        {"path": self.path, "headers": headers, "body": body}
                    )
                status = receiver._answer(headers.get("webhook-id", ""))
                if receiver.delay:
                    time.sleep(receiver.delay)
                self.send_response(status)
                for name, value in receiver.extra_headers.items():
                    self.send_header(name, value)
                self.send_header("Content-Length", str(len(receiver.response_body)))
                self.end_headers()
                # The sender may stop reading at its cap and hang up.
                with contextlib.suppress(OSError):
                    self.wfile.write(receiver.response_body)

            def log_message(self, *args):
                pass

        return Handler

    def start(self):
        self.thread = threading.Thread(
            target=self.server.serve_forever,
            kwargs={"poll_interval": 0.05},
            daemon=True,
        )
        self.thread.start()

    def stop(self):
        self.server.shutdown()
        self.server.server_close()


@pytest.fixture
def receiver():
    receiver = Receiver()
    receiver.start()
    yield receiver
    receiver.stop()


@pytest.fixture
def allow_private(settings):
    settings.WEBHOOKS_ALLOW_PRIVATE_ADDRESSES = True


@pytest.fixture
def owner(django_user_model):
    return django_user_model.objects.create_user(
        username="hook-owner", email="owner@example.com", password="pw"
    )


@pytest.fixture
def endpoint(receiver, allow_private, owner):
    return Endpoint.objects.create(
        url=receiver.url, events=list(EventType.values), owner=owner
    )


def verified(request: dict, secret: str) -> dict:
    """The payload, once the Standard Webhooks reference library accepts its signature."""
    return Webhook(secret).verify(request["body"], request["headers"])
