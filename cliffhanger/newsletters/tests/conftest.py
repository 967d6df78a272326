"""A real SMTP server (aiosmtpd on 127.0.0.1) and the newsletters' test data."""

import socket
from datetime import UTC, datetime, timedelta
from email import message_from_bytes, policy

import pytest
from aiosmtpd.controller import Controller
from django.utils import timezone

from cliffhanger.newsroom.tests.factories import ArticlePageFactory, SectionPageFactory

from .factories import NewsletterFactory, SubscriptionFactory


class Inbox:
    """What the SMTP server received: each message, and each connection."""

    def __init__(self):
        self.messages = []
        self.sessions = []

    async def handle_DATA(self, server, session, envelope):
        if not any(seen is session for seen in self.sessions):
            self.sessions.append(session)
        message = message_from_bytes(envelope.content, policy=policy.default)
        self.messages.append((list(envelope.rcpt_tos), message))
        return "250 Message accepted"

    @property
    def recipients(self) -> list[str]:
        return [to for rcpt_tos, _ in self.messages for to in rcpt_tos]


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture
def smtp_server(settings):
    """aiosmtpd started for the test; Django's SMTP backend pointed at it."""
    inbox = Inbox()
    controller = Controller(inbox, hostname="127.0.0.1", port=_free_port())
    controller.start()
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT = "127.0.0.1", controller.port
    settings.EMAIL_HOST_USER = settings.EMAIL_HOST_PASSWORD = ""
    settings.EMAIL_USE_TLS = settings.EMAIL_USE_SSL = False
    try:
        yield inbox
    finally:
        controller.stop()


@pytest.fixture
def section(home):
    return SectionPageFactory(parent=home, title="Entertainment", slug="entertainment")


@pytest.fixture
def articles(section):
    now = timezone.now()
    return [
        ArticlePageFactory(
            parent=section,
            title=f"Story {n}",
            slug=f"story-{n}",
            first_published_at=now - timedelta(hours=n + 1),
        )
        for n in range(3)
    ]


@pytest.fixture
def newsletter(db):
    return NewsletterFactory(title="Daily headlines", slug="daily-headlines")


@pytest.fixture
def subscribers(newsletter):
    def make(count: int):
        return SubscriptionFactory.create_batch(count, newsletter=newsletter)

    return make


@pytest.fixture
def long_ago():
    return datetime(2020, 1, 1, tzinfo=UTC)
