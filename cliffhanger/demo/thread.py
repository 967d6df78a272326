"""
The long demo thread: over a thousand reader comments, five levels deep, on
the final season of Stranger Things, generated from the word lists in
data/comments.json with a fixed random seed, so every run on an empty
database writes the same comments. `loaders/discussion.py` stores them.
"""

import random
import re
from bisect import bisect
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from itertools import accumulate

from django.utils import timezone

from cliffhanger.discussion.avatars import avatar_seed_for
from cliffhanger.discussion.models import Comment
from cliffhanger.discussion.scoring import wilson_lower_bound

from .content import demo_data

THREAD_SLUG = next(
    (
        spec["slug"]
        for spec in demo_data("articles")["articles"]
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


@dataclass(frozen=True)
class ThreadReader:
    name: str
    email: str
    url: str
    avatar_seed: str

    @property
    def short_name(self) -> str:
        return self.name.split()[0]


@dataclass(eq=False)
class ThreadNode:
    """A comment of the generated thread before it is written."""

    reader: ThreadReader
    topic: str
    body: str
    created_at: datetime
    parent: "ThreadNode | None" = None
    depth: int = 0
    number: int | None = None
    reply_count: int = 0
    upvotes: int = 0
    downvotes: int = 0
    score: float = 0.0
    is_editors_pick: bool = False
    comment: Comment | None = field(default=None, repr=False)

    @property
    def root(self) -> "ThreadNode":
        return self if self.parent is None else self.parent.root


class ThreadWriter:
    """Deterministic reader chatter: who writes, what, when, and where it nests."""

    def __init__(self, *, published: datetime, deepest: int):
        self.rng = random.Random(THREAD_SEED)
        words = demo_data("comments")
        self.first_names = words["reader_first_names"]
        self.surnames = words["reader_surnames"]
        self.handles = words["reader_handles"]
        self.thread_openers = words["thread_openers"]
        self.thread_closers = words["thread_closers"]
        self.link_closers = words["link_closers"]
        self.opinions = words["topics"]  # opinions by subject
        self.reply_openers = words["reply_openers"]
        self.short_replies = words["short_replies"]
        self.reply_closers = words["reply_closers"]
        self.published = published
        self.deepest = deepest
        span = timezone.now() - published - timedelta(days=1)
        self.span_hours = max(1.0, min(THREAD_DAYS * 24, span.total_seconds() / 3600))
        self.readers = self._readers()
        self.reader_weights = list(
            accumulate(1 / (rank + 1) ** 0.7 for rank in range(len(self.readers)))
        )
        self.topics = list(self.opinions)
        self.topic_weights = list(
            accumulate(TOPIC_WEIGHTS.get(topic, 1) for topic in self.topics)
        )
        self.bodies: set[str] = set()
        self.said: set[str] = set()  # opinions already voiced in the current thread

    # Readers -------------------------------------------------------------

    def _readers(self) -> list[ThreadReader]:
        rng, readers, names = self.rng, [], set()
        while len(readers) < THREAD_READERS:
            style, first = rng.random(), rng.choice(self.first_names)
            if style < 0.45:
                name = f"{first} {rng.choice(self.surnames)}"
            elif style < 0.8:
                name = f"{first} {rng.choice(self.surnames)[0]}."
            elif style < 0.9:
                name = first
            else:
                name = rng.choice(self.handles)
            if name in names:
                continue
            names.add(name)
            slug = re.sub(r"[^a-z0-9]+", ".", name.lower()).strip(".")
            email = f"{slug}@example.com" if rng.random() < 0.55 else ""
            url = ""
            if rng.random() < 0.12:
                url = "https://example.org/" + slug.replace(".", "-")
            readers.append(ThreadReader(name, email, url, avatar_seed_for(name=name)))
        return readers

    def _reader(self, *, avoid: ThreadReader | None = None) -> ThreadReader:
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
        return [s for s in self.opinions[topic] if s not in self.said]

    def _top_level_body(self, topic: str) -> tuple[str, list[str]]:
        rng = self.rng
        sentences = self.opinions[topic]
        opinions = rng.sample(
            sentences, k=min(len(sentences), rng.choice([1, 1, 2, 3]))
        )
        if rng.random() < 0.25:
            opinions.append(rng.choice(self.opinions[self._topic()]))
        opinions = list(dict.fromkeys(opinions))
        parts = [rng.choice(self.thread_openers)] if rng.random() < 0.55 else []
        parts += opinions
        roll = rng.random()
        if roll < 0.03:
            parts.append(rng.choice(self.link_closers))
        elif roll < 0.35:
            parts.append(rng.choice(self.thread_closers))
        if len(parts) >= 4 and rng.random() < 0.5:
            middle = len(parts) // 2
            body = " ".join(parts[:middle]) + "\n\n" + " ".join(parts[middle:])
            return body, opinions
        return " ".join(parts), opinions

    def _reply_body(self, *, parent: ThreadNode, topic: str) -> tuple[str, list[str]]:
        rng = self.rng
        if topic != parent.topic:
            opener = rng.choice(self.reply_openers["tangent"])
            parts = [opener] if rng.random() < 0.5 else []
        elif rng.random() < 0.2:
            return rng.choice(self.short_replies), []
        else:
            stance = rng.choices(["agree", "disagree", "neutral"], [4, 3, 3])[0]
            opener = rng.choice(self.reply_openers[stance])
            parts = [opener] if rng.random() < 0.8 else []
        parts = [part.format(name=parent.reader.short_name) for part in parts]
        # Say something not yet said in this thread, or at least not by the parent.
        fresh = (
            self._unsaid(topic)
            or [s for s in self.opinions[topic] if s not in parent.body]
            or self.opinions[topic]
        )
        opinions = rng.sample(fresh, k=min(len(fresh), rng.choice([1, 1, 2])))
        parts += opinions
        if parent.depth >= 1 and rng.random() < 0.3:
            parts.append(rng.choice(self.reply_closers))
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

    def _votes(self, node: ThreadNode) -> None:
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

    def thread(self) -> list[ThreadNode]:
        nodes = []
        times, sizes = self._top_level_times(), self._thread_sizes()
        for number, (created_at, size) in enumerate(zip(times, sizes, strict=True), 1):
            self.said = set()
            topic = self._topic()
            root = ThreadNode(
                reader=self._reader(),
                topic=topic,
                body=self._unique(lambda topic=topic: self._top_level_body(topic)),
                created_at=created_at,
                number=number,
            )
            thread = [root]
            chain = 0.6 if size >= 15 else 0.35
            for _ in range(size):
                thread.append(self._reply(self._reply_parent(thread, chain=chain)))
            nodes += thread
        for node in nodes:
            self._votes(node)
        self._editors_picks(nodes)
        return nodes

    def _reply_parent(self, thread: list[ThreadNode], *, chain: float) -> ThreadNode:
        """
        Who the next reply in `thread` (root first) answers: with odds `chain`
        the latest reply, else the top-level comment or anyone in the thread.
        """
        rng, root = self.rng, thread[0]
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
        return parent

    def _reply(self, parent: ThreadNode) -> ThreadNode:
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
        node = ThreadNode(
            reader=reader,
            topic=topic,
            body=self._unique(lambda: self._reply_body(parent=parent, topic=topic)),
            created_at=parent.created_at + self._reply_delay(),
            parent=parent,
            depth=parent.depth + 1,
        )
        parent.reply_count += 1
        return node

    def _editors_picks(self, nodes: list[ThreadNode]) -> None:
        candidates = [
            node
            for node in nodes
            if node.depth == 0 and node.reply_count >= 3 and len(node.body) > 140
        ]
        candidates.sort(key=lambda node: (-node.score, node.number))
        for node in candidates[:EDITORS_PICKS]:
            node.is_editors_pick = True
