"""
The discussion's part of the demo site: the seed page's seven reader comments,
and a long Stranger Things thread (over a thousand comments, five levels deep)
that exercises numbering, nesting, sorting and pagination at scale.

Idempotent: an article that already has comments is left alone, so running it
twice changes nothing. The long thread is generated from a fixed random seed,
so every run on an empty database produces the same comments.
"""

import random
import re
from bisect import bisect
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from itertools import accumulate

from django.conf import settings
from django.db import transaction
from django.db.models import F
from django.utils import timezone

from cliffhanger.newsroom.demo_articles import ARTICLES
from cliffhanger.newsroom.demo_seed import SEED_SLUG
from cliffhanger.newsroom.models import ArticlePage

from .avatars import avatar_seed_for
from .demo_comments import (
    LINK_CLOSERS,
    READER_FIRST_NAMES,
    READER_HANDLES,
    READER_SURNAMES,
    REPLY_CLOSERS,
    REPLY_OPENERS,
    SEED_COMMENTS,
    SHORT_REPLIES,
    THREAD_CLOSERS,
    THREAD_OPENERS,
    TOPICS,
)
from .models import Comment, CommentStatus
from .rendering import render_comment_markdown
from .scoring import wilson_lower_bound
from .services import comment_create, discussion_recount

THREAD_SLUG = next(
    (
        spec["slug"]
        for spec in ARTICLES
        if "stranger-things" in spec["slug"] and "season-5" in spec["slug"]
    ),
    None,
)
THREAD_SEED = 2022
THREAD_TOP_LEVEL = 300
THREAD_MIN_COMMENTS = 1_100
THREAD_DAYS = 60
THREAD_READERS = 240
THREAD_DEEPEST = 4  # five levels: top-level comments are depth 0
EDITORS_PICKS = 2
BATCH_SIZE = 500

# Some subjects get talked about more than others.
TOPIC_WEIGHTS = {
    "eleven": 4,
    "vecna": 4,
    "max": 3,
    "steve": 3,
    "will": 3,
    "ending": 3,
    "hopper": 2,
    "dustin": 2,
    "upside_down": 2,
    "format": 2,
}


def _utc(value: str) -> datetime:
    return datetime.fromisoformat(value).replace(tzinfo=UTC)


@transaction.atomic
def _seed_comments_load(article: ArticlePage) -> int:
    """The seed page's comments, through the same service a reader's post uses."""
    if Comment.objects.filter(article=article).exists():
        return 0
    posts = []
    for spec in SEED_COMMENTS:
        posts.append((spec, None))
        posts.extend((reply, spec) for reply in spec.get("replies", []))
    posts.sort(key=lambda post: _utc(post[0]["posted"]))
    created = {}
    for spec, parent_spec in posts:
        created[id(spec)] = comment_create(
            article=article,
            body=spec["body"],
            author_name=spec["name"],
            author_email=spec["email"],
            author_url=spec["url"],
            parent=created[id(parent_spec)] if parent_spec else None,
            created_at=_utc(spec["posted"]),
            # Published comments of the captured page: no policy holds them.
            status=CommentStatus.APPROVED,
        )
    # As if each comment had been written on its day and never changed since.
    Comment.objects.filter(article=article).update(updated_at=F("created_at"))
    return len(created)


@dataclass(frozen=True)
class _Reader:
    name: str
    email: str
    url: str
    avatar_seed: str

    @property
    def short_name(self) -> str:
        return self.name.split()[0]


@dataclass(eq=False)
class _Node:
    """A comment of the generated thread before it is written."""

    reader: _Reader
    topic: str
    body: str
    created_at: datetime
    parent: "_Node | None" = None
    depth: int = 0
    number: int | None = None
    reply_count: int = 0
    upvotes: int = 0
    downvotes: int = 0
    score: float = 0.0
    is_editors_pick: bool = False
    comment: Comment | None = field(default=None, repr=False)

    @property
    def root(self) -> "_Node":
        return self if self.parent is None else self.parent.root


class _ThreadWriter:
    """Deterministic reader chatter: who writes, what, when, and where it nests."""

    def __init__(self, *, published: datetime, deepest: int):
        self.rng = random.Random(THREAD_SEED)
        self.published = published
        self.deepest = deepest
        span = timezone.now() - published - timedelta(days=1)
        self.span_hours = max(1.0, min(THREAD_DAYS * 24, span.total_seconds() / 3600))
        self.readers = self._readers()
        self.reader_weights = list(
            accumulate(1 / (rank + 1) ** 0.7 for rank in range(len(self.readers)))
        )
        self.topics = list(TOPICS)
        self.topic_weights = list(
            accumulate(TOPIC_WEIGHTS.get(topic, 1) for topic in self.topics)
        )
        self.bodies: set[str] = set()
        self.said: set[str] = set()  # opinions already voiced in the current thread

    # Readers -------------------------------------------------------------

    def _readers(self) -> list[_Reader]:
        rng, readers, names = self.rng, [], set()
        while len(readers) < THREAD_READERS:
            style, first = rng.random(), rng.choice(READER_FIRST_NAMES)
            if style < 0.45:
                name = f"{first} {rng.choice(READER_SURNAMES)}"
            elif style < 0.8:
                name = f"{first} {rng.choice(READER_SURNAMES)[0]}."
            elif style < 0.9:
                name = first
            else:
                name = rng.choice(READER_HANDLES)
            if name in names:
                continue
            names.add(name)
            slug = re.sub(r"[^a-z0-9]+", ".", name.lower()).strip(".")
            email = f"{slug}@example.com" if rng.random() < 0.55 else ""
            url = ""
            if rng.random() < 0.12:
                url = "https://example.org/" + slug.replace(".", "-")
            readers.append(_Reader(name, email, url, avatar_seed_for(name=name)))
        return readers

    def _reader(self, *, avoid: _Reader | None = None) -> _Reader:
        while True:
            point = self.rng.random() * self.reader_weights[-1]
            reader = self.readers[bisect(self.reader_weights, point)]
            if reader is not avoid:
                return reader

    def _topic(self) -> str:
        point = self.rng.random() * self.topic_weights[-1]
        return self.topics[bisect(self.topic_weights, point)]

    # Bodies ----------------------------------------------------------------

    def _unique(self, write) -> str:
        """A body no other comment has, noting the opinions it used in this thread."""
        for _ in range(8):
            body, sentences = write()
            if body not in self.bodies:
                break
        self.bodies.add(body)
        self.said.update(sentences)
        return body

    def _unsaid(self, topic: str) -> list[str]:
        return [s for s in TOPICS[topic] if s not in self.said]

    def _top_level_body(self, topic: str) -> tuple[str, list[str]]:
        rng = self.rng
        sentences = TOPICS[topic]
        opinions = rng.sample(
            sentences, k=min(len(sentences), rng.choice([1, 1, 2, 3]))
        )
        if rng.random() < 0.25:
            opinions.append(rng.choice(TOPICS[self._topic()]))
        opinions = list(dict.fromkeys(opinions))
        parts = [rng.choice(THREAD_OPENERS)] if rng.random() < 0.55 else []
        parts += opinions
        roll = rng.random()
        if roll < 0.03:
            parts.append(rng.choice(LINK_CLOSERS))
        elif roll < 0.35:
            parts.append(rng.choice(THREAD_CLOSERS))
        if len(parts) >= 4 and rng.random() < 0.5:
            middle = len(parts) // 2
            body = " ".join(parts[:middle]) + "\n\n" + " ".join(parts[middle:])
            return body, opinions
        return " ".join(parts), opinions

    def _reply_body(self, *, parent: _Node, topic: str) -> tuple[str, list[str]]:
        rng = self.rng
        if topic != parent.topic:
            opener = rng.choice(REPLY_OPENERS["tangent"])
            parts = [opener] if rng.random() < 0.5 else []
        elif rng.random() < 0.2:
            return rng.choice(SHORT_REPLIES), []
        else:
            stance = rng.choices(["agree", "disagree", "neutral"], [4, 3, 3])[0]
            opener = rng.choice(REPLY_OPENERS[stance])
            parts = [opener] if rng.random() < 0.8 else []
        parts = [part.format(name=parent.reader.short_name) for part in parts]
        # Say something not yet said in this thread, or at least not by the parent.
        fresh = (
            self._unsaid(topic)
            or [s for s in TOPICS[topic] if s not in parent.body]
            or TOPICS[topic]
        )
        opinions = rng.sample(fresh, k=min(len(fresh), rng.choice([1, 1, 2])))
        parts += opinions
        if parent.depth >= 1 and rng.random() < 0.3:
            parts.append(rng.choice(REPLY_CLOSERS))
        return " ".join(parts), opinions

    # Shape and time --------------------------------------------------------

    def _thread_sizes(self) -> list[int]:
        """Replies under each top-level comment: most threads short, a few deep."""
        rng, sizes = self.rng, []
        for index in range(THREAD_TOP_LEVEL):
            roll = rng.random()
            if roll < 0.38:
                size = 0
            elif roll < 0.68:
                size = rng.randint(1, 2)
            elif roll < 0.88:
                size = rng.randint(3, 6)
            elif roll < 0.97:
                size = rng.randint(7, 14)
            else:
                size = rng.randint(20, 45)
            # Comments posted early in the discussion draw more replies.
            sizes.append(round(size * (1.3 - 0.6 * index / THREAD_TOP_LEVEL)))
        if self.deepest < 1:
            return [0] * THREAD_TOP_LEVEL
        busy = [index for index, size in enumerate(sizes) if size >= 3]
        while THREAD_TOP_LEVEL + sum(sizes) < THREAD_MIN_COMMENTS:
            sizes[rng.choice(busy)] += 1
        return sizes

    def _top_level_times(self) -> list[datetime]:
        """Most comments arrive in the first days, then a long tail."""
        rng, times = self.rng, []
        for _ in range(THREAD_TOP_LEVEL):
            roll = rng.random()
            if roll < 0.6:
                hours = rng.expovariate(1 / 30)
            elif roll < 0.9:
                hours = rng.uniform(0, 21 * 24)
            else:
                hours = rng.uniform(21 * 24, self.span_hours)
            hours = min(max(hours, 0.2), self.span_hours)
            times.append(self.published + timedelta(seconds=round(hours * 3600)))
        return sorted(times)

    def _reply_delay(self) -> timedelta:
        if self.rng.random() < 0.12:
            minutes = self.rng.uniform(6 * 60, 72 * 60)
        else:
            minutes = 2 + self.rng.expovariate(1 / 150)
        return timedelta(seconds=round(minutes * 60))

    def _votes(self, node: _Node) -> None:
        rng = self.rng
        if rng.random() > (0.7 if node.depth == 0 else 0.4):
            return
        scale = 4 if node.depth == 0 else 2
        node.upvotes = min(int(rng.paretovariate(1.1) * scale), 480)
        node.downvotes = int(node.upvotes * rng.uniform(0, 0.35))
        if rng.random() < 0.2:
            node.downvotes += rng.randint(1, 3)
        node.score = wilson_lower_bound(up=node.upvotes, down=node.downvotes)

    # The thread ------------------------------------------------------------

    def thread(self) -> list[_Node]:
        rng, nodes = self.rng, []
        times, sizes = self._top_level_times(), self._thread_sizes()
        for number, (created_at, size) in enumerate(zip(times, sizes, strict=True), 1):
            self.said = set()
            topic = self._topic()
            root = _Node(
                reader=self._reader(),
                topic=topic,
                body=self._unique(lambda topic=topic: self._top_level_body(topic)),
                created_at=created_at,
                number=number,
            )
            thread = [root]
            chain = 0.6 if size >= 15 else 0.35
            for _ in range(size):
                roll = rng.random()
                if roll < chain and len(thread) > 1:
                    parent = thread[-1]
                elif roll < chain + (1 - chain) / 2:
                    parent = root
                else:
                    parent = rng.choice(thread)
                if parent.depth >= self.deepest and rng.random() < 0.75:
                    # Most readers answer higher up once a chain reaches the floor.
                    parent = rng.choice(
                        [n for n in thread if n.depth < max(1, self.deepest - 1)]
                    )
                # Attach too-deep replies where the service would.
                while parent.depth >= self.deepest:
                    parent = parent.parent
                thread.append(self._reply(parent))
            nodes += thread
        for node in nodes:
            self._votes(node)
        self._editors_picks(nodes)
        return nodes

    def _reply(self, parent: _Node) -> _Node:
        rng = self.rng
        if parent.parent is not None and rng.random() < 0.35:
            reader = parent.parent.reader  # a back-and-forth
        else:
            reader = self._reader(avoid=parent.reader)
        topic = parent.topic
        if rng.random() < 0.15 or (not self._unsaid(topic) and rng.random() < 0.5):
            # Change the subject, to one with something left to say if possible.
            for _ in range(6):
                topic = self._topic()
                if topic != parent.topic and self._unsaid(topic):
                    break
        node = _Node(
            reader=reader,
            topic=topic,
            body=self._unique(lambda: self._reply_body(parent=parent, topic=topic)),
            created_at=parent.created_at + self._reply_delay(),
            parent=parent,
            depth=parent.depth + 1,
        )
        parent.reply_count += 1
        return node

    def _editors_picks(self, nodes: list[_Node]) -> None:
        candidates = [
            node
            for node in nodes
            if node.depth == 0 and node.reply_count >= 3 and len(node.body) > 140
        ]
        candidates.sort(key=lambda node: (-node.score, node.number))
        for node in candidates[:EDITORS_PICKS]:
            node.is_editors_pick = True


def _comment_for(node: _Node, article: ArticlePage) -> Comment:
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
        return 0
    deepest = min(THREAD_DEEPEST, settings.DISCUSSION_MAX_DEPTH - 1)
    published = article.first_published_at or timezone.now() - timedelta(days=90)
    nodes = _ThreadWriter(published=published, deepest=deepest).thread()
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
    discussion_recount(article=article)
    return len(nodes)


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
