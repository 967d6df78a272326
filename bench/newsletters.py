"""
Benchmark of sending a newsletter issue to 10,000 subscribers against a real
SMTP server (aiosmtpd, in its own process on 127.0.0.1), side by side with a
reference in the same run.

    .venv/bin/python bench/newsletters.py            # 10,000 subscribers
    .venv/bin/python bench/newsletters.py 2000       # another count

Sets up its own throwaway SQLite database (migrate) in a temporary directory,
as bench/webhooks.py does, with production's task backend (django_tasks_db),
one newsletter, one issue and N confirmed subscribers. Then, each against a
fresh SMTP server that counts what it accepts:

  1. reference: the same messages (HTML + text, each subscriber's own
     unsubscribe link and List-Unsubscribe headers), built in a loop and sent
     with Django's `send_messages` over one connection, as `send_mass_mail`
     does: no database writes, no delivery rows, no resume;
  2. Cliffhanger: `issue_send_start` (what the admin's "Send now" runs: the
     time a web request waits), then the project's task worker (manage.py
     run_worker --batch, in this process) fans out the deliveries and sends
     the batches, claiming and recording each delivery.

Reports seconds, mails per second and what the server received. Prints a
Markdown report and writes it to bench/results/newsletters.md. A benchmark,
not a test.
"""

from __future__ import annotations

import subprocess
import sys
import textwrap
import time
from contextlib import contextmanager
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

RESULTS_FILE = REPO_DIR / "bench" / "results" / "newsletters.md"
SUBSCRIBERS = 10_000

# The SMTP server: aiosmtpd counting accepted messages and recipients; prints
# the counts when its standard input closes.
SERVER = textwrap.dedent(
    """
    import sys
    from aiosmtpd.controller import Controller

    class Counter:
        messages = recipients = 0

        async def handle_DATA(self, server, session, envelope):
            Counter.messages += 1
            Counter.recipients += len(envelope.rcpt_tos)
            return "250 OK"

    controller = Controller(Counter(), hostname="127.0.0.1", port=int(sys.argv[1]))
    controller.start()
    print("ready", flush=True)
    sys.stdin.read()
    controller.stop()
    print(Counter.messages, Counter.recipients, flush=True)
    """
)


def _free_port() -> int:
    import socket

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@contextmanager
def smtp_server(counts: dict):
    """A fresh SMTP server for one run; `counts` gets what it accepted."""
    from django.conf import settings

    port = _free_port()
    process = subprocess.Popen(
        [sys.executable, "-c", SERVER, str(port)],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )
    assert process.stdout.readline().strip() == "ready"
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT = "127.0.0.1", port
    settings.EMAIL_HOST_USER = settings.EMAIL_HOST_PASSWORD = ""
    settings.EMAIL_USE_TLS = settings.EMAIL_USE_SSL = False
    try:
        yield
    finally:
        out, _ = process.communicate("", timeout=60)
        messages, recipients = out.split()[-2:]
        counts.update(messages=int(messages), recipients=int(recipients))


def prepare(count: int):
    from django.core.management import call_command
    from django.utils import timezone

    from cliffhanger.newsletters.models import Issue, Newsletter, Subscription

    call_command("migrate", verbosity=0, interactive=False)
    newsletter = Newsletter.objects.create(
        title="Daily headlines", slug="daily-headlines", kind="headlines"
    )
    confirmed = timezone.now() - timezone.timedelta(days=1)
    Subscription.objects.bulk_create(
        Subscription(
            newsletter=newsletter,
            email=f"reader{n}@example.org",
            confirmed_at=confirmed,
        )
        for n in range(count)
    )
    items = "".join(
        f'<li><h2><a href="https://example.org/tv/story-{n}/">Story {n}: a season '
        f"is renewed</a></h2><p>What the network said and when it returns.</p></li>"
        for n in range(12)
    )
    now = timezone.now()
    issue = Issue.objects.create(
        newsletter=newsletter,
        subject="Daily headlines: Story 0 and 11 more",
        content_html=f"<ul>{items}</ul>",
        content_text="\n\n".join(
            f"Story {n}: a season is renewed\nhttps://example.org/tv/story-{n}/"
            for n in range(12)
        ),
        period_start=now,
        period_end=now,
    )
    log(f"{count:,} subscribers and one issue ready")
    return issue


def run_reference(issue) -> dict:
    """The same messages, built and sent over one connection (send_mass_mail's way)."""
    from django.core.mail import get_connection

    from cliffhanger.newsletters.links import unsubscribe_token, unsubscribe_url
    from cliffhanger.newsletters.mail import issue_message, issue_parts

    counts: dict = {}
    with smtp_server(counts):
        started = time.perf_counter()
        connection = get_connection()
        parts = issue_parts(issue)
        messages = [
            issue_message(
                parts,
                to=subscription.email,
                unsubscribe_url=unsubscribe_url(subscription),
                token=unsubscribe_token(subscription),
            )
            for subscription in issue.newsletter.subscriptions.all()
        ]
        sent = connection.send_messages(messages)
        seconds = time.perf_counter() - started
    log(f"reference: {sent:,} in {seconds:.1f} s")
    return {"seconds": seconds, "sent": sent, **counts}


def run_cliffhanger(issue) -> dict:
    from django.core.management import call_command
    from django.db import transaction

    from cliffhanger.newsletters.models import Delivery, IssueStatus
    from cliffhanger.newsletters.sending import issue_send_start

    counts: dict = {}
    with smtp_server(counts):
        started = time.perf_counter()
        with transaction.atomic():
            issue_send_start(issue=issue)
        request_seconds = time.perf_counter() - started
        call_command(
            "run_worker", batch=True, interval=0.05, startup_delay=False, verbosity=0
        )
        seconds = time.perf_counter() - started
    issue.refresh_from_db()
    log(f"cliffhanger: {issue.status} in {seconds:.1f} s")
    return {
        "seconds": seconds,
        "request_ms": request_seconds * 1000,
        "status": issue.status,
        "sent": Delivery.objects.filter(issue=issue, status="sent").count(),
        "deliveries": Delivery.objects.filter(issue=issue).count(),
        "finished": issue.status == IssueStatus.SENT,
        **counts,
    }


def render_report(machine: dict, count: int, ref: dict, ours: dict) -> str:
    from django.conf import settings

    machine_lines = "\n".join(f"- {key}: {value}" for key, value in machine.items())
    share = 100 * ref["seconds"] / ours["seconds"]
    return (
        f"# Newsletters: one issue to {count:,} subscribers over SMTP\n\n"
        f"Cliffhanger's send runs at {share:.0f}% of the reference's rate, and "
        "the request that starts it returns at once.\n\n"
        + "\n".join(
            table(
                [
                    "",
                    "reference: send_messages, one connection",
                    "Cliffhanger: task worker",
                ],
                comparison_rows(count, ref, ours),
                text_columns=1,
            )
        )
        + "\n\n"
        "Both send the same messages (multipart/alternative HTML + text, each "
        "with its own one-click List-Unsubscribe link) to aiosmtpd on 127.0.0.1 "
        "in its own process. The reference builds them in a loop and sends them "
        "with Django's `send_messages` over one connection (what `send_mass_mail` "
        "does) and writes nothing. Cliffhanger's run is `issue_send_start` then "
        "the project's worker (`run_worker --batch`, django_tasks_db, one worker, "
        "SQLite throwaway): delivery rows made in chunks, batches of "
        f"{settings.NEWSLETTERS_BATCH_SIZE} per task and SMTP connection, each "
        "delivery claimed in the commit that records the previous one.\n\n"
        f"{machine_lines}\n"
    )


def comparison_rows(count: int, ref: dict, ours: dict) -> list[list[str]]:
    """The reference's send and Cliffhanger's side by side, one row per measure."""

    def rate(result):
        return f"{result['messages'] / result['seconds']:,.0f}"

    return [
        ["subscribers", f"{count:,}", f"{count:,}"],
        [
            "mails accepted by the SMTP server",
            f"{ref['messages']:,}",
            f"{ours['messages']:,}",
        ],
        ["distinct recipients", f"{ref['recipients']:,}", f"{ours['recipients']:,}"],
        [
            "seconds, start to last mail",
            f"{ref['seconds']:.1f}",
            f"{ours['seconds']:.1f}",
        ],
        ["**mails per second**", f"**{rate(ref)}**", f"**{rate(ours)}**"],
        [
            "web request's wait (Send now)",
            "the whole send",
            f"{ours['request_ms']:.0f} ms",
        ],
        [
            "delivery rows (sent / made)",
            "none",
            f"{ours['sent']:,} / {ours['deliveries']:,}",
        ],
        ["survives a worker restart, never twice", "no", "yes"],
    ]


def main() -> int:
    count = int(sys.argv[1]) if len(sys.argv) > 1 else SUBSCRIBERS
    with throwaway_django():
        machine = machine_summary()
        issue = prepare(count)
        reference = run_reference(issue)
        ours = run_cliffhanger(issue)
        report = render_report(machine, count, reference, ours)
    publish_report(report, RESULTS_FILE)
    ok = ours["finished"] and ours["messages"] == count == ours["recipients"]
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
