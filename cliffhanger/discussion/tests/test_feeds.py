"""Comment feeds parse cleanly in a real feed reader's parser."""

import feedparser
import pytest

from .factories import make_comment


@pytest.mark.parametrize("suffix", ["", "atom/"])
def test_site_wide_latest_comments_feed(client, article, suffix):
    older = make_comment(article, body="Older *take*", name="Ana")
    make_comment(
        article, body="Newest take", name="Ben", author_email="ben@example.org"
    )

    response = client.get(f"/comments/feed/{suffix}")
    feed = feedparser.parse(response.content)

    assert response.status_code == 200
    assert not feed.bozo, feed.get("bozo_exception")
    assert [entry.title for entry in feed.entries] == [
        "Ben on Partner Track news",
        "Ana on Partner Track news",
    ]
    assert feed.entries[1].link.endswith(
        f"/entertainment/partner-track/#comment-{older.pk}"
    )
    assert b"ben@example.org" not in response.content


@pytest.mark.parametrize("suffix", ["", "atom/"])
def test_article_comments_feed(client, article, other_article, suffix):
    make_comment(article, body="On this article")
    make_comment(other_article, body="Elsewhere")

    feed = feedparser.parse(
        client.get(f"/comments/feed/article/{article.pk}/{suffix}").content
    )

    assert not feed.bozo
    assert feed.feed.title == "Comments on Partner Track news"
    assert len(feed.entries) == 1 and "On this article" in feed.entries[0].summary


def test_feed_of_unknown_article_is_404(client, db):
    assert client.get("/comments/feed/article/999999/").status_code == 404
