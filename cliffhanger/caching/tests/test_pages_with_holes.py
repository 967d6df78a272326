"""
An article page kept with holes (caching/shells.py): drawn once, its
discussion and polls filled for each reader; nothing of one reader in it.
"""

import re

import pytest
from django.core.cache import caches
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from cliffhanger.core.shared_csrf import holds_a_token
from cliffhanger.core.slots import slot_add, slots_replaced
from cliffhanger.discussion.tests.factories import make_comment

ARTICLE_TEMPLATE = "newsroom/article_page.html"


def reader(address="198.51.100.7", **kwargs) -> Client:
    return Client(REMOTE_ADDR=address, **kwargs)


def drawn(response) -> bool:
    """Whether the article's template was drawn for this answer."""
    return ARTICLE_TEMPLATE in [t.name for t in response.templates]


def test_a_kept_page_is_filled_without_drawing_it_or_a_query(fragments, article):
    assert drawn(reader().get(article.url))

    with CaptureQueriesContext(connection) as queries:
        second = reader("198.51.100.8").get(article.url)

    assert second.status_code == 200 and not drawn(second)
    assert f"<h1>{article.title}</h1>" in second.text
    assert 'name="issued"' in second.text  # the form, filled in for this reader
    assert queries.captured_queries == []


def test_the_process_keeps_its_own_copy_and_an_edit_reads_past_it(
    fragments, article, monkeypatch
):
    from cliffhanger.caching import shells

    shell_reads = []
    real_get = shells.cache.get

    def counted_get(key, *args, **kwargs):
        if key.startswith("shell:"):
            shell_reads.append(key)
        return real_get(key, *args, **kwargs)

    monkeypatch.setattr(shells.cache, "get", counted_get)
    assert drawn(reader().get(article.url))
    reader().get(article.url)  # learns the page's tags: one read
    reads_before = len(shell_reads)

    third = reader().get(article.url)

    assert not drawn(third) and len(shell_reads) == reads_before
    article.title = "Retitled past the process copy"
    article.save_revision().publish()
    after = reader().get(article.url)
    assert drawn(after) and "<h1>Retitled past the process copy</h1>" in after.text
    assert len(shell_reads) == reads_before + 1  # the stale copy sent it to the cache


def test_a_comment_refills_the_discussion_and_leaves_the_page_kept(fragments, article):
    reader().get(article.url)

    make_comment(article, body="Said after the page was kept")
    after = reader().get(article.url)

    assert "Said after the page was kept" in after.text
    assert not drawn(after)


def test_an_edit_draws_the_page_again(fragments, article):
    reader().get(article.url)

    article.title = "Retitled while kept"
    article.save_revision().publish()
    after = reader().get(article.url)

    assert drawn(after) and "<h1>Retitled while kept</h1>" in after.text


def test_nothing_of_the_reader_who_drew_it_is_kept(fragments, article, make_poll):
    poll = make_poll(article=article)
    commenter = reader("198.51.100.30")
    commenter.get("/csrf-token/")  # a token of their own in every form
    token = commenter.cookies["csrftoken"].value
    commenter.post(
        f"/comments/post/{article.pk}/",
        {
            "body": "Mine to edit",
            "author_name": "Pat",
            "remember": "on",
            "csrfmiddlewaretoken": token,
        },
    )
    commenter.post(
        f"/polls/{poll.pk}/vote/",
        {"option": poll.options.first().pk, "csrfmiddlewaretoken": token},
    )
    theirs = commenter.get(article.url)  # the page is drawn for them, and kept
    assert drawn(theirs)
    assert 'class="comment__edit"' in theirs.text and 'value="Pat"' in theirs.text
    assert "data-poll-form" not in theirs.text

    other = reader("198.51.100.31")
    other.get("/csrf-token/")  # a token of their own too: the same kind of copy
    others = other.get(article.url)

    assert not drawn(others)
    assert 'class="comment__edit"' not in others.text
    assert 'value="Pat"' not in others.text
    assert "data-poll-form" in others.text
    assert token not in others.text
    # Their own token is in every form (any mask of their secret is valid).
    tokens = re.findall(r'name="csrfmiddlewaretoken" value="([^"]+)"', others.text)
    secret = other.cookies["csrftoken"].value
    assert tokens and all(_unmask(t) == _unmask(secret) for t in tokens)
    first_timer = reader("198.51.100.32").get(article.url)
    assert not holds_a_token(first_timer.text)


def _unmask(token: str) -> str:
    from django.middleware.csrf import _unmask_cipher_token

    return _unmask_cipher_token(token) if len(token) == 64 else token


@pytest.mark.parametrize(
    "query",
    ["?utm_source=feed", "?replyto=1", "?&", "?cpage=2&", "?cpage=%32", "?%63page=2"],
)
def test_other_queries_and_spellings_are_drawn_whole_and_not_kept(
    fragments, article, query
):
    reader().get(article.url + query)

    assert drawn(reader().get(article.url + query))


def test_a_new_minute_of_most_popular_leaves_the_page_kept(
    fragments, article, monkeypatch
):
    import cliffhanger.newsroom.selectors as selectors

    reader().get(article.url)
    later = selectors.time.time() + 3 * selectors.MOST_POPULAR_CACHE_SECONDS
    monkeypatch.setattr(selectors.time, "time", lambda: later)

    after = reader().get(article.url)

    assert not drawn(after) and "Most Popular" in after.text


def test_a_discussion_page_is_kept_by_its_address(fragments, article, settings):
    settings.DISCUSSION_COMMENTS_PER_PAGE = 2
    for n in range(3):
        make_comment(article, body=f"Comment number {n}")
    reader().get(article.url + "?cpage=2")

    second = reader().get(article.url + "?cpage=2")

    assert not drawn(second) and second.status_code == 200
    assert "?cpage=2" in second.text.split('rel="alternate" type="application/json')[1]


def test_a_discussion_page_past_the_last_is_not_kept(fragments, article):
    reader().get(article.url + "?cpage=999")

    assert drawn(reader().get(article.url + "?cpage=999"))


def test_a_preview_shows_the_draft_not_the_kept_page(fragments, article):
    reader().get(article.url)
    article.title = "A draft title"
    article.save_revision()

    preview = article.get_latest_revision_as_object().make_preview_request()

    assert "<h1>A draft title</h1>" in preview.content.decode()
    assert "<h1>A draft title</h1>" not in reader().get(article.url).text


def test_a_part_that_is_the_readers_own_is_a_hole_unless_it_says_otherwise(
    fragments, article
):
    seen = []

    def whose(context):
        seen.append(context["request"].META["REMOTE_ADDR"])
        return context["request"].META["REMOTE_ADDR"]

    with slots_replaced() as slots:
        slots["article.after_author"] = []
        slot_add("article.after_author", whose)
        reader("192.0.2.1").get(article.url)
        second = reader("192.0.2.2").get(article.url).text

        assert "192.0.2.2" in second and "192.0.2.1" not in second
        assert seen == ["192.0.2.1", "192.0.2.2"]

        slots["article.after_author"] = []
        slot_add("article.after_author", whose, same_for_every_reader=True)
        caches["default"].clear()  # as a deploy of that code would
        reader("192.0.2.3").get(article.url)
        kept = reader("192.0.2.4").get(article.url).text

    assert "192.0.2.4" not in kept


SHOW_TEMPLATE = "tracker/show_detail.html"
SHOW_PAGE = "/shows/partner-track/"


def test_a_show_page_is_kept_and_each_reader_gets_their_own_token_and_poll(
    fragments, season_one, make_poll
):
    poll = make_poll(show=season_one.show)
    voter = reader("198.51.100.40")
    voter.get("/csrf-token/")
    voter.post(
        f"/polls/{poll.pk}/vote/",
        {
            "option": poll.options.first().pk,
            "csrfmiddlewaretoken": voter.cookies["csrftoken"].value,
        },
    )
    theirs = voter.get(SHOW_PAGE)  # drawn for the voter, and kept
    assert SHOW_TEMPLATE in [t.name for t in theirs.templates]
    assert "data-poll-form" not in theirs.text

    other = reader("198.51.100.41")
    other.get("/csrf-token/")
    with CaptureQueriesContext(connection) as queries:
        others = other.get(SHOW_PAGE)

    assert SHOW_TEMPLATE not in [t.name for t in others.templates]
    assert "data-poll-form" in others.text
    follow = others.text.split('class="follow"')[1]
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', follow)[1]
    assert _unmask(token) == _unmask(other.cookies["csrftoken"].value)
    assert not [q for q in queries.captured_queries if "tracker_" in q["sql"]]


def test_a_status_change_draws_the_show_page_again(fragments, season_one, record):
    from datetime import date

    reader().get(SHOW_PAGE)

    record(season_one, "renewed", date(2024, 5, 1))
    after = reader().get(SHOW_PAGE)

    assert SHOW_TEMPLATE in [t.name for t in after.templates]
    assert "Renewed" in after.text
