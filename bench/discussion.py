"""
Benchmark of the discussion: the 1,000-comment article page, building the
thread, and posting comments.

    .venv/bin/python bench/discussion.py

Sets up its own throwaway SQLite database (migrate, collectstatic, load_demo)
in a temporary directory, as bench/article_page.py does, and measures side by
side in one run:

  1. GET, in-process with django.test.Client: the long demo thread (~1,460
     comments) on its first comments page, sorted by best, and on its last page,
     with as many top-level comments on one page as make ~500 comments (issue
     9's target), and with every comment on one page; the seed article (8 comments); two
     articles without comments (one beside each, so their Wagtail routing costs
     the same); and the seed's and the long thread's already-rendered HTML
     returned by a trivial view (Django's request/response cycle alone).
     Median/p90/p99, SQL queries (all, and the discussion's own), response
     bytes, tracemalloc peak. It flags a difference in queries between the
     8-comment and the 1,460-comment page.
  2. The thread alone: comment_thread_page() for page 1 and for the whole thread
     on one page, the fetch and the in-memory tree pass on their own, and the
     whole thread's HTML (thread_html.comment_list_html).
  3. Posting in-process: top-level comments and replies, as JSON (the in-place
     path) and as a plain form post (the redirect path).
  4. Posting concurrently through gunicorn (as `make run` serves it) from 16
     client threads for 5 s, then a check that the article's displayed comment
     count rose by exactly the number of 201 answers.
  5. A cProfile of the long-thread page, naming where the time goes.

Posting keeps the discussion's moderation policies at their defaults but
raises the per-address rate limit (every post comes from 127.0.0.1), and
gives each post a distinct body and a signed form time a minute old.

Prints a Markdown report and writes it to bench/results/discussion.md.
This is a benchmark, not a test: it stops only when a page or post fails.
"""

from __future__ import annotations

import cProfile
import gc
import http.cookiejar
import inspect
import itertools
import json
import os
import pstats
import random
import re
import statistics
import subprocess
import sys
import threading
import time
import tracemalloc
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from article_page import (  # noqa: E402  (bench/ is not a package)
    ARTICLE_URL as SEED_URL,
)
from article_page import (  # noqa: E402
    GUNICORN_THREADS,
    GUNICORN_WORKERS,
    HOST,
    REPO_DIR,
    free_port,
    load_average,
    log,
    machine_summary,
    percentile,
    publish_report,
    reference_urlconf,
    setup_database,
    start_gunicorn,
    stop,
    table,
    throwaway_django,
    wait_for,
)

RESULTS_FILE = REPO_DIR / "bench" / "results" / "discussion.md"

# Pages of ~15 ms get as many requests as in article_page.py; the long thread's
# pages take ~100 ms, so fewer, to keep the whole run under three minutes.
LIGHT = (20, 300)  # warm-up, timed
HEAVY = (5, 100)
FIVE_HUNDRED = (3, 40)
FIVE_HUNDRED_SHOWN = 500  # issue 9: "a 500-comment thread rendered whole"
WHOLE_THREAD = (2, 20)
THREAD_REPEATS = (50, 10)  # comment_thread_page: page 1, whole thread
POSTS = 300  # per mode, in-process
POST_WARMUP = 5
REPLY_EVERY = 3  # one post in three is a reply
CONCURRENT_CLIENTS = 16
CONCURRENT_SECONDS = 5.0
CONCURRENT_MAX_PER_CLIENT = 1_000  # a bound, not expected to be reached
REQUEST_TIMEOUT = 30.0
PROFILE_REQUESTS = 5
RANDOM_SEED = 5
RATE_LIMIT = 1_000_000  # posts per minute per address, for this benchmark only

COUNT_RE = re.compile(r"<span data-comment-count>([^<]*)</span>")
COMMENT_ID_RE = re.compile(rb'data-comment-id="')


# ----------------------------------------------------------------------- helpers


def summary(timings_ms: list[float]) -> dict:
    values = sorted(timings_ms)
    return {
        "n": len(values),
        "median": percentile(values, 0.50),
        "p90": percentile(values, 0.90),
        "p99": percentile(values, 0.99),
        "mean": statistics.fmean(values),
    }


def is_discussion_query(sql: str) -> bool:
    return '"discussion_' in sql


def displayed_count(html: str) -> int:
    match = COUNT_RE.search(html)
    if match is None:
        raise RuntimeError("No <span data-comment-count> on the article page")
    return int(re.sub(r"\D", "", match.group(1)))


def find_articles() -> dict:
    """The long thread, the seed, and a comment-less article beside each."""
    from django.db.models import Count

    from cliffhanger.demo.thread import THREAD_SLUG
    from cliffhanger.discussion.models import Comment
    from cliffhanger.discussion.selectors import comment_thread_page
    from cliffhanger.newsroom.models import ArticlePage

    live = ArticlePage.objects.live()
    long_thread = live.filter(slug=THREAD_SLUG).first() if THREAD_SLUG else None
    if long_thread is None:
        raise SystemExit("load_demo made no long thread (no Stranger Things 5 page)")
    seed = next(page for page in live if page.url == SEED_URL)
    commented = set(Comment.objects.values_list("article_id", flat=True).distinct())

    def quiet_sibling(of):
        parent = of.get_parent()
        for page in live.order_by("path"):
            if page.pk not in commented and page.get_parent().pk == parent.pk:
                return page
        raise SystemExit(f"No article without comments beside {of.url}")

    comments = Comment.objects.filter(article=long_thread)

    def described(article) -> str:
        """Comments by status, e.g. "8 comments" or "8 comments, 4 approved"."""
        statuses = dict(
            Comment.objects.filter(article=article)
            .values_list("status")
            .annotate(n=Count("pk"))
        )
        total = sum(statuses.values())
        approved = statuses.get("approved", 0)
        held = "" if approved == total else f", {approved:,} approved"
        return f"{total:,} comments{held}"

    return {
        "roots_for_500": roots_per_page_showing(long_thread, FIVE_HUNDRED_SHOWN),
        "long": long_thread,
        "seed": seed,
        "quiet_long": quiet_sibling(long_thread),
        "quiet_seed": quiet_sibling(seed),
        "long_comments": comments.count(),
        "long_top_level": comments.filter(depth=0).count(),
        "long_depth": max(comments.values_list("depth", flat=True)),
        "seed_comments": described(seed),
        "long_described": described(long_thread),
        "last_page": comment_thread_page(
            article=long_thread
        ).page_obj.paginator.num_pages,
    }


def roots_per_page_showing(article, shown: int) -> int:
    """The fewest top-level comments per page whose first page shows `shown`."""
    from django.test import override_settings

    from cliffhanger.discussion.selectors import comment_thread_page

    low, high = 1, 10_000
    while low < high:
        middle = (low + high) // 2
        with override_settings(DISCUSSION_COMMENTS_PER_PAGE=middle):
            items = comment_thread_page(article=article).items
        if len(items) >= shown:
            high = middle
        else:
            low = middle + 1
    return low


# ---------------------------------------------------------- 1. article page GETs


def measure_get(client, url: str, label: str, *, counts: tuple[int, int]) -> dict:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    warmup, requests = counts
    response = client.get(url)
    if response.status_code != 200:
        raise SystemExit(f"{label}: GET {url} answered {response.status_code}")
    body = response.content
    for _ in range(warmup):
        client.get(url)

    timings, cpu = [], []
    for _ in range(requests):
        started, cpu_started = time.perf_counter_ns(), time.thread_time_ns()
        response = client.get(url)
        timings.append((time.perf_counter_ns() - started) / 1e6)
        cpu.append((time.thread_time_ns() - cpu_started) / 1e6)
        if response.status_code != 200:
            raise SystemExit(f"{label}: GET {url} answered {response.status_code}")

    with CaptureQueriesContext(connection) as queries:
        client.get(url)
    sqls = [query["sql"] for query in queries.captured_queries]

    gc.collect()
    tracemalloc.start()
    try:
        tracemalloc.reset_peak()
        baseline, _ = tracemalloc.get_traced_memory()
        client.get(url)
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()

    return {
        "label": label,
        "url": url,
        **summary(timings),
        "cpu": statistics.median(cpu),
        "queries": len(sqls),
        "discussion_queries": sum(map(is_discussion_query, sqls)),
        "sqls": sqls,
        "bytes": len(body),
        "shown": len(COMMENT_ID_RE.findall(body)),
        "peak_kib": (peak - baseline) / 1024,
        "body": body,
        "content_type": response.headers.get("Content-Type", "text/html"),
    }


def run_gets(articles: dict) -> dict[str, dict]:
    from django.test import Client

    client = Client(HTTP_HOST=HOST)
    rows = {}
    for key, label, url, counts in get_plan(articles):
        log(f"GET {label}: {url}")
        rows[key] = measure_get(client, url, label, counts=counts)
    rows.update(measure_long_on_one_page(client, articles))
    rows.update(measure_references(client, rows))
    return rows


def get_plan(articles: dict) -> list[tuple[str, str, str, tuple[int, int]]]:
    """(key, label, URL, counts) of each page measured with the default settings."""
    long_url = articles["long"].url
    n = articles["long_comments"]
    return [
        ("long", f"Long thread ({n:,} comments), page 1", long_url, HEAVY),
        ("best", "Long thread, sorted by best", f"{long_url}?csort=best", HEAVY),
        (
            "last",
            "Long thread, last page",
            f"{long_url}?cpage={articles['last_page']}",
            HEAVY,
        ),
        (
            "seed",
            f"Seed article ({articles['seed_comments']})",
            SEED_URL,
            LIGHT,
        ),
        (
            "quiet_long",
            "No comments, beside the long thread",
            articles["quiet_long"].url,
            LIGHT,
        ),
        (
            "quiet_seed",
            "No comments, beside the seed",
            articles["quiet_seed"].url,
            LIGHT,
        ),
    ]


def measure_long_on_one_page(client, articles: dict) -> dict[str, dict]:
    """The long thread with ~500 comments, then all of them, on its first page."""
    from django.test import override_settings

    long_url = articles["long"].url
    n = articles["long_comments"]
    rows = {}
    roots = articles["roots_for_500"]
    log(f"GET long thread with {roots} top-level comments on one page")
    with override_settings(DISCUSSION_COMMENTS_PER_PAGE=roots):
        rows["500"] = measure_get(
            client,
            long_url,
            f"Long thread, first {roots} top-level on one page (override_settings)",
            counts=FIVE_HUNDRED,
        )

    log("GET long thread with every comment on one page")
    with override_settings(DISCUSSION_COMMENTS_PER_PAGE=1_000_000):
        rows["whole"] = measure_get(
            client,
            long_url,
            f"Long thread, all {n:,} on one page (override_settings)",
            counts=WHOLE_THREAD,
        )
    return rows


def measure_references(client, rows: dict) -> dict[str, dict]:
    """
    The long and seed pages' HTML returned as it is by a trivial view: what
    Django's request/response cycle costs without building anything.
    """
    from django.test import override_settings

    references = {}
    for key, source, counts in (
        ("ref_long", "long", LIGHT),
        ("ref_seed", "seed", LIGHT),
    ):
        page = rows[source]
        log(f"GET reference: pre-rendered HTML of {page['url']}")
        with override_settings(
            ROOT_URLCONF=reference_urlconf(page["body"], page["content_type"])
        ):
            row = measure_get(
                client,
                page["url"],
                f"Reference: pre-rendered HTML of the {source} page",
                counts=counts,
            )
        if row["body"] != page["body"] or row["queries"]:
            raise SystemExit("The reference view did not return the page's HTML alone")
        references[key] = row
    return references


def query_check(rows: dict) -> list[str]:
    """Compare the 8-comment and 1,460-comment pages' queries, and say why."""
    seed, long_ = rows["seed"], rows["long"]

    def other(key: str) -> int:
        return rows[key]["queries"] - rows[key]["discussion_queries"]

    discussion = {
        key: rows[key]["discussion_queries"]
        for key in ("seed", "long", "best", "last", "500", "whole")
    }
    lines = [
        f"- All queries: seed article ({seed['shown']} comments shown) "
        f"**{seed['queries']}**, long thread page 1 ({long_['shown']} shown) "
        f"**{long_['queries']}**: "
        + (
            "equal."
            if seed["queries"] == long_["queries"]
            else f"**FLAG: they differ by {long_['queries'] - seed['queries']:+d}.**"
        ),
        "- The discussion's own queries (seed, page 1, best, last page, ~500 on "
        f"one page, whole thread on one page): {', '.join(map(str, discussion.values()))}: "
        + (
            "the same whatever the thread's size."
            if len(set(discussion.values())) == 1
            else "**FLAG: they change with the thread.**"
        ),
        f"- The rest of the page (Wagtail routing, article, boxes): seed {other('seed')}"
        f" (the comment-less article beside it {other('quiet_seed')}), long thread "
        f"{other('long')} (beside it {other('quiet_long')}). The long thread sits "
        f"{long_['url'].count('/') - seed['url'].count('/')} level(s) deeper in the "
        "Wagtail tree; any difference here comes from the article, not its comments.",
    ]
    if len(set(discussion.values())) != 1:
        for row in (seed, long_):
            log(f"queries for {row['url']}:\n  " + "\n  ".join(row["sqls"]))
    return lines


# ------------------------------------------------------------- 2. thread alone


def run_thread_building(articles: dict) -> list[dict]:
    from django.test import RequestFactory, override_settings

    from cliffhanger.discussion import selectors, thread_html
    from cliffhanger.discussion.links import comment_link_context

    request = RequestFactory().get(articles["long"].url)
    long_thread, seed = articles["long"], articles["seed"]
    page_repeats, whole_repeats = THREAD_REPEATS
    rows = []
    log("comment_thread_page timings")
    rows.append(
        timed_call(
            "`comment_thread_page(page=1)`, seed article",
            lambda: selectors.comment_thread_page(article=seed, page=1),
            page_repeats,
            lambda thread: len(thread.items),
        )
    )
    rows.append(
        timed_call(
            "`comment_thread_page(page=1)`, long thread",
            lambda: selectors.comment_thread_page(article=long_thread, page=1),
            page_repeats,
            lambda thread: len(thread.items),
        )
    )
    with override_settings(DISCUSSION_COMMENTS_PER_PAGE=1_000_000):
        rows.append(
            timed_call(
                "`comment_thread_page(page=1)`, long thread, all on one page",
                lambda: selectors.comment_thread_page(article=long_thread, page=1),
                whole_repeats,
                lambda thread: len(thread.items),
            )
        )
        rows += time_fetch_and_tree(long_thread, whole_repeats)
        items = selectors.comment_thread_page(article=long_thread).items
    page = thread_html.CommentPage.from_context(
        {"csrf_token": "", "owned_ids": set(), **comment_link_context(request)}
    )
    rows.append(
        timed_call(
            "`thread_html.comment_list_html`, the whole thread's HTML",
            lambda: thread_html.comment_list_html(items, page),
            whole_repeats,
            lambda _: len(items),
        )
    )
    return rows


def timed_call(label: str, call, repeats: int, items_of) -> dict:
    """
    A row for one call: its queries (counted on a second, warm call), then
    wall and CPU time over `repeats` calls; `items_of` counts what it returned.
    """
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    result = call()
    with CaptureQueriesContext(connection) as queries:
        result = call()
    query_count = len(queries)
    timings, cpu = [], []
    for _ in range(repeats):
        started, cpu_started = time.perf_counter_ns(), time.thread_time_ns()
        call()
        timings.append((time.perf_counter_ns() - started) / 1e6)
        cpu.append((time.thread_time_ns() - cpu_started) / 1e6)
    row = {"label": label, **summary(timings), "queries": query_count}
    row["cpu"] = statistics.median(cpu)
    row["items"] = items_of(result)
    row["us_per_comment"] = row["cpu"] * 1000 / max(row["items"], 1)
    return row


def time_fetch_and_tree(long_thread, repeats: int) -> list[dict]:
    """
    The whole-thread selector split in two: the query it runs alone, then its
    in-memory tree pass alone (when the selector has one to call).
    """
    from cliffhanger.discussion import selectors
    from cliffhanger.discussion.models import Comment

    # The same query the selector runs, without the tree pass.
    root_ids = list(
        selectors._listed_roots(article=long_thread)
        .order_by(*selectors.SORTS["oldest"])
        .values_list("pk", flat=True)
    )

    def fetch():
        return [
            selectors.ThreadComment(*row)
            for row in Comment.objects.filter(
                root_id__in=root_ids, status__in=selectors.THREAD_STATUSES
            )
            .order_by("created_at", "pk")
            .values_list(*selectors.THREAD_COLUMNS)
        ]

    rows = [
        timed_call(
            "&nbsp;&nbsp;of which: the one query, rows into `ThreadComment`s",
            fetch,
            repeats,
            len,
        )
    ]
    fetched = fetch()
    builder = getattr(selectors, "_thread_items", None)
    if builder is not None:
        rows.append(
            timed_call(
                "&nbsp;&nbsp;of which: the tree pass (`_thread_items`) alone",
                lambda: builder(rows=fetched, root_order=root_ids),
                repeats,
                len,
            )
        )
    return rows


# ------------------------------------------------------- 3. posting in-process


_post_numbers = itertools.count(1)  # every body differs: duplicates are refused


def issued_stamp() -> str | None:
    """
    The comment form's signed "issued" time, as if the reader had opened the
    form a minute ago: posts sent sooner than DISCUSSION_MIN_SUBMIT_SECONDS after
    it are stored as spam. None when the form has no such field.
    """
    from django.core import signing

    from cliffhanger.discussion import forms

    salt = getattr(forms, "ISSUED_SALT", None)
    return signing.dumps(time.time() - 60, salt=salt) if salt else None


def post_form(parent_id: int | None, issued: str | None) -> dict:
    number = next(_post_numbers)
    data = {
        "body": f"Benchmark comment {number}: *still* thinking about the ending. "
        "||Eleven lives||, or [does she](https://example.org/theory)?",
        "author_name": f"Bench reader {number % 40}",
    }
    if parent_id is not None:
        data["parent"] = str(parent_id)
    if issued:
        data["issued"] = issued
    return data


POST_MODES = (
    # label, request headers, the status a stored post answers
    (
        "JSON, in place (Accept: application/json)",
        {"HTTP_ACCEPT": "application/json"},
        201,
    ),
    ("Form post, redirect to the comment", {}, 302),
)


def run_in_process_posts(articles: dict) -> tuple[list[dict], list[str]]:
    from django.test import Client

    from cliffhanger.discussion.models import ArticleDiscussion, Comment

    article = articles["long"]
    url = f"/comments/post/{article.pk}/"
    parents = list(Comment.objects.filter(article=article).values_list("pk", flat=True))
    rng = random.Random(RANDOM_SEED)
    issued = issued_stamp()
    count_before = ArticleDiscussion.objects.get(article=article).comment_count
    accepted = 0
    rows = []
    for mode, headers, expected in POST_MODES:
        client = Client(HTTP_HOST=HOST)  # enforce_csrf_checks is off

        def post(index, client=client, headers=headers):
            parent = rng.choice(parents) if index % REPLY_EVERY == 0 else None
            return client.post(url, post_form(parent, issued), **headers)

        row, mode_accepted = time_posts(post, mode, expected)
        accepted += mode_accepted
        rows.append(row)
    return rows, [post_count_check(article, count_before, accepted)]


def time_posts(post, mode: str, expected: int) -> tuple[dict, int]:
    """
    One posting mode: warm-up, queries of a top-level post and of a reply,
    then POSTS timed posts. Returns its row and how many posts were accepted.
    """
    accepted, top_queries, reply_queries = post_warmup_and_queries(post, expected)

    log(f"in-process posting: {POSTS} × {mode}")
    timings, cpu, statuses = [], [], {}
    started = time.perf_counter()
    for index in range(POSTS):
        t0, cpu0 = time.perf_counter_ns(), time.thread_time_ns()
        response = post(index)
        timings.append((time.perf_counter_ns() - t0) / 1e6)
        cpu.append((time.thread_time_ns() - cpu0) / 1e6)
        statuses[response.status_code] = statuses.get(response.status_code, 0) + 1
    wall = time.perf_counter() - started
    if statuses.get(expected, 0) == 0:
        raise SystemExit(f"posting ({mode}) never answered {expected}: {statuses}")
    accepted += statuses.get(expected, 0)
    row = {
        "label": mode,
        "posts": POSTS,
        "statuses": statuses,
        "expected": expected,
        "rate": POSTS / wall,
        **summary(timings),
        "cpu": statistics.median(cpu),
        "queries": f"{top_queries} / {reply_queries}",
    }
    return row, accepted


def post_warmup_and_queries(post, expected: int) -> tuple[int, int, int]:
    """Posts accepted while warming up, and the queries of a top-level post and a reply."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    accepted = 0
    for index in range(POST_WARMUP):
        accepted += post(index).status_code == expected
    # Read each count at once: a later request empties the query log.
    with CaptureQueriesContext(connection) as captured:
        accepted += post(1).status_code == expected
    top_queries = len(captured)
    with CaptureQueriesContext(connection) as captured:
        accepted += post(REPLY_EVERY).status_code == expected
    reply_queries = len(captured)
    return accepted, top_queries, reply_queries


def post_count_check(article, count_before: int, accepted: int) -> str:
    """Whether the stored comment count rose by exactly the posts accepted."""
    from cliffhanger.discussion.models import ArticleDiscussion, Comment

    count_after = ArticleDiscussion.objects.get(article=article).comment_count
    stored = Comment.objects.filter(article=article).count()
    check = (
        f"Stored count {count_before:,} → {count_after:,} "
        f"(+{count_after - count_before}) for {accepted} accepted posts "
        "(warm-up included); comments in the "
        f"table: {stored:,}."
    )
    ok = count_after - count_before == accepted and stored == count_after
    return check + (" Exact." if ok else " **FLAG: mismatch.**")


# ------------------------------------------------- 4. posting through gunicorn


def fetch_page(url: str, opener=None) -> str:
    opener = opener or urllib.request.build_opener()
    with opener.open(url, timeout=REQUEST_TIMEOUT) as response:
        return response.read().decode()


def concurrent_posting(base: str, article, parents: list[int]) -> dict:
    page_url = base + article.url
    html, action, token, csrf_cookie = comment_form_and_token(base, article)
    count_before = displayed_count(html)
    post_url = base + action
    issued = issued_stamp()  # same SECRET_KEY: the server shares CLIFFHANGER_VAR_DIR

    def data_for(parent: int | None) -> dict:
        return {**post_form(parent, issued), "csrfmiddlewaretoken": token}

    latencies, statuses, wall = post_from_threads(
        post_url, csrf_cookie, parents, data_for
    )
    count_after = displayed_count(fetch_page(page_url))
    created = statuses.get("201", 0)
    return {
        "posts": len(latencies),
        "created": created,
        "errors": len(latencies) - created,
        "statuses": statuses,
        "rate": created / wall,
        "wall": wall,
        **summary(latencies or [0.0]),
        "count_before": count_before,
        "count_after": count_after,
    }


def comment_form_and_token(base: str, article) -> tuple[str, str, str, str]:
    """
    The article page's HTML, its comment form's action, a CSRF token and the
    csrftoken cookie, as a reader's browser gets them. Raises RuntimeError
    when any is missing or the form posts elsewhere.
    """
    jar = http.cookiejar.CookieJar()
    opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar))
    html = fetch_page(base + article.url, opener)
    # The comment form (the one marked data-comment-form) and the token inside it.
    form = re.search(r"<form\b[^>]*\bdata-comment-form\b[^>]*>(.*?)</form>", html, re.S)
    action = form and re.search(r'\baction="([^"#]*)', form.group(0))
    token = form and re.search(
        r'name="csrfmiddlewaretoken" value="([^"]*)"', form.group(1)
    )
    token = token.group(1) if token else ""
    if not token:
        # A first-time reader's page carries no token; form-token.js asks for
        # one (and the cookie) before posting, as this does.
        token = json.loads(fetch_page(base + "/csrf-token/", opener))["token"]
    csrf_cookie = next((c.value for c in jar if c.name == "csrftoken"), None)
    if csrf_cookie is None or not action or not token:
        raise RuntimeError("No csrftoken cookie, or no comment form with a token")
    if action.group(1) != f"/comments/post/{article.pk}/":
        raise RuntimeError(f"The comment form posts to {action.group(1)!r}")
    return html, action.group(1), token, csrf_cookie


def post_from_threads(
    post_url: str, csrf_cookie: str, parents: list[int], data_for
) -> tuple[list[float], dict[str, int], float]:
    """
    CONCURRENT_CLIENTS threads posting for CONCURRENT_SECONDS, started
    together. Returns every post's latency, the answers counted, and the
    wall time.
    """
    deadline = time.monotonic() + CONCURRENT_SECONDS
    lock = threading.Lock()
    latencies: list[float] = []
    statuses: dict[str, int] = {}
    start_gate = threading.Barrier(CONCURRENT_CLIENTS)

    def client(number: int) -> None:
        rng = random.Random(RANDOM_SEED * 100 + number)
        opener = urllib.request.build_opener()  # no cookie jar: send only csrftoken
        start_gate.wait()
        for sequence in range(CONCURRENT_MAX_PER_CLIENT):
            if time.monotonic() >= deadline:
                break
            parent = rng.choice(parents) if sequence % REPLY_EVERY == 0 else None
            request = comment_post_request(post_url, data_for(parent), csrf_cookie)
            t0 = time.perf_counter_ns()
            outcome = send(opener, request)
            elapsed = (time.perf_counter_ns() - t0) / 1e6
            with lock:
                latencies.append(elapsed)
                statuses[outcome] = statuses.get(outcome, 0) + 1

    log(f"{CONCURRENT_CLIENTS} client threads posting for {CONCURRENT_SECONDS:.0f} s")
    threads = [
        threading.Thread(target=client, args=(n,), daemon=True)
        for n in range(CONCURRENT_CLIENTS)
    ]
    started = time.perf_counter()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(CONCURRENT_SECONDS + REQUEST_TIMEOUT + 10)
    return latencies, statuses, time.perf_counter() - started


def comment_post_request(
    post_url: str, data: dict, csrf_cookie: str
) -> urllib.request.Request:
    """A comment post asking for JSON, with the csrftoken cookie and nothing else."""
    return urllib.request.Request(
        post_url,
        data=urllib.parse.urlencode(data).encode(),
        headers={
            "Accept": "application/json",
            "Cookie": f"csrftoken={csrf_cookie}",
            "Content-Type": "application/x-www-form-urlencoded",
        },
        method="POST",
    )


def send(opener, request: urllib.request.Request) -> str:
    """The answer's status code, or the name of the error that stopped it."""
    try:
        with opener.open(request, timeout=REQUEST_TIMEOUT) as response:
            response.read()
            return str(response.status)
    except urllib.error.HTTPError as error:
        return str(error.code)
    except OSError as error:
        return type(error).__name__


def run_concurrent(var_dir: Path, articles: dict) -> tuple[dict | None, str]:
    from django.db import connections

    from cliffhanger.discussion.models import ArticleDiscussion, Comment

    try:
        import gunicorn  # noqa: F401
    except ImportError:
        return None, "skipped: gunicorn is not installed"

    article = articles["long"]
    parents = list(Comment.objects.filter(article=article).values_list("pk", flat=True))
    connections.close_all()
    scratch = var_dir / "loopback"
    scratch.mkdir(exist_ok=True)
    process = None
    log_path = scratch / "gunicorn.log"
    with open(log_path, "wb") as log_file:
        try:
            port = free_port()
            process = start_gunicorn(port, log_file)
            base = f"http://127.0.0.1:{port}"
            wait_for(base + SEED_URL, process, "gunicorn")
            for _ in range(10):  # both workers import lazily; warm them
                fetch_page(base + SEED_URL)
            result = concurrent_posting(base, article, parents)
        except (OSError, RuntimeError, subprocess.SubprocessError) as error:
            tail = log_path.read_text(errors="replace")[-2000:]
            log(f"concurrent posting failed: {error!r}\n{tail}")
            return None, f"failed: {error!r} (see the benchmark's standard error)"
        finally:
            stop(process)
    stored = ArticleDiscussion.objects.get(article=article).comment_count
    rows = Comment.objects.filter(article=article, status="approved").count()
    result["stored_count"], result["stored_rows"] = stored, rows
    server_errors = log_path.read_text(errors="replace").count("Traceback")
    result["server_tracebacks"] = server_errors
    return result, ""


# ------------------------------------------------------------------- 5. profile


HOTSPOTS = (
    # label, function (cumulative time; cProfile counts recursion once)
    ("Whole request (`Client.get`)", "django.test.client.Client.get"),
    (
        "Inclusion tags: `{% comment_section %}` (+ cached most-popular box)",
        "django.template.library.InclusionNode.render",
    ),
    (
        "`comment_thread_page` (3 queries + tree)",
        "cliffhanger.discussion.selectors.comment_thread_page",
    ),
    (
        "The thread's HTML (`thread_html.comment_list_html`)",
        "cliffhanger.discussion.thread_html.comment_list_html",
    ),
    ("Dates (`thread_html._times`)", "cliffhanger.discussion.thread_html._times"),
    ("Escaping (`html.escape`)", "html.escape"),
    ("Template variable lookups", "django.template.base.Variable._resolve_lookup"),
    (
        "SQL execution (`CursorWrapper.execute`)",
        "django.db.backends.utils.CursorWrapper.execute",
    ),
    ("Model instances (`Model.from_db`)", "django.db.models.base.Model.from_db"),
)


def profile_key(dotted: str) -> tuple[str, int, str] | None:
    """cProfile's (file, first line, name) for a function given by dotted path."""
    import importlib

    parts = dotted.split(".")
    for split in range(len(parts) - 1, 0, -1):
        try:
            target = importlib.import_module(".".join(parts[:split]))
        except ImportError:
            continue
        try:
            for name in parts[split:]:
                target = getattr(target, name)
        except AttributeError:
            return None
        code = getattr(
            inspect.unwrap(getattr(target, "__func__", target)), "__code__", None
        )
        if code is None:
            return None
        return code.co_filename, code.co_firstlineno, code.co_name
    return None


def run_profile(url: str) -> tuple[list, list, float, str]:
    from django.test import Client

    client = Client(HTTP_HOST=HOST)
    client.get(url)
    wall_ms, gc_ms, collections = time_with_gc(client, url)
    stats = cpu_profile(client, url)
    total = sum(tt for (_, _, tt, _, _) in stats.values())
    gc_line = (
        f"Without the profiler: {wall_ms:.0f} ms per request, of which garbage "
        f"collection {gc_ms:.1f} ms ({collections:.1f} "
        "collections per request); the profile itself runs with the collector off."
    )
    return (
        hotspot_rows(stats, total),
        own_time_rows(stats, total),
        total * 1000 / PROFILE_REQUESTS,
        gc_line,
    )


def time_with_gc(client, url: str) -> tuple[float, float, float]:
    """
    Wall ms per request, garbage collection ms per request, and collections
    per request, timed without the profiler: under cProfile a collection's
    pause lands on whichever function happened to allocate.
    """
    pauses: list[float] = []

    def on_gc(phase, info):
        if phase == "start":
            pauses.append(-time.perf_counter())
        elif pauses:
            pauses[-1] += time.perf_counter()

    gc.collect()
    gc.callbacks.append(on_gc)
    try:
        started = time.perf_counter()
        for _ in range(PROFILE_REQUESTS):
            client.get(url)
        wall = time.perf_counter() - started
    finally:
        gc.callbacks.remove(on_gc)
    gc_ms = sum(p for p in pauses if p > 0) * 1000 / PROFILE_REQUESTS
    wall_ms = wall * 1000 / PROFILE_REQUESTS
    return wall_ms, gc_ms, len(pauses) / PROFILE_REQUESTS


def cpu_profile(client, url: str) -> dict:
    """cProfile's raw stats for PROFILE_REQUESTS requests, collector off."""
    # CPU time, not wall time: on a shared machine a preemption would otherwise
    # land on whichever function happened to be running.
    profiler = cProfile.Profile(time.thread_time)
    gc.collect()
    gc.disable()
    try:
        profiler.enable()
        for _ in range(PROFILE_REQUESTS):
            client.get(url)
        profiler.disable()
    finally:
        gc.enable()
    return pstats.Stats(profiler).stats


def hotspot_rows(stats: dict, total: float) -> list[list[str]]:
    """The cumulative time of each of HOTSPOTS that ran, per request and as a share."""
    hotspots = []
    for label, dotted in HOTSPOTS:
        key = profile_key(dotted)
        cumulative = stats[key][3] if key in stats else 0.0
        if cumulative:
            hotspots.append(
                [
                    label,
                    f"{cumulative * 1000 / PROFILE_REQUESTS:.1f}",
                    f"{cumulative / total:.0%}",
                ]
            )
    return hotspots


def own_time_rows(stats: dict, total: float) -> list[list[str]]:
    """The twelve functions with the most time of their own."""
    top = sorted(stats.items(), key=lambda item: item[1][2], reverse=True)[:12]
    return [
        [
            f"`{short_path(path)}:{line}({func})`",
            f"{calls // PROFILE_REQUESTS:,}",
            f"{tt * 1000 / PROFILE_REQUESTS:.1f}",
            f"{tt / total:.0%}",
        ]
        for (path, line, func), (_, calls, tt, _, _) in top
    ]


def short_path(path: str) -> str:
    """A source path from its package on, as the report names it."""
    for marker in ("site-packages/", "cliffhanger/"):
        if marker in path:
            return path.split(marker, 1)[1]
    return path


# ------------------------------------------------------------------------ report


def ms(value: float) -> str:
    return f"{value:.2f}"


def render_report(
    machine,
    setup_timings,
    articles,
    gets,
    query_lines,
    building,
    posts,
    post_lines,
    concurrent,
    concurrent_note,
    profile,
    elapsed,
):
    lines = report_header(machine, setup_timings, articles)
    lines += gets_section(gets)
    lines += gets_notes(gets, query_lines)
    lines += thread_section(building)
    lines += posting_section(posts, post_lines)
    lines += concurrent_section(concurrent, concurrent_note)
    lines += profile_section(profile)
    lines += ["", f"Benchmark wall time: {elapsed:.0f} s.", ""]
    return "\n".join(lines)


def report_header(machine, setup_timings, articles) -> list[str]:
    """The title and what ran where: machine, database, articles, load, setup."""
    m = machine
    setup = ", ".join(f"{name} {secs:.1f} s" for name, secs in setup_timings.items())
    long_url = articles["long"].url
    return [
        "# Discussion benchmark",
        "",
        f"- Date: {m['date']}",
        f"- Machine: {m['nproc']} CPUs (nproc), {m['cpu']}; {m['platform']}",
        f"- Python {m['python']}; {m['versions']}; commit {m['commit']}",
        "- Database: throwaway SQLite (WAL) with the demo site (`load_demo`); "
        "settings `cliffhanger.settings.base` (DEBUG off, local-memory cache)",
        f"- Long thread: `{long_url}`, {articles['long_described']}, "
        f"{articles['long_top_level']} top-level, depth 0–{articles['long_depth']}, "
        f"{articles['last_page']} comment pages of 50 top-level; seed "
        f"`{SEED_URL}`, {articles['seed_comments']}",
        f"- Load average (1, 5, 15 min) at start: {m['load']}; at end: "
        f"{load_average()} (anything else running on the machine shows in p90/p99)",
        f"- Setup: {setup}",
        "",
    ]


GET_ORDER = (
    "long",
    "best",
    "last",
    "500",
    "whole",
    "seed",
    "quiet_long",
    "quiet_seed",
    "ref_long",
    "ref_seed",
)


def gets_section(gets) -> list[str]:
    """Section 1's heading, how it was measured, and its table of pages."""
    lines = [
        "## 1. Article page GET, in-process (django.test.Client, full middleware)",
        "",
        f"Warm-up + timed requests: {LIGHT[0]} + {LIGHT[1]} for the light pages, "
        f"{HEAVY[0]} + {HEAVY[1]} for the long thread's pages, {FIVE_HUNDRED[0]} + "
        f"{FIVE_HUNDRED[1]} for ~{FIVE_HUNDRED_SHOWN} comments on one page, "
        f"{WHOLE_THREAD[0]} + "
        f"{WHOLE_THREAD[1]} for the whole thread on one page (its p99 is the "
        "maximum). Comments shown is the number of comments in the HTML. Peak is "
        "tracemalloc's peak Python memory during one warm request. CPU ms is the "
        "median of the benchmark thread's own CPU time per request "
        "(`time.thread_time`): other load on the machine inflates wall-clock "
        "times and their tails, but hardly this.",
        "",
    ]
    return lines + table(
        [
            "Page",
            "URL",
            "comments shown",
            "timed",
            "median ms",
            "p90 ms",
            "p99 ms",
            "CPU ms",
            "SQL (discussion)",
            "response bytes",
            "peak KiB",
        ],
        [get_row(gets[k]) for k in GET_ORDER],
        text_columns=2,
    )


def get_row(row: dict) -> list[str]:
    return [
        row["label"],
        f"`{row['url']}`",
        f"{row['shown']:,}",
        str(row["n"]),
        ms(row["median"]),
        ms(row["p90"]),
        ms(row["p99"]),
        ms(row["cpu"]),
        f"{row['queries']} ({row['discussion_queries']})",
        f"{row['bytes']:,}",
        f"{row['peak_kib']:,.0f}",
    ]


def gets_notes(gets, query_lines) -> list[str]:
    """Section 1's reading: queries compared, and what each comment shown costs."""
    quiet = gets["quiet_long"]
    per_comment = [
        (
            gets[k]["label"],
            (gets[k]["cpu"] - quiet["cpu"]) / gets[k]["shown"],
            (gets[k]["bytes"] - quiet["bytes"]) / gets[k]["shown"],
        )
        for k in ("long", "best", "last", "500", "whole")
    ]
    ref = gets["ref_long"]
    return [
        "",
        f"### Queries: {gets['seed']['shown']} comments shown against "
        f"{gets['long']['shown']} (and {gets['whole']['shown']:,})",
        "",
        *query_lines,
        "",
        "### Cost per comment shown",
        "",
        "CPU time (median) and bytes above the comment-less article beside the "
        "long thread, divided by the comments shown:",
        "",
        *[
            f"- {label}: {cost * 1000:.0f} µs and {size:,.0f} bytes per comment"
            for label, cost, size in per_comment
        ],
        f"- Shipping the long page's {ref['bytes']:,} pre-rendered bytes through "
        f"the middleware costs {ms(ref['median'])} ms (reference row), so the "
        f"{ms(gets['long']['median'])} ms of page 1 (CPU {ms(gets['long']['cpu'])} "
        "ms) is almost all building and rendering.",
        "",
    ]


def thread_section(building) -> list[str]:
    """Section 2: the selector and the thread's HTML, timed without a request."""
    lines = [
        "## 2. The thread alone (`selectors.comment_thread_page`, `thread_html`)",
        "",
        f"Repeats: {THREAD_REPEATS[0]} for page 1, {THREAD_REPEATS[1]} for the whole "
        "thread. The two indented rows split the whole-thread row into the single "
        "fetch (SQLite plus a `ThreadComment` per row) and the one-pass tree in "
        "Python; the last row renders the whole thread's HTML from its items. "
        "µs per comment is from the median CPU time.",
        "",
    ]
    return lines + table(
        [
            "Call",
            "comments",
            "SQL queries",
            "median ms",
            "p90 ms",
            "CPU ms",
            "µs per comment",
        ],
        [
            [
                row["label"],
                f"{row['items']:,}",
                str(row["queries"]),
                ms(row["median"]),
                ms(row["p90"]),
                ms(row["cpu"]),
                f"{row['us_per_comment']:.1f}",
            ]
            for row in building
        ],
        text_columns=1,
    )


def posting_section(posts, post_lines) -> list[str]:
    """Section 3: sequential in-process posts, per mode, and the count check."""
    lines = [
        "",
        f"## 3. Posting in-process: {POSTS} posts per mode to the long thread",
        "",
        f"django.test.Client, CSRF checks off, one post in {REPLY_EVERY} a reply to "
        "a random comment of the thread (replies past the depth cap attach at "
        "it). Posts are sequential, so posts/s is 1 / latency. SQL queries are "
        "for one top-level post / one reply. The discussion's policies are at "
        f"their defaults except the per-address rate limit, raised to {RATE_LIMIT:,} "
        "a minute for sections 3 and 4 (every post comes from 127.0.0.1). Each post "
        "has its own body (the duplicate check) and the form's signed `issued` "
        "time from a minute before (the too-fast check), and no email (the "
        "first-comment hold).",
        "",
    ]
    lines += table(
        [
            "Mode",
            "posts",
            "answers",
            "posts/s",
            "median ms",
            "p90 ms",
            "p99 ms",
            "CPU ms",
            "SQL queries",
        ],
        [
            [
                row["label"],
                str(row["posts"]),
                answers(row["statuses"]),
                f"{row['rate']:.1f}",
                ms(row["median"]),
                ms(row["p90"]),
                ms(row["p99"]),
                ms(row["cpu"]),
                row["queries"],
            ]
            for row in posts
        ],
        text_columns=1,
    )
    return lines + ["", *[f"- {line}" for line in post_lines], ""]


def answers(statuses: dict) -> str:
    """Answers counted by status, e.g. "201×299, 400×1"."""
    return ", ".join(f"{code}×{n}" for code, n in sorted(statuses.items()))


def concurrent_section(concurrent, concurrent_note) -> list[str]:
    """Section 4: posting through gunicorn, or why it did not run."""
    lines = [
        f"## 4. Concurrent posting through gunicorn ({GUNICORN_WORKERS} workers × "
        f"{GUNICORN_THREADS} threads)",
        "",
    ]
    if concurrent:
        lines += concurrent_results(concurrent)
    if concurrent_note:
        lines += [f"Concurrent posting {concurrent_note}.", ""]
    return lines


def concurrent_results(c: dict) -> list[str]:
    """The concurrent run's table, and whether the displayed count is exact."""
    delta = c["count_after"] - c["count_before"]
    exact = delta == c["created"] and c["stored_count"] == c["stored_rows"]
    lines = [
        f"{CONCURRENT_CLIENTS} client threads (urllib, one connection per post, "
        f"Accept: application/json, csrftoken cookie + csrfmiddlewaretoken) "
        f"posting to the long thread for {CONCURRENT_SECONDS:.0f} s; one post "
        f"in {REPLY_EVERY} a reply.",
        "",
    ]
    lines += table(
        [
            "posts sent",
            "201 Created",
            "errors",
            "created/s",
            "p50 ms",
            "p90 ms",
            "p99 ms",
            "answers",
        ],
        [
            [
                f"{c['posts']:,}",
                f"{c['created']:,}",
                str(c["errors"]),
                f"{c['rate']:.1f}",
                ms(c["median"]),
                ms(c["p90"]),
                ms(c["p99"]),
                answers(c["statuses"]),
            ]
        ],
        text_columns=0,
    )
    return lines + [
        "",
        f"- `<span data-comment-count>` on the page: {c['count_before']:,} before,"
        f" {c['count_after']:,} after: +{delta:,} for {c['created']:,} answers "
        f"201. Stored count {c['stored_count']:,}, approved rows "
        f"{c['stored_rows']:,}. "
        + ("**Exact.**" if exact else "**FLAG: the count is not exact.**"),
        f"- Tracebacks in gunicorn's log: {c['server_tracebacks']}.",
        "- The client threads, both workers and SQLite share the machine's "
        "CPUs; the Python client's own cost is in these figures.",
        "",
    ]


def profile_section(profile) -> list[str]:
    """Section 5: where the ~500-comment page's CPU time goes."""
    hotspots, own, total_ms, gc_line = profile
    lines = [
        f"## 5. Where the page of ~{FIVE_HUNDRED_SHOWN} comments spends its time "
        f"(cProfile on CPU time, {PROFILE_REQUESTS} requests)",
        "",
        f"{total_ms:.0f} ms of CPU per request under the profiler (it inflates "
        f"many small calls). {gc_line} Cumulative time of selected calls; they overlap "
        "(dates and escaping happen inside the thread's HTML):",
        "",
    ]
    lines += table(["Call", "ms per request", "share"], hotspots, text_columns=1)
    lines += ["", "Top functions by own time:", ""]
    return lines + table(
        ["Function", "calls per request", "own ms per request", "share"],
        own,
        text_columns=1,
    )


# -------------------------------------------------------------------------- main


def main() -> int:
    started = time.perf_counter()

    def default_policies():
        # The discussion's policies at their defaults, except the per-address
        # rate limit (every post here comes from 127.0.0.1) and the
        # first-comment hold (the posters are regulars).
        for name in [name for name in os.environ if name.startswith("DISCUSSION_")]:
            del os.environ[name]
        os.environ["DISCUSSION_RATE_LIMIT_PER_MINUTE"] = str(RATE_LIMIT)
        os.environ["DISCUSSION_HOLD_FIRST_COMMENT"] = "false"

    with throwaway_django(default_policies) as var_dir:
        from django.test import override_settings

        machine = machine_summary()
        setup_timings = setup_database()
        articles = find_articles()
        gets = run_gets(articles)
        query_lines = query_check(gets)
        building = run_thread_building(articles)
        roots = articles["roots_for_500"]
        log(f"profiling the long thread with {roots} top-level comments on a page")
        with override_settings(DISCUSSION_COMMENTS_PER_PAGE=roots):
            profile = run_profile(articles["long"].url)
        posts, post_lines = run_in_process_posts(articles)
        concurrent, concurrent_note = run_concurrent(var_dir, articles)
    report = render_report(
        machine,
        setup_timings,
        articles,
        gets,
        query_lines,
        building,
        posts,
        post_lines,
        concurrent,
        concurrent_note,
        profile,
        time.perf_counter() - started,
    )
    publish_report(report, RESULTS_FILE)
    return 0


if __name__ == "__main__":
    sys.exit(main())
