"""
Benchmark of site search on the demo grown to 10,000 synthetic articles.

    .venv/bin/python bench/search.py      # or: make bench

Sets up its own throwaway SQLite database in a temporary directory (migrate,
collectstatic, load_demo, then `articles_grow` to 10,000 synthetic articles;
each step timed), then, for queries of different selectivity (a rare word,
common words, two words, a query that falls back to any word, FTS syntax, a
10,000-character query, page 5), measures in-process:

  * GET /search/?q= through the full stack with django.test.Client;
  * site_search() alone (ranking, the page of 10, snippets; no template);
  * references: a naive `icontains` scan over title and dek for the same words
    (no body, no ranking), and the raw FTS5 MATCH on Wagtail's index table,
    ranked with bm25, alone: the floor any ranked search here pays.

If `wrk` is installed it also load-tests two searches over loopback through
gunicorn, started as `make run` starts it.

Prints a Markdown report and writes it to bench/results/search.md. This is a
benchmark, not a test: it asserts only that the searches answer 200 and that
the grown database holds the articles it should.
"""

from __future__ import annotations

import os
import shutil
import statistics
import subprocess
import sys
import time
import urllib.parse
import urllib.request
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from article_page import (  # noqa: E402  (bench/ is not a package)
    GUNICORN_THREADS,
    GUNICORN_WORKERS,
    HOST,
    REPO_DIR,
    WRK_ARGS,
    free_port,
    load_average,
    log,
    machine_summary,
    percentile,
    publish_report,
    report_footer,
    run_wrk,
    setup_database,
    start_gunicorn,
    stop,
    table,
    throwaway_django,
    wait_for,
)

RESULTS_FILE = REPO_DIR / "bench" / "results" / "search.md"

GROW_TO = 10_000
GROW_SEED = 7
WARMUP = 3
REQUESTS = 50
# A row stops early once its timed requests have taken this long, so a
# pathological query cannot hold the run for hours; the report shows n.
ROW_BUDGET_SECONDS = 20.0
REFERENCE_LIMIT = 500  # as selectors.MAX_RANKED

LONG_QUERY = ("season finale renewed " * 500)[:10_000]
# (label, what it tests, q, page)
QUERIES = [
    ("rare", "a rare word (body only)", "ukulele", None),
    ("common", "a common word", "renewed", None),
    ("everywhere", "a word in every article", "season", None),
    ("and", "two words, both required", "netflix renewed", None),
    ("or", "no article has both words: any word", "netflix kazoo", None),
    (
        "hostile",
        "FTS syntax, read as 7 words; falls back to any word",
        '"renewed" AND title:netflix NEAR(finale*) OR ^',
        None,
    ),
    (
        "long",
        "10,000 characters: the first 200 are read, the last word cut short",
        LONG_QUERY,
        None,
    ),
    ("page5", "a common word, page 5", "renewed", 5),
]
WRK_QUERIES = ["rare", "common"]
# Served by the same gunicorn in the same minute: the search page's own cost.
WRK_REFERENCE = ("form", "Reference: /search/ without a query (the empty form)")


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


def timed(call, *, warmup: int = WARMUP, requests: int = REQUESTS) -> dict:
    """
    Call `call` warmup times, then time up to `requests` calls: wall-clock ms,
    and the median CPU ms of this thread, which other load on the machine
    hardly inflates.
    """
    deadline = time.monotonic() + ROW_BUDGET_SECONDS
    for _ in range(warmup):
        call()
        if time.monotonic() > deadline:
            break
    timings, cpu = [], []
    deadline = time.monotonic() + ROW_BUDGET_SECONDS
    while len(timings) < requests and (not timings or time.monotonic() < deadline):
        started, cpu_started = time.perf_counter_ns(), time.thread_time_ns()
        call()
        timings.append((time.perf_counter_ns() - started) / 1e6)
        cpu.append((time.thread_time_ns() - cpu_started) / 1e6)
    return {**summary(timings), "cpu": statistics.median(cpu)}


def captured(call, *, repeats: int = 5) -> dict:
    """
    The SQL statements one call runs; the medians over `repeats` calls of
    their total time and of the slowest one (ms), and the slowest's text.
    """
    from django.db import connection

    totals, slowest = [], []
    for _ in range(repeats):
        statements = []

        def clock(execute, sql, params, many, context, statements=statements):
            started = time.perf_counter_ns()
            try:
                return execute(sql, params, many, context)
            finally:
                statements.append(((time.perf_counter_ns() - started) / 1e6, sql))

        with connection.execute_wrapper(clock):
            call()
        totals.append(sum(elapsed for elapsed, _ in statements))
        slowest.append(max(statements, default=(0.0, "")))
    return {
        "queries": len(statements),
        "sql_ms": statistics.median(totals),
        "slowest_ms": statistics.median(elapsed for elapsed, _ in slowest),
        "slowest_sql": " ".join(max(slowest)[1].split())[:120],
    }


def search_url(q: str, page: int | None) -> str:
    params = {"q": q} | ({"page": str(page)} if page else {})
    return "/search/?" + urllib.parse.urlencode(params)


def shown(q: str) -> str:
    text = q if len(q) <= 40 else f"{q[:24]}… ({len(q):,} chars)"
    return "`" + text.replace("|", "\\|").replace("`", "'") + "`"


# ------------------------------------------------------------------------- setup


def grow() -> tuple[float, str]:
    from cliffhanger.newsroom.models import ArticlePage
    from cliffhanger.testing.grown_articles import articles_grow

    started = time.perf_counter()
    summary = articles_grow(count=GROW_TO, seed=GROW_SEED)
    elapsed = time.perf_counter() - started
    grown = ArticlePage.objects.live().filter(slug__contains="-grown-").count()
    if grown != GROW_TO:
        raise SystemExit(
            f"articles_grow left {grown} synthetic articles, not {GROW_TO}"
        )
    log(f"articles_grow done in {elapsed:.1f} s: {summary}")
    return elapsed, summary


def corpus_summary() -> dict:
    from django.db import connection
    from wagtail.search.models import IndexEntry

    from cliffhanger.newsroom.models import ArticlePage

    with connection.cursor() as cursor:
        cursor.execute("PRAGMA page_count")
        pages = cursor.fetchone()[0]
        cursor.execute("PRAGMA page_size")
        page_size = cursor.fetchone()[0]
    return {
        "articles": ArticlePage.objects.live().count(),
        "index_entries": IndexEntry.objects.count(),
        "db_mib": pages * page_size / 2**20,
    }


# ------------------------------------------------------------- the measurements


def icontains_ids(terms: tuple[str, ...], *, operator: str) -> list[int]:
    """Reference (a): each word (or any) in the title or dek; unranked, no body."""
    from django.db.models import Q

    from cliffhanger.newsroom.models import ArticlePage

    matches = [Q(title__icontains=word) | Q(dek__icontains=word) for word in terms]
    combined = Q()
    for match in matches:
        combined = combined & match if operator == "and" else combined | match
    articles = ArticlePage.objects.filter(combined)
    return list(articles.values_list("pk", flat=True)[:REFERENCE_LIMIT])


def fts_match(terms: tuple[str, ...], *, operator: str) -> list[int]:
    """
    Reference (b): the FTS5 MATCH on Wagtail's index table alone, ranked by
    bm25 and cut to the ids a search ranks; no join, no live or page filter.
    """
    from django.db import connection
    from wagtail.search.models import SQLiteFTSIndexEntry

    table = SQLiteFTSIndexEntry._meta.db_table
    match = f" {operator.upper()} ".join(f'"{term}"' for term in terms)
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT rowid FROM {table} WHERE {table} MATCH %s "  # noqa: S608
            f"ORDER BY bm25({table}) LIMIT %s",
            [f"{{title body}}: ({match})", REFERENCE_LIMIT],
        )
        return [row[0] for row in cursor.fetchall()]


def fts_count(terms: tuple[str, ...], *, operator: str) -> int:
    """Every index entry the words match (any model, drafts too): no 500 cap."""
    from django.db import connection
    from wagtail.search.models import SQLiteFTSIndexEntry

    table = SQLiteFTSIndexEntry._meta.db_table
    match = f" {operator.upper()} ".join(f'"{term}"' for term in terms)
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT count(*) FROM {table} WHERE {table} MATCH %s",  # noqa: S608
            [f"{{title body}}: ({match})"],
        )
        return cursor.fetchone()[0]


def measure_query(client, q: str, page: int | None) -> dict:
    """All four measurements of one query, back to back, so load that comes
    and goes on a shared machine weighs on them alike."""
    from cliffhanger.search.query import search_query_parse
    from cliffhanger.search.selectors import site_search

    url = search_url(q, page)

    def get():
        answer = client.get(url)
        if answer.status_code != 200:
            raise SystemExit(f"GET {url[:80]} answered {answer.status_code}")
        return answer

    query = search_query_parse(q)
    # response.context is only recorded under the test runner's renderer.
    results = site_search(query=query, page_number=page)
    operator = "or" if results.matched_any_word else "and"
    terms = query.terms
    return {
        "articles": results.article_count,
        "any_word": results.matched_any_word,
        "terms": len(terms),
        "operator": operator,
        "matching": fts_count(terms, operator=operator),
        "bytes": len(get().content),
        "full": {**timed(get), **captured(get)},
        "selector": {
            **timed(lambda: site_search(query=query, page_number=page)),
            **captured(lambda: site_search(query=query, page_number=page)),
        },
        "icontains": timed(lambda: icontains_ids(terms, operator=operator)),
        "icontains_found": len(icontains_ids(terms, operator=operator)),
        "fts": timed(lambda: fts_match(terms, operator=operator)),
        "fts_found": len(fts_match(terms, operator=operator)),
    }


def run_in_process() -> tuple[dict[str, dict], dict]:
    from django.test import Client

    client = Client(HTTP_HOST=HOST)

    def form():
        answer = client.get("/search/")
        if answer.status_code != 200:
            raise SystemExit(f"GET /search/ answered {answer.status_code}")
        return answer

    reference = {
        **timed(form),
        **captured(form),
        "bytes": len(form().content),
    }
    rows = {}
    for key, _what, q, page in QUERIES:
        rows[key] = measure_query(client, q, page)
        row = rows[key]
        log(
            f"{key}: {row['articles']} articles, full stack median "
            f"{row['full']['median']:.1f} ms, slowest SQL {row['full']['slowest_ms']:.1f}"
            f" ms: {row['full']['slowest_sql'][:60]}"
        )
    return rows, reference


def run_over_loopback(var_dir: Path) -> tuple[list[dict], str]:
    if shutil.which("wrk") is None:
        return [], "skipped: wrk not installed (apt-get install -y wrk)"
    scratch = var_dir / "loopback"
    scratch.mkdir()
    rows = []
    process = None
    log_file = open(scratch / "gunicorn.log", "wb")  # noqa: SIM115
    try:
        port = free_port()
        process = start_gunicorn(port, log_file)
        base = f"http://127.0.0.1:{port}"
        wait_for(base + "/search/", process, "gunicorn")
        targets = [
            (key, shown(q), search_url(q, page))
            for key, _what, q, page in QUERIES
            if key in WRK_QUERIES
        ]
        targets.append((WRK_REFERENCE[0], WRK_REFERENCE[1], "/search/"))
        for key, label, path in targets:
            url = base + path
            for _ in range(WARMUP * GUNICORN_WORKERS * GUNICORN_THREADS):
                urllib.request.urlopen(url, timeout=30).read()
            log(f"wrk {' '.join(WRK_ARGS)} against {url}")
            rows.append({"key": key, "label": label, **run_wrk(url)})
    except (OSError, RuntimeError, subprocess.SubprocessError, AttributeError) as error:
        tail = (scratch / "gunicorn.log").read_text(errors="replace")[-2000:]
        log(f"load test failed: {error!r}\n{tail}")
        return rows, f"failed: {error!r} (see the benchmark's standard error)"
    finally:
        stop(process)
        log_file.close()
    return rows, ""


# ------------------------------------------------------------------------ report


def ms(value: float) -> str:
    return f"{value:,.1f}" if value >= 10 else f"{value:.2f}"


def render_report(machine, setup_timings, corpus, rows, form, loopback, note, elapsed):
    lines = report_header(machine, setup_timings, corpus)
    lines += queries_table(rows)
    lines += full_stack_section(rows, form)
    lines += selector_section(rows)
    lines += references_section(rows)
    lines += loopback_section(loopback)
    lines += report_footer(note, elapsed)
    return "\n".join(lines)


TIMING_HEADER = ["Key", "n", "median ms", "p90 ms", "p99 ms", "mean ms", "CPU ms"]


def timing_cells(row: dict) -> list[str]:
    """The cells under TIMING_HEADER after the key."""
    return [str(row["n"])] + [
        ms(row[k]) for k in ("median", "p90", "p99", "mean", "cpu")
    ]


def report_header(machine, setup_timings, corpus) -> list[str]:
    """The title, what ran where, and how to read the queries table."""
    m = machine
    setup = ", ".join(f"{name} {secs:.1f} s" for name, secs in setup_timings.items())
    return [
        "# Search benchmark",
        "",
        f"- Date: {m['date']}",
        f"- Machine: {m['nproc']} CPUs (nproc), {m['cpu']}; {m['platform']}",
        f"- Python {m['python']}; {m['versions']}; commit {m['commit']}",
        "- Database: throwaway SQLite (WAL), the demo site (`load_demo`) grown with "
        f"`articles_grow(count={GROW_TO}, seed={GROW_SEED})`: "
        f"{corpus['articles']:,} live articles, {corpus['index_entries']:,} search "
        f"index entries, {corpus['db_mib']:,.0f} MiB; Wagtail's database search "
        "backend (SQLite FTS5); settings `cliffhanger.settings.base` (DEBUG off)",
        f"- Load average (1, 5, 15 min) at start: {m['load']}; at end: "
        f"{load_average()} (anything else running on the machine shows in p90/p99; "
        "the CPU ms columns hardly move with it)",
        f"- Setup: {setup}",
        "",
        "Queries. Words is what the query parser keeps; index matches counts the "
        "index entries the words match (FTS5 count, any model); articles found "
        f"is what the reader is told: a search ranks at most {REFERENCE_LIMIT} "
        "articles and shows 10 a page.",
        "",
    ]


def queries_table(rows) -> list[str]:
    """Each query, what it tests, and what it finds."""
    return table(
        ["Key", "Query", "What it tests", "words", "index matches", "articles found"],
        [
            [
                key,
                shown(q) + (f" page {page}" if page else ""),
                what,
                str(rows[key]["terms"]),
                f"{rows[key]['matching']:,}",
                f"{rows[key]['articles']:,}"
                + (" (any word)" if rows[key]["any_word"] else ""),
            ]
            for key, what, q, page in QUERIES
        ],
        text_columns=3,
    )


def full_stack_section(rows, form) -> list[str]:
    """Section 1: the search page through the whole stack, and the empty form."""
    lines = [
        "",
        f"## 1. GET /search/?q= in-process (django.test.Client, Host {HOST})",
        "",
        f"{WARMUP} warm-up + up to {REQUESTS} timed requests each, fewer when a row "
        f"passes {ROW_BUDGET_SECONDS:.0f} s (n). CPU ms is the median CPU time of "
        "the benchmark thread per request. SQL ms is the time a request's "
        "statements take together, and slowest the longest of them (medians of 5 "
        "requests). Each query's four "
        "measurements (sections 1 to 3) run back to back.",
        "",
    ]
    lines += table(
        TIMING_HEADER + ["SQL queries", "SQL ms", "slowest ms", "response bytes"],
        [
            [key]
            + timing_cells(row["full"])
            + [str(row["full"]["queries"]), ms(row["full"]["sql_ms"])]
            + [ms(row["full"]["slowest_ms"]), f"{row['bytes']:,}"]
            for key, row in rows.items()
        ]
        + [
            [f"{WRK_REFERENCE[0]}: reference, /search/ with no query"]
            + timing_cells(form)
            + [str(form["queries"]), ms(form["sql_ms"]), ms(form["slowest_ms"])]
            + [f"{form['bytes']:,}"]
        ],
        text_columns=1,
    )
    return lines + [
        "",
        "The reference is the same page, base template and middleware with no "
        "search: what every request costs before the search adds its part.",
    ]


def selector_section(rows) -> list[str]:
    """Section 2: site_search() without a request around it."""
    lines = [
        "",
        "## 2. site_search() alone",
        "",
        "The ranking, the page of 10 with its snippets, and shows and people on page "
        "1; no middleware or template.",
        "",
    ]
    return lines + table(
        TIMING_HEADER + ["SQL queries", "SQL ms", "slowest ms"],
        [
            [key]
            + timing_cells(row["selector"])
            + [str(row["selector"]["queries"]), ms(row["selector"]["sql_ms"])]
            + [ms(row["selector"]["slowest_ms"])]
            for key, row in rows.items()
        ],
        text_columns=1,
    )


def references_section(rows) -> list[str]:
    """Section 3: an unindexed scan and the raw FTS5 floor, for the same words."""
    lines = [
        "",
        "## 3. References, same words",
        "",
        "(a) `icontains` on title or dek for every word, or any word where the "
        f"search fell back to any (`values_list('pk')[:{REFERENCE_LIMIT}]`): what "
        "a search without an index costs. It finds fewer articles (no body, no "
        "tags) and ranks nothing. (b) The raw FTS5 MATCH on Wagtail's index "
        f"table, ordered by bm25, `LIMIT {REFERENCE_LIMIT}`, with the operator the "
        "search used: the floor for a ranked search on this index. search ÷ (b) "
        "divides site_search()'s median by the floor's.",
        "",
    ]
    return lines + table(
        ["Key", "(a) icontains median ms", "CPU ms", "found"]
        + ["(b) FTS5 MATCH median ms", "CPU ms", "found", "search ÷ (b)"],
        [
            [
                key,
                ms(row["icontains"]["median"]),
                ms(row["icontains"]["cpu"]),
                f"{row['icontains_found']:,}",
                ms(row["fts"]["median"]),
                ms(row["fts"]["cpu"]),
                f"{row['fts_found']:,} ({row['operator'].upper()})",
                f"{row['selector']['median'] / row['fts']['median']:,.0f}×",
            ]
            for key, row in rows.items()
        ],
        text_columns=1,
    )


def loopback_section(loopback) -> list[str]:
    """Section 4: wrk through gunicorn, when it ran."""
    lines = [
        "",
        f"## 4. Over loopback: `wrk {' '.join(WRK_ARGS)}` against gunicorn "
        f"({GUNICORN_WORKERS} workers × {GUNICORN_THREADS} threads)",
        "",
    ]
    if not loopback:
        return lines
    lines += table(
        ["Key", "Query", "requests/s", "p50 ms", "p90 ms", "p99 ms", "requests"]
        + ["non-2xx"],
        [
            [row["key"], row["label"], f"{row['rps']:,.1f}"]
            + [ms(row[k]) for k in ("p50", "p90", "p99")]
            + [
                f"{row['requests']:,}"
                + (
                    f" (socket errors: {row['socket_errors']})"
                    if row["socket_errors"]
                    else ""
                ),
                str(row["non_2xx"]),
            ]
            for row in loopback
        ],
        text_columns=2,
    )
    return lines + [
        "",
        "wrk and gunicorn share the same CPUs; compare the rows with each other "
        "rather than reading them as capacity.",
        "",
    ]


# -------------------------------------------------------------------------- main


def main() -> int:
    started = time.perf_counter()

    def every_request_renders():
        # The page cache is off without REDIS_URL; this keeps it off whatever
        # the environment says.
        os.environ["PAGE_CACHE_SECONDS"] = "0"

    with throwaway_django(every_request_renders) as var_dir:
        machine = machine_summary()
        setup_timings = setup_database()
        setup_timings["grow_articles"], _ = grow()
        corpus = corpus_summary()
        rows, form = run_in_process()
        loopback, note = run_over_loopback(var_dir)
    report = render_report(
        machine,
        setup_timings,
        corpus,
        rows,
        form,
        loopback,
        note,
        time.perf_counter() - started,
    )
    publish_report(report, RESULTS_FILE)
    return 0


if __name__ == "__main__":
    sys.exit(main())
