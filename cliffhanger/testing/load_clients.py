"""
Readers under load, and what the database must say afterwards. Shared by
tests/integration/test_load_and_crash.py and bench/load.py.

    target = target_read(base_url, ARTICLE_PATH)
    outcome = load_run(target, clients=32, seconds=8)
    with database_open(locator) as db:
        stored = load_comments(db, outcome.run)      # {id: body marker}
        problems = consistency_problems(db)          # [] when the counters are exact

Each client thread sends one request per fresh connection from 127.0.0.1 (no
keep-alive, so a worker recycled by gunicorn's max_requests never leaves a
post unanswered in doubt) and never retries a post: a retried post is how a
comment gets stored twice. A client posts comments (one in three a reply to
a comment acknowledged earlier), votes comments up or down from its own
address (changing its mind now and then), and votes in the article's poll as
a first-time reader (a fresh address and no reader cookie, so every vote
counts). Every post carries a body marker naming the run, the client and the
sequence, so the database can be read back and matched to the answers.

Addresses go in X-Forwarded-For, which the app honours from 127.0.0.1 (its
default FORWARDED_ALLOW_IPS); they come from 198.18.0.0/15, the range set
aside for benchmarks (RFC 2544), and are only ever header values.
"""

from __future__ import annotations

import http.client
import itertools
import json
import math
import random
import re
import secrets
import sqlite3
import threading
import time
import urllib.parse
from collections import Counter
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from dataclasses import dataclass, field

REQUEST_TIMEOUT = 30.0
POST_SHARE, VOTE_SHARE = 0.55, 0.35  # the rest: poll votes
REPLY_EVERY = 3


@dataclass
class Target:
    """The article under load: where to post, with a CSRF cookie, token and form time."""

    host: str
    port: int
    article_path: str
    post_path: str
    csrf_cookie: str
    token: str
    issued: str
    issued_at: float
    poll_path: str | None
    poll_options: list[str]


def target_read(base_url: str, article_path: str) -> Target:
    """A first-time reader's token (as form-token.js fetches it), then the article's forms."""
    parts = urllib.parse.urlsplit(base_url)
    conn = http.client.HTTPConnection(parts.hostname, parts.port, timeout=30)
    try:
        conn.request("GET", "/csrf-token/", headers={"Accept": "application/json"})
        response = conn.getresponse()
        token = json.loads(response.read())["token"]
        cookies = response.headers.get_all("Set-Cookie") or []
        conn.request("GET", article_path, headers={"Accept": "text/html"})
        response = conn.getresponse()
        html = response.read().decode()
    finally:
        conn.close()
    if response.status != 200:
        raise RuntimeError(f"GET {article_path} answered {response.status}")
    csrf_cookie = next(
        (
            c.split("=", 1)[1].split(";", 1)[0]
            for c in cookies
            if c.startswith("csrftoken=")
        ),
        None,
    )
    form = re.search(r"<form\b[^>]*\bdata-comment-form\b[^>]*>(.*?)</form>", html, re.S)
    if csrf_cookie is None or form is None:
        raise RuntimeError("No csrftoken cookie or no comment form on the article")
    action = re.search(r'\baction="([^"#]*)', form.group(0)).group(1)
    issued = re.search(r'name="issued" value="([^"]*)"', form.group(1))
    poll = re.search(
        r'<form\b[^>]*action="(/polls/\d+/vote/)"[^>]*data-poll-form>(.*?)</form>',
        html,
        re.S,
    )
    return Target(
        host=parts.hostname,
        port=parts.port,
        article_path=article_path,
        post_path=action,
        csrf_cookie=csrf_cookie,
        token=token,
        issued=issued.group(1) if issued else "",
        # The server signs the second rounded up (discussion/forms.issued_now),
        # so a form read now may say up to a second ahead of the clock.
        issued_at=math.ceil(time.time()),
        poll_path=poll.group(1) if poll else None,
        poll_options=re.findall(r'name="option" value="(\d+)"', poll.group(2))
        if poll
        else [],
    )


@dataclass
class Outcome:
    """What the clients were told. Posts and votes without an answer are in doubt."""

    run: str
    clients: int
    wall: float = 0.0
    acknowledged: dict[int, str] = field(default_factory=dict)  # comment id -> marker
    sent: set[str] = field(default_factory=set)  # every marker posted
    unanswered: set[str] = field(default_factory=set)  # posted, no answer
    statuses: Counter = field(default_factory=Counter)  # (action, status or error)
    latencies: dict[str, list[float]] = field(default_factory=dict)  # action -> ms
    votes: dict[tuple[int, int], int] = field(default_factory=dict)  # final, if known
    votes_in_doubt: set[tuple[int, int]] = field(default_factory=set)
    poll_counted: Counter = field(default_factory=Counter)  # option id -> votes
    poll_in_doubt: int = 0

    def count(self, action: str, *, status: str | None = None) -> int:
        return sum(
            n
            for (kind, got), n in self.statuses.items()
            if kind == action and (status is None or got == status)
        )

    def server_errors(self) -> Counter:
        return Counter(
            {key: n for key, n in self.statuses.items() if key[1].startswith("5")}
        )

    def failures(self) -> Counter:
        """Answers that were not the expected success, and requests with no answer."""
        expected = {"post": "201", "vote": "200", "poll": "200"}
        return Counter(
            {key: n for key, n in self.statuses.items() if key[1] != expected[key[0]]}
        )


def _address(number: int) -> str:
    """The number-th address of 198.18.0.0/15 (131,070 usable)."""
    number = number % 131_070 + 1
    return f"198.{18 + number // 65_536}.{number // 256 % 256}.{number % 256}"


def load_run(
    target: Target,
    *,
    clients: int,
    seconds: float,
    stop: threading.Event | None = None,
    started: threading.Event | None = None,
    post_address_each_time: bool = False,
    min_form_age: float = 0.0,
    seed: int = 9,
) -> Outcome:
    """
    Run `clients` threads against the target until `seconds` pass or `stop` is set.
    post_address_each_time gives every post an address of its own (so a
    per-address rate limit sees first-time posters); votes keep the client's.
    min_form_age waits until the form's signed time is that old (the too-fast check).
    """
    wait = target.issued_at + min_form_age - time.time()
    if wait > 0:
        time.sleep(wait)
    load = _LoadRun(
        target,
        clients=clients,
        stop=stop or threading.Event(),
        post_address_each_time=post_address_each_time,
        seed=seed,
    )
    threads = [
        threading.Thread(target=load.client, args=(n,), daemon=True)
        for n in range(clients)
    ]
    for thread in threads:
        thread.start()
    load.deadline = time.monotonic() + seconds
    begun = time.perf_counter()
    load.gate.wait()  # every client starts now
    if started is not None:
        started.set()
    for thread in threads:
        thread.join(seconds + REQUEST_TIMEOUT + 10)
    load.outcome.wall = time.perf_counter() - begun
    return load.outcome


class _LoadRun:
    """The state the clients of one load_run share, and what each client does."""

    def __init__(self, target: Target, *, clients, stop, post_address_each_time, seed):
        self.target, self.stop, self.seed = target, stop, seed
        self.post_address_each_time = post_address_each_time
        self.outcome = Outcome(run=secrets.token_hex(4), clients=clients)
        self.lock = threading.Lock()
        self.acknowledged_ids: list[int] = []
        self.fresh_addresses = itertools.count(clients + 1)  # next() is atomic
        self.gate = threading.Barrier(clients + 1)
        self.deadline = float("inf")  # set by load_run before the gate opens

    def send(self, action: str, path: str, data: dict, address: str):
        """POST as the page's script does; (status or error, JSON answer)."""
        target = self.target
        body = urllib.parse.urlencode(
            {**data, "csrfmiddlewaretoken": target.token}
        ).encode()
        headers = {
            "Accept": "application/json",
            "Content-Type": "application/x-www-form-urlencoded",
            "Cookie": f"csrftoken={target.csrf_cookie}",
            "X-Forwarded-For": address,
            "User-Agent": "CliffhangerLoad/1.0",
        }
        conn = http.client.HTTPConnection(
            target.host, target.port, timeout=REQUEST_TIMEOUT
        )
        t0 = time.perf_counter()
        try:
            conn.request("POST", path, body, headers)
            response = conn.getresponse()
            raw = response.read()
            status = str(response.status)
        except (OSError, http.client.HTTPException) as error:
            status, raw = f"error:{type(error).__name__}", b""
        finally:
            conn.close()
        elapsed = (time.perf_counter() - t0) * 1000
        try:
            payload = json.loads(raw) if raw[:1] == b"{" else {}
        except ValueError:
            payload = {}
        with self.lock:
            self.outcome.statuses[(action, status)] += 1
            self.outcome.latencies.setdefault(action, []).append(elapsed)
        return status, payload

    def client(self, number: int) -> None:
        rng = random.Random(self.seed * 1000 + number)
        own_address = _address(number)
        self.gate.wait()
        for sequence in itertools.count():
            if self.stop.is_set() or time.monotonic() >= self.deadline:
                return
            roll = rng.random()
            with self.lock:
                known = bool(self.acknowledged_ids)
                picked = rng.choice(self.acknowledged_ids) if known else None
            if roll < POST_SHARE or not known:
                self.post(number, sequence, picked, own_address)
            elif roll < POST_SHARE + VOTE_SHARE or self.target.poll_path is None:
                self.vote(number, picked, rng.choice(("up", "up", "down")), own_address)
            else:
                self.poll_vote(rng.choice(self.target.poll_options))

    def post(self, number: int, sequence: int, picked, own_address: str) -> None:
        marker = f"load-{self.outcome.run}-{number}-{sequence}"
        data = {
            "body": f"{marker}: still thinking about that finale. "
            "*Really* ||Eleven lives||.",
            "author_name": f"Load reader {number}",
            "issued": self.target.issued,
        }
        if picked is not None and sequence % REPLY_EVERY == 0:
            data["parent"] = str(picked)
        address = (
            _address(next(self.fresh_addresses))
            if self.post_address_each_time
            else own_address
        )
        with self.lock:
            self.outcome.sent.add(marker)
        status, payload = self.send("post", self.target.post_path, data, address)
        with self.lock:
            if status == "201" and "id" in payload:
                self.outcome.acknowledged[payload["id"]] = marker
                self.acknowledged_ids.append(payload["id"])
            elif status.startswith("error:"):
                self.outcome.unanswered.add(marker)

    def vote(self, number: int, comment_id: int, value: str, address: str) -> None:
        status, _ = self.send(
            "vote", f"/comments/{comment_id}/vote/", {"value": value}, address
        )
        key = (comment_id, number)
        with self.lock:
            if status == "200":
                self.outcome.votes[key] = 1 if value == "up" else -1
                self.outcome.votes_in_doubt.discard(key)
            elif status.startswith(("error:", "5")):
                self.outcome.votes_in_doubt.add(key)

    def poll_vote(self, option: str) -> None:
        status, payload = self.send(
            "poll",
            self.target.poll_path,
            {"option": option},
            _address(next(self.fresh_addresses)),
        )
        with self.lock:
            if status == "200" and payload.get("counted"):
                self.outcome.poll_counted[int(option)] += 1
            elif status.startswith(("error:", "5")):
                self.outcome.poll_in_doubt += 1


# ------------------------------------------------------------ the database, read directly


@dataclass
class Database:
    """A DB-API connection to the site's database, SQLite or PostgreSQL."""

    connection: object
    vendor: str

    def rows(self, sql: str, params: tuple = ()) -> list[tuple]:
        if self.vendor == "sqlite":
            sql = sql.replace("%s", "?")
        cursor = self.connection.cursor()
        try:
            if params:
                cursor.execute(sql, params)
            else:  # no placeholders parsed: a literal % stays one
                cursor.execute(sql)
            return list(cursor.fetchall())
        finally:
            cursor.close()


@contextmanager
def database_open(locator: str) -> Iterator[Database]:
    """A PostgreSQL URL, or the path of the SQLite file."""
    if locator.startswith(("postgres://", "postgresql://")):
        import psycopg

        with psycopg.connect(locator, autocommit=True) as connection:
            yield Database(connection, "postgresql")
        return
    connection = sqlite3.connect(locator, timeout=30)
    try:
        yield Database(connection, "sqlite")
    finally:
        connection.close()


def load_comments(db: Database, run: str) -> list[tuple[int, str]]:
    """(id, marker) of every stored comment this run posted, duplicates included."""
    return [
        (comment_id, body.split(":", 1)[0])
        for comment_id, body in db.rows(
            "SELECT id, body FROM discussion_comment WHERE body LIKE %s",
            (f"load-{run}-%",),
        )
    ]


def comment_counts(db: Database, article_path: str) -> dict[str, int]:
    """The article's stored counter and its approved rows, by its URL's slug."""
    slug = article_path.rstrip("/").rsplit("/", 1)[-1]
    ((counter, approved),) = db.rows(
        """
        SELECT d.comment_count,
               (SELECT COUNT(*) FROM discussion_comment c
                 WHERE c.article_id = d.article_id AND c.status = 'approved')
          FROM discussion_articlediscussion d
          JOIN wagtailcore_page p ON p.id = d.article_id
         WHERE p.slug = %s
        """,
        (slug,),
    )
    return {"counter": counter, "approved": approved}


def stored_votes(db: Database, comment_ids: list[int]) -> dict[int, tuple[int, int]]:
    """comment id -> (up, down) rows in discussion_commentvote."""
    if not comment_ids:
        return {}
    marks = ", ".join(["%s"] * len(comment_ids))
    totals = {comment_id: (0, 0) for comment_id in comment_ids}
    for comment_id, up, down in db.rows(
        f"""
        SELECT comment_id,
               SUM(CASE WHEN value = 1 THEN 1 ELSE 0 END),
               SUM(CASE WHEN value = -1 THEN 1 ELSE 0 END)
          FROM discussion_commentvote WHERE comment_id IN ({marks})
         GROUP BY comment_id
        """,
        tuple(comment_ids),
    ):
        totals[comment_id] = (int(up), int(down))
    return totals


def poll_vote_counts(db: Database) -> dict[int, tuple[int, int]]:
    """option id -> (stored counter, rows in predictions_pollvote)."""
    return {
        option: (counter, rows)
        for option, counter, rows in db.rows(
            """
            SELECT o.id, o.vote_count,
                   (SELECT COUNT(*) FROM predictions_pollvote v WHERE v.option_id = o.id)
              FROM predictions_polloption o
            """
        )
    }


# Each query returns the offending rows; all of them empty is a consistent database.
# The demo seeds vote totals without vote rows, so votes are compared only where
# a reader has voted.
CONSISTENCY_QUERIES = {
    "article comment_count differs from its approved comments": """
        SELECT d.article_id, d.comment_count FROM discussion_articlediscussion d
         WHERE d.comment_count != (SELECT COUNT(*) FROM discussion_comment c
                                    WHERE c.article_id = d.article_id
                                      AND c.status = 'approved')""",
    "article last_number differs from its highest comment number": """
        SELECT d.article_id, d.last_number FROM discussion_articlediscussion d
         WHERE d.last_number != (SELECT COALESCE(MAX(c.number), 0)
                                   FROM discussion_comment c
                                  WHERE c.article_id = d.article_id
                                    AND c.parent_id IS NULL)""",
    "two top-level comments share a number": """
        SELECT article_id, number FROM discussion_comment WHERE number IS NOT NULL
         GROUP BY article_id, number HAVING COUNT(*) > 1""",
    "comment reply_count differs from its approved replies": """
        SELECT p.id, p.reply_count FROM discussion_comment p
         WHERE p.reply_count != (SELECT COUNT(*) FROM discussion_comment c
                                  WHERE c.parent_id = p.id AND c.status = 'approved')""",
    "comment vote totals differ from its votes": """
        SELECT p.id, p.upvotes, p.downvotes FROM discussion_comment p
         WHERE EXISTS (SELECT 1 FROM discussion_commentvote v WHERE v.comment_id = p.id)
           AND (p.upvotes != (SELECT COUNT(*) FROM discussion_commentvote v
                               WHERE v.comment_id = p.id AND v.value = 1)
             OR p.downvotes != (SELECT COUNT(*) FROM discussion_commentvote v
                                 WHERE v.comment_id = p.id AND v.value = -1))""",
    "poll option vote_count differs from its votes": """
        SELECT o.id, o.vote_count FROM predictions_polloption o
         WHERE o.vote_count != (SELECT COUNT(*) FROM predictions_pollvote v
                                 WHERE v.option_id = o.id)""",
    "comment without its root (half-written top-level comment)": """
        SELECT id FROM discussion_comment WHERE root_id IS NULL""",
    "reply whose root or depth disagrees with its parent's": """
        SELECT c.id FROM discussion_comment c
          JOIN discussion_comment p ON p.id = c.parent_id
         WHERE c.root_id != p.root_id OR c.depth != p.depth + 1
            OR c.article_id != p.article_id""",
    "comment whose article has no discussion row": """
        SELECT DISTINCT c.article_id FROM discussion_comment c
         WHERE NOT EXISTS (SELECT 1 FROM discussion_articlediscussion d
                            WHERE d.article_id = c.article_id)""",
    "orphan comment (missing parent, root or article)": """
        SELECT c.id FROM discussion_comment c
         WHERE (c.parent_id IS NOT NULL AND NOT EXISTS
                 (SELECT 1 FROM discussion_comment p WHERE p.id = c.parent_id))
            OR NOT EXISTS (SELECT 1 FROM discussion_comment r WHERE r.id = c.root_id)
            OR NOT EXISTS (SELECT 1 FROM wagtailcore_page a WHERE a.id = c.article_id)""",
    "orphan comment vote": """
        SELECT v.id FROM discussion_commentvote v
         WHERE NOT EXISTS (SELECT 1 FROM discussion_comment c WHERE c.id = v.comment_id)""",
    "orphan moderation action": """
        SELECT m.id FROM discussion_moderationaction m
         WHERE NOT EXISTS (SELECT 1 FROM discussion_comment c WHERE c.id = m.comment_id)""",
    "orphan poll vote (missing option or option of another poll)": """
        SELECT v.id FROM predictions_pollvote v
         WHERE NOT EXISTS (SELECT 1 FROM predictions_polloption o
                            WHERE o.id = v.option_id AND o.poll_id = v.poll_id)""",
}


def consistency_problems(db: Database) -> list[str]:
    """The denormalised counters against COUNT(*), the tree, and orphan rows."""
    problems = []
    for name, sql in CONSISTENCY_QUERIES.items():
        rows = db.rows(sql)
        if rows:
            problems.append(f"{name}: {len(rows)} rows, e.g. {rows[:5]}")
    return problems


def integrity_report(db: Database) -> tuple[list[str], str]:
    """
    The database engine's own check: (problems, what was checked). SQLite:
    PRAGMA integrity_check and foreign_key_check. PostgreSQL: amcheck's
    bt_index_check on every index of the app's tables when the extension is
    there or can be created (it needs a superuser), else nothing beyond the
    consistency queries, and the note says so.
    """
    if db.vendor == "sqlite":
        result = [row[0] for row in db.rows("PRAGMA integrity_check")]
        problems = [] if result == ["ok"] else [f"integrity_check: {result[:10]}"]
        foreign = db.rows("PRAGMA foreign_key_check")
        if foreign:
            problems.append(
                f"foreign_key_check: {len(foreign)} rows, e.g. {foreign[:5]}"
            )
        return problems, "PRAGMA integrity_check, PRAGMA foreign_key_check"
    import psycopg

    with suppress(psycopg.Error):  # not a superuser, or no contrib modules
        db.connection.execute("CREATE EXTENSION IF NOT EXISTS amcheck")
    if not db.rows("SELECT 1 FROM pg_extension WHERE extname = 'amcheck'"):
        return [], "amcheck not installed (needs a superuser): consistency queries only"
    indexes = db.rows(
        """
        SELECT c.oid::regclass::text FROM pg_index i
          JOIN pg_class c ON c.oid = i.indexrelid
          JOIN pg_class t ON t.oid = i.indrelid
          JOIN pg_am a ON a.oid = c.relam
          JOIN pg_namespace n ON n.oid = t.relnamespace
         WHERE a.amname = 'btree' AND n.nspname = 'public'
           AND (t.relname LIKE %s OR t.relname LIKE %s)
        """,
        ("discussion\\_%", "predictions\\_%"),
    )
    problems = []
    for (index,) in indexes:
        try:
            db.rows("SELECT bt_index_check(%s::regclass, true)", (index,))
        except psycopg.Error as error:
            problems.append(f"bt_index_check({index}): {error}")
    return problems, f"amcheck bt_index_check(heapallindexed) on {len(indexes)} indexes"
