"""A refused form post keeps what the reader wrote, ready to send again."""

import re

import pytest
from django.test import Client

from cliffhanger.newsroom.tests.factories import ArticlePageFactory, SectionPageFactory

pytestmark = pytest.mark.django_db

BODY = "A long comment I <b>really</b> don't want to type twice."


@pytest.fixture
def article(home):
    section = SectionPageFactory(parent=home, slug="tv")
    return ArticlePageFactory(parent=section, slug="story")


def test_an_expired_form_comes_back_with_what_was_sent(article):
    reader = Client(enforce_csrf_checks=True)
    action = f"/comments/post/{article.pk}/"

    refused = reader.post(
        action,
        {
            "body": BODY,
            "author_name": "Ana",
            "csrfmiddlewaretoken": "stale" * 8,
            "homepage": "",
        },
        HTTP_REFERER="http://testserver/tv/story/",
    )
    html = refused.content.decode()

    assert refused.status_code == 403
    assert "Please send that again" in html
    assert (
        "A long comment I &lt;b&gt;really&lt;/b&gt; don&#x27;t want to type twice."
        in html
    )
    fields = dict(
        re.findall(r'<input type="hidden" name="([^"]+)" value="([^"]*)"', html)
    )
    assert set(fields) == {"csrfmiddlewaretoken", "body", "author_name"}

    resent = reader.post(
        action,
        {
            "body": BODY,
            "author_name": "Ana",
            "csrfmiddlewaretoken": fields["csrfmiddlewaretoken"],
        },
        HTTP_REFERER="http://testserver/tv/story/",
    )
    assert resent.status_code in (201, 302, 303)
    assert article.comments.get().body == BODY


def test_a_refused_comment_shows_only_what_the_reader_typed(article):
    refused = Client(enforce_csrf_checks=True).post(
        f"/comments/post/{article.pk}/",
        {
            "body": BODY,
            "author_name": "Ana",
            "author_email": "",
            "parent": "12",
            "issued": "signed:value",
            "homepage": "",
            "csrfmiddlewaretoken": "stale" * 8,
        },
        HTTP_REFERER="http://testserver/tv/story/",
    )
    html = refused.content.decode()

    shown = re.findall(r"<dt>([^<]*)</dt>", html)
    assert shown == ["Body", "Author name"]
    resent = re.findall(r'<input type="hidden" name="([^"]+)"', html)
    assert sorted(resent) == sorted(
        [
            "csrfmiddlewaretoken",
            "body",
            "author_name",
            "author_email",
            "parent",
            "issued",
        ]
    )


def test_a_post_from_another_site_gets_only_the_refusal(article):
    refused = Client(enforce_csrf_checks=True).post(
        f"/comments/post/{article.pk}/",
        {"body": "Planted text", "author_name": "Mallory"},
        HTTP_ORIGIN="https://evil.example",
    )
    html = refused.content.decode()

    assert refused.status_code == 403
    assert "Planted text" not in html
    assert "Send again" not in html


@pytest.mark.parametrize(
    "headers",
    [
        # Sandboxed frames and cross-site redirects send "null": no site of ours.
        {"HTTP_ORIGIN": "null"},
        {"HTTP_REFERER": "null"},
        # Unparseable: refused plainly, never a server error.
        {"HTTP_ORIGIN": "http://["},
        {"HTTP_REFERER": "http://[/tv/story/"},
    ],
)
def test_a_post_of_unknown_origin_gets_only_the_refusal(article, headers):
    refused = Client(enforce_csrf_checks=True, raise_request_exception=False).post(
        f"/comments/post/{article.pk}/",
        {"body": "Planted text", "author_name": "Mallory"},
        **headers,
    )
    html = refused.content.decode()

    assert refused.status_code == 403
    assert "Planted text" not in html
    assert "Send again" not in html
