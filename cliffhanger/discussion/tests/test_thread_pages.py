"""A long thread stays light: each top-level comment shows its first replies, the rest a link away."""

from html.parser import HTMLParser

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from cliffhanger.discussion.models import Comment
from cliffhanger.discussion.selectors import comment_thread_page, comment_thread_root

from .factories import make_comment


@pytest.fixture(autouse=True)
def three_replies_shown(settings):
    settings.DISCUSSION_REPLIES_SHOWN = 3
    settings.DISCUSSION_COMMENTS_PER_PAGE = 20


class ListBalance(HTMLParser):
    """Counts open <li>/<ol> so a test can see the nesting closes where it should."""

    def __init__(self):
        super().__init__()
        self.open = {"li": 0, "ol": 0}
        self.worst = 0

    def handle_starttag(self, tag, attrs):
        if tag in self.open:
            self.open[tag] += 1

    def handle_endtag(self, tag):
        if tag in self.open:
            self.open[tag] -= 1
            self.worst = min(self.worst, self.open[tag])


def comment_list_of(html: str) -> str:
    start = html.index("data-comment-list")
    start = html.rindex("<ol", 0, start)
    return html[start : html.index("</section>", start)]


def balanced(html: str) -> bool:
    parser = ListBalance()
    parser.feed(comment_list_of(html))
    return parser.open == {"li": 0, "ol": 0} and parser.worst == 0


@pytest.fixture
def busy_thread(article):
    """A top-level comment with five replies (one nested), and a quiet one."""
    root = make_comment(article, body="Season 5 will be the last")
    replies = [make_comment(article, parent=root, body=f"Reply {n}") for n in range(4)]
    nested = make_comment(article, parent=replies[1], body="Nested reply")
    quiet = make_comment(article, body="Nobody answered this one")
    return root, replies, nested, quiet


def test_a_top_level_comment_shows_its_first_replies_and_links_the_rest(
    client, article, busy_thread
):
    root, replies, nested, quiet = busy_thread

    html = client.get(article.url).text

    # Display order: Reply 0, Reply 1, Nested reply, then Reply 2 and 3 are left.
    for shown in (root, replies[0], replies[1], nested, quiet):
        assert f'id="comment-{shown.pk}"' in html
    for left in replies[2:]:
        assert f'id="comment-{left.pk}"' not in html
    assert (
        f'<li class="comment-more"><a href="?cthread={root.pk}#comment-{root.pk}" '
        f'data-more-replies="{root.pk}">Show 2 more replies</a></li>'
    ) in html
    assert html.count("data-more-replies") == 1
    assert balanced(html)


def test_the_threads_own_page_shows_every_reply_and_the_way_back(
    client, article, busy_thread
):
    root, replies, nested, quiet = busy_thread

    html = client.get(f"{article.url}?cthread={root.pk}").text

    for shown in (root, *replies, nested):
        assert f'id="comment-{shown.pk}"' in html
    assert f'id="comment-{quiet.pk}"' not in html
    assert "data-more-replies" not in html
    assert f'href="?#comment-{root.pk}">← All comments</a>' in html
    assert balanced(html)


@pytest.mark.parametrize("thread", ["reply", "other-article", "junk", "-3", "9" * 30])
def test_a_thread_that_is_not_a_top_level_comment_here_gives_the_usual_page(
    client, article, other_article, busy_thread, thread
):
    root, replies, nested, quiet = busy_thread
    elsewhere = make_comment(other_article, body="Elsewhere")
    value = {"reply": replies[0].pk, "other-article": elsewhere.pk}.get(thread, thread)

    response = client.get(f"{article.url}?cthread={value}")

    assert response.status_code == 200
    assert f'id="comment-{quiet.pk}"' in response.text
    assert "Elsewhere" not in response.text


def test_a_permalink_to_a_reply_past_the_first_ones_opens_its_thread(
    client, article, busy_thread
):
    root, replies, nested, quiet = busy_thread

    late = client.get(f"/comments/{replies[3].pk}/")
    early = client.get(f"/comments/{replies[0].pk}/")

    assert (
        late["Location"] == f"{article.url}?cthread={root.pk}#comment-{replies[3].pk}"
    )
    assert early["Location"] == f"{article.url}#comment-{replies[0].pk}"


def test_the_sort_carries_over_to_a_threads_page(client, article, busy_thread):
    root = busy_thread[0]

    html = client.get(f"{article.url}?csort=newest").text

    assert f'href="?csort=newest&amp;cthread={root.pk}#comment-{root.pk}"' in html


def test_a_threads_page_costs_one_query_more_whatever_its_size(
    article, busy_thread, django_assert_num_queries
):
    root = busy_thread[0]
    for n in range(30):
        make_comment(article, parent=root, body=f"More {n}")

    with CaptureQueriesContext(connection) as listing:
        comment_thread_page(article=article)
    with CaptureQueriesContext(connection) as whole:
        checked = comment_thread_root(article=article, value=str(root.pk))
        page = comment_thread_page(article=article, thread_root=checked)

    assert len(whole) == len(listing) + 1
    assert len(page.items) == Comment.objects.filter(root=root).count()
