"""
Trust and abuse: what a commenter gives us stays private. The attack: read
every public page that shows comments (the article, the site-wide and
per-article feeds, a permalink, the sitemaps) looking for a commenter's
email, address or the hash we keep of it (core.privacy.client_hash, the
key bans and limits use). None of them may appear; and the sitemaps leave
out drafts and view-restricted articles.
"""

import re
from xml.etree import ElementTree

import pytest
from django.test import Client
from wagtail.models import PageViewRestriction

from cliffhanger.core.privacy import client_hash
from cliffhanger.core.readers import network_key
from cliffhanger.discussion.models import Comment, CommentStatus
from cliffhanger.newsroom.tests.factories import ArticlePageFactory

ADDRESS = "203.0.113.77"
EMAIL = "ana.private@example.org"
REPLY_EMAIL = "ben.private@example.org"
SITEMAP = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9"}


def post(article, *, body: str, name: str, email: str, parent=None) -> Comment:
    """A reader at ADDRESS posting through the form, CSRF checks on."""
    reader = Client(enforce_csrf_checks=True, HTTP_X_FORWARDED_FOR=ADDRESS)
    reader.get("/csrf-token/")
    response = reader.post(
        f"/comments/post/{article.pk}/",
        {
            "body": body,
            "author_name": name,
            "author_email": email,
            "author_url": "https://example.org/ana",
            "notify_replies": "on",
            "parent": parent.pk if parent else "",
            "csrfmiddlewaretoken": reader.cookies["csrftoken"].value,
        },
    )
    assert response.status_code == 302
    return Comment.objects.get(body=body)


@pytest.fixture
def comments(article):
    first = post(article, body="Season two soars", name="Ana", email=EMAIL)
    reply = post(
        article, body="It really does", name="Ben", email=REPLY_EMAIL, parent=first
    )
    assert {first.status, reply.status} == {CommentStatus.APPROVED}
    return first, reply


def secrets(comment: Comment) -> list[str]:
    """Everything private about a comment, and the start of each hash."""
    address_hash = client_hash(ADDRESS)
    assert comment.ip_hash == address_hash  # what the database keeps
    hashes = [address_hash, network_key(ADDRESS)]
    return [comment.author_email, ADDRESS, *hashes, *(h[:12] for h in hashes)]


def public_pages(article, comment: Comment) -> dict[str, str]:
    reader = Client()  # anyone: no cookie of the commenter's
    paths = [
        article.url,
        "/comments/feed/",
        "/comments/feed/atom/",
        f"/comments/feed/article/{article.pk}/",
        f"/comments/feed/article/{article.pk}/atom/",
        "/sitemap.xml",
        "/sitemap-news.xml",
        "/feed/",
    ]
    pages = {}
    for path in paths:
        response = reader.get(path)
        assert response.status_code == 200, path
        pages[path] = response.content.decode()
    permalink = reader.get(f"/comments/{comment.pk}/", follow=True)
    assert permalink.status_code == 200
    assert permalink.redirect_chain  # it lands on the article's page
    pages["permalink"] = permalink.content.decode()
    return pages


def test_no_email_address_or_address_hash_on_any_public_page(article, comments):
    first, reply = comments
    pages = public_pages(article, reply)
    assert "Season two soars" in pages["/comments/feed/"]  # the pages do show them
    assert "It really does" in pages["permalink"]

    leaks = [
        (path, secret)
        for comment in comments
        for secret in secrets(comment)
        for path, text in pages.items()
        if secret in text
    ]

    assert leaks == []


def test_a_mailto_link_to_the_commenter_is_never_made(article, comments):
    pages = public_pages(article, comments[0])

    assert not any(
        re.search(r"mailto:[^\"'<\s]*example\.org", t) for t in pages.values()
    )


def test_the_sitemap_leaves_out_drafts_and_private_articles(client, article):
    section = article.get_parent()
    ArticlePageFactory(parent=section, slug="a-draft", live=False)
    private = ArticlePageFactory(parent=section, slug="members-only")
    PageViewRestriction.objects.create(
        page=private, restriction_type="password", password="secret"
    )

    locations = {}
    for path in ("/sitemap.xml", "/sitemap-news.xml"):
        root = ElementTree.fromstring(client.get(path).content)
        locations[path] = [loc.text for loc in root.findall("s:url/s:loc", SITEMAP)]

    assert any(loc.endswith("/partner-track/") for loc in locations["/sitemap.xml"])
    for found in locations.values():
        assert not [loc for loc in found if "a-draft" in loc or "members-only" in loc]
