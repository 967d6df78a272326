"""Purges reach a reverse proxy in front (a real HTTP listener on loopback)."""

import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from cliffhanger.newsroom.tests.factories import ArticlePageFactory, AuthorFactory


class PurgeRecorder(BaseHTTPRequestHandler):
    purged: list[str] = []

    def do_PURGE(self):  # noqa: N802 (the HTTP method's name)
        self.purged.append(self.path)
        self.send_response(200)
        self.end_headers()

    def log_message(self, *args):
        pass


@pytest.fixture
def proxy(settings):
    PurgeRecorder.purged = []
    server = ThreadingHTTPServer(("127.0.0.1", 0), PurgeRecorder)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    settings.WAGTAILFRONTENDCACHE = {
        "default": {
            "BACKEND": "wagtail.contrib.frontend_cache.backends.HTTPBackend",
            "LOCATION": f"http://127.0.0.1:{server.server_port}",
        }
    }
    yield PurgeRecorder.purged
    server.shutdown()
    server.server_close()


def test_publishing_purges_the_article_and_its_listings(proxy, section):
    author = AuthorFactory(name="Ada Lane", slug="ada-lane")
    article = ArticlePageFactory(
        parent=section, slug="news", live=False, authors=[author]
    )
    article.tags.add("Netflix")
    article.save_revision().publish()

    assert {
        "/entertainment/news/",
        "/",
        "/entertainment/",
        "/tag/netflix/",
        "/author/ada-lane/",
    } <= set(proxy)


def test_a_status_change_purges_the_board(proxy, season_one, record):
    from datetime import date

    record(season_one, "renewed", date(2026, 11, 1))

    assert "/shows/" in proxy
