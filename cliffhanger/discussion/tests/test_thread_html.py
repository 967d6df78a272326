"""
The thread built in Python must give readers the markup the templates gave:
the browser tests, the HTML checker and axe depend on it. The reference below
is comment.html and comment_section.html's loop as they were before the
move, rendered by Django's template engine; whitespace aside, both must
produce the same text, in any time zone.
"""

import re
from datetime import UTC, datetime

import pytest
from django.template import Context, engines
from django.utils import timezone

from cliffhanger.discussion.models import Comment
from cliffhanger.discussion.selectors import ThreadComment, ThreadItem
from cliffhanger.discussion.thread_html import (
    CommentPage,
    comment_html,
    comment_list_html,
)

REFERENCE_COMMENT = """{% load discussion_tags %}<li class="comment{% if comment.is_editors_pick %} comment--pick{% endif %}" id="comment-{{ comment.pk }}" data-comment-id="{{ comment.pk }}" data-depth="{{ comment.depth }}">
{% if comment.is_public or comment.is_own_pending %}
<article class="comment__card" aria-labelledby="comment-{{ comment.pk }}-author">
    <header class="comment__header">
        {% avatar comment.avatar_seed %}
        <span class="comment__author" id="comment-{{ comment.pk }}-author">{% if comment.author_url %}<a href="{{ comment.author_url }}" rel="nofollow ugc noopener">{{ comment.author_name }}</a>{% else %}{{ comment.author_name }}{% endif %}</span>
        {% if comment.author_verified %}<span class="comment__verified">Verified<span class="visually-hidden">: staff or the article's author</span></span>{% endif %}
        {% if comment.number %}<span class="comment__number"><span class="visually-hidden">Comment number </span><span class="comment__number-value">{{ comment.number }}</span></span>{% endif %}
        <a class="comment__permalink" href="#comment-{{ comment.pk }}"><time datetime="{{ comment.created_at|date:'Y-m-d\\TH:i:sO' }}">{{ comment.created_at|date:"j M Y, H:i" }}</time></a>
        {% if comment.edited_at %}<span class="comment__edited">(edited)</span>{% endif %}
        {% if comment.is_editors_pick %}<span class="comment__badge">Editors' pick</span>{% endif %}
        {% if comment.is_own_pending %}<span class="comment__pending">Awaiting moderation: only you can see this for now.</span>{% endif %}
    </header>
    <div class="comment__body">{{ comment.body_html|safe }}</div>
    {% if comment.is_public %}<footer class="comment__actions">
        <form class="comment__vote" method="post" action="{{ comments_url }}{{ comment.pk }}/vote/" data-vote-form>
            <input type="hidden" name="csrfmiddlewaretoken" value="{{ csrf_token }}">
            <button type="submit" name="value" value="up"><span aria-hidden="true">▲</span><span class="visually-hidden">Upvote, votes so far:</span> <span data-vote-up>{{ comment.upvotes }}</span></button>
            <button type="submit" name="value" value="down"><span aria-hidden="true">▼</span><span class="visually-hidden">Downvote, votes so far:</span> <span data-vote-down>{{ comment.downvotes }}</span></button>
        </form>
        <a class="comment__reply" href="{{ reply_query }}{{ comment.pk }}#respond" data-reply-to="{{ comment.pk }}" data-reply-name="{{ comment.author_name }}">Reply<span class="visually-hidden"> to {{ comment.author_name }}</span></a>
        {% if comment.pk in owned_ids and not comment.reply_count %}
        <a class="comment__edit" href="{{ comments_url }}{{ comment.pk }}/edit/">Edit</a>
        {% else %}
        <form class="comment__report" method="post" action="{{ comments_url }}{{ comment.pk }}/report/">
            <input type="hidden" name="csrfmiddlewaretoken" value="{{ csrf_token }}">
            <button type="submit" class="link-button link-button--quiet">Report<span class="visually-hidden"> comment by {{ comment.author_name }}</span></button>
        </form>
        {% endif %}
    </footer>{% endif %}
</article>
{% else %}
<p class="comment__removed">{% if comment.status == "pending" %}A comment awaiting moderation.{% else %}Comment removed.{% endif %}</p>
{% endif %}
"""
REFERENCE_LOOP = (
    "{% for item in items %}{% include reference with comment=item.comment %}"
    '{% if item.has_children %}<ol class="comment-replies">{% else %}</li>{% endif %}'
    "{% for _ in item.closes %}</ol></li>{% endfor %}\n        {% endfor %}"
)
HOSTILE = '"><script>alert(1)</script><img src=x onerror=alert(2)>'
LINKS = {"comments_url": "/comments/", "reply_query": "?cpage=2&replyto="}


def thread_comment(pk=7, **fields) -> ThreadComment:
    values = {
        "pk": pk,
        "parent_id": None,
        "depth": 0,
        "number": 3,
        "status": "approved",
        "is_editors_pick": False,
        "author_name": "Kay",
        "author_url": "",
        "avatar_seed": "0f" * 32,
        "body_html": "<p>A fair <em>point</em>.</p>\n",
        "created_at": datetime(2025, 7, 18, 23, 3, 52, 412_000, tzinfo=UTC),
        "edited_at": None,
        "upvotes": 35,
        "downvotes": 0,
        "reply_count": 0,
        **fields,
    }
    return ThreadComment(**values)


def reference_html(comment, **context) -> str:
    template = engines["django"].from_string(REFERENCE_COMMENT)
    return template.render({"comment": comment, **LINKS, **context})


def same_text(html: str) -> str:
    return re.sub(r"\s+", " ", html).strip()


CASES = {
    "plain": {},
    "website, edited, pick, reply": {
        "author_url": "https://example.org/?a=1&b=2",
        "edited_at": datetime(2025, 7, 19, tzinfo=UTC),
        "is_editors_pick": True,
        "depth": 2,
        "number": None,
        "parent_id": 3,
    },
    "own pending": {"status": "pending", "is_own_pending": True},
    "someone's pending, kept for its replies": {"status": "pending"},
    "removed, kept for its replies": {"status": "removed"},
    "spam, kept for its replies": {"status": "spam"},
    "hostile name and website": {"author_name": HOSTILE, "author_url": HOSTILE},
    "own, unanswered": {"pk": 11},
    "own, answered": {"pk": 11, "reply_count": 2},
    "verified, signed in": {"author_verified": True},
}


@pytest.mark.parametrize(
    "zone", ["UTC", "Europe/London", "Asia/Kolkata", "America/St_Johns"]
)
@pytest.mark.parametrize("case", CASES)
def test_comment_markup_matches_the_template(case, zone):
    comment = thread_comment(**CASES[case])
    context = {"owned_ids": {11}, "csrf_token": "tok&en"}

    with timezone.override(zone):
        html = comment_html(comment, CommentPage.from_context({**context, **LINKS}))
        expected = reference_html(comment, **context)

    assert same_text(html) == same_text(expected)


def test_a_comment_model_renders_as_the_template_did():
    """The views render one fresh Comment (no is_own_pending) for in-place posting."""
    comment = Comment(
        pk=5,
        depth=0,
        number=1,
        author_name="Kay",
        avatar_seed="ab" * 32,
        body_html="<p>Hi</p>",
        created_at=datetime(2025, 1, 2, 3, 4, 5, tzinfo=UTC),
    )
    context = {"owned_ids": {5}, "csrf_token": "t", **LINKS}

    html = comment_html(comment, CommentPage.from_context(context))

    assert same_text(html) == same_text(reference_html(comment, **context))
    assert 'href="/comments/5/edit/"' in html


def test_thread_nesting_matches_the_template():
    # 1 ─┬─ 2 ── 3
    #    └─ 4
    # 5
    items = [
        ThreadItem(comment=thread_comment(1), has_children=True),
        ThreadItem(comment=thread_comment(2, depth=1), has_children=True),
        ThreadItem(comment=thread_comment(3, depth=2), closes=range(1)),
        ThreadItem(comment=thread_comment(4, depth=1), closes=range(1)),
        ThreadItem(comment=thread_comment(5)),
    ]
    context = {"owned_ids": set(), "csrf_token": "t", **LINKS}
    engine = engines["django"].engine
    reference = engine.from_string(REFERENCE_COMMENT)

    html = comment_list_html(items, CommentPage.from_context(context))
    expected = engine.from_string(REFERENCE_LOOP).render(
        Context({"items": items, "reference": reference, **context})
    )

    assert same_text(html) == same_text(expected)
    assert html.count("<li ") == 5 and html.count("</li>") == 5


def test_hostile_author_stays_text():
    comment = thread_comment(author_name=HOSTILE, author_url=HOSTILE)
    context = {"owned_ids": set(), "csrf_token": '"><script>', **LINKS}

    html = comment_html(comment, CommentPage.from_context(context))

    assert "<script" not in html and "<img" not in html
    assert html.count("&lt;script&gt;alert(1)&lt;/script&gt;") == 5
    assert 'data-reply-name="&quot;&gt;&lt;script&gt;' in html
    assert 'href="&quot;&gt;&lt;script&gt;' in html
    assert 'value="&quot;&gt;&lt;script&gt;"' in html
    assert 'href="?cpage=2&amp;replyto=7#respond"' in html


@pytest.mark.parametrize("token", ["", None])
def test_no_csrf_token_leaves_the_inputs_empty(token):
    """JavaScript fills in a token before a form is sent (readers without a cookie)."""
    context = {"owned_ids": set(), "csrf_token": token, **LINKS}

    html = comment_html(thread_comment(), CommentPage.from_context(context))

    assert html.count('name="csrfmiddlewaretoken" value=""') == 2
