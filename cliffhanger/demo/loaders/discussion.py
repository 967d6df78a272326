"""
The discussion's part of the demo site: the seed page's seven reader comments
(data/comments.json), and the long Stranger Things thread (demo/thread.py:
over a thousand comments, five levels deep) that exercises numbering,
nesting, sorting and pagination at scale.

Idempotent: an article that already has comments is left alone, so running it
twice changes nothing.
"""

from collections import defaultdict
from datetime import timedelta

from django.conf import settings
from django.db import transaction
from django.db.models import F
from django.utils import timezone

from cliffhanger.discussion.models import Comment, CommentStatus, CommentVote
from cliffhanger.discussion.rendering import render_comment_markdown
from cliffhanger.discussion.services import comment_create, discussion_recount
from cliffhanger.newsroom.models import ArticlePage

from ..content import SEED_SLUG, demo_data, demo_time
from ..thread import THREAD_DEEPEST, THREAD_SLUG, ThreadNode, ThreadWriter

BATCH_SIZE = 500


@transaction.atomic
def _seed_comments_load(article: ArticlePage) -> int:
    """The seed page's comments, through the same service a reader's post uses."""
    if Comment.objects.filter(article=article).exists():
        return 0
    posts = []
    for spec in demo_data("comments")["seed_comments"]:
        posts.append((spec, None))
        posts.extend((reply, spec) for reply in spec.get("replies", []))
    posts.sort(key=lambda post: demo_time(post[0]["posted"]))
    created = {}
    for spec, parent_spec in posts:
        created[id(spec)] = comment_create(
            article=article,
            body=spec["body"],
            author_name=spec["name"],
            author_email=spec["email"],
            author_url=spec["url"],
            parent=created[id(parent_spec)] if parent_spec else None,
            created_at=demo_time(spec["posted"]),
            # Published comments of the captured page: no policy holds them.
            status=CommentStatus.APPROVED,
        )
    # As if each comment had been written on its day and never changed since.
    Comment.objects.filter(article=article).update(updated_at=F("created_at"))
    return len(created)


def _comment_for(node: ThreadNode, article: ArticlePage) -> Comment:
    reader = node.reader
    return Comment(
        article=article,
        parent_id=node.parent.comment.pk if node.parent else None,
        root_id=node.root.comment.pk if node.parent else None,
        depth=node.depth,
        number=node.number,
        author_name=reader.name,
        author_email=reader.email,
        author_url=reader.url,
        avatar_seed=reader.avatar_seed,
        body=node.body,
        body_html=render_comment_markdown(node.body),
        status=CommentStatus.APPROVED,
        is_editors_pick=node.is_editors_pick,
        upvotes=node.upvotes,
        downvotes=node.downvotes,
        score=node.score,
        reply_count=node.reply_count,
        created_at=node.created_at,
        updated_at=node.created_at,
    )


@transaction.atomic
def _long_thread_load(article: ArticlePage) -> int:
    """
    The generated thread, written level by level with bulk inserts: a level's
    parents already have their primary keys when it is built.
    """
    if Comment.objects.filter(article=article).exists():
        _thread_votes_fill(article)  # a demo loaded before the votes were written
        return 0
    deepest = min(THREAD_DEEPEST, settings.DISCUSSION_MAX_DEPTH - 1)
    published = article.first_published_at or timezone.now() - timedelta(days=90)
    nodes = ThreadWriter(published=published, deepest=deepest).thread()
    levels = defaultdict(list)
    for node in nodes:
        levels[node.depth].append(node)
    for depth in sorted(levels):
        level = sorted(levels[depth], key=lambda node: node.created_at)
        comments = [_comment_for(node, article) for node in level]
        Comment.objects.bulk_create(comments, batch_size=BATCH_SIZE)
        for node, comment in zip(level, comments, strict=True):
            if comment.pk is None:
                raise RuntimeError("The database did not return the new comments' ids.")
            node.comment = comment
    Comment.objects.filter(article=article, depth=0).update(root=F("pk"))
    # bulk_create stamps created_at and updated_at with the current time, in
    # the database and on the instances; put the comments back on their days.
    for node in nodes:
        node.comment.created_at = node.comment.updated_at = node.created_at
    Comment.objects.bulk_update(
        [node.comment for node in nodes],
        ["created_at", "updated_at"],
        batch_size=BATCH_SIZE,
    )
    totals = [(node.comment, node.upvotes, node.downvotes) for node in nodes]
    CommentVote.objects.bulk_create(_votes_behind(totals), batch_size=BATCH_SIZE)
    discussion_recount(article=article)
    return len(nodes)


def _votes_behind(totals):
    """
    A vote row for each vote the thread's totals count, from (comment, up,
    down): a comment's totals are its votes' count (discussion/services.py
    recounts them on every vote), so totals alone would drop to the first
    real vote. Demo voters are numbered.
    """
    for comment, upvotes, downvotes in totals:
        for voter, value in enumerate([1] * upvotes + [-1] * downvotes):
            key = f"demo-voter-{voter}"
            yield CommentVote(
                comment=comment, reader_key=key, address_key=key, value=value
            )


@transaction.atomic
def _thread_votes_fill(article: ArticlePage) -> None:
    """The votes behind a thread's totals when it has none at all: what a
    demo loaded before they were written lacks."""
    if CommentVote.objects.filter(comment__article=article).exists():
        return
    voted = Comment.objects.filter(article=article).exclude(upvotes=0, downvotes=0)
    totals = [(c, c.upvotes, c.downvotes) for c in voted.only("upvotes", "downvotes")]
    CommentVote.objects.bulk_create(_votes_behind(totals), batch_size=BATCH_SIZE)


def load() -> dict:
    """Create the discussion's demo comments; returns how many it created."""
    created = 0
    seed = ArticlePage.objects.filter(slug=SEED_SLUG).first()
    if seed is not None:
        created += _seed_comments_load(seed)
    if THREAD_SLUG is not None:
        article = ArticlePage.objects.filter(slug=THREAD_SLUG).first()
        if article is not None:
            created += _long_thread_load(article)
    return {"comments": created}
