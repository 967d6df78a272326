"""
Issue 24's fault figures, measured: the scale-out deployment of docs/deploy.md
(PostgreSQL, Redis, two nodes each running `manage.py serve`) losing Redis,
then PostgreSQL, then the node that holds the scheduler's lease, under load.

    apt-get install -y wrk postgresql redis-server chromium
    .venv/bin/python bench/faults.py                 # about five minutes
    .venv/bin/python bench/faults.py --seconds 20    # a quick look

Everything runs on servers of its own: a PostgreSQL cluster initdb'd in a
temporary folder and a redis-server (`--save ""`, no appendonly, as
docs/deploy.md configures the cache) on free ports, started and stopped here
(as the postgres user through runuser when run as root), so stopping them
touches no other server on the machine. The demo (migrate, collectstatic,
load_demo) is loaded into it, then two nodes of `manage.py serve` share it
(and one var folder: the secret key and media, shared storage in a real
deployment). Readers are wrk, 16 connections per node, first-time readers
of the seed article; posters send a few comments a second, alternating
between the nodes, each from an address of its own, never retried. Measured,
in one run:

1. Reference: the same readers and posters with the page and fragment
   caches off (PAGE_CACHE_SECONDS=0, FRAGMENT_CACHE_SECONDS=0): the uncached
   figure the Redis outage is held to.
2. Redis stopped at a sixth of --seconds and started at two thirds (10 s and
   40 s of 60): per phase, the readers' req/s, p50/p99 and answers, the
   posts answered 201, every 201 stored once, and whether a first-time
   reader's page (newest first) shows the latest 201 when it is asked for.
3. PostgreSQL stopped for --pg-outage-seconds: what readers got (503 with
   Retry-After, or the page cache's stale copy), the time from its return
   until each node answers an uncached page with 200 and a comment with 201,
   both `serve` processes alive, and a screenshot of the 503 page at 390 px.
4. The node holding the scheduler's lease killed (SIGKILL, its whole process
   group) while an article is due 20 s later: when, and how often, the other
   node publishes it, with the production lease and interval.

Writes bench/results/faults.md and bench/results/faults-503.png.
"""

from __future__ import annotations

import argparse
import contextlib
import http.client
import json
import os
import re
import secrets
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
import time
import urllib.parse
from dataclasses import dataclass, field
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from article_page import (  # noqa: E402  (bench/ is not a package)
    ENV_TO_CLEAR,
    REPO_DIR,
    free_port,
    load_average,
    log,
    machine_summary,
    table,
)

if str(REPO_DIR) not in sys.path:
    sys.path.insert(0, str(REPO_DIR))
from cliffhanger.testing.load_clients import Target, target_read  # noqa: E402
from cliffhanger.testing.processes import (  # noqa: E402
    cmdline,
    process_tree,
    published,
    script_run,
    serve_process,
    setup_script_output,
)
from cliffhanger.testing.servers import (  # noqa: E402
    PG_BIN,
    PrivatePostgres,
    PrivateRedis,
)

RESULTS_MD = REPO_DIR / "bench" / "results" / "faults.md"
SCREENSHOT = REPO_DIR / "bench" / "results" / "faults-503.png"
SEED_URL = "/entertainment/everything-we-know-about-partner-track-season-2/"
NEWEST = SEED_URL + "?csort=newest"  # where a new top-level comment shows first
# A query the page cache does not keep (not in PAGE_CACHE_QUERY_PARAMS): every
# GET of it is built from the database.
UNCACHED_URL = "/entertainment/?n={n}"
CHROMIUM = "/usr/bin/chromium"

READERS = 32  # wrk connections, split evenly between the nodes
POSTS_PER_SECOND = 4.0  # a few comments a second, alternating between the nodes
SECONDS = 60  # the Redis scenario; Redis away from 1/6 to 2/3 of it
REFERENCE_SECONDS = 10
PG_OUTAGE_SECONDS = 10
RECOVERY_LIMIT = 10.0  # the target, seconds from PostgreSQL's return
AFTER_WINDOW = 5.0  # seconds: readers after Redis's return, reported per window
LEASE_DUE_SECONDS = 20
PUBLISH_LIMIT = 60.0  # the target, seconds after the article fell due
MIN_SUBMIT_SECONDS = 3.0  # DISCUSSION_MIN_SUBMIT_SECONDS' production default
STARTUP_TIMEOUT = 120.0  # two nodes starting at once on two busy CPUs

SETUP = r"""
import django
django.setup()
from django.core.management import call_command
call_command("migrate", interactive=False, verbosity=0)
call_command("collectstatic", interactive=False, verbosity=0)
call_command("load_demo", verbosity=0)
"""

# An article in the first section, published with go_live_at in the future:
# Wagtail keeps it as a scheduled revision for the scheduler to publish.
SCHEDULE = r"""
import django, json, sys
django.setup()
from datetime import timedelta
from django.utils import timezone
from cliffhanger.newsroom.models import ArticlePage, SectionPage

slug, delay = sys.argv[1], float(sys.argv[2])
section = SectionPage.objects.live().order_by("path").first()
article = ArticlePage(title=f"Due {slug}", slug=slug, dek="Falls due under a fault.")
section.add_child(instance=article)
article.go_live_at = timezone.now() + timedelta(seconds=delay)
article.save_revision().publish()
print(json.dumps({"id": article.pk, "due": article.go_live_at.timestamp()}))
"""

# One process, django.test.Client: the seed's median CPU per request.
CPU_PER_REQUEST = r"""
import json, statistics, sys, time
import django
django.setup()
from django.test import Client

client = Client(HTTP_HOST="127.0.0.1")
for _ in range(10):
    assert client.get(sys.argv[1]).status_code == 200
cpu = []
for _ in range(int(sys.argv[2])):
    started = time.thread_time()
    client.get(sys.argv[1])
    cpu.append((time.thread_time() - started) * 1000)
functions = {}
try:
    from pyinstrument import Profiler
except ImportError:
    Profiler = None
if Profiler is not None and sys.argv[3] == "profile":
    # Each of our functions' inclusive time per request (ms, under the profiler).
    profiler = Profiler(interval=0.0005)
    profiler.start()
    for _ in range(40):
        client.get(sys.argv[1])
    profiler.stop()

    def walk(frame, above):
        key = f"{frame.function} ({frame.file_path_short}:{frame.line_no})"
        if "/cliffhanger/" in (frame.file_path or "") and key not in above:
            functions[key] = functions.get(key, 0.0) + frame.time * 1000 / 40
            above = above | {key}
        for child in frame.children:
            walk(child, above)

    walk(profiler.last_session.root_frame(), frozenset())
print(json.dumps({"cpu": statistics.median(cpu), "functions": functions}))
"""
CPU_REQUESTS = 80

# Readers: statuses and X-Page-Cache counted per thread, and the latency
# histogram (one line per distinct microsecond value) so the two nodes' wrk
# runs can be merged into one p50/p99.
LUA_READ = r"""
local threads = {}

function setup(thread)
  table.insert(threads, thread)
end

function init(args)
  statuses, caches = {}, {}
end

function response(status, headers, body)
  statuses[status] = (statuses[status] or 0) + 1
  local outcome = headers["X-Page-Cache"] or "none"
  caches[outcome] = (caches[outcome] or 0) + 1
end

function done(summary, latency, requests)
  for _, thread in ipairs(threads) do
    for status, n in pairs(thread:get("statuses")) do
      io.write(string.format("status %d %d\n", status, n))
    end
    for outcome, n in pairs(thread:get("caches")) do
      io.write(string.format("cache %s %d\n", outcome, n))
    end
  end
  for i = 1, #latency do
    local value, n = latency(i)
    io.write(string.format("latency %d %d\n", value, n))
  end
end
"""


# ---------------------------------------------------------------------- nodes


def node_env(var_dir: Path, database_url: str, redis_url: str) -> dict[str, str]:
    """The production defaults, pointed at the private servers only."""
    env = {
        name: value
        for name, value in os.environ.items()
        if name not in ENV_TO_CLEAR
        and not name.startswith(
            ("DISCUSSION_", "PAGE_CACHE_", "FRAGMENT_", "GUNICORN_", "SCHEDULER_")
        )
        and name not in ("WEB_CONCURRENCY", "DJANGO_SETTINGS_MODULE", "LOG_FORMAT")
    }
    env.update(
        {
            "DJANGO_SETTINGS_MODULE": "cliffhanger.settings.base",
            "CLIFFHANGER_VAR_DIR": str(var_dir),
            "DATABASE_URL": database_url,
            "REDIS_URL": redis_url,
            "PYTHONUNBUFFERED": "1",
            "EMAIL_BACKEND": "django.core.mail.backends.filebased.EmailBackend",
            "EMAIL_FILE_PATH": str(var_dir / "mail"),
            # The posters are regulars (as in bench/load.py); every other
            # moderation policy keeps its production default.
            "DISCUSSION_HOLD_FIRST_COMMENT": "false",
            # The demo's 648 renditions made ahead would take a CPU for half a
            # minute in the middle of the measurements; readers fetch no images.
            "PICTURE_RENDITIONS_AHEAD": "false",
            "SOCIAL_CARDS_MAKE_AHEAD": "false",
        }
    )
    return env


class Node:
    """`manage.py serve` in a process group of its own (so it can be killed whole)."""

    def __init__(self, name: str, env: dict[str, str], log_path: Path):
        self.name, self.env, self.log_path = name, env, log_path
        self.port = free_port()
        self.process: subprocess.Popen | None = None

    def start(self) -> None:
        with open(self.log_path, "ab") as log_file:
            self.process = serve_process(
                self.port, self.env, log_file, own_session=True
            )

    def wait_healthy(self) -> None:
        deadline = time.monotonic() + STARTUP_TIMEOUT
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(
                    f"{self.name} exited with {self.process.returncode}; see "
                    f"{self.log_path}:\n{self.log_path.read_text(errors='replace')[-3000:]}"
                )
            if http_get(self.port, "/healthz", timeout=5)[0] == 200:
                return
            time.sleep(0.2)
        raise RuntimeError(f"{self.name} not healthy after {STARTUP_TIMEOUT:.0f} s")

    def alive(self) -> bool:
        return self.process is not None and self.process.poll() is None

    def roles(self) -> dict[str, list[int]]:
        """The pids under serve: gunicorn (master and workers), worker, scheduler."""
        found: dict[str, list[int]] = {}
        if not self.alive():
            return found
        for pid in process_tree(self.process.pid)[1:]:
            line = " ".join(cmdline(pid))
            role = (
                "scheduler"
                if "run_scheduler" in line
                else "gunicorn"
                if "gunicorn" in line
                else "task worker"
                if "task" in line or "worker" in line
                else "other"
            )
            found.setdefault(role, []).append(pid)
        return found

    def stop(self) -> None:
        if not self.alive():
            return
        self.process.send_signal(signal.SIGTERM)
        try:
            self.process.wait(timeout=45)
        except subprocess.TimeoutExpired:
            self.kill()

    def kill(self) -> None:
        """SIGKILL to serve's whole group: gunicorn, its workers, worker, scheduler."""
        with contextlib.suppress(ProcessLookupError):
            os.killpg(self.process.pid, signal.SIGKILL)
        self.process.wait(timeout=10)


@contextlib.contextmanager
def serving(nodes: list[Node]):
    for node in nodes:
        node.start()
    try:
        for node in nodes:
            node.wait_healthy()
        for node in nodes:  # every worker imports lazily: warm them all
            for _ in range(12):
                http_get(node.port, SEED_URL)
                http_get(node.port, UNCACHED_URL.format(n=secrets.token_hex(3)))
        yield nodes
    finally:
        for node in nodes:
            node.stop()


# ----------------------------------------------------------------------- HTTP


def http_get(
    port: int, path: str, headers: dict | None = None, timeout: float = 30
) -> tuple[int, dict, bytes]:
    """(status, headers, body) on a fresh connection; status 0 when nothing answered."""
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=timeout)
    try:
        conn.request("GET", path, headers=headers or {})
        response = conn.getresponse()
        return response.status, dict(response.getheaders()), response.read()
    except (OSError, http.client.HTTPException):
        return 0, {}, b""
    finally:
        conn.close()


_addresses = iter(range(1, 1 << 17))
_address_lock = threading.Lock()


def comment_post(port: int, target: Target, marker: str) -> tuple[int, int | None]:
    """One comment, from an address of its own (the per-address rate limit is
    still checked, it just never trips); (status, its id when 201)."""
    with _address_lock:
        n = next(_addresses)
    body = urllib.parse.urlencode(
        {
            "body": f"{marker}: still reading through the fault.",
            "author_name": f"Fault reader {n % 89}",
            "issued": target.issued,
            "csrfmiddlewaretoken": target.token,
        }
    ).encode()
    headers = {
        "Accept": "application/json",
        "Content-Type": "application/x-www-form-urlencoded",
        "Cookie": f"csrftoken={target.csrf_cookie}",
        "X-Forwarded-For": f"198.{18 + n // 65536}.{n // 256 % 256}.{n % 256}",
    }
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    try:
        conn.request("POST", target.post_path, body, headers)
        response = conn.getresponse()
        data = response.read()
        if response.status == 201:
            return 201, json.loads(data)["id"]
        return response.status, None
    except (OSError, http.client.HTTPException):
        return 0, None
    finally:
        conn.close()


# -------------------------------------------------------------------- readers


class Readers:
    """wrk on the seed article, 16 connections per node, until finish() (SIGINT:
    wrk stops and reports), so a phase ends exactly when the fault changes."""

    def __init__(self, nodes: list[Node], script: Path, path: str = SEED_URL):
        per_node = READERS // len(nodes)
        self.started = time.monotonic()
        self.processes = [
            subprocess.Popen(
                ["wrk", "-t1", f"-c{per_node}", "-d3600s", "--latency"]
                + ["--timeout", "10s", "-s", str(script)]
                + [f"http://127.0.0.1:{node.port}{path}"],
                stdout=subprocess.PIPE,
                stderr=subprocess.PIPE,
                text=True,
            )
            for node in nodes
        ]

    def finish(self) -> dict:
        wall = time.monotonic() - self.started
        for process in self.processes:
            process.send_signal(signal.SIGINT)
        outputs = [process.communicate(timeout=60)[0] for process in self.processes]
        return _readers_result(outputs, wall)


def readers_merged(parts: list[dict]) -> dict:
    """Consecutive Readers phases as one (their histograms added)."""
    merged = _readers_result([p["output"] for p in parts], 0.0)
    merged["seconds"] = wall = sum(p["seconds"] for p in parts)
    merged["rps"] = merged["answered"] / wall if wall else 0.0
    return merged


def _readers_result(outputs: list[str], wall: float) -> dict:
    """wrk's outputs (LUA_READ's lines) over `wall` seconds, both nodes added."""
    statuses: dict[int, int] = {}
    caches: dict[str, int] = {}
    histogram: dict[int, int] = {}
    text = "\n".join(outputs)
    for code, n in re.findall(r"^status (\d+) (\d+)$", text, re.M):
        statuses[int(code)] = statuses.get(int(code), 0) + int(n)
    for outcome, n in re.findall(r"^cache (\S+) (\d+)$", text, re.M):
        caches[outcome] = caches.get(outcome, 0) + int(n)
    for value, n in re.findall(r"^latency (\d+) (\d+)$", text, re.M):
        histogram[int(value)] = histogram.get(int(value), 0) + int(n)
    socket_errors = [e.strip() for e in re.findall(r"Socket errors: (.+)$", text, re.M)]
    answered = sum(statuses.values())
    return {
        "seconds": wall,
        "answered": answered,
        "rps": answered / wall if wall else 0.0,
        "p50": _histogram_percentile(histogram, 0.50),
        "p99": _histogram_percentile(histogram, 0.99),
        "statuses": statuses,
        "caches": caches,
        "socket_errors": socket_errors,
        "timeouts": sum(
            int(n) for e in socket_errors for n in re.findall(r"timeout (\d+)", e)
        ),
        "output": text,
    }


def _histogram_percentile(histogram: dict[int, int], fraction: float) -> float:
    """ms at `fraction` of wrk's latency samples (microsecond values, counts)."""
    total = sum(histogram.values())
    if not total:
        return float("nan")
    seen = 0
    for value in sorted(histogram):
        seen += histogram[value]
        if seen >= fraction * total:
            return value / 1000
    return max(histogram) / 1000


# -------------------------------------------------------------------- posters


class Background:
    """Its `_threads` started on entering; on leaving, `_stop` set and each
    thread given 40 s to end."""

    _threads: list[threading.Thread]
    _stop: threading.Event

    def __enter__(self):
        for thread in self._threads:
            thread.start()
        return self

    def __exit__(self, *exc):
        self._stop.set()
        for thread in self._threads:
            thread.join(40)


@dataclass
class Post:
    sent: float
    answered: float
    node: str
    status: int
    marker: str
    comment_id: int | None


@dataclass
class Posting(Background):
    """POSTS_PER_SECOND comments on a fixed schedule, one thread per node (a node
    that hangs does not slow the other); a slot missed while a post hung is
    skipped, never made up in a burst, and no post is retried."""

    nodes: list[Node]
    target: Target
    run: str  # the run and scenario: every marker is unique in the database
    rate: float = POSTS_PER_SECOND
    posts: list[Post] = field(default_factory=list)

    def __post_init__(self):
        self._stop = threading.Event()
        self._lock = threading.Lock()
        self._threads = [
            threading.Thread(target=self._post_loop, args=(node, i), daemon=True)
            for i, node in enumerate(self.nodes)
        ]

    def _post_loop(self, node: Node, index: int) -> None:
        every = len(self.nodes) / self.rate
        started = time.monotonic() + index * every / len(self.nodes)
        slot = 0
        while not self._stop.is_set():
            due = started + slot * every
            if self._stop.wait(max(0.0, due - time.monotonic())):
                return
            slot = max(slot + 1, int((time.monotonic() - started) / every) + 1)
            marker = f"faults-{self.run}-{node.name}-{slot}"
            sent = time.monotonic()
            status, comment_id = comment_post(node.port, self.target, marker)
            with self._lock:
                self.posts.append(
                    Post(sent, time.monotonic(), node.name, status, marker, comment_id)
                )

    def latest_created(self, before: float) -> Post | None:
        with self._lock:
            done = [p for p in self.posts if p.status == 201 and p.answered < before]
        return max(done, key=lambda p: p.answered, default=None)


class Freshness(Background):
    """Twice a second a first-time reader (no cookies) asks a node, in turn, for
    the seed newest first: is the latest comment answered 201 before the
    request was sent in the page?"""

    def __init__(self, nodes: list[Node], posting: Posting):
        self.nodes, self.posting = nodes, posting
        self.checks: list[tuple[float, str, int, bool, str]] = []
        self._stop = threading.Event()
        self._threads = [threading.Thread(target=self._loop, daemon=True)]

    def _loop(self) -> None:
        turn = 0
        while not self._stop.wait(0.5):
            node = self.nodes[turn % len(self.nodes)]
            turn += 1
            asked = time.monotonic()
            post = self.posting.latest_created(asked)
            if post is None:
                continue
            status, headers, html = http_get(node.port, NEWEST)
            shown = f'id="comment-{post.comment_id}"'.encode() in html
            self.checks.append(
                (asked, node.name, status, shown, headers.get("X-Page-Cache", "none"))
            )


def stored_counts(db: PrivatePostgres, run: str) -> dict[str, int]:
    """How many rows each of this run's markers has in PostgreSQL."""
    rows = db.rows(
        "SELECT split_part(body, ':', 1), COUNT(*) FROM discussion_comment"
        " WHERE body LIKE %s GROUP BY 1",
        (f"faults-{run}-%",),
    )
    return dict(rows)


def storage_check(db: PrivatePostgres, run: str, posts: list[Post]) -> dict:
    stored = stored_counts(db, run)
    created = [p for p in posts if p.status == 201]
    others = [p for p in posts if p.status != 201]
    return {
        "created": len(created),
        "created_stored_once": sum(1 for p in created if stored.get(p.marker) == 1),
        "created_missing": [p.marker for p in created if p.marker not in stored],
        "duplicates": [m for m, n in stored.items() if n > 1],
        # A post answered otherwise (a 503, no answer) but stored all the same.
        "stored_without_201": [p.marker for p in others if p.marker in stored],
    }


def _phase(t: float, bounds: list[tuple[str, float, float]]) -> str | None:
    return next((name for name, start, end in bounds if start <= t < end), None)


def posts_by_phase(posts: list[Post], bounds) -> dict[str, dict[int, int]]:
    found: dict[str, dict[int, int]] = {name: {} for name, _, _ in bounds}
    for post in posts:
        name = _phase(post.sent, bounds)
        if name:
            found[name][post.status] = found[name].get(post.status, 0) + 1
    return found


def page_count_check(nodes: list[Node], db: PrivatePostgres) -> dict:
    """After the load: the count a first-time reader's seed page shows, from each
    node, against the approved rows in PostgreSQL."""
    slug = SEED_URL.rstrip("/").rsplit("/", 1)[-1]
    (approved,) = db.rows(
        "SELECT COUNT(*) FROM discussion_comment c JOIN wagtailcore_page p"
        " ON p.id = c.article_id WHERE p.slug = %s AND c.status = 'approved'",
        (slug,),
    )[0]
    shown = {}
    for node in nodes:
        _, headers, html = http_get(node.port, SEED_URL)
        found = re.search(rb"<span data-comment-count>(\d+)</span>", html)
        shown[node.name] = (
            int(found.group(1)) if found else None,
            headers.get("X-Page-Cache", "none"),
        )
    return {"approved": approved, "shown": shown}


# ------------------------------------------------------------------ scenarios


def bench_reference(nodes, target, run, script, seconds) -> dict:
    """Readers and posters with the page and fragment caches off."""
    # The same clients as the Redis scenario, the freshness reader included.
    with Posting(nodes, target, f"{run}-ref") as posting, Freshness(nodes, posting):
        readers = Readers(nodes, script)
        time.sleep(seconds)
        return readers.finish()


def bench_redis(nodes, redis, db, target, run, script, seconds) -> dict:
    stop_at, start_at = seconds / 6, seconds * 2 / 3
    result: dict = {"seconds": seconds}
    with (
        Posting(nodes, target, f"{run}-redis") as posting,
        Freshness(nodes, posting) as freshness,
    ):
        t0 = time.monotonic()
        readers = Readers(nodes, script)
        time.sleep(max(0.0, t0 + stop_at - time.monotonic()))
        # Stopped under the readers (their requests in flight then count
        # before); the outage's row starts once Redis is gone.
        redis.stop()
        stopped = time.monotonic()
        result["before"] = readers.finish()
        readers = Readers(nodes, script)
        time.sleep(2)
        status, _, body = http_get(nodes[0].port, "/healthz")
        result["health_during"] = f"{status} {body.decode(errors='replace')}"
        time.sleep(max(0.0, t0 + start_at - time.monotonic()))
        redis.start()
        back = time.monotonic()
        result["during"] = readers.finish()
        readers = Readers(nodes, script)
        # The last comment answered 201 while Redis was away, asked for at
        # once from each node by a first-time reader.
        last = posting.latest_created(back)
        result["outage_comment"] = outage_comment_shown(nodes, last)
        windows = _readers_after_return(nodes, script, readers, t0 + seconds, back)
        result["after_windows"] = windows
        result["after"] = readers_merged(windows)
        ended = time.monotonic()
    time.sleep(1)
    bounds = [
        ("before", t0, stopped),
        ("during", stopped, back),
        ("after", back, ended),
    ]
    result["posts"] = posts_by_phase(posting.posts, bounds)
    _freshness_by_phase(freshness, bounds, t0, result)
    result["storage"] = storage_check(db, run, posting.posts)
    result["page_count"] = page_count_check(nodes, db)
    return result


def _readers_after_return(nodes, script, readers, end_of_run, back) -> list[dict]:
    """Back in windows of AFTER_WINDOW seconds: how soon readers are served from
    the cache again. `readers` started at `back`; the last window ends the run."""
    windows = []
    while True:
        end = min(end_of_run, back + AFTER_WINDOW * (len(windows) + 1))
        time.sleep(max(0.0, end - time.monotonic()))
        windows.append(readers.finish())
        if time.monotonic() >= end_of_run - 0.5:
            break
        readers = Readers(nodes, script)
    return windows


def _freshness_by_phase(freshness: Freshness, bounds, t0: float, result) -> None:
    """The freshness reader's checks per phase, and the pages without the comment."""
    result["fresh"] = {}
    for bound in bounds:
        checks = [c for c in freshness.checks if _phase(c[0], [bound])]
        result["fresh"][bound[0]] = (
            sum(1 for c in checks if c[3]),
            len(checks),
            sorted({c[2] for c in checks}),
        )
    result["stale_fetches"] = [
        (round(t - t0, 1), node, status, cache)
        for t, node, status, shown, cache in freshness.checks
        if not shown
    ]


def outage_comment_shown(nodes: list[Node], post: Post | None) -> dict:
    if post is None:
        return {"comment": None}
    answers = {}
    for node in nodes:
        asked = time.monotonic()
        status, headers, html = http_get(node.port, NEWEST)
        answers[node.name] = {
            "status": status,
            "shown": f'id="comment-{post.comment_id}"'.encode() in html,
            "cache": headers.get("X-Page-Cache", "none"),
            "seconds": time.monotonic() - asked,
        }
    return {"comment": post.comment_id, "node": post.node, "answers": answers}


class Probes(Background):
    """Per node, in turn: an uncached page (GET) and a comment (POST), every 0.2 s."""

    def __init__(self, nodes, target, run):
        self.nodes, self.target, self.run = nodes, target, run
        self.answers: list[tuple[float, str, str, int, str]] = []
        self._stop = threading.Event()
        self._threads = [
            threading.Thread(target=self._loop, args=(node,), daemon=True)
            for node in nodes
        ]

    def _loop(self, node: Node) -> None:
        n = 0
        while not self._stop.wait(0.2):
            n += 1
            status, headers, _ = http_get(
                node.port, UNCACHED_URL.format(n=f"{node.name}-{n}"), timeout=15
            )
            answered = time.monotonic()
            retry = headers.get("Retry-After", "none")
            self.answers.append((answered, node.name, "get", status, retry))
            marker = f"faults-{self.run}-pg-probe-{node.name}-{n}"
            status, _ = comment_post(node.port, self.target, marker)
            self.answers.append((time.monotonic(), node.name, "post", status, marker))

    def recovered(self, node: str, since: float) -> float | None:
        """Seconds after `since` until this node has answered both an uncached
        page with 200 and a comment with 201."""
        firsts = []
        for kind, ok in (("get", 200), ("post", 201)):
            times = [
                t
                for t, n, k, s, _ in self.answers
                if n == node and k == kind
                if t > since and s == ok
            ]
            if not times:
                return None
            firsts.append(min(times))
        return max(firsts) - since


def kept_then_changed(nodes: list[Node], target: Target, run: str) -> dict:
    """The seed newest first kept in the page cache (nobody else reads that
    address in this scenario), then a comment that makes the kept copy out of
    date, just before PostgreSQL goes."""
    for _ in range(2):
        http_get(nodes[0].port, NEWEST)
    status, headers, _ = http_get(nodes[0].port, NEWEST)
    marker = f"faults-{run}-pg-stale"
    posted, comment_id = comment_post(nodes[0].port, target, marker)
    return {
        "kept": headers.get("X-Page-Cache", "none"),
        "posted": posted,
        "comment": comment_id,
    }


def stale_during(nodes: list[Node], stale: dict) -> dict:
    """What a first-time reader gets for that address while the database is away."""
    answers = {}
    for node in nodes:
        status, headers, html = http_get(node.port, NEWEST)
        answers[node.name] = {
            "status": status,
            "cache": headers.get("X-Page-Cache", "none"),
            "retry_after": headers.get("Retry-After"),
            "has_new_comment": f'id="comment-{stale["comment"]}"'.encode() in html,
        }
    return {**stale, "answers": answers}


class Browser:
    """Chromium (Debian's, through Playwright), launched before the fault so the
    screenshot is taken well inside it."""

    def __enter__(self):
        from playwright.sync_api import sync_playwright

        self._playwright = sync_playwright().start()
        self._browser = self._playwright.chromium.launch(
            executable_path=CHROMIUM,
            headless=True,
            args=["--no-sandbox", "--disable-gpu", "--no-first-run"],
        )
        return self

    def __exit__(self, *exc):
        self._browser.close()
        self._playwright.stop()

    def screenshot(self, url: str, path: Path) -> dict:
        """The page a reader sees at `url`, 390 px wide, whole."""
        page = self._browser.new_page(viewport={"width": 390, "height": 844})
        try:
            response = page.goto(url, wait_until="load")
            page.screenshot(path=str(path), full_page=True)
            return {
                "status": response.status,
                "retry_after": response.headers.get("retry-after"),
                "title": page.title(),
            }
        finally:
            page.close()


def bench_postgres(nodes, db, target, run, script, outage_seconds) -> dict:
    result: dict = {"outage_seconds": outage_seconds}
    roles_before = {node.name: node.roles() for node in nodes}
    with contextlib.ExitStack() as stack:
        browser = _browser_or_none(stack, result)
        probes = stack.enter_context(Probes(nodes, target, run))
        posting = stack.enter_context(Posting(nodes, target, f"{run}-pg"))
        readers = Readers(nodes, script)
        time.sleep(5)
        stale = kept_then_changed(nodes, target, run)
        db.stop()
        stopped = time.monotonic()
        result["before"] = readers.finish()
        readers = Readers(nodes, script)
        _postgres_away_checks(nodes, browser, stale, outage_seconds, result)
        time.sleep(max(0.0, stopped + outage_seconds - time.monotonic()))
        db.start()
        back = time.monotonic()
        result["down_seconds"] = back - stopped  # pg_ctl stop returned → start -w
        result["during"] = readers.finish()
        readers = Readers(nodes, script)
        _recovery_wait(nodes, probes, back)
        time.sleep(5)  # and a little load after
        result["after"] = readers.finish()
        ended = time.monotonic()
    time.sleep(1)
    result["recovered"] = {
        node.name: probes.recovered(node.name, back) for node in nodes
    }
    bounds = [("during", stopped, back), ("after", back, ended)]
    _probe_findings(probes, bounds, back, result)
    result["posts"] = posts_by_phase(posting.posts, [("before", 0, stopped), *bounds])
    probe_posts = [
        Post(t, t, node, status, note, None)
        for t, node, kind, status, note in probes.answers
        if kind == "post"
    ]
    result["storage"] = storage_check(db, run, posting.posts + probe_posts)
    result["alive"] = {node.name: node.alive() for node in nodes}
    result["roles_before"] = roles_before
    result["roles_after"] = {node.name: node.roles() for node in nodes}
    return result


def _browser_or_none(stack: contextlib.ExitStack, result: dict) -> Browser | None:
    """Chromium for the screenshot; without it, say so in `result` and measure on."""
    try:
        return stack.enter_context(Browser())
    except Exception as error:  # noqa: BLE001 (no browser: say so, measure on)
        result["screenshot"] = {"error": repr(error)}
        return None


def _postgres_away_checks(nodes, browser, stale, outage_seconds, result) -> None:
    """Inside the outage: the kept page out of date, and the 503's screenshot."""
    time.sleep(min(2.0, outage_seconds / 3))
    result["stale"] = stale_during(nodes, stale)
    if browser is not None:
        url = f"http://127.0.0.1:{nodes[0].port}" + UNCACHED_URL.format(n="shot")
        try:
            result["screenshot"] = browser.screenshot(url, SCREENSHOT)
        except Exception as error:  # noqa: BLE001
            result["screenshot"] = {"error": repr(error)}


def _recovery_wait(nodes, probes: Probes, back: float) -> None:
    """Until every node has recovered, or RECOVERY_LIMIT + 20 s after `back`."""
    deadline = back + RECOVERY_LIMIT + 20
    while time.monotonic() < deadline:
        if all(probes.recovered(node.name, back) is not None for node in nodes):
            break
        time.sleep(0.25)


def _probe_findings(probes: Probes, bounds, back: float, result: dict) -> None:
    """The probes' answers per phase, the 503s' Retry-After, failures after recovery."""
    probe_statuses: dict = {}
    for t, node, kind, status, _ in probes.answers:
        phase = _phase(t, bounds)
        if phase:
            key = (phase, node, kind)
            probe_statuses.setdefault(key, {})
            probe_statuses[key][status] = probe_statuses[key].get(status, 0) + 1
    result["probes"] = {" ".join(k): v for k, v in probe_statuses.items()}
    result["retry_after"] = sorted(
        {
            note
            for t, _, kind, status, note in probes.answers
            if kind == "get" and status == 503
        }
    )
    # After recovery: anything but success?
    result["after_recovery_failures"] = [
        (round(t - back, 1), node, kind, status)
        for t, node, kind, status, _ in probes.answers
        if t > back + max(v or 0 for v in result["recovered"].values())
        and status not in (200, 201)
    ]


def bench_lease(nodes, db, env) -> dict:
    """Kill -9 the lease holder's node while an article is due in 20 s."""
    holder = db.rows("SELECT holder FROM core_lease WHERE name = 'scheduler'")
    if not holder:
        return {"error": "no scheduler lease row"}
    holder_pid = int(holder[0][0].split(":")[1])
    victim = next(
        (n for n in nodes if n.alive() and holder_pid in process_tree(n.process.pid)),
        None,
    )
    if victim is None:
        return {"error": f"lease holder {holder[0][0]} is in neither node"}
    survivor = next(n for n in nodes if n is not victim)
    article = _article_schedule(env)
    killed_at = time.time()
    victim.kill()
    log(
        f"lease: killed {victim.name} (holder pid {holder_pid}); article due in "
        f"{article['due'] - killed_at:.1f} s"
    )
    published_at = _publication_wait(env, article)
    if published_at is not None:
        time.sleep(20)  # another round of the survivor: still once?
    live, count = published(env, [article["id"]])[article["id"]]
    new_holder = db.rows("SELECT holder FROM core_lease WHERE name = 'scheduler'")
    new_pid = int(new_holder[0][0].split(":")[1]) if new_holder else None
    return {
        "victim": victim.name,
        "survivor": survivor.name,
        "due_after_kill": article["due"] - killed_at,
        "published_after_due": (
            published_at - article["due"] if published_at is not None else None
        ),
        "live": live,
        "go_live_entries": count,
        "new_holder_is_survivor": survivor.alive()
        and new_pid in process_tree(survivor.process.pid),
        "survivor_alive": survivor.alive(),
        "victim_left": [
            pid
            for pid in process_tree(victim.process.pid)
            if Path(f"/proc/{pid}").exists()
        ],
    }


def _article_schedule(env: dict[str, str]) -> dict:
    """A new article due LEASE_DUE_SECONDS from now: its id and due time."""
    slug = f"due-faults-{secrets.token_hex(3)}"
    return _script_json(env, SCHEDULE, slug, str(LEASE_DUE_SECONDS), timeout=120)


def _publication_wait(env: dict[str, str], article: dict) -> float | None:
    """When the article was seen live and logged as published, or None by the
    deadline (PUBLISH_LIMIT + 30 s after it fell due)."""
    deadline = article["due"] + PUBLISH_LIMIT + 30
    while time.time() < deadline:
        live, count = published(env, [article["id"]])[article["id"]]
        if live and count:
            return time.time()
        time.sleep(0.25)
    return None


def _script_json(env: dict[str, str], script: str, *args: str, timeout: float):
    """`script` run to the end in a fresh interpreter (CalledProcessError when it
    fails): the JSON on its last line of output."""
    result = script_run(env, script, *args, timeout=timeout)
    result.check_returncode()
    return json.loads(result.stdout.strip().splitlines()[-1])


def cpu_per_request(env: dict[str, str]) -> dict:
    """The seed's CPU per request in one process: with the reference's settings
    (Redis up), and with the production defaults and Redis unreachable (a port
    nothing listens on), twice each, alternating."""
    settings = {
        "reference (page and fragment caches off, Redis up)": {
            **env,
            "PAGE_CACHE_SECONDS": "0",
            "FRAGMENT_CACHE_SECONDS": "0",
        },
        "Redis away (production defaults, REDIS_URL a closed port)": {
            **env,
            "REDIS_URL": f"redis://127.0.0.1:{free_port()}/0",
            "LOG_LEVEL": "CRITICAL",
        },
    }
    found: dict[str, list[float]] = {name: [] for name in settings}
    profiles: dict[str, dict[str, float]] = {}
    for round_ in range(2):
        for name, run_env in settings.items():
            mode = "profile" if round_ else "cpu"
            measured = _script_json(
                run_env, CPU_PER_REQUEST, SEED_URL, str(CPU_REQUESTS), mode, timeout=300
            )
            found[name].append(measured["cpu"])
            if measured["functions"]:
                profiles[name] = measured["functions"]
    return {"cpu": found, "slower": _slower_with_redis_away(*profiles.values())}


def _slower_with_redis_away(reference=None, away=None) -> list[tuple[str, float]]:
    """Our functions that take longest more with Redis away, middleware aside."""
    if not reference or not away:
        return []
    more = [
        (name, away[name] - reference.get(name, 0.0))
        for name in away
        if not name.startswith("__call__") and "cliffhanger/caching/" not in name
    ]
    return sorted(more, key=lambda item: -item[1])[:8]


def log_findings(log_path: Path) -> dict:
    """What the node's log says went wrong: error lines and tracebacks' last lines."""
    lines = log_path.read_text(errors="replace").splitlines()
    errors: dict[str, int] = {}
    for index, line in enumerate(lines):
        if line.startswith("Traceback"):
            end = index + 1
            while end < len(lines) and (
                lines[end].startswith((" ", "\t")) or not lines[end].strip()
            ):
                end += 1
            following = " ".join(lines[end + 1 : end + 3])
            if "During handling of" in following or "direct cause" in following:
                continue  # a link in a chain: its last exception is what counts
            last = lines[end].strip() if end < len(lines) else "?"
            key = "traceback: " + re.sub(r"\d+(\.\d+)*", "N", last)[:150]
        elif (
            " ERROR " in line or "Internal Server Error" in line or " CRITICAL " in line
        ):
            # Without the time, the request id and the numbers: one key per kind.
            key = re.sub(r"^.*?(ERROR|CRITICAL|Internal Server Error)", r"\1", line)
            key = re.sub(r"\[[^\]]*\] ", "", key)
            key = re.sub(r"\d+(\.\d+)*", "N", key)[:150]
        else:
            continue
        errors[key] = errors.get(key, 0) + 1
    renewals = [
        line[:19] for line in lines if "Cache reachable again; starting a new" in line
    ]
    first_error = next(
        (line for line in lines if " ERROR " in line or "Internal Server" in line), ""
    )
    return {
        "errors": errors,
        "epoch_renewals": renewals,
        "first_error": first_error[:300],
        "internal_server_error": sum(
            1 for line in lines if "Internal Server Error" in line
        ),
        "access_500": sum(1 for line in lines if re.search(r'" 500 \d', line)),
    }


# --------------------------------------------------------------------- report


def _count(statuses: dict, test) -> int:
    return sum(n for code, n in statuses.items() if test(int(code)))


def _answers(statuses: dict) -> str:
    return ", ".join(f"{code}×{n:,}" for code, n in sorted(statuses.items())) or "none"


def _mark(ok: bool | None) -> str:
    return "n/a" if ok is None else ("met" if ok else "**missed**")


def summary_rows(r: dict) -> list[list[str]]:
    """The report's table: one row per target, Redis's, then PostgreSQL's, then
    the lease's when it was measured."""
    redis = r["redis"]
    rows = [
        _redis_errors_row(redis),
        _redis_throughput_row(r),
        _redis_posting_row(redis),
        _redis_no_stale_row(redis),
    ]
    pg = r["postgres"]
    rows += [
        _postgres_readers_row(pg),
        _postgres_recovery_row(pg),
        _postgres_serve_row(pg),
    ]
    lease = r.get("lease")
    if lease and "error" not in lease:
        rows.append(_lease_row(lease))
    return rows


def _redis_errors_row(redis: dict) -> list[str]:
    during = redis["during"]
    fives = {
        p: _count(redis[p]["statuses"], lambda c: c >= 500)
        for p in ("before", "during", "after")
    }
    return [
        "Redis down (readers, 5xx)",
        "0 × 500",
        f"{sum(fives.values())} 5xx of "
        f"{sum(redis[p]['answered'] for p in fives):,} answers "
        f"({_answers(during['statuses'])} during"
        + (
            f"; {during['timeouts']} reader request(s) unanswered after wrk's 10 s"
            if during["timeouts"]
            else ""
        )
        + ") — "
        + _mark(sum(fives.values()) == 0),
    ]


def _redis_throughput_row(r: dict) -> list[str]:
    redis, ref = r["redis"], r["reference"]
    during = redis["during"]
    return [
        "Redis down, readers' throughput",
        f"≥ uncached ({ref['rps']:,.0f} req/s)",
        f"{during['rps']:,.0f} req/s during (p50 {during['p50']:.0f} ms, p99 "
        f"{during['p99']:.0f} ms); before {redis['before']['rps']:,.0f}, after "
        f"{redis['after']['rps']:,.0f}"
        + (
            "; one process, CPU per request: reference "
            f"{min(cpu[0]):.0f} ms, Redis away {min(cpu[1]):.0f} ms"
            if (cpu := list(r.get("cpu", {}).get("cpu", {}).values()))
            else ""
        )
        + " — "
        + _mark(during["rps"] >= ref["rps"]),
    ]


def _redis_posting_row(redis: dict) -> list[str]:
    storage = redis["storage"]
    posted = redis["posts"]["during"]
    return [
        "Redis down, posting",
        "201s, each stored once",
        f"during: {_answers(posted)}; whole run {storage['created']} × 201, "
        f"{storage['created_stored_once']} stored once, "
        f"{len(storage['duplicates'])} twice, {len(storage['created_missing'])} "
        "missing — "
        + _mark(
            storage["created"] == storage["created_stored_once"]
            and not storage["duplicates"]
            and not _count(posted, lambda c: c >= 500)
        ),
    ]


def _redis_no_stale_row(redis: dict) -> list[str]:
    shown = redis["outage_comment"]
    fresh_after = redis["fresh"]["after"]
    count = redis["page_count"]
    no_stale = (
        shown.get("comment") is not None
        and all(a["shown"] for a in shown["answers"].values())
        and fresh_after[0] == fresh_after[1]
        and all(c == count["approved"] for c, _ in count["shown"].values())
    )
    return [
        "Redis back: no stale page",
        "the outage's comments shown",
        (
            f"last comment 201'd during the outage shown by "
            f"{sum(a['shown'] for a in shown['answers'].values())} of "
            f"{len(shown['answers'])} nodes at once; latest 201 in "
            f"{fresh_after[0]} of {fresh_after[1]} newest-first pages after; "
            f"count shown {', '.join(str(c) for c, _ in count['shown'].values())} "
            f"= {count['approved']} rows — "
            if shown.get("comment") is not None
            else "no comment was answered 201 during the outage — "
        )
        + _mark(no_stale),
    ]


def _postgres_readers_row(pg: dict) -> list[str]:
    pg_during = pg["during"]
    pg_500 = sum(
        _count(pg[p]["statuses"], lambda c: c == 500)
        for p in ("before", "during", "after")
    )
    probe_500 = sum(
        n for v in pg["probes"].values() for code, n in v.items() if code == 500
    )
    return [
        f"PostgreSQL down {pg['outage_seconds']} s, two nodes: readers",
        "503 + Retry-After (or stale 200), 0 × 500",
        f"seed readers during: {_answers(pg_during['statuses'])} (X-Page-Cache "
        f"{_answers(pg_during['caches'])}); uncached probes: 503 with Retry-After "
        f"{', '.join(pg['retry_after']) or '—'}; a kept page out of date: "
        + ", ".join(
            f"{a['status']} {a['cache']}" for a in pg["stale"]["answers"].values()
        )
        + f"; {pg_500 + probe_500} × 500 — "
        + _mark(pg_500 + probe_500 == 0),
    ]


def _postgres_recovery_row(pg: dict) -> list[str]:
    rec = pg["recovered"]
    return [
        "PostgreSQL back: each node serves uncached and posts",
        f"≤ {RECOVERY_LIMIT:.0f} s",
        "; ".join(
            f"{name} {v:.1f} s" if v is not None else f"{name} **never**"
            for name, v in rec.items()
        )
        + " — "
        + _mark(all(v is not None and v <= RECOVERY_LIMIT for v in rec.values())),
    ]


def _postgres_serve_row(pg: dict) -> list[str]:
    return [
        "PostgreSQL back: `serve` processes",
        "both alive",
        ", ".join(f"{k} {'alive' if v else '**dead**'}" for k, v in pg["alive"].items())
        + " — "
        + _mark(all(pg["alive"].values())),
    ]


def _lease_row(lease: dict) -> list[str]:
    after = lease["published_after_due"]
    return [
        f"Lease holder killed (-9), article due {lease['due_after_kill']:.0f} s later",
        f"published once, ≤ {PUBLISH_LIMIT:.0f} s after due",
        (
            f"{lease['survivor']} published it {after:.1f} s after due, "
            f"{lease['go_live_entries']} go-live entr"
            f"{'y' if lease['go_live_entries'] == 1 else 'ies'} — "
            if after is not None
            else "**not published** — "
        )
        + _mark(
            after is not None
            and after <= PUBLISH_LIMIT
            and lease["go_live_entries"] == 1
        ),
    ]


def phase_table(result: dict, phases, reference: dict | None = None) -> list[str]:
    rows = []
    if reference:
        rows.append(
            [
                "reference: page and fragment caches off",
                f"{reference['seconds']:.1f}",
                f"{reference['rps']:,.0f}",
                f"{reference['p50']:.1f}",
                f"{reference['p99']:.1f}",
                _answers(reference["statuses"]),
                _answers(reference["caches"]),
            ]
        )
    for name, label in phases:
        p = result[name]
        rows.append(
            [
                label,
                f"{p['seconds']:.1f}",
                f"{p['rps']:,.0f}",
                f"{p['p50']:.1f}",
                f"{p['p99']:.1f}",
                _answers(p["statuses"])
                + (
                    f" (socket: {'; '.join(p['socket_errors'])})"
                    if p["socket_errors"]
                    else ""
                ),
                _answers(p["caches"]),
            ]
        )
    return table(
        ["phase", "s", "req/s", "p50 ms", "p99 ms", "answers", "X-Page-Cache"],
        rows,
        text_columns=1,
    )


def roles_changed(before: dict, after: dict) -> str:
    """Which of serve's processes are the same after a fault, which were restarted."""
    parts = []
    for role in sorted(set(before) | set(after)):
        if before.get(role) == after.get(role):
            parts.append(f"{role} the same pids")
        else:
            parts.append(f"{role} {after.get(role)} (before {before.get(role)})")
    return ", ".join(parts)


def render_report(r: dict, options, machine: dict, elapsed: float) -> str:
    """bench/results/faults.md: the run, the targets' table, then one section per
    fault, the servers' logs and the notes."""
    redis, pg, lease = r["redis"], r["postgres"], r.get("lease")
    lines = _report_intro(options, machine, elapsed)
    lines += [f"| {' | '.join(row)} |" for row in summary_rows(r)]
    lines += _redis_section(redis, r["reference"], options)
    lines += _redis_findings(redis)
    lines += _redis_after_lines(redis)
    lines += _cpu_lines(r.get("cpu"))
    lines += _postgres_section(pg)
    lines += _postgres_findings(pg)
    lines += _postgres_stale_and_screenshot(pg)
    lines += _lease_section(lease)
    lines += _logs_section(r["logs"])
    for note in r.get("notes", []):
        lines += ["", note]
    lines.append("")
    return "\n".join(lines)


def _report_intro(options, machine: dict, elapsed: float) -> list[str]:
    m = machine
    s = options.seconds
    return [
        "# Fault benchmark (issue 24)",
        "",
        f"- Date: {m['date']}; commit {m['commit']}; Python {m['python']}; "
        f"{m['versions']}",
        f"- Machine: {m['nproc']} CPUs, {m['cpu']}. Load average (1, 5, 15 min) at "
        f"start {m['load']}, at end {load_average()}: other sessions were running "
        "their tests on the same two CPUs, and wrk, both nodes (each "
        "`manage.py serve`: gunicorn CPUs + 1 workers, a task worker, a scheduler), "
        "PostgreSQL and Redis shared them too. Rates swing by a fifth or more from "
        "run to run here: compare rows of one run, not runs.",
        f"- Run: `bench/faults.py --seconds {s} --pg-outage-seconds "
        f"{options.pg_outage_seconds} --reference-seconds {options.reference_seconds}"
        f"{'' if options.lease else ' --no-lease'}`; wall time {elapsed:.0f} s.",
        "- Deployment: docs/deploy.md's scale-out, on loopback: a private PostgreSQL "
        f"{PG_BIN.parent.name if PG_BIN else '?'} cluster (initdb'd for the run) and a "
        'private redis-server (`--save ""`, `appendonly no`, volatile-lru), two '
        "nodes of `manage.py serve` over both with the production defaults "
        "(settings `base`, page cache and fragments on, every moderation policy but "
        "the held first comment), sharing one var folder (secret key, media). "
        f"Readers: wrk, {READERS // 2} connections per node on the seed article, no "
        f"cookies. Posters: {POSTS_PER_SECOND:g} comments/s alternating between the "
        "nodes, each from its own X-Forwarded-For address, never retried.",
        "",
        "| fault | target | measured |",
        "| --- | --- | --- |",
    ]


def _redis_section(redis: dict, reference: dict, options) -> list[str]:
    """Section 1's heading, its phase table and the readers after Redis's return."""
    s = options.seconds
    lines = [
        "",
        f"## 1. Redis stopped at {s / 6:.0f} s, started at {s * 2 / 3:.0f} s of {s} s",
        "",
        f"Readers per phase (both nodes' wrk merged; the reference ran "
        f"{options.reference_seconds} s just before, with the same readers and "
        "posters, both nodes restarted with `PAGE_CACHE_SECONDS=0 "
        "FRAGMENT_CACHE_SECONDS=0`). Redis was stopped under the readers: their "
        "requests in flight then count before, and the outage's row runs from "
        "redis-server's exit until it answers PING again. X-Page-Cache `none` is a "
        "page rendered and not kept (the cache away, or a change while it rendered).",
        "",
    ]
    lines += phase_table(
        redis,
        [("before", "before"), ("during", "Redis away"), ("after", "Redis back")],
        reference,
    )
    windows = redis.get("after_windows", [])
    if len(windows) > 1:
        lines += [
            "",
            "Readers after Redis's return, window by window: "
            + "; ".join(
                f"{sum(w['seconds'] for w in windows[:i]):.0f}–"
                f"{sum(w['seconds'] for w in windows[: i + 1]):.0f} s "
                f"{w['rps']:,.0f} req/s (p99 {w['p99']:.0f} ms, "
                f"{w['caches'].get('hit', 0) / (w['answered'] or 1):.0%} hits)"
                for i, w in enumerate(windows)
            )
            + ".",
        ]
    return lines


def _redis_findings(redis: dict) -> list[str]:
    """The posts, /healthz and the freshness reader during the Redis scenario."""
    storage = redis["storage"]
    fresh = redis["fresh"]
    return [
        "",
        "- Posts by phase: "
        + "; ".join(f"{p} {_answers(v)}" for p, v in redis["posts"].items())
        + f". Stored: {storage['created_stored_once']} of {storage['created']} "
        f"201s exactly once, duplicates {storage['duplicates'] or 'none'}, missing "
        f"{storage['created_missing'] or 'none'}, stored without a 201 "
        f"{storage['stored_without_201'] or 'none'}.",
        f"- `/healthz` 2 s into the outage: `{redis['health_during']}`.",
        "- Freshness (twice a second a first-time reader asks a node, in turn, for "
        "the seed newest first; is the latest comment answered 201 before the "
        "request in it?): "
        + "; ".join(
            f"{p} {ok} of {n} (statuses {st})" for p, (ok, n, st) in fresh.items()
        )
        + (
            f". Pages without it: {redis['stale_fetches']}."
            if redis["stale_fetches"]
            else "."
        ),
    ]


def _redis_after_lines(redis: dict) -> list[str]:
    """The outage's last comment right after Redis returned, and the count after."""
    lines = []
    shown = redis["outage_comment"]
    if shown.get("comment") is not None:
        lines.append(
            f"- Right after Redis returned, comment {shown['comment']} (the last "
            f"answered 201 during the outage, through {shown['node']}), asked for "
            "newest first by a first-time reader: "
            + "; ".join(
                f"{name} {a['status']} {'shown' if a['shown'] else '**not shown**'} "
                f"(X-Page-Cache {a['cache']}, {a['seconds'] * 1000:.0f} ms)"
                for name, a in shown["answers"].items()
            )
            + "."
        )
    count = redis["page_count"]
    lines.append(
        "- After the load, the seed page's comment count for a first-time reader: "
        + ", ".join(
            f"{name} {c} (X-Page-Cache {cache})"
            for name, (c, cache) in count["shown"].items()
        )
        + f"; approved rows in PostgreSQL {count['approved']}."
    )
    return lines


def _cpu_lines(cpu: dict | None) -> list[str]:
    """CPU per request in one process, and the functions slower with Redis away."""
    lines = []
    if cpu:
        lines += [
            "- CPU per request of the seed in one process (django.test.Client, the "
            f"same database, median of {CPU_REQUESTS}, two runs alternating): "
            + "; ".join(
                f"{name} {', '.join(f'{ms:.1f}' for ms in values)} ms"
                for name, values in cpu["cpu"].items()
            )
            + ". `PAGE_CACHE_SECONDS=0 FRAGMENT_CACHE_SECONDS=0` turn off the page "
            "and fragment caches only: what else the app keeps in Redis is still "
            "read from it in the reference, and is recomputed per request while "
            "Redis is away.",
        ]
        if cpu["slower"]:
            lines.append(
                "- Our functions that took longest more with Redis away than in the "
                "reference (pyinstrument, 40 requests each, ms per request, inclusive "
                "wall time under the profiler; the middleware and the fragment "
                "layer's wrappers, which contain them, left out): "
                + "; ".join(f"`{name}` +{ms:.1f}" for name, ms in cpu["slower"])
                + "."
            )
    return lines


def _postgres_section(pg: dict) -> list[str]:
    """Section 2's heading and its phase table."""
    lines = [
        "",
        f"## 2. PostgreSQL stopped for {pg['outage_seconds']} s, two nodes",
        "",
        f"PostgreSQL was down {pg['down_seconds']:.1f} s (from `pg_ctl stop -m fast` "
        "returning until `pg_ctl start -w` returned), stopped under the readers: "
        "their requests in flight then count in the first row.",
        "",
    ]
    lines += phase_table(
        pg,
        [
            ("before", "before"),
            ("during", "PostgreSQL away"),
            ("after", "back, until both nodes recovered + 5 s"),
        ],
    )
    return lines


def _postgres_findings(pg: dict) -> list[str]:
    """The probes, the recovery, the posters and `serve` after the outage."""
    return [
        "",
        "- Probes (each node, in turn, an uncached page `/entertainment/?n=…` — a "
        "query the page cache never keeps — and a comment post, every 0.2 s): "
        + "; ".join(f"{k}: {_answers(v)}" for k, v in pg["probes"].items())
        + ". 0 is no answer at all.",
        f"- Retry-After on the 503s: {', '.join(pg['retry_after']) or '—'}.",
        "- Recovery (from `pg_ctl start -w` returning until the node has answered "
        "an uncached page 200 and a comment 201): "
        + ", ".join(
            f"{k} {v:.1f} s" if v is not None else f"{k} never"
            for k, v in pg["recovered"].items()
        )
        + ". Failures after that: "
        + (
            str(pg["after_recovery_failures"])
            if pg["after_recovery_failures"]
            else "none"
        )
        + ".",
        "- Posters: "
        + "; ".join(f"{p} {_answers(v)}" for p, v in pg["posts"].items())
        + f". Stored: {pg['storage']['created_stored_once']} of "
        f"{pg['storage']['created']} 201s (posters and probes) exactly once, "
        f"duplicates {pg['storage']['duplicates'] or 'none'}, stored without a 201 "
        f"{pg['storage']['stored_without_201'] or 'none'}.",
        "- `serve` after the outage: "
        + "; ".join(
            f"{name} {'alive' if pg['alive'][name] else '**dead**'}, "
            + roles_changed(pg["roles_before"][name], roles)
            for name, roles in pg["roles_after"].items()
        )
        + ".",
    ]


def _postgres_stale_and_screenshot(pg: dict) -> list[str]:
    """The kept page out of date during the outage, and the 503's screenshot."""
    lines = []
    stale = pg.get("stale")
    if stale:
        lines.append(
            "- A page kept in the page cache, then out of date: the seed newest "
            f"first was kept (X-Page-Cache {stale['kept']}), a comment was posted "
            f"({stale['posted']}, comment {stale['comment']}) and PostgreSQL stopped; "
            "2 s into the outage a first-time reader asked for it: "
            + "; ".join(
                f"{name} {a['status']} X-Page-Cache {a['cache']}"
                + (f", Retry-After {a['retry_after']}" if a["retry_after"] else "")
                + (", the new comment in it" if a["has_new_comment"] else "")
                for name, a in stale["answers"].items()
            )
            + "."
        )
    shot = pg.get("screenshot", {})
    if "error" in shot:
        lines.append(f"- Screenshot: failed ({shot['error']}).")
    else:
        lines.append(
            f"- Screenshot of the 503 a reader sees (Chromium, 390 px wide, "
            f"{shot.get('status')} with Retry-After {shot.get('retry_after')}, title "
            f"“{shot.get('title')}”): [faults-503.png](faults-503.png)."
        )
    return lines


def _lease_section(lease: dict | None) -> list[str]:
    lines = ["", "## 3. Lease holder killed", ""]
    if not lease:
        lines.append(
            "Not run (`--no-lease`). tests/integration/test_scheduler_faults.py kills "
            "the lease holder's node whole (SIGKILL) with a 4 s lease and checks the "
            "due article goes live once."
        )
    elif "error" in lease:
        lines.append(f"Not measured: {lease['error']}.")
    else:
        after = lease["published_after_due"]
        lines.append(
            "With the production lease (45 s) and interval "
            f"(15 s): {lease['victim']} held the lease and was killed with SIGKILL "
            f"(its whole process group) {lease['due_after_kill']:.1f} s before an "
            "article fell due. "
            + (
                f"{lease['survivor']} published it {after:.1f} s after it fell due; "
                if after is not None
                else f"**{lease['survivor']} had not published it "
                f"{PUBLISH_LIMIT + 30:.0f} s after it fell due**; "
            )
            + f"go-live log entries 20 s later: {lease['go_live_entries']}, live "
            f"{lease['live']}; the lease is now the survivor's: "
            f"{lease['new_holder_is_survivor']}; survivor alive "
            f"{lease['survivor_alive']}; processes left of the killed node: "
            f"{lease['victim_left'] or 'none'}. The suite's "
            "tests/integration/test_scheduler_faults.py checks the same with a 4 s lease."
        )
    return lines


def _logs_section(logs: dict) -> list[str]:
    lines = ["", "## Server logs", ""]
    for name, found in logs.items():
        lines.append(
            f"- {name}: {found['internal_server_error']} “Internal Server Error”, "
            f"{found['access_500']} access-log 500s; error lines: "
            + (
                "; ".join(f"{n}× `{k}`" for k, n in sorted(found["errors"].items()))
                or "none"
            )
            + "."
        )
        renewals = found["epoch_renewals"]
        if renewals:
            lines.append(
                f"  - “Cache reachable again; starting a new cache epoch”: "
                f"{len(renewals)}× from {renewals[0][11:]} to {renewals[-1][11:]} "
                "(each process that saw the outage, once per cache alias it uses, "
                "renews the epoch when it next reaches Redis; each renewal makes "
                "every page and piece kept since unreachable)."
            )
    return lines


# ----------------------------------------------------------------------- main


def missing_tools() -> list[str]:
    missing = [t for t in ("wrk", "redis-server", "redis-cli") if not shutil.which(t)]
    if PG_BIN is None:
        missing.append("postgresql")
    if os.geteuid() == 0 and not shutil.which("runuser"):
        missing.append("runuser")
    return missing


def main() -> int:
    options = parse_options()
    missing = missing_tools()
    if missing:
        log(f"fault benchmark skipped: it needs {', '.join(missing)}")
        return 0

    started = time.perf_counter()
    machine = machine_summary()
    results = run_faults(options, started)
    report = render_report(results, options, machine, time.perf_counter() - started)
    print(report)
    RESULTS_MD.write_text(report)
    log(f"written to {RESULTS_MD.relative_to(REPO_DIR)}")
    return 0


def parse_options() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--seconds",
        type=int,
        default=SECONDS,
        help=f"the Redis scenario's length (default {SECONDS}); Redis is away "
        "from a sixth to two thirds of it",
    )
    parser.add_argument("--pg-outage-seconds", type=int, default=PG_OUTAGE_SECONDS)
    parser.add_argument("--reference-seconds", type=int, default=REFERENCE_SECONDS)
    parser.add_argument(
        "--keep-logs",
        type=Path,
        default=None,
        help="copy the nodes' and PostgreSQL's logs, and the raw figures, here",
    )
    parser.add_argument(
        "--no-lease",
        dest="lease",
        action="store_false",
        help="skip killing the lease holder (about 70 s)",
    )
    return parser.parse_args()


def run_faults(options, started: float) -> dict:
    """Private servers and the demo, then each scenario in turn; the results."""
    run = secrets.token_hex(3)
    root = Path(tempfile.mkdtemp(prefix="cliffhanger-bench-faults-"))
    root.chmod(0o755)
    var_dir = root / "var"
    var_dir.mkdir()
    pg_root = root / "pg"
    pg_root.mkdir()
    results: dict = {"logs": {}, "notes": []}
    with contextlib.ExitStack() as stack:
        stack.callback(shutil.rmtree, root, ignore_errors=True)
        db = PrivatePostgres(pg_root, max_connections=200)
        db.start()
        stack.callback(_quiet, db.stop)
        redis = PrivateRedis(maxmemory="256mb")
        redis.start()
        stack.callback(redis.stop)
        env = node_env(var_dir, db.url, redis.url)
        results["notes"].append(demo_load(env, db, redis, started))
        script = root / "read.lua"
        script.write_text(LUA_READ)
        logs = {name: root / f"{name}.log" for name in ("node1", "node2")}

        results["reference"] = run_reference(env, logs, run, script, options)
        run_fault_scenarios(env, logs, redis, db, run, script, options, results)
        log("CPU per request in one process: the reference against Redis away")
        results["cpu"] = cpu_per_request(env)
        results["logs"] = {name: log_findings(path) for name, path in logs.items()}
        if options.keep_logs:
            keep_logs(
                options.keep_logs, [*logs.values(), db.data / "server.log"], results
            )
    return results


def demo_load(env: dict[str, str], db, redis, started: float) -> str:
    """migrate, collectstatic and load_demo on the private servers; the note on it."""
    log(f"PostgreSQL on {db.port}, Redis on {redis.port}: loading the demo")
    setup_script_output(env, SETUP)
    return (
        f"Setup (migrate, collectstatic, load_demo on the private PostgreSQL) took "
        f"{time.perf_counter() - started:.0f} s."
    )


def run_reference(env, logs: dict[str, Path], run, script, options) -> dict:
    """Both nodes restarted with the page and fragment caches off."""
    log(f"reference: caches off, {options.reference_seconds} s")
    bare = {**env, "PAGE_CACHE_SECONDS": "0", "FRAGMENT_CACHE_SECONDS": "0"}
    nodes = [Node(name, bare, path) for name, path in logs.items()]
    with serving(nodes):
        target = target_read(f"http://127.0.0.1:{nodes[0].port}", SEED_URL)
        time.sleep(MIN_SUBMIT_SECONDS + 0.5)  # the too-fast check
        return bench_reference(nodes, target, run, script, options.reference_seconds)


def run_fault_scenarios(env, logs, redis, db, run, script, options, results) -> None:
    """Redis, then PostgreSQL, then the lease holder, on one pair of nodes."""
    nodes = [Node(name, env, path) for name, path in logs.items()]
    with serving(nodes):
        target = target_read(f"http://127.0.0.1:{nodes[0].port}", SEED_URL)
        time.sleep(MIN_SUBMIT_SECONDS + 0.5)
        log(f"Redis outage under load, {options.seconds} s")
        results["redis"] = bench_redis(
            nodes, redis, db, target, run, script, options.seconds
        )
        log(f"PostgreSQL outage, {options.pg_outage_seconds} s")
        results["postgres"] = bench_postgres(
            nodes, db, target, run, script, options.pg_outage_seconds
        )
        if options.lease:
            log("killing the scheduler's lease holder")
            results["lease"] = bench_lease(nodes, db, env)


def keep_logs(folder: Path, paths: list[Path], results: dict) -> None:
    """--keep-logs: the servers' logs and the raw figures, copied out."""
    folder.mkdir(parents=True, exist_ok=True)
    for path in paths:
        shutil.copy(path, folder / f"{path.parent.name}-{path.name}")
    raw = json.dumps(results, indent=1, default=str)
    (folder / "faults.json").write_text(raw)


def _quiet(stop) -> None:
    with contextlib.suppress(subprocess.CalledProcessError):
        stop()


if __name__ == "__main__":
    sys.exit(main())
