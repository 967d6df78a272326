"""The demo site: the seed page re-created, content for every listing, idempotent."""

from io import StringIO

import pytest
from django.core.management import call_command
from django.db import connection, transaction
from django.db.models import Count, Q
from django.test.utils import CaptureQueriesContext
from wagtail.images import get_image_model

from cliffhanger.demo.content import SEED_SLUG
from cliffhanger.demo.loaders import LOADERS, discussion, newsletters
from cliffhanger.demo.thread import THREAD_SLUG
from cliffhanger.discussion.models import Comment, CommentVote
from cliffhanger.discussion.services import comment_vote_cast
from cliffhanger.newsletters.models import Issue, Newsletter, Subscription
from cliffhanger.newsroom.models import ArticlePage, Author, SectionPage
from cliffhanger.predictions.models import Poll, PollVote
from cliffhanger.tracker.models import Season, Show

SEED_URL = f"/entertainment/{SEED_SLUG}/"


@pytest.fixture(scope="module")
def _demo_loaded(django_db_setup, django_db_blocker):
    """The demo, loaded once for the module and rolled back after it (~10 s a load)."""
    with django_db_blocker.unblock(), transaction.atomic():
        call_command("load_demo", stdout=StringIO())
        yield
        transaction.set_rollback(True)


@pytest.fixture
def demo(_demo_loaded, db):
    """Each test runs in its own savepoint inside the loaded demo."""


def _totals() -> dict[str, int]:
    models = [ArticlePage, SectionPage, Author, Comment, Show, Season, Poll, PollVote]
    models += [Newsletter, Issue, get_image_model()]
    return {model.__name__: model.objects.count() for model in models}


def _created(output: str) -> list[str]:
    """What each loader says it created: "0 comments", "1 polls", ..."""
    lines = [line for line in output.splitlines() if ": created " in line]
    assert len(lines) == len(LOADERS), output
    return [kind for line in lines for kind in line.split(": created ")[1].split(", ")]


def test_loading_twice_changes_nothing(demo):
    totals = _totals()
    output = StringIO()

    call_command("load_demo", stdout=output)

    assert _totals() == totals
    assert [kind for kind in _created(output.getvalue()) if kind[0] != "0"] == []


def test_loading_over_a_partly_loaded_demo_fills_in_only_what_is_missing(demo):
    totals = _totals()
    comments, _ = Comment.objects.filter(article__slug=SEED_SLUG).delete()
    polls, _ = Poll.objects.filter(article__slug=SEED_SLUG).delete()
    posters = Show.objects.filter(slug="partner-track").update(poster=None)
    assert comments and polls and posters, "the demo is partly loaded"

    call_command("load_demo", stdout=StringIO())

    assert _totals() == totals
    assert not Show.objects.filter(poster=None).exists()


def test_every_demo_article_show_and_author_has_its_picture(demo):
    articles = ArticlePage.objects.all()
    assert not articles.filter(featured_image=None).exists()
    assert all(article.featured_image_alt for article in articles)
    assert not Show.objects.filter(poster=None).exists()
    assert not Show.objects.filter(still=None).exists()
    assert not Author.objects.filter(avatar=None).exists()
    posters = {
        show.poster.file.read() for show in Show.objects.select_related("poster")
    }
    assert len(posters) == Show.objects.count(), "every show's poster is its own"


def test_demo_fills_every_listing(demo, client):
    assert ArticlePage.objects.live().count() >= 13
    assert Author.objects.count() >= 3
    assert SectionPage.objects.count() >= 3
    for section in SectionPage.objects.all():
        assert client.get(section.url).status_code == 200
    for author in Author.objects.all():
        assert 'class="card"' in client.get(author.get_absolute_url()).text


def test_seed_page_matches_the_captured_structure(demo, client):
    response = client.get(SEED_URL)
    html = response.text

    assert response.status_code == 200
    assert '<li><a href="/">Home</a></li>' in html
    assert '<li><a href="/entertainment/">Entertainment</a></li>' in html
    assert (
        "<h1>Everything We Know About The Possibility Of Partner Track Season 2</h1>"
        in html
    )
    assert ">Partner Track Season 2 Renewal Status</h2>" in html
    assert ">Let&#39;s Talk About The Finale Cliffhanger</h2>" in html
    assert '<span class="attributed-quote__person">Jinny Howe</span>' in html
    assert '<span class="attributed-quote__person">Georgia Lee</span>' in html
    assert 'class="author-box"' in html and "Ayman Bhorania" in html
    assert 'id="most-popular-heading">Most Popular' in html
    assert html.count("<li><a href=", html.index("most-popular-heading")) >= 3


def test_a_readers_vote_on_the_long_thread_adds_one_to_its_totals(demo):
    # Totals are recounted from the votes on every vote: the demo's thread has
    # the votes behind its totals, or the first real vote would wipe them.
    thread = Comment.objects.filter(article__slug=THREAD_SLUG)
    counted = (
        CommentVote.objects.filter(comment__article__slug=THREAD_SLUG)
        .values("comment")
        .annotate(
            up=Count("pk", filter=Q(value=1)), down=Count("pk", filter=Q(value=-1))
        )
    )
    assert {row["comment"]: (row["up"], row["down"]) for row in counted} == {
        pk: (up, down)
        for pk, up, down in thread.values_list("pk", "upvotes", "downvotes")
        if up or down
    }
    liked = thread.filter(upvotes__gt=10).order_by("pk").first()

    voted = comment_vote_cast(
        comment=liked, reader_key="a-reader", address_key="an-address", value=1
    )

    assert (voted.upvotes, voted.downvotes) == (liked.upvotes + 1, liked.downvotes)


def test_loading_again_gives_an_older_demos_thread_its_votes(demo):
    # A demo loaded before the votes were written has totals and no rows.
    votes = CommentVote.objects.filter(comment__article__slug=THREAD_SLUG)
    written = votes.count()
    votes.delete()

    assert discussion.load() == {"comments": 0}

    assert votes.count() == written > 0
    assert discussion.load() == {"comments": 0} and votes.count() == written


def test_the_newsletters_demo_is_there_once(demo):
    assert Newsletter.objects.count() == 2 and Subscription.objects.count() == 0
    assert Issue.objects.filter(status="sent").count() == 1

    assert newsletters.load() == {"newsletters": 0, "issues": 0}


@pytest.mark.skipif(connection.vendor != "sqlite", reason="SQLite's planner")
def test_the_loaded_demo_plans_a_comment_page_by_its_thread_roots(demo, client):
    """Without statistics SQLite walked every comment by status (0.39 ms a
    page of the seed's thread); with them it reads the roots' index (16 us)."""
    with CaptureQueriesContext(connection) as queries:
        assert client.get(SEED_URL).status_code == 200
    thread_page = next(
        query["sql"]
        for query in queries
        if '"discussion_comment"."root_id" IN' in query["sql"]
    )

    with connection.cursor() as cursor:
        cursor.execute(f"EXPLAIN QUERY PLAN {thread_page}")
        plan = " ".join(str(row[-1]) for row in cursor.fetchall())

    assert "(root_id=?)" in plan, plan
