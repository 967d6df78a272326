"""Reader actions over HTTP, with and without JavaScript."""

import time

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from wagtail.models import PageViewRestriction

from cliffhanger.discussion.models import Comment, CommentVote
from cliffhanger.discussion.services import (
    COMMENT_BODY_REQUIRED,
    COMMENT_NAME_REQUIRED,
    COMMENT_PARENT_MISSING,
    COMMENT_PARENT_OTHER_ARTICLE,
)

from .factories import make_comment

JSON = {"HTTP_ACCEPT": "application/json"}


def post_comment(client, article, **fields):
    data = {"body": "Great episode.", "author_name": "Kay", **fields}
    return client.post(f"/comments/post/{article.pk}/", data, **fields.pop("extra", {}))


class TestPostingWithoutJavaScript:
    def test_redirects_to_the_new_comment(self, client, article):
        response = post_comment(client, article)

        comment = Comment.objects.get()
        assert response.status_code == 302
        assert (
            response["Location"]
            == f"/entertainment/partner-track/#comment-{comment.pk}"
        )
        html = client.get(article.url).text
        assert f'id="comment-{comment.pk}"' in html and "Great episode." in html

    def test_empty_form_shows_both_messages_and_keeps_input(self, client, article):
        response = client.post(
            f"/comments/post/{article.pk}/",
            {
                "body": "",
                "author_name": "",
                "author_email": "kay@example.org",
                "author_url": "https://kay.example",
            },
        )

        html = response.text
        assert response.status_code == 400
        assert COMMENT_BODY_REQUIRED in html and COMMENT_NAME_REQUIRED in html
        assert (
            'value="kay@example.org"' in html and 'value="https://kay.example"' in html
        )
        assert 'aria-describedby="id_body_helptext id_body_error"' in html
        assert (
            "<h1>Partner Track news</h1>" in html
        )  # the article itself, not a bare error page
        assert Comment.objects.count() == 0

    def test_name_error_keeps_the_comment_text(self, client, article):
        response = post_comment(
            client, article, author_name="", body="Keep <this> text"
        )

        assert response.status_code == 400
        assert "Keep &lt;this&gt; text</textarea>" in response.text

    @pytest.mark.parametrize(
        "url", ["javascript:alert(1)", "ftp://files.example", "data:text/html,x"]
    )
    def test_website_must_be_http(self, client, article, url):
        response = post_comment(client, article, author_url=url)

        assert response.status_code == 400
        assert "Enter a web address starting with http:// or https://." in response.text
        assert Comment.objects.count() == 0

    def test_bad_email_is_explained(self, client, article):
        response = post_comment(client, article, author_email="not-an-email")

        assert response.status_code == 400
        assert "Enter a valid email address" in response.text

    def test_reply_to_comment_of_another_article_is_400(
        self, client, article, other_article
    ):
        elsewhere = make_comment(other_article)

        response = post_comment(client, article, parent=str(elsewhere.pk))

        assert response.status_code == 400
        assert COMMENT_PARENT_OTHER_ARTICLE in response.text
        assert Comment.objects.count() == 1

    @pytest.mark.parametrize("parent", ["424242", "abc", "-5"])
    def test_reply_to_missing_comment_is_400(self, client, article, parent):
        response = post_comment(client, article, parent=parent)

        assert response.status_code == 400
        assert COMMENT_PARENT_MISSING in response.text
        assert Comment.objects.count() == 0

    def test_unknown_or_draft_article_is_404(self, client, article):
        article.live = False
        article.save()

        assert post_comment(client, article).status_code == 404
        assert (
            client.post(
                "/comments/post/999999/", {"body": "x", "author_name": "y"}
            ).status_code
            == 404
        )

    def test_get_is_not_allowed(self, client, article):
        assert client.get(f"/comments/post/{article.pk}/").status_code == 405

    def test_reply_form_opens_for_the_comment(self, client, article):
        parent = make_comment(article, name="Dana")

        html = client.get(f"{article.url}?replyto={parent.pk}").text

        assert "Reply to Dana" in html
        assert f'name="parent" value="{parent.pk}"' in html

    def test_remember_me_prefills_the_form(self, client, article):
        post_comment(client, article, author_email="kay@example.org", remember="on")

        html = client.get(article.url).text

        assert 'value="Kay"' in html and 'value="kay@example.org"' in html

    def test_without_remember_me_nothing_is_kept(self, client, article):
        post_comment(client, article, author_email="kay@example.org")

        assert 'value="kay@example.org"' not in client.get(article.url).text

    def test_email_is_never_shown(self, client, article):
        post_comment(client, article, author_email="secret@example.org")
        client.cookies.clear()

        assert "secret@example.org" not in client.get(article.url).text


class TestPostingWithJavaScript:
    def test_returns_the_rendered_comment(self, client, article):
        response = client.post(
            f"/comments/post/{article.pk}/",
            {"body": "||Z wins||", "author_name": "Kay"},
            **JSON,
        )

        data = response.json()
        assert response.status_code == 201
        assert data["comment_count"] == 1 and data["parent"] is None
        assert f'id="comment-{data["id"]}"' in data["html"]
        assert '<details class="spoiler">' in data["html"]

    def test_errors_come_back_as_json(self, client, article):
        response = client.post(
            f"/comments/post/{article.pk}/", {"body": "", "author_name": ""}, **JSON
        )

        assert response.status_code == 400
        assert response.json()["errors"] == {
            "body": [COMMENT_BODY_REQUIRED],
            "author_name": [COMMENT_NAME_REQUIRED],
        }

    def test_bad_parent_is_a_json_400(self, client, article):
        response = client.post(
            f"/comments/post/{article.pk}/",
            {"body": "Hi", "author_name": "Kay", "parent": "99999"},
            **JSON,
        )

        assert response.status_code == 400
        assert response.json()["errors"]["__all__"] == [COMMENT_PARENT_MISSING]


class TestThreadDisplay:
    def test_numbers_nesting_and_permalinks(self, client, article):
        first = make_comment(article, body="First!")
        reply = make_comment(article, parent=first, body="A reply")
        second = make_comment(article, body="Second")

        html = client.get(article.url).text

        assert (
            '<h2 id="comments-heading"><span data-comment-count>3</span> comments</h2>'
            in html
        )
        number = '<span class="visually-hidden">Comment number </span><span class="comment__number-value">{}</span>'
        assert number.format(1) in html
        assert number.format(2) in html
        assert (
            html.index(f'id="comment-{first.pk}"')
            < html.index('class="comment-replies"')
            < html.index(f'id="comment-{reply.pk}"')
            < html.index(f'id="comment-{second.pk}"')
        )
        assert f'href="#comment-{reply.pk}"' in html

    def test_sorting_and_editors_pick_first(self, client, article):
        make_comment(article, body="Old one")
        make_comment(article, body="New one")
        picked = make_comment(article, body="Picked one")
        Comment.objects.filter(pk=picked.pk).update(is_editors_pick=True)

        oldest = client.get(article.url).text
        newest = client.get(f"{article.url}?csort=newest").text

        assert (
            oldest.index("Picked one")
            < oldest.index("Old one")
            < oldest.index("New one")
        )
        assert (
            newest.index("Picked one")
            < newest.index("New one")
            < newest.index("Old one")
        )
        assert "Editors' pick" in oldest

    def test_best_sorts_by_wilson_score(self, client, article):
        many = make_comment(article, body="Loved by many")
        one = make_comment(article, body="Loved by one")
        Comment.objects.filter(pk=many.pk).update(upvotes=40, downvotes=5, score=0.75)
        Comment.objects.filter(pk=one.pk).update(upvotes=1, score=0.2)

        html = client.get(f"{article.url}?csort=best").text

        assert html.index("Loved by many") < html.index("Loved by one")

    def test_top_level_pagination_keeps_replies_with_parents(
        self, client, article, settings
    ):
        settings.DISCUSSION_COMMENTS_PER_PAGE = 2
        tops = [make_comment(article, body=f"Top {n}") for n in range(3)]
        make_comment(article, parent=tops[2], body="Reply to third")

        first_page = client.get(article.url).text
        second_page = client.get(f"{article.url}?cpage=2").text

        assert "Top 0" in first_page and "Top 2" not in first_page
        assert "Top 2" in second_page and "Reply to third" in second_page
        assert "Comments page 1 of 2" in first_page

    @pytest.mark.parametrize("cpage", ["0", "abc", "9999", "-1"])
    def test_bad_comment_page_is_never_an_error(self, client, article, cpage):
        make_comment(article, body="The only comment here.")

        response = client.get(f"{article.url}?cpage={cpage}&csort=nonsense")

        # The nearest real page of the thread, not an empty one.
        assert response.status_code == 200
        assert f"<h1>{article.title}</h1>" in response.text
        assert "The only comment here." in response.text

    @pytest.mark.parametrize("cpage", ["3", "9999", "10000", "123456789012345678901"])
    def test_a_page_past_the_last_shows_the_last(
        self, client, article, settings, cpage
    ):
        settings.DISCUSSION_COMMENTS_PER_PAGE = 1
        make_comment(article, body="First of two.")
        make_comment(article, body="Second of two.")

        html = client.get(f"{article.url}?cpage={cpage}").text

        assert "Second of two." in html and "First of two." not in html

    def test_permalink_finds_the_right_page(self, client, article, settings):
        settings.DISCUSSION_COMMENTS_PER_PAGE = 2
        tops = [make_comment(article) for _ in range(3)]
        reply = make_comment(article, parent=tops[2])

        response = client.get(f"/comments/{reply.pk}/")

        assert response.status_code == 302
        assert response["Location"] == f"{article.url}?cpage=2#comment-{reply.pk}"
        assert client.get("/comments/999999/").status_code == 404

    def test_removed_comment_with_replies_leaves_a_placeholder(self, client, article):
        from cliffhanger.discussion.services import comment_remove

        parent = make_comment(article, body="To be removed")
        make_comment(article, parent=parent, body="Still here")
        comment_remove(comment=parent)

        html = client.get(article.url).text

        assert "To be removed" not in html
        assert "Comment removed." in html and "Still here" in html


def _page_queries(client, url) -> int:
    client.get(url)
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return len(captured)


def test_an_article_without_comments_reads_no_page_of_them(client, article, caplog):
    # An empty page of roots is a [0:0] slice, which SQL cannot prepare: it
    # logged a warning on every such page.
    with caplog.at_level("WARNING"), CaptureQueriesContext(connection) as captured:
        assert client.get(article.url).status_code == 200

    assert [r.getMessage() for r in caplog.records if "prepared" in r.name] == []
    assert not [q for q in captured if "LIMIT 0" in q["sql"]]


def test_article_page_queries_do_not_grow_with_comments(
    client, article, other_article, settings
):
    settings.DISCUSSION_COMMENTS_PER_PAGE = 1000
    for n in range(7):
        make_comment(other_article, body=f"Comment {n}")
    seven = _page_queries(client, other_article.url)

    tops = [make_comment(article, body=f"Top {n}") for n in range(200)]
    parents = tops
    while Comment.objects.filter(article=article).count() < 1000:
        parents = [make_comment(article, parent=p, body="Reply") for p in parents[:200]]

    assert Comment.objects.filter(article=article).count() >= 1000
    assert _page_queries(client, article.url) == seven


# What one post costs, with every policy on. Inside the test's transaction
# BEGIN/COMMIT are a SAVEPOINT and its RELEASE; the queries are: the article
# (2, Wagtail's live and public check; none when the fragment cache keeps it,
# as the PostgreSQL and Redis pass does), the one check query (state, duplicate,
# bans, known author), the reply's parent, then the counters' UPDATE …
# RETURNING and the insert, or for a reply the insert, the counters and the
# parent's reply count. A top-level comment takes its number and its id with
# the counters' UPDATE and is inserted whole: no UPDATE of its own.
POST_QUERIES_TOP_LEVEL = 7
POST_QUERIES_REPLY = 9
POST_QUERIES_HELD = 8  # a held top-level comment: + its ModerationAction row


class TestPostingCost:
    @pytest.fixture(autouse=True)
    def every_policy_on(self, settings):
        settings.DISCUSSION_HOLD_FIRST_COMMENT = True
        settings.DISCUSSION_MIN_SUBMIT_SECONDS = 3
        settings.DISCUSSION_RATE_LIMIT_PER_MINUTE = 5
        settings.DISCUSSION_BLOCKLIST = ["cheapmeds"]
        settings.DISCUSSION_MODERATION_KEYWORDS = ["leak"]
        settings.FRAGMENT_CACHE_SECONDS = 0

    @pytest.fixture(autouse=True)
    def known_reader(self, other_article):
        """Kay had a comment approved from this address, so is not held."""
        make_comment(
            other_article, name="Kay", ip_address="127.0.0.1", status="approved"
        )

    def post(self, client, article, **fields):
        from django.core import signing

        from cliffhanger.discussion.forms import ISSUED_SALT

        issued = signing.dumps(time.time() - 60, salt=ISSUED_SALT)
        return client.post(
            f"/comments/post/{article.pk}/",
            {"author_name": "Kay", "issued": issued, **fields},
            **JSON,
        )

    def test_top_level_post(self, client, article, django_assert_num_queries):
        self.post(client, article, body="The first makes the counter row.")

        with django_assert_num_queries(POST_QUERIES_TOP_LEVEL):
            response = self.post(client, article, body="See https://a.example")

        assert response.status_code == 201
        assert response.json()["comment_count"] == 2

    def test_top_level_post_to_a_kept_article(
        self, client, article, settings, django_assert_num_queries
    ):
        settings.FRAGMENT_CACHE_SECONDS = 300
        self.post(client, article, body="The first keeps the article.")

        with django_assert_num_queries(POST_QUERIES_TOP_LEVEL - 2):
            response = self.post(client, article, body="See https://a.example")

        assert response.status_code == 201
        assert response.json()["comment_count"] == 2

    def test_reply(self, client, article, django_assert_num_queries):
        parent = make_comment(article, status="approved")

        with django_assert_num_queries(POST_QUERIES_REPLY):
            response = self.post(client, article, body="Agreed.", parent=str(parent.pk))

        assert response.status_code == 201
        assert Comment.objects.get(pk=parent.pk).reply_count == 1

    def test_held_first_comment(self, client, article, django_assert_num_queries):
        make_comment(article, status="approved")

        with django_assert_num_queries(POST_QUERIES_HELD):
            response = self.post(
                client,
                article,
                body="Hello",
                author_name="Newcomer",
                author_email="new@example.org",
            )

        assert response.status_code == 202
        assert response.json()["comment_count"] == 1


class TestVoting:
    def test_vote_without_javascript_redirects_back(self, client, article):
        comment = make_comment(article)

        response = client.post(f"/comments/{comment.pk}/vote/", {"value": "up"})

        assert response.status_code == 302
        assert response["Location"].endswith(f"#comment-{comment.pk}")
        assert Comment.objects.get(pk=comment.pk).upvotes == 1

    def test_same_reader_votes_once(self, client, article):
        comment = make_comment(article)

        for _ in range(5):
            response = client.post(
                f"/comments/{comment.pk}/vote/", {"value": "up"}, **JSON
            )

        assert response.json() == {"id": comment.pk, "up": 1, "down": 0}
        assert CommentVote.objects.count() == 1

    @pytest.mark.parametrize("value", ["", "sideways", "1", "up;drop table"])
    def test_bad_vote_is_400(self, client, article, value):
        comment = make_comment(article)

        response = client.post(
            f"/comments/{comment.pk}/vote/", {"value": value}, **JSON
        )

        assert response.status_code == 400
        assert "error" in response.json()
        assert CommentVote.objects.count() == 0

    def test_vote_on_missing_comment_is_404(self, client, db):
        assert (
            client.post("/comments/424242/vote/", {"value": "up"}, **JSON).status_code
            == 404
        )


class TestEditing:
    def test_author_can_edit_within_the_window(self, client, article):
        post_comment(client, article, body="Frist")
        comment = Comment.objects.get()

        assert f'href="/comments/{comment.pk}/edit/"' in client.get(article.url).text
        response = client.post(
            f"/comments/{comment.pk}/edit/", {"body": "First, fixed"}
        )

        assert response.status_code == 302
        html = client.get(article.url).text
        assert "First, fixed" in html and "(edited)" in html

    def test_someone_else_cannot_edit(self, client, article):
        comment = make_comment(article, body="Mine")

        assert f"/comments/{comment.pk}/edit/" not in client.get(article.url).text
        response = client.post(f"/comments/{comment.pk}/edit/", {"body": "Hijacked"})

        assert response.status_code == 403
        assert Comment.objects.get(pk=comment.pk).body == "Mine"

    def test_forged_ownership_cookie_is_ignored(self, client, article):
        comment = make_comment(article, body="Mine")
        client.cookies["cliff_own"] = str(comment.pk)

        assert (
            client.post(
                f"/comments/{comment.pk}/edit/", {"body": "Hijacked"}
            ).status_code
            == 403
        )

    def test_cannot_edit_once_replied(self, client, article):
        post_comment(client, article, body="Mine")
        comment = Comment.objects.get()
        make_comment(article, parent=comment)

        response = client.post(f"/comments/{comment.pk}/edit/", {"body": "Changed"})

        assert response.status_code == 400
        assert "once someone has replied" in response.text

    def test_author_can_delete(self, client, article):
        post_comment(client, article, body="Regret this")
        comment = Comment.objects.get()

        client.post(f"/comments/{comment.pk}/delete/")

        assert "Regret this" not in client.get(article.url).text


def test_hostile_name_and_body_render_inert(client, article):
    from cliffhanger.newsroom.tests.test_security import assert_inert

    post_comment(
        client,
        article,
        author_name='<script>alert("x")</script><img src=x onerror=alert(1)>',
        body='<script>alert("x")</script> [x](javascript:alert(1)) <svg onload=alert(1)>',
        author_url='https://ok.example/?q="><script>alert(1)</script>',
    )
    client.cookies.clear()

    assert Comment.objects.count() == 1
    assert_inert(client.get(article.url).text)


def test_reply_form_finds_a_comment_on_a_later_page(client, article, settings):
    settings.DISCUSSION_COMMENTS_PER_PAGE = 2
    comments = [make_comment(article, name=f"Reader {n}") for n in range(3)]

    html = client.get(f"{article.url}?replyto={comments[2].pk}").text
    later_page = client.get(f"{article.url}?cpage=2").text

    assert "Reply to Reader 2" in html
    assert f'name="parent" value="{comments[2].pk}"' in html
    assert f"?cpage=2&amp;replyto={comments[2].pk}#respond" in later_page


def test_comment_links_work_from_the_json_fragment(client, article):
    data = client.post(
        f"/comments/post/{article.pk}/",
        {"body": "Linked", "author_name": "Kay"},
        HTTP_ACCEPT="application/json",
    ).json()

    assert f'action="/comments/{data["id"]}/vote/"' in data["html"]
    assert f'href="?replyto={data["id"]}#respond"' in data["html"]
    assert f'href="/comments/{data["id"]}/edit/"' in data["html"]
    # form-token.js fills the token in, as on shared pages: none goes out here.
    assert 'name="csrfmiddlewaretoken" value=""' in data["html"]


def test_the_json_fragment_of_a_hostile_comment_is_inert(client, article):
    from cliffhanger.newsroom.tests.test_security import assert_inert

    data = client.post(
        f"/comments/post/{article.pk}/",
        {
            "body": '<script>alert("x")</script> [x](javascript:alert(1))',
            "author_name": '<img src=x onerror=alert(1)>"\u202e',
            "author_url": 'https://ok.example/?q="><script>alert(1)</script>',
        },
        HTTP_ACCEPT="application/json",
    ).json()

    assert_inert(data["html"])


class TestPostingToAKeptArticle:
    """
    With the fragment cache on, the article a post goes to comes from the
    cache; a change that takes it off the site refuses the next post at once.
    """

    @pytest.fixture(autouse=True)
    def fragments(self, settings):
        settings.FRAGMENT_CACHE_SECONDS = 300

    def kept(self, client, article):
        """Post once, so the article (as it is now) is in the cache."""
        response = post_comment(client, article, body="First.")
        assert response.status_code == 302
        return response

    def test_the_kept_article_answers_as_the_stored_one(self, client, article):
        self.kept(client, article)

        response = post_comment(client, article, body="Second.")

        comment = Comment.objects.get(body="Second.")
        assert response["Location"] == f"{article.url}#comment-{comment.pk}"
        assert comment.article_id == article.pk
        html = client.get(article.url).text
        assert "Second." in html

    def test_an_unpublished_article_is_refused_at_once(self, client, article):
        self.kept(client, article)

        article.unpublish()

        assert post_comment(client, article, body="Too late.").status_code == 404

    def test_an_article_made_private_is_refused_at_once(self, client, article):
        self.kept(client, article)

        PageViewRestriction.objects.create(
            page=article, restriction_type=PageViewRestriction.LOGIN
        )

        assert post_comment(client, article, body="Too late.").status_code == 404

    def test_an_article_below_a_private_section_is_refused_at_once(
        self, client, article, section
    ):
        self.kept(client, article)

        PageViewRestriction.objects.create(
            page=section, restriction_type=PageViewRestriction.PASSWORD, password="x"
        )

        assert post_comment(client, article, body="Too late.").status_code == 404

    def test_a_deleted_article_is_refused_at_once(self, client, article):
        self.kept(client, article)
        article_id = article.pk

        article.delete()

        response = client.post(
            f"/comments/post/{article_id}/", {"body": "Gone?", "author_name": "Kay"}
        )
        assert response.status_code == 404

    def test_a_kept_refusal_ends_when_the_article_is_published(self, client, article):
        article.unpublish()
        assert post_comment(client, article, body="Not yet.").status_code == 404

        article.save_revision().publish()

        assert post_comment(client, article, body="Now.").status_code == 302
        assert Comment.objects.filter(body="Now.").exists()
