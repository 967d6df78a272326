"""
A page written by the worst readers and editors: unbroken words as long as the
site accepts them in every field people type (names, titles, tags, poll
options, comment bodies, links and code), a right-to-left override in a name
and mixed-direction text. The standards gates check it like any other page, so
no field can push the layout wider than a phone.

`hostile_article_build(env, base_url)` makes it once on a live site: the
editors' part (authors, the article, its polls) with a script in the site's
own environment, the readers' part (comments) through the comment form.
"""

from cliffhanger.testing.processes import run_python
from cliffhanger.testing.reader import Reader, comment_post_action, form_token


def unbroken(length: int, stem: str = "Cliffhanger") -> str:
    """`length` characters without a space or a hyphen to break at."""
    return (stem * (length // len(stem) + 1))[:length]


HOSTILE_SLUG = "hostile-input-layout-check"
HOSTILE_PATH = f"/entertainment/{HOSTILE_SLUG}/"
HOSTILE_AUTHOR_SLUG = "hostile-input-author"
HOSTILE_AUTHOR_PATH = f"/author/{HOSTILE_AUTHOR_SLUG}/"
# One word only this page has: the search for it finds the page and nothing else.
HOSTILE_MARKER = "zqhostilezq"
HOSTILE_SEARCH_PATH = f"/search/?q={HOSTILE_MARKER}"

LONG_WORD = unbroken(200, "Unbreakable")  # in a comment body, a title, a quote
LONG_URL = "https://example.com/" + unbroken(180, "path")
# The longest names the forms accept: a reader's (Comment.author_name, 80) and an
# editor's (Author.name, 120).
LONG_READER_NAME = unbroken(80, "Longname")
MEDIUM_READER_NAME = unbroken(60, "Sixty")  # the name in the report
LONG_AUTHOR_NAME = unbroken(120, "Bylinename")
# An override that reverses what follows it, then Hebrew and Arabic among Latin:
# the reader's form drops the override, an editor's may keep it.
RTL_NAME = (
    "\u202eReversed \u05e9\u05dc\u05d5\u05dd Reader \u0645\u0631\u062d\u0628\u0627 42"
)
RTL_AUTHOR_NAME = "\u202eDesrever \u05e9\u05dc\u05d5\u05dd Writer 7"

HOSTILE_COMMENTS = [
    {
        "author_name": LONG_READER_NAME,
        "author_url": LONG_URL[:300],
        "body": (
            f"{HOSTILE_MARKER} one word: {LONG_WORD}\n\n"
            # Two links, the most a comment has before it waits for a moderator.
            f"A bare address {LONG_URL} and [{LONG_WORD}]({LONG_URL}).\n\n"
            f"Inline code `{LONG_WORD}` then a block:\n\n"
            f"```\n{'x = ' + LONG_WORD + ' + ' + LONG_WORD}\n```\n\n"
            f"> {LONG_WORD}\n\n"
            f"- {LONG_WORD}\n- ||{LONG_WORD}||\n\n"
            f"| table | cell |\n|---|---|\n| {LONG_WORD} | {LONG_WORD} |"
        ),
    },
    {"author_name": MEDIUM_READER_NAME, "body": f"Second: {LONG_WORD}"},
    {
        "author_name": RTL_NAME,
        "body": f"\u202e{LONG_WORD} \u05e9\u05dc\u05d5\u05dd {LONG_WORD}",
    },
]
HOSTILE_REPLY = {"author_name": LONG_READER_NAME, "body": f"A reply: {LONG_WORD}"}

# The editors' part, in the live site's own environment (its database, cache
# and search index). Page, authors and polls are made once: a second run (a
# rerun against a kept site) finds them and does nothing.
_EDITORS_PART = """
import sys
from datetime import UTC, datetime, timedelta

from cliffhanger.manage import django_setup
django_setup()
from django.utils import timezone
from wagtail.search import index

from cliffhanger.newsroom.models import ArticleAuthor, ArticlePage, Author, SectionPage
from cliffhanger.predictions.models import Poll, PollOption

slug, author_slug, long_name, rtl_name, word, url, marker = sys.argv[1:8]
if not ArticlePage.objects.filter(slug=slug).exists():
    authors = []
    for a_slug, name in [(author_slug, long_name), (author_slug + "-rtl", rtl_name)]:
        author = Author(slug=a_slug, name=name, bio=f"{marker} {word}")
        author.full_clean()
        author.save()
        authors.append(author)
    section = SectionPage.objects.get(slug="entertainment")
    body = [
        {"type": "heading", "value": {"text": word, "level": "h2", "anchor": ""}},
        {"type": "paragraph", "value": (
            f"<p>{marker} {word} <a href='{url}'>{url}</a></p>"
        )},
        {"type": "quote", "value": {
            "quote": word, "person": long_name, "role": word[:160],
            "organisation": word[:120], "source": word[:120], "source_url": url,
        }},
    ]
    # Back-dated, so it sits at the end of every listing the other tests read.
    published = datetime(2001, 1, 1, 9, tzinfo=UTC)
    article = ArticlePage(
        title=f"{word[:190]} {marker}", slug=slug, dek=f"{word} {marker}",
        body=body, first_published_at=published,
    )
    for order, author in enumerate(authors):
        article.article_authors.add(ArticleAuthor(author=author, sort_order=order))
    article.tags.add(word[:100], marker)
    section.add_child(instance=article)
    article.save_revision().publish()
    ArticlePage.objects.filter(pk=article.pk).update(
        first_published_at=published, last_published_at=published,
        latest_revision_created_at=published,
    )
    # Searchable now, not when the task worker gets to it.
    index.insert_or_update_object(article)
    for question, closes_at in (
        (word, None), (word[:199] + "?", timezone.now() - timedelta(days=1))
    ):
        poll = Poll.objects.create(
            question=question, article=article,
            opens_at=timezone.now() - timedelta(days=2), closes_at=closes_at,
        )
        for order, label in enumerate((long_name, word[:120])):
            PollOption.objects.create(
                poll=poll, label=label, sort_order=order, vote_count=3 + order
            )
"""


def hostile_article_build(env: dict[str, str], base_url: str) -> None:
    """The hostile page on the live site at `base_url`, whose environment is `env`."""
    run_python(
        env,
        _EDITORS_PART,
        HOSTILE_SLUG,
        HOSTILE_AUTHOR_SLUG,
        LONG_AUTHOR_NAME,
        RTL_AUTHOR_NAME,
        LONG_WORD,
        LONG_URL,
        HOSTILE_MARKER,
    )
    reader = Reader(base_url, "Hostile reader")
    html = reader.get(HOSTILE_PATH)
    if html.count("data-comment-id=") >= len(HOSTILE_COMMENTS) + 1:
        return  # the comments are there from an earlier run
    action = comment_post_action(html)
    for comment in HOSTILE_COMMENTS:
        status, _ = reader.post(action, comment, form_token(html))
        assert status == 200, status  # followed the redirect to the new comment
    first = reader.get(HOSTILE_PATH)
    parent = first.split('data-comment-id="', 1)[1].split('"', 1)[0]
    reply = {**HOSTILE_REPLY, "parent": parent}
    status, _ = reader.post(action, reply, form_token(first))
    assert status == 200, status
    shown = reader.get(HOSTILE_PATH).count("data-comment-id=")
    # Held for moderation, a comment would not test the page.
    assert shown == len(HOSTILE_COMMENTS) + 1, f"{shown} comments shown"
