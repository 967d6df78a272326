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


def test_a_comment_purges_its_article_once_committed(
    proxy, article, django_capture_on_commit_callbacks
):
    from cliffhanger.discussion.services import comment_create

    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        comment_create(article=article, body="First!", author_name="Bo")
    assert proxy == []  # nothing before the commit

    for callback in callbacks:
        callback()
    assert set(proxy) == {article.url}


def test_a_rating_purges_its_show_and_a_prediction_vote_the_board(
    proxy, article, season_one, make_poll, django_capture_on_commit_callbacks
):
    from cliffhanger.predictions.services import poll_vote_cast, season_rate

    proxy.clear()  # what setting up the show purged
    with django_capture_on_commit_callbacks(execute=True):
        season_rate(season=season_one, stars=4, reader_key="r", address_key="a")
    assert set(proxy) == {"/shows/partner-track/"}

    poll = make_poll(
        article=article,
        season=season_one,
        show=season_one.show,
        options=(("Yes", "renewed"), ("No", "cancelled")),
    )
    proxy.clear()
    with django_capture_on_commit_callbacks(execute=True):
        poll_vote_cast(
            poll=poll,
            option_id=poll.options.first().pk,
            reader_key="r",
            address_key="a",
        )
    assert set(proxy) == {article.url, "/shows/partner-track/", "/shows/"}


def test_an_editors_pick_purges_its_article(
    proxy, article, django_capture_on_commit_callbacks
):
    from cliffhanger.discussion.services import comment_create, comment_feature

    comment = comment_create(article=article, body="Sharp.", author_name="Di")
    proxy.clear()
    with django_capture_on_commit_callbacks(execute=True):
        comment_feature(comment=comment)

    assert set(proxy) == {article.url}


def test_a_view_restriction_purges_the_page_once_committed(
    proxy, article, django_capture_on_commit_callbacks
):
    from wagtail.models import PageViewRestriction

    proxy.clear()
    with django_capture_on_commit_callbacks(execute=True):
        PageViewRestriction.objects.create(
            page=article, restriction_type=PageViewRestriction.PASSWORD, password="pw"
        )

    assert article.url in proxy


@pytest.mark.django_db(transaction=True, serialized_rollback=True)  # as live
def test_readers_changes_purge_a_page_once_per_window(proxy, article, settings):
    import time

    from cliffhanger.discussion.services import comment_create

    settings.FRONTEND_CACHE_PURGE_COALESCE_SECONDS = 1
    # The purge is a task for the worker, due when the window closes.
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    proxy.clear()
    for n in range(5):  # a burst of comments on one article
        comment_create(article=article, body=f"Comment {n}", author_name="Bo")
    run_due_tasks()
    assert proxy == []  # not yet: the window is open
    # Kept in the database, so a server restarting meanwhile loses no purge.
    from django_tasks_db.models import DBTaskResult

    assert (
        DBTaskResult.objects.filter(task_path__endswith="purge_urls_task").count() == 1
    )

    time.sleep(1.6)
    run_due_tasks()
    assert proxy == [article.url]  # one purge for the burst

    comment_create(article=article, body="Later", author_name="Bo")
    time.sleep(1.6)  # the window closed: the next comment scheduled a new purge
    run_due_tasks()
    assert proxy == [article.url, article.url]


def run_due_tasks():
    """One pass of the task worker over what is due now."""
    from django.core.management import call_command

    call_command("run_worker", "--batch", "--no-startup-delay", verbosity=0)


def test_a_change_inside_the_window_costs_no_lookup(
    proxy, article, settings, django_assert_num_queries
):
    from cliffhanger.caching.purge import purge_soon

    settings.FRONTEND_CACHE_PURGE_COALESCE_SECONDS = 1
    # A backend that defers, as production's does (the immediate one purges at once).
    settings.TASKS = {
        "default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}
    }
    looked_up = []

    def urls():
        looked_up.append(article.pk)
        return [article.url]

    purge_soon(f"article:{article.pk}", urls)  # opens the window: looks the page up

    with django_assert_num_queries(0):
        purge_soon(f"article:{article.pk}", urls)
    assert looked_up == [article.pk]


def test_a_backend_that_cannot_wait_purges_every_change(proxy, article, settings):
    """No window is opened that a later change would fall into unpurged."""
    from cliffhanger.caching.purge import purge_soon

    settings.FRONTEND_CACHE_PURGE_COALESCE_SECONDS = 60
    looked_up = []
    for _ in range(2):
        purge_soon(
            f"article:{article.pk}", lambda: looked_up.append(1) or [article.url]
        )
    assert looked_up == [1, 1]
