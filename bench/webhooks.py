"""
Benchmark of webhook deliveries, against issue 22's target: "1,000 events
queued in a burst are all delivered to a local receiver within 60 s with
every signature valid".

    .venv/bin/python bench/webhooks.py            # 1,000 events
    .venv/bin/python bench/webhooks.py 200        # another count

Sets up its own throwaway SQLite database (migrate, load_demo) in a temporary
directory, as bench/article_page.py does, with production's task backend
(django_tasks_db). Then:

  1. the burst: N readers' comments posted straight to approved on a demo
     article (comment_create), each one a `comment.approved` event, so N
     queued record tasks (the worker records each delivery), through the same code as the site;
  2. the project's task worker (manage.py run_worker --batch, in this
     process) runs the queue until it is empty;
  3. a ThreadingHTTPServer on 127.0.0.1 checks each signature with the
     Standard Webhooks reference library (`standardwebhooks`) as it arrives.

Reports the seconds to queue the burst, the seconds for the worker to deliver
it, the total, deliveries per second, and how many signatures were valid.
Prints a Markdown report and writes it to bench/results/webhooks.md. A
benchmark, not a test: it stops only when something is not delivered.
"""

from __future__ import annotations

import sys
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from article_page import (  # noqa: E402  (bench/ is not a package)
    REPO_DIR,
    log,
    machine_summary,
    publish_report,
    table,
    throwaway_django,
)

RESULTS_FILE = REPO_DIR / "bench" / "results" / "webhooks.md"
EVENTS = 1_000
TARGET_SECONDS = 60


class SignatureCheckingReceiver:
    """Answers 204 to every POST and checks its signature with the reference library."""

    def __init__(self):
        self.valid = 0
        self.invalid = 0
        self.message_ids: set[str] = set()
        self.lock = threading.Lock()
        self.webhook = None  # standardwebhooks.Webhook, once the secret is known
        self.server = ThreadingHTTPServer(("127.0.0.1", 0), self._handler())
        self.server.daemon_threads = True
        self.url = f"http://127.0.0.1:{self.server.server_port}/hooks"
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def _handler(self):
        receiver = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self):
                body = self.rfile.read(int(self.headers.get("Content-Length", 0)))
                receiver.check(body, dict(self.headers.items()))
                self.send_response(204)
                self.end_headers()

            def log_message(self, *args):
                pass

        return Handler

    def check(self, body: bytes, headers: dict) -> None:
        from standardwebhooks import WebhookVerificationError

        try:
            self.webhook.verify(body, headers)
            ok = True
        except WebhookVerificationError:
            ok = False
        with self.lock:
            self.valid += ok
            self.invalid += not ok
            self.message_ids.add(headers.get("webhook-id", ""))


def burst(article, count: int) -> float:
    """Post `count` approved comments; each queues one delivery. Returns seconds."""
    from cliffhanger.discussion.models import CommentStatus
    from cliffhanger.discussion.services import comment_create

    started = time.perf_counter()
    for number in range(count):
        comment_create(
            article=article,
            body=f"Season {number + 2}, please.",
            author_name=f"Reader {number}",
            status=CommentStatus.APPROVED,
        )
    return time.perf_counter() - started


def run_worker() -> float:
    from django.core.management import call_command

    started = time.perf_counter()
    call_command(
        "run_worker", batch=True, interval=0.05, startup_delay=False, verbosity=0
    )
    return time.perf_counter() - started


def measure(count: int) -> dict:
    from django.conf import settings
    from django.core.management import call_command
    from standardwebhooks import Webhook

    from cliffhanger.newsroom.models import ArticlePage
    from cliffhanger.webhooks.models import Delivery, DeliveryAttempt, Endpoint

    call_command("migrate", verbosity=0, interactive=False)
    call_command("load_demo", verbosity=0)
    log("database ready")
    settings.WEBHOOKS_ALLOW_PRIVATE_ADDRESSES = True  # the receiver is on 127.0.0.1
    receiver = SignatureCheckingReceiver()
    endpoint = Endpoint.objects.create(url=receiver.url, events=["comment.approved"])
    receiver.webhook = Webhook(endpoint.secret)
    article = ArticlePage.objects.live().first()

    queue_seconds = burst(article, count)
    log(f"{count} events queued in {queue_seconds:.1f} s")
    deliver_seconds = run_worker()
    log(f"worker done in {deliver_seconds:.1f} s")
    receiver.server.shutdown()
    return {
        "events": count,
        "queue_seconds": queue_seconds,
        "deliver_seconds": deliver_seconds,
        "succeeded": Delivery.objects.filter(status="succeeded").count(),
        "attempts": DeliveryAttempt.objects.count(),
        "valid": receiver.valid,
        "invalid": receiver.invalid,
        "distinct_ids": len(receiver.message_ids),
    }


def render_report(machine: dict, result: dict) -> str:
    total = result["queue_seconds"] + result["deliver_seconds"]
    verdict = "met" if total < TARGET_SECONDS and not result["invalid"] else "MISSED"
    rows = [
        ["events (approved comments)", f"{result['events']:,}"],
        [
            "queue the burst (comments and their record tasks)",
            f"{result['queue_seconds']:.1f} s",
        ],
        ["worker delivers them all", f"{result['deliver_seconds']:.1f} s"],
        ["total, first event to last delivery", f"{total:.1f} s"],
        [
            "deliveries per second (worker)",
            f"{result['events'] / result['deliver_seconds']:.0f}",
        ],
        [
            "deliveries succeeded / attempts",
            f"{result['succeeded']:,} / {result['attempts']:,}",
        ],
        ["signatures valid / invalid", f"{result['valid']:,} / {result['invalid']}"],
        ["distinct webhook-id values", f"{result['distinct_ids']:,}"],
    ]
    machine_lines = "\n".join(f"- {key}: {value}" for key, value in machine.items())
    return (
        "# Webhooks: a burst of events to a local receiver\n\n"
        f"Target: {result['events']:,} events delivered within {TARGET_SECONDS} s, "
        f"every signature valid: **{verdict}**.\n\n"
        + "\n".join(table(["", "measured"], rows, text_columns=1))
        + "\n\n"
        "SQLite (throwaway), django_tasks_db with the project's worker in batch "
        "mode, one worker, the receiver on 127.0.0.1 checking signatures with "
        "`standardwebhooks`.\n\n"
        f"{machine_lines}\n"
    )


def main() -> int:
    count = int(sys.argv[1]) if len(sys.argv) > 1 else EVENTS
    with throwaway_django():
        machine = machine_summary()
        result = measure(count)
    publish_report(render_report(machine, result), RESULTS_FILE)
    delivered = result["succeeded"] == count and result["valid"] == count
    return 0 if delivered else 1


if __name__ == "__main__":
    sys.exit(main())
