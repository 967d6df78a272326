"""Shared page pieces: computed once per version of what they show, never stale."""

from datetime import date

from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from cliffhanger.caching.dependencies import collecting, invalidate, stop_collecting
from cliffhanger.caching.fragments import remembered
from cliffhanger.discussion.services import comment_create
from cliffhanger.newsroom.tests.factories import ArticlePageFactory, SectionPageFactory
from cliffhanger.tracker.models import ArticleCoverage

ARTICLE = "/entertainment/partner-track-season-2/"


def counting():
    calls = []

    def compute():
        calls.append(1)
        return len(calls)

    return calls, compute


def test_off_every_call_computes(settings, db):
    settings.FRAGMENT_CACHE_SECONDS = 0
    calls, compute = counting()

    assert [remembered("x", tags=("a",), compute=compute) for _ in range(2)] == [1, 2]


def test_on_a_piece_is_computed_once_per_version_of_its_tags(fragments, db):
    calls, compute = counting()

    first = remembered("x", 1, tags=("a", "b"), compute=compute)
    again = remembered("x", 1, tags=("a", "b"), compute=compute)
    other_key = remembered("x", 2, tags=("a", "b"), compute=compute)
    invalidate("b")
    after_change = remembered("x", 1, tags=("a", "b"), compute=compute)

    assert (first, again, other_key, after_change) == (1, 1, 2, 3)


def test_the_page_depends_on_the_pieces_tags_even_on_a_hit(fragments, db):
    remembered("x", tags=("shows",), compute=lambda: 1)
    tags, token = collecting()
    try:
        remembered("x", tags=("shows",), compute=lambda: 2)
    finally:
        stop_collecting(token)

    assert tags == {"shows"}


def test_an_invalidation_inside_a_transaction_bumps_again_on_commit(
    fragments, db, django_capture_on_commit_callbacks
):
    calls, compute = counting()
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        invalidate("a")
        between = remembered("x", tags=("a",), compute=compute)  # sees pre-commit data
    for callback in callbacks:
        callback()

    assert between == 1
    assert remembered("x", tags=("a",), compute=compute) == 2


def test_article_pieces_follow_what_they_show(
    fragments, article, section, season_one, record
):
    client = Client()
    client.get(ARTICLE)
    ArticleCoverage.objects.create(article=article, show=season_one.show)
    record(season_one, "cancelled", date(2026, 11, 1))
    sibling = ArticlePageFactory(
        parent=section, slug="sibling", title="A sibling story"
    )
    sibling.save_revision().publish()
    SectionPageFactory(parent=section.get_parent(), title="Brand New Section")

    html = client.get(ARTICLE).content.decode()

    assert "A sibling story" in html  # Read next
    assert "Brand New Section" in html  # the menu
    assert 'class="status-box' in html  # the status box


def test_cached_pieces_save_queries(fragments, article, django_assert_max_num_queries):
    client = Client()
    with CaptureQueriesContext(connection) as first:
        client.get(ARTICLE)
    with django_assert_max_num_queries(len(first) - 3):
        client.get(ARTICLE)


def test_read_next_drops_an_article_made_private(fragments, article, section):
    from wagtail.models import PageViewRestriction

    sibling = ArticlePageFactory(
        parent=section, slug="sibling", title="A sibling story"
    )
    sibling.save_revision().publish()
    assert "A sibling story" in Client().get(ARTICLE).content.decode()

    PageViewRestriction.objects.create(
        page=sibling, restriction_type=PageViewRestriction.PASSWORD, password="pw"
    )

    assert "A sibling story" not in Client().get(ARTICLE).content.decode()


def test_a_process_copy_is_its_own_object_each_time(fragments, db):
    first = remembered("x", tags=("a",), compute=lambda: {"seen": []})
    first["seen"].append("changed by one request")

    assert remembered("x", tags=("a",), compute=lambda: None) == {"seen": []}


def test_a_value_kept_as_share_instance_is_shared_until_its_tags_change(fragments, db):
    def make():
        return object()

    first = remembered("x", tags=("a",), compute=make, share_instance=True)
    again = remembered("x", tags=("a",), compute=make, share_instance=True)
    invalidate("a")
    after_change = remembered("x", tags=("a",), compute=make, share_instance=True)

    assert again is first and after_change is not first


def test_an_address_names_the_same_page_object_until_a_page_changes(
    fragments, article, home
):
    """The site and the routed page are read, never changed, by serving:
    unpickling them per request was 7% of an uncached article."""
    from cliffhanger.newsroom.routing import live_page_at

    path = ["entertainment", "partner-track-season-2"]
    first, again = (live_page_at(home=home, path_components=path) for _ in range(2))
    invalidate("articles")  # a publish, a move, a slug changed
    after_change = live_page_at(home=home, path_components=path)
    invalidate("sites")  # Wagtail keeps the sites' root paths on the page
    after_site_change = live_page_at(home=home, path_components=path)

    assert again is first and after_change is not first
    assert after_site_change is not after_change
    assert after_site_change.pk == first.pk == article.pk


def test_an_emptied_shared_cache_is_not_answered_from_process_copies(fragments, db):
    from django.core.cache import caches

    calls, compute = counting()
    remembered("x", tags=("a",), compute=compute)
    caches["versions"].clear()  # Redis flushed or restarted: every version is 0 again

    assert remembered("x", tags=("a",), compute=compute) == 2


def test_process_copies_stay_within_their_memory(fragments, settings):
    from cliffhanger.caching.process_copies import MISSING, ProcessCopies

    settings.FRAGMENT_PROCESS_COPIES_MB = 1
    copies = ProcessCopies()
    for n in range(40):
        copies.set(f"piece-{n}", "x" * 100_000)  # ~100 KB each
    copies.set("too-big", "x" * 200_000)  # over an eighth of the budget

    assert copies._bytes <= 1024 * 1024
    assert copies.get("piece-39") == "x" * 100_000  # the latest are kept
    assert copies.get("piece-0") is MISSING
    assert copies.get("too-big") is MISSING
    assert "too-big" in copies._too_big  # not pickled again on its next use


def test_process_copies_can_be_turned_off(fragments, settings):
    from cliffhanger.caching.process_copies import MISSING, ProcessCopies

    settings.FRAGMENT_PROCESS_COPIES_MB = 0
    copies = ProcessCopies()
    copies.set("piece", "small")

    assert copies.get("piece") is MISSING


def test_a_page_asked_for_again_reads_its_tag_versions_in_one_round_trip(
    fragments, article, monkeypatch
):
    """The site's tags are read before the article is found, its own after;
    the next request for the path reads them all at once."""
    from cliffhanger.caching import dependencies

    dependencies._TAGS_READ_AT.clear()
    reads, read = [], dependencies.tag_versions
    monkeypatch.setattr(
        dependencies, "tag_versions", lambda tags: reads.append(set(tags)) or read(tags)
    )
    client = Client()

    first = client.get(ARTICLE)
    reads_first = list(reads)
    reads.clear()
    again = client.get(ARTICLE)

    assert len(reads_first) >= 2
    assert reads == [set().union(*reads_first)]
    assert first.status_code == again.status_code == 200
    comment_create(article=article, body="Read ahead, still true.", author_name="Bo")
    assert b"Read ahead, still true." in client.get(ARTICLE).content
