"""
Issue 19's hand-built caching layers beside the libraries that would do their
job, measured side by side in one run (bench/README.md, "Hand-built layers
against the libraries").

    .venv/bin/python bench/libraries.py          # django-redis: pip install -e .[bench]

A throwaway demo (migrate, collectstatic, load_demo, as bench/article_page.py
makes it), then, in one process with django.test.Client and the benchmark
thread's CPU time (`time.thread_time`), each comparison on the same cache:
the embedded default (diskcache) and Redis at BENCH_LIBRARIES_REDIS_URL
(default database 9, emptied before and after; unreachable skips it).

  1. A page-cache hit on the seed article: our PageCacheMiddleware against
     Django's UpdateCacheMiddleware/FetchFromCacheMiddleware (what cache_page
     and wagtail-cache are built on), in the same place in MIDDLEWARE.
  2. Revalidation (If-None-Match): our middleware's own 304, Django's
     ConditionalGetMiddleware answering from our hit, ConditionalGetMiddleware
     on Django's cached page, and ConditionalGetMiddleware with no page cache.
  3. `{% fragment %}` against Django's `{% cache %}` keyed on the same tag
     versions, for the same template piece, one simulated request per render.
  4. The shared cache's client: ours (django-redis behind the fail-safe mixin),
     Django's RedisCache and plain django-redis, for a read, a page-sized read, eight versions at once and
     the two counters (tag versions that never expire, rate limits that do).
  5. ProcessCopies against reading the shared cache every time, and against
     Django's LocMemCache as the per-process copy; then the uncached seed page
     (pieces kept) with and without the copies.

The rows of one comparison take turns, ROUNDS rounds of TURNS turns, each
turn a few of each row's calls, so load that comes and goes weighs on them
alike; the report gives the median and p90 CPU time, the median wall time and
the range of the rounds' medians (the noise). `--rounds` changes ROUNDS.
Writes bench/results/libraries.md.
This is a benchmark, not a test: it checks only that each row does what its
label says (a hit is a hit, a 304 is a 304).
"""

from __future__ import annotations

import argparse
import gzip
import hashlib
import importlib.metadata
import os
import statistics
import sys
import time
from collections.abc import Callable, Iterator
from contextlib import ExitStack, contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from unittest import mock

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from article_page import (  # noqa: E402  (bench/ is not a package)
    ARTICLE_URL,
    HOST,
    REPO_DIR,
    load_average,
    log,
    machine_summary,
    percentile,
    publish_report,
    report_footer,
    setup_database,
    table,
    throwaway_django,
)

RESULTS_FILE = REPO_DIR / "bench" / "results" / "libraries.md"
REDIS_URL = os.environ.get("BENCH_LIBRARIES_REDIS_URL", "redis://127.0.0.1:6379/9")

ROUNDS = 5
TURNS = 10  # per round: each row's calls of a round in this many turns
PAGE_REQUESTS = 200  # per row and round
OPERATIONS = 1000  # per row and round, for single cache operations
WARMUP = 10
GZIP = {"HTTP_ACCEPT_ENCODING": "gzip, deflate, br"}

OUR_PAGE_CACHE = "cliffhanger.caching.middleware.PageCacheMiddleware"


# --------------------------------------------------------------------- measuring


@dataclass
class Row:
    """One thing timed: `call` is timed, `reset` (if any) runs untimed before it."""

    label: str
    call: Callable[[], object]
    settings: dict = field(default_factory=dict)
    patches: tuple = ()
    reset: Callable[[], None] | None = None
    check: Callable[[], str] | None = None  # what was checked, or raises
    repeat: int = PAGE_REQUESTS


@contextmanager
def row_context(row: Row) -> Iterator[None]:
    from django.test import override_settings

    with ExitStack() as stack:
        stack.enter_context(override_settings(**row.settings))
        for patch in row.patches:
            stack.enter_context(patch())
        yield


def side_by_side(rows: list[Row]) -> list[dict]:
    """Every row's timings: ROUNDS rounds of TURNS turns, the rows taking turns."""
    checked = {}
    for row in rows:
        with row_context(row):
            for _ in range(WARMUP):
                _called(row)
            checked[row.label] = row.check() if row.check else ""
    cpu: dict[str, list[float]] = {row.label: [] for row in rows}
    wall: dict[str, list[float]] = {row.label: [] for row in rows}
    round_medians: dict[str, list[float]] = {row.label: [] for row in rows}
    for _ in range(ROUNDS):
        this_round: dict[str, list[float]] = {row.label: [] for row in rows}
        for _ in range(TURNS):
            for row in rows:
                with row_context(row):
                    for _ in range(3):  # the first calls after a switch pay for it
                        _called(row)
                    for _ in range(row.repeat // TURNS):
                        cpu_ms, wall_ms = _called(row)
                        this_round[row.label].append(cpu_ms)
                        wall[row.label].append(wall_ms)
        for label, timings in this_round.items():
            cpu[label] += timings
            round_medians[label].append(statistics.median(timings))
    return [
        _summary(row, cpu[row.label], wall[row.label], round_medians[row.label])
        | {"checked": checked[row.label]}
        for row in rows
    ]


def _called(row: Row) -> tuple[float, float]:
    """One call of the row, reset first (untimed): its CPU and wall milliseconds."""
    if row.reset:
        row.reset()
    cpu_start, wall_start = time.thread_time_ns(), time.perf_counter_ns()
    row.call()
    return (
        (time.thread_time_ns() - cpu_start) / 1e6,
        (time.perf_counter_ns() - wall_start) / 1e6,
    )


def _summary(row: Row, cpu: list[float], wall: list[float], rounds: list[float]):
    cpu.sort()
    return {
        "label": row.label,
        "cpu": percentile(cpu, 0.5),
        "cpu_p90": percentile(cpu, 0.9),
        "wall": statistics.median(wall),
        "rounds": (min(rounds), max(rounds)),
        "n": len(cpu),
    }


# ------------------------------------------------------------------ 1, 2: pages


def django_cache_middleware() -> list[str]:
    """MIDDLEWARE with Django's two-part cache: Fetch where ours is, Update first."""
    from django.conf import settings

    middleware = list(settings.MIDDLEWARE)
    middleware[middleware.index(OUR_PAGE_CACHE)] = (
        "django.middleware.cache.FetchFromCacheMiddleware"
    )
    return ["django.middleware.cache.UpdateCacheMiddleware", *middleware]


def django_cache_settings() -> dict:
    from django.conf import settings

    return {
        "MIDDLEWARE": django_cache_middleware(),
        "CACHE_MIDDLEWARE_SECONDS": settings.PAGE_CACHE_SECONDS,
        "CACHE_MIDDLEWARE_KEY_PREFIX": "bench-django-page",
        "CACHE_MIDDLEWARE_ALIAS": "default",
    }


def no_own_304():
    """Our page cache without its 304 branch: ConditionalGetMiddleware answers."""
    return mock.patch("cliffhanger.caching.middleware._matches", return_value=False)


@dataclass
class PageSetup:
    """A client per configuration (its middleware chain is built on first use)."""

    settings: dict
    patches: tuple = ()
    headers: dict = field(default_factory=dict)
    drops_copies: bool = False
    etag: str = '"none"'

    def __post_init__(self):
        from django.test import Client

        self.client = Client(HTTP_HOST=HOST)

    def get(self, **extra):
        return self.client.get(ARTICLE_URL, **self.headers, **extra)

    def reset(self) -> None:
        self.client.cookies.clear()
        if self.drops_copies:
            copies_dropped()

    def row(self, label: str, check, **extra) -> Row:
        return Row(
            label,
            lambda: self.get(**extra),
            settings=self.settings,
            patches=self.patches,
            reset=self.reset,
            check=lambda: check(self.get(**extra)),
        )

    def revalidating(self, label: str, check) -> Row:
        """The row of a request that sends the ETag this configuration gave before."""
        with row_context(Row("", lambda: None, settings=self.settings)):
            self.get()  # fill the cache
            self.etag = self.get().headers.get("ETag", self.etag)
        return self.row(label, check, HTTP_IF_NONE_MATCH=self.etag)


def page_setups() -> dict[str, PageSetup]:
    uncached = {"PAGE_CACHE_SECONDS": 0}
    return {
        "ours": PageSetup({}, headers=GZIP),
        "ours identity": PageSetup({}),
        "ours without 304": PageSetup({}, (no_own_304,), headers=GZIP),
        "django": PageSetup(django_cache_settings(), headers=GZIP),
        "django identity": PageSetup(django_cache_settings()),
        "uncached": PageSetup(uncached, headers=GZIP),
        "uncached identity": PageSetup(uncached),
        "uncached, no copies": PageSetup(
            {**uncached, **NO_COPIES}, headers=GZIP, drops_copies=True
        ),
    }


def expect(response, status: int, **headers) -> str:
    """Raise unless the response has this status and these headers ('*': any value)."""
    problems = (
        [f"status {response.status_code}"] if response.status_code != status else []
    )
    for name, wanted in headers.items():
        name = name.replace("_", "-")
        found = response.headers.get(name)
        if (wanted == "*" and found is None) or wanted not in ("*", found):
            problems.append(f"{name}: {found!r}, wanted {wanted!r}")
    if problems:
        raise SystemExit(f"not what the row measures: {', '.join(problems)}")
    size = len(response.content)
    encoding = response.headers.get("Content-Encoding", "identity")
    return f"{status}, {size:,} bytes {encoding}" if size else f"{status}"


def hit_rows(setups: dict[str, PageSetup], backend: str) -> list[Row]:
    def hit(response):
        return expect(response, 200, X_Page_Cache="hit")

    def django_hit(response):
        return expect(response, 200, Age="*", X_Page_Cache=None)

    return [
        setups["ours"].row(f"ours: PageCacheMiddleware ({backend}), gzip", hit),
        setups["django"].row(
            f"Django: Update/FetchFromCacheMiddleware ({backend}), gzip", django_hit
        ),
        setups["ours identity"].row(f"ours ({backend}), identity", hit),
        setups["django identity"].row(f"Django ({backend}), identity", django_hit),
    ]


def revalidation_rows(setups: dict[str, PageSetup], backend: str) -> list[Row]:
    def is_304(response):
        return expect(response, 304)

    def any_status(response):
        # ConditionalGetMiddleware hashes the body it is given, and an uncached
        # page is never the same twice (see the report).
        return f"{response.status_code}, ETag {response.headers.get('ETag')}"

    return [
        setups["ours"].revalidating(
            f"ours: PageCacheMiddleware's 304 ({backend})", is_304
        ),
        setups["ours without 304"].revalidating(
            f"ConditionalGetMiddleware on our hit ({backend})", is_304
        ),
        setups["django"].revalidating(
            f"ConditionalGetMiddleware on Django's cached page ({backend})", is_304
        ),
        setups["uncached"].revalidating(
            f"ConditionalGetMiddleware, no page cache, gzip ({backend})", any_status
        ),
        setups["uncached identity"].revalidating(
            f"ConditionalGetMiddleware, no page cache, identity ({backend})",
            any_status,
        ),
    ]


def uncached_rows(setups: dict[str, PageSetup], backend: str) -> list[Row]:
    def rendered(response):
        return expect(response, 200, X_Page_Cache=None)

    return [
        setups["uncached"].row(
            f"seed uncached, pieces kept, with ProcessCopies ({backend})", rendered
        ),
        setups["uncached, no copies"].row(
            f"seed uncached, pieces kept, shared cache only ({backend})", rendered
        ),
    ]


# ------------------------------------------------------------------ 3: fragments

# The same piece both ways: a list of the latest articles, as the menu and
# Read next show them. Rendering it runs queries; a kept copy runs none.
PIECE = (
    '<ul>{% for article in articles %}<li><a href="{{ article.url }}">'
    "{{ article.title }}</a><p>{{ article.dek }}</p></li>{% endfor %}</ul>"
)
FRAGMENT_TEMPLATE = (
    '{% load fragment_tags %}{% fragment "bench-latest" count '
    'tags="articles shows" %}' + PIECE + "{% endfragment %}"
)
# Django's tag keyed on what ours keys on: the tags' versions, the cache's
# epoch and the release, read once per request in the view (as ours is).
CACHE_TEMPLATE = (
    "{% load cache %}{% cache 300 bench-latest count versions.articles "
    "versions.shows versions.epoch release %}" + PIECE + "{% endcache %}"
)
FRAGMENT_TAGS = ("articles", "shows")


def piece_render(template, *, versions_in_view: bool, fresh_request: bool):
    """A render of the piece: with `fresh_request`, one simulated request of its
    own (its versions read again); else a later piece of the request that
    one_request() opens (versions already in its memo)."""
    from django.test import RequestFactory

    from cliffhanger.caching.dependencies import tag_versions_this_request
    from cliffhanger.caching.fragments import RELEASE
    from cliffhanger.core.request_memo import RequestMemoMiddleware
    from cliffhanger.newsroom.models import ArticlePage

    request = RequestFactory().get(ARTICLE_URL, HTTP_HOST=HOST)

    def latest():  # called by the template only when the piece is rendered
        return ArticlePage.objects.live().order_by("-first_published_at")[:20]

    def view(request):
        context = {"request": request, "count": 20, "articles": latest}
        if versions_in_view:
            context["versions"] = tag_versions_this_request(FRAGMENT_TAGS, epoch=True)
            context["release"] = RELEASE
        return template.render(context, request)

    if fresh_request:
        return lambda: RequestMemoMiddleware(view)(request)
    return lambda: view(request)


NO_COPIES = {"FRAGMENT_PROCESS_COPIES_MB": 0}


def copies_dropped() -> None:
    """With no budget nothing new is copied, but what was copied before is read."""
    from cliffhanger.caching.process_copies import process_copies

    process_copies.clear()


@contextmanager
def one_request() -> Iterator[None]:
    """A request's memo held open, as for the later pieces of one page."""
    from cliffhanger.core import request_memo

    token = request_memo._memo.set({})
    try:
        yield
    finally:
        request_memo._memo.reset(token)


def fragment_rows(backend: str) -> tuple[list[list[Row]], str]:
    from django.template import engines

    engine = engines["django"]
    fragment, cache_tag = (
        engine.from_string(FRAGMENT_TEMPLATE),
        engine.from_string(CACHE_TEMPLATE),
    )
    groups = []
    for fresh, when in ((True, "first piece"), (False, "later piece")):
        rows = []
        ours = piece_render(fragment, versions_in_view=False, fresh_request=fresh)
        django = piece_render(cache_tag, versions_in_view=True, fresh_request=fresh)
        patches = () if fresh else (one_request,)
        with row_context(Row("", lambda: None, patches=patches)):
            html = ours()
            if html != django() or "<li>" not in html:
                raise SystemExit("{% fragment %} and {% cache %} differ")
        for label, render, settings in (
            ("ours: {% fragment %}, ProcessCopies", ours, {}),
            ("ours: {% fragment %}, shared cache only", ours, NO_COPIES),
            ("Django: {% cache %} on the versions", django, {}),
        ):
            rows.append(
                Row(
                    f"{when}: {label} ({backend})",
                    render,
                    settings=settings,
                    patches=patches,
                    reset=copies_dropped if settings is NO_COPIES else None,
                    check=lambda r=render: f"{len(r()):,} characters",
                    repeat=OPERATIONS,
                )
            )
        groups.append(rows)
    return groups, html


# ------------------------------------------------------- 5: the process's copies


def copies_rows(backend: str, values: dict[str, object], *, first: bool) -> list[Row]:
    """A kept value read from the shared cache; on the `first` backend also from
    ProcessCopies and Django's LocMemCache (which do not depend on it)."""
    from django.core.cache import cache
    from django.core.cache.backends.locmem import LocMemCache

    from cliffhanger.caching.process_copies import ProcessCopies

    rows = []
    for name, value in values.items():
        key = "fragment:" + hashlib.sha256(name.encode()).hexdigest()
        copies = ProcessCopies()
        copies.set(key, value)
        locmem = LocMemCache("bench-copies", {"OPTIONS": {"MAX_ENTRIES": 10_000}})
        locmem.set(key, value, 300)
        cache.set(key, value, 300)
        reads = [(f"the shared cache's get ({backend})", lambda k=key: cache.get(k))]
        if first:
            reads[:0] = [
                ("ours: ProcessCopies.get", lambda c=copies, k=key: c.get(k)),
                ("Django: LocMemCache.get", lambda c=locmem, k=key: c.get(k)),
            ]
        for label, read in reads:
            rows.append(
                Row(
                    f"{name}: {label}",
                    read,
                    check=lambda r=read, v=value: _same_value(r(), v),
                    repeat=OPERATIONS,
                )
            )
    return rows


def _same_value(found, value) -> str:
    if type(found) is not type(value) or (isinstance(value, str) and found != value):
        raise SystemExit(f"a kept copy came back as {found!r:.80}")
    return "found"


def kept_values(piece_html: str, page_html: str) -> dict[str, object]:
    """What the pieces keep: a piece of HTML, a page's worth, the site."""
    from django.test import RequestFactory
    from wagtail.models import Site

    site = Site.find_for_request(RequestFactory().get("/", HTTP_HOST=HOST))
    site.root_page = site.root_page.specific
    return {
        f"piece of {len(piece_html) / 1024:.0f} KB HTML": piece_html,
        f"article of {len(page_html) / 1024:.0f} KB HTML": page_html,
        "Wagtail Site with its home page": site,
    }


# ------------------------------------------------------------ 4: cache clients


def redis_caches(url: str) -> dict:
    """The product's Redis configuration, plus Django's and django-redis's backends."""
    ours = {
        "BACKEND": "cliffhanger.core.redis_cache.FailSafeRedisCache",
        "LOCATION": url,
    }
    caches = {
        "default": {**ours, "OUTAGE_LOCAL_SECONDS": 30},
        "versions": ours,
        "django": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": url,
            "KEY_PREFIX": "django",
        },
    }
    if django_redis_version():
        caches["django_redis"] = {
            "BACKEND": "django_redis.cache.RedisCache",
            "LOCATION": url,
            "KEY_PREFIX": "django-redis",
        }
    return caches


def django_redis_version() -> str:
    try:
        return importlib.metadata.version("django-redis")
    except importlib.metadata.PackageNotFoundError:
        return ""


def client_rows(page_entry: dict) -> list[Row]:
    """Reads and counters through each backend, on the same Redis database."""
    from django.core.cache import caches

    from cliffhanger.core.counters import count_up

    backends = {"ours": caches["default"], "Django": caches["django"]}
    if "django_redis" in caches.settings:
        backends["django-redis"] = caches["django_redis"]
    versions = [f"pagecache:tag:bench-{n}" for n in range(8)]
    rows = []
    for name, cache in backends.items():
        cache.set("bench:int", 7, None)
        cache.set("bench:page", page_entry, 300)
        cache.set_many(dict.fromkeys(versions, 3), None)
        rows += [
            Row(f"get, a tag version: {name}", lambda c=cache: c.get("bench:int")),
            Row(f"get, a kept page: {name}", lambda c=cache: c.get("bench:page")),
            Row(f"get_many, 8 versions: {name}", lambda c=cache: c.get_many(versions)),
        ]
        for row in rows[-3:]:
            row.repeat = OPERATIONS
    counters = [
        (
            "ours: count_up, never expires (INCR)",
            lambda: count_up(backends["ours"], "bench:v"),
        ),
        (
            "ours: count_up, expires (SET NX EX + INCR, pipelined)",
            lambda: count_up(backends["ours"], "bench:limit", 120),
        ),
        ("Django: add() then incr()", lambda: _add_incr(backends["Django"])),
    ]
    if "django-redis" in backends:
        dr = backends["django-redis"]
        counters += [
            (
                "django-redis: incr(ignore_key_check=True), never expires",
                lambda: dr.incr("bench:v", ignore_key_check=True),
            ),
            ("django-redis: add() then incr()", lambda: _add_incr(dr)),
        ]
    rows += [Row(label, call, repeat=OPERATIONS) for label, call in counters]
    return rows


def _add_incr(cache) -> int:
    cache.add("bench:limit", 0, 120)
    return cache.incr("bench:limit")


@contextmanager
def own_redis_database(url: str) -> Iterator[bool]:
    """The bench's Redis database, emptied before and after; False if unreachable."""
    try:
        import redis
    except ImportError:
        yield False
        return
    client = redis.Redis.from_url(url, socket_connect_timeout=2)
    try:
        client.flushdb()
    except redis.exceptions.RedisError as error:
        log(f"Redis at {url} unreachable ({error}): its rows are skipped")
        yield False
        return
    try:
        yield True
    finally:
        client.flushdb()
        client.close()


# --------------------------------------------------------------------- the run


def run_backend(backend: str, results: dict[str, list[list[dict]]], *, first: bool):
    """Every comparison on the cache configured now, appended to `results`."""
    setups = page_setups()
    log(f"{backend}: page-cache hits")
    hits = hit_rows(setups, backend)
    results["hits"].append(side_by_side(hits))
    log(f"{backend}: revalidation")
    results["revalidation"].append(side_by_side(revalidation_rows(setups, backend)))
    log(f"{backend}: fragments")
    groups, piece_html = fragment_rows(backend)
    results["fragments"] += [side_by_side(rows) for rows in groups]
    log(f"{backend}: kept copies")
    page_html = hits[2].call().content.decode()
    values = kept_values(piece_html, page_html)
    results["copies"].append(side_by_side(copies_rows(backend, values, first=first)))
    log(f"{backend}: uncached pages")
    results["uncached"].append(side_by_side(uncached_rows(setups, backend)))
    return page_html


def page_entry(page_html: str) -> dict:
    """A kept page as the page cache keeps it (middleware._entry_kept)."""
    body = page_html.encode()
    return {
        "tags": {"articles": 3, "shows": 2, "comments:1": 4, "epoch": 12345},
        "template": body,
        "personal": False,
        "gzip": gzip.compress(body, 6, mtime=0),
        "etag": "0" * 32,
        "headers": {"Content-Type": "text/html; charset=utf-8"},
        "fresh_until": time.time() + 300,
    }


def main() -> int:
    global ROUNDS
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--rounds", type=int, default=ROUNDS, help="default %(default)s"
    )
    ROUNDS = parser.parse_args().rounds
    from_start = time.perf_counter()
    results: dict[str, list[list[dict]]] = {
        name: []
        for name in (
            "hits",
            "revalidation",
            "fragments",
            "copies",
            "uncached",
            "clients",
        )
    }
    notes = []
    with throwaway_django() as _var_dir:
        from django.test import override_settings

        machine = machine_summary()
        setup = setup_database()
        page_html = run_backend("embedded", results, first=True)
        with own_redis_database(REDIS_URL) as reachable:
            if reachable:
                with override_settings(CACHES=redis_caches(REDIS_URL)):
                    run_backend("Redis", results, first=False)
                    log("Redis: cache clients")
                    results["clients"].append(
                        side_by_side(client_rows(page_entry(page_html)))
                    )
            else:
                notes.append(f"Redis at {REDIS_URL} unreachable: its rows are skipped.")
    if not django_redis_version():
        notes.append(
            "django-redis not installed (pip install -e .[bench]): its rows are skipped."
        )
    report = render_report(
        machine, setup, results, notes, time.perf_counter() - from_start
    )
    publish_report(report, RESULTS_FILE)
    return 0


# ------------------------------------------------------------------------ report

SECTIONS = (
    (
        "hits",
        "1. Page-cache hit: the seed article, a first-time reader",
        "ms",
        "Django's FetchFromCacheMiddleware sits where ours does, its "
        "UpdateCacheMiddleware first, CACHE_MIDDLEWARE_SECONDS = PAGE_CACHE_SECONDS.",
    ),
    (
        "revalidation",
        "2. Revalidation: the same page with If-None-Match",
        "ms",
        "The ETag sent is the one the same configuration gave before. Without the "
        "page cache a page is never the same twice (the comment form's signed time; "
        "with gzip, Django's random padding), so ConditionalGetMiddleware answers 200.",
    ),
    (
        "fragments",
        "3. `{% fragment %}` against `{% cache %}` (one simulated request per render)",
        "ms",
        "Each render reads the tag versions once, as the first piece of a request "
        "does; a page's later pieces find them in the request's memo.",
    ),
    (
        "clients",
        "4. The shared cache's client (Redis)",
        "µs",
        "One operation per call, on the same Redis database; CPU is this "
        "process's, wall includes the round trip.",
    ),
    (
        "copies",
        "5a. A kept value read back",
        "µs",
        "Each read unpickles a fresh object, as a read from the shared cache would.",
    ),
    (
        "uncached",
        "5b. The seed article without the page cache, its pieces kept",
        "ms",
        "",
    ),
)


def render_report(machine, setup, results, notes, elapsed) -> str:
    m = machine
    lines = [
        "# Hand-built caching layers against the libraries",
        "",
        f"- Date: {m['date']}",
        f"- Machine: {m['nproc']} CPUs (nproc), {m['cpu']}; {m['platform']}",
        f"- Python {m['python']}; {m['versions']}; django-redis "
        f"{django_redis_version() or 'not installed'}; commit {m['commit']}",
        "- Database: throwaway SQLite with the demo site; settings "
        "`cliffhanger.settings.base`; caches: the embedded default (diskcache) "
        f"and Redis at {REDIS_URL}",
        f"- Load average (1, 5, 15 min) at start: {m['load']}; at end: "
        f"{load_average()}",
        "- Setup: " + ", ".join(f"{name} {secs:.1f} s" for name, secs in setup.items()),
        f"- Each row: {ROUNDS} rounds of {TURNS} turns, the rows of a table taking "
        f"turns; {PAGE_REQUESTS} requests or {OPERATIONS} operations per row and "
        f"round after {WARMUP} warm-up calls. CPU is the benchmark thread's "
        "(`time.thread_time`); the rounds' medians show the noise. Each backend's "
        'rows are a group, and "CPU vs first" compares a row with its group\'s first.',
        "",
    ]
    for name, title, unit, note in SECTIONS:
        if results[name]:
            lines += _section(title, unit, note, results[name])
    lines += [f"- {note}" for note in notes] + ([""] if notes else [])
    return "\n".join(lines + report_footer("", elapsed))


def _section(title: str, unit: str, note: str, groups: list[list[dict]]) -> list[str]:
    scale = 1000 if unit == "µs" else 1
    rows = []
    for group in groups:
        base = group[0]["cpu"]
        for row in group:
            low, high = row["rounds"]
            rows.append(
                [
                    row["label"],
                    f"{row['cpu'] * scale:.3g}",
                    f"{row['cpu_p90'] * scale:.3g}",
                    f"{row['wall'] * scale:.3g}",
                    f"{low * scale:.3g}–{high * scale:.3g}",
                    f"{row['cpu'] / base:.2f}×",
                    row["checked"],
                ]
            )
    header = [
        "Row",
        f"CPU median {unit}",
        f"CPU p90 {unit}",
        f"wall median {unit}",
        f"rounds' CPU medians {unit}",
        "CPU vs first",
        "checked",
    ]
    return (
        [f"## {title}", "", *([note, ""] if note else [])]
        + table(header, rows, text_columns=1)
        + [""]
    )


if __name__ == "__main__":
    sys.exit(main())
