"""
Benchmark of site search on the demo grown to 10,000 synthetic articles.

    .venv/bin/python bench/search.py      # or: make bench

Sets up its own throwaway SQLite database in a temporary directory (migrate,
collectstatic, load_demo, then `grow_articles` to 10,000 synthetic articles;
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

import io
import shutil
import statistics
import subprocess
import sys
import tempfile
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
    configure_environment,
    free_port,
    load_average,
    log,
    machine_summary,
    percentile,
    run_wrk,
    setup_database,
    start_gunicorn,
    stop,
    table,
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
    ("long", "10,000 characters (cut to 200, 3 words)", LONG_QUERY, None),
    ("page5", "a common word, page 5", "renewed", 5),
]
WRK_QUERIES = ["rare", "common"]


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
    """Call `call` warmup times, then time up to `requests` calls (ms)."""
    deadline = time.monotonic() + ROW_BUDGET_SECONDS
    for _ in range(warmup):
        call()
        if time.monotonic() > deadline:
            break
    timings = []
    deadline = time.monotonic() + ROW_BUDGET_SECONDS
    while len(timings) < requests and (not timings or time.monotonic() < deadline):
        started = time.perf_counter_ns()
        call()
        timings.append((time.perf_counter_ns() - started) / 1e6)
    return summary(timings)


def captured(call) -> tuple[int, float]:
    """The SQL queries one call makes, and the database time they took (ms)."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as queries:
        call()
    return len(queries), sum(float(q["time"]) for q in queries) * 1000


def search_url(q: str, page: int | None) -> str:
    params = {"q": q} | ({"page": str(page)} if page else {})
    return "/search/?" + urllib.parse.urlencode(params)


def shown(q: str) -> str:
    text = q if len(q) <= 40 else f"{q[:24]}… ({len(q):,} chars)"
    return "`" + text.replace("|", "\\|").replace("`", "'") + "`"


# ------------------------------------------------------------------------- setup


def grow() -> tuple[float, str]:
    from django.core.management import call_command

    from cliffhanger.newsroom.models import ArticlePage

    out = io.StringIO()
    started = time.perf_counter()
    call_command(
        "grow_articles", count=GROW_TO, seed=GROW_SEED, stdout=out, stderr=io.StringIO()
    )
    elapsed = time.perf_counter() - started
    grown = ArticlePage.objects.live().filter(slug__contains="-grown-").count()
    if grown != GROW_TO:
        raise SystemExit(
            f"grow_articles left {grown} synthetic articles, not {GROW_TO}"
        )
    log(f"grow_articles done in {elapsed:.1f} s: {out.getvalue().strip()}")
    return elapsed, out.getvalue().strip()


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


def run_full_stack() -> dict[str, dict]:
    from django.test import Client

    from cliffhanger.search.query import search_query_parse
    from cliffhanger.search.selectors import site_search

    client = Client(HTTP_HOST=HOST)
    rows = {}
    for key, _what, q, page in QUERIES:
        url = search_url(q, page)
        response = client.get(url)
        if response.status_code != 200:
            raise SystemExit(f"GET {url[:80]} answered {response.status_code}")
        # response.context is only recorded under the test runner's renderer.
        results = site_search(query=search_query_parse(q), page_number=page)
        log(f"full stack: {key} ({results.article_count} articles)")

        def get(url=url):
            answer = client.get(url)
            if answer.status_code != 200:
                raise SystemExit(f"GET {url[:80]} answered {answer.status_code}")

        queries, sql_ms = captured(get)
        rows[key] = {
            **timed(get),
            "articles": results.article_count,
            "any_word": results.matched_any_word,
            "hits": len(results.hits),
            "terms": len(results.query.terms),
            "queries": queries,
            "sql_ms": sql_ms,
            "bytes": len(response.content),
        }
    return rows


def run_selector() -> dict[str, dict]:
    from cliffhanger.search.query import search_query_parse
    from cliffhanger.search.selectors import site_search

    rows = {}
    for key, _what, q, page in QUERIES:
        log(f"site_search(): {key}")
        query = search_query_parse(q)

        def call(query=query, page=page):
            site_search(query=query, page_number=page)

        queries, sql_ms = captured(call)
        rows[key] = {**timed(call), "queries": queries, "sql_ms": sql_ms}
    return rows


def icontains_ids(terms: tuple[str, ...]) -> list[int]:
    """Reference (a): every word in the title or the dek, unranked, no body."""
    from django.db.models import Q

    from cliffhanger.newsroom.models import ArticlePage

    articles = ArticlePage.objects.all()
    for word in terms:
        articles = articles.filter(Q(title__icontains=word) | Q(dek__icontains=word))
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


def run_references(full_stack: dict[str, dict]) -> dict[str, dict]:
    from cliffhanger.search.query import search_query_parse

    rows = {}
    for key, _what, q, _page in QUERIES:
        log(f"references: {key}")
        terms = search_query_parse(q).terms
        operator = "or" if full_stack[key]["any_word"] else "and"
        rows[key] = {
            "icontains": timed(lambda terms=terms: icontains_ids(terms)),
            "icontains_found": len(icontains_ids(terms)),
            "fts": timed(lambda t=terms, o=operator: fts_match(t, operator=o)),
            "fts_found": len(fts_match(terms, operator=operator)),
            "matching": fts_count(terms, operator=operator),
            "operator": operator,
        }
    return rows


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
        for key, _what, q, page in QUERIES:
            if key not in WRK_QUERIES:
                continue
            url = base + search_url(q, page)
            for _ in range(WARMUP * GUNICORN_WORKERS):
                urllib.request.urlopen(url, timeout=30).read()
            log(f"wrk {' '.join(WRK_ARGS)} against {url}")
            rows.append({"key": key, "q": q, **run_wrk(url)})
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


def render_report(
    machine, setup_timings, corpus, full, selector, references, loopback, note, elapsed
):
    m = machine
    setup = ", ".join(f"{name} {secs:.1f} s" for name, secs in setup_timings.items())
    lines = [
        "# Search benchmark",
        "",
        f"- Date: {m['date']}",
        f"- Machine: {m['nproc']} CPUs (nproc), {m['cpu']}; {m['platform']}",
        f"- Python {m['python']}; {m['versions']}; commit {m['commit']}",
        "- Database: throwaway SQLite (WAL), the demo site (`load_demo`) grown with "
        f"`grow_articles --count {GROW_TO} --seed {GROW_SEED}`: "
        f"{corpus['articles']:,} live articles, {corpus['index_entries']:,} search "
        f"index entries, {corpus['db_mib']:,.0f} MiB; Wagtail's database search "
        "backend (SQLite FTS5); settings `cliffhanger.settings.base` (DEBUG off)",
        f"- Load average (1, 5, 15 min) at start: {m['load']}; at end: "
        f"{load_average()} (anything else running on the machine shows in p90/p99)",
        f"- Setup: {setup}",
        "",
        "Queries. Index matches counts every index entry the words match (the "
        "FTS5 count, any model); articles found is what the reader is told: a "
        f"search ranks at most {REFERENCE_LIMIT} articles and shows 10 a page.",
        "",
    ]
    lines += table(
        ["Key", "Query", "What it tests", "index matches", "articles found"],
        [
            [
                key,
                shown(q) + (f" page {page}" if page else ""),
                what,
                f"{references[key]['matching']:,}",
                f"{full[key]['articles']:,}"
                + (" (any word)" if full[key]["any_word"] else ""),
            ]
            for key, what, q, page in QUERIES
        ],
        text_columns=3,
    )
    lines += [
        "",
        f"## 1. GET /search/?q= in-process (django.test.Client, Host {HOST})",
        "",
        f"{WARMUP} warm-up + up to {REQUESTS} timed requests each, fewer when a row "
        f"passes {ROW_BUDGET_SECONDS:.0f} s (n). SQL ms is the database time of one "
        "request, as Django's query log records it.",
        "",
    ]
    lines += table(
        ["Key", "n", "median ms", "p90 ms", "p99 ms", "mean ms", "SQL queries"]
        + ["SQL ms", "response bytes"],
        [
            [key, str(row["n"])]
            + [ms(row[k]) for k in ("median", "p90", "p99", "mean")]
            + [str(row["queries"]), ms(row["sql_ms"]), f"{row['bytes']:,}"]
            for key, row in full.items()
        ],
        text_columns=1,
    )
    lines += [
        "",
        "## 2. site_search() alone",
        "",
        "Ranking, the page of 10 with its snippets, and shows and people on page "
        "1; no middleware or template.",
        "",
    ]
    lines += table(
        ["Key", "n", "median ms", "p90 ms", "p99 ms", "mean ms", "SQL queries"]
        + ["SQL ms"],
        [
            [key, str(row["n"])]
            + [ms(row[k]) for k in ("median", "p90", "p99", "mean")]
            + [str(row["queries"]), ms(row["sql_ms"])]
            for key, row in selector.items()
        ],
        text_columns=1,
    )
    lines += [
        "",
        "## 3. References, same words",
        "",
        "(a) `icontains` on title or dek for every word "
        f"(`values_list('pk')[:{REFERENCE_LIMIT}]`): what a search without an "
        "index costs; it finds fewer articles (no body, no tags) and ranks nothing. "
        "(b) The raw FTS5 MATCH on Wagtail's index table, ordered by bm25, "
        f"`LIMIT {REFERENCE_LIMIT}`, with the operator the search used: the floor "
        "for a ranked search on this index.",
        "",
    ]
    lines += table(
        ["Key", "(a) icontains median ms", "p90 ms", "found"]
        + ["(b) FTS5 MATCH median ms", "p90 ms", "found", "search ÷ (b)"],
        [
            [
                key,
                ms(row["icontains"]["median"]),
                ms(row["icontains"]["p90"]),
                f"{row['icontains_found']:,}",
                ms(row["fts"]["median"]),
                ms(row["fts"]["p90"]),
                f"{row['fts_found']:,} ({row['operator'].upper()})",
                f"{selector[key]['median'] / row['fts']['median']:,.0f}×",
            ]
            for key, row in references.items()
        ],
        text_columns=1,
    )
    lines += [
        "",
        "search ÷ (b) compares site_search()'s median with the floor's: what the "
        "ranking around the MATCH, the page load and the snippets add.",
        "",
        f"## 4. Over loopback: `wrk {' '.join(WRK_ARGS)}` against gunicorn "
        f"({GUNICORN_WORKERS} workers × {GUNICORN_THREADS} threads)",
        "",
    ]
    if loopback:
        lines += table(
            ["Key", "Query", "requests/s", "p50 ms", "p90 ms", "p99 ms", "requests"]
            + ["non-2xx"],
            [
                [row["key"], shown(row["q"]), f"{row['rps']:,.1f}"]
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
        lines += [
            "",
            "wrk and gunicorn share the same CPUs; compare the rows with each other "
            "and with bench/results/article_page.md rather than reading them as "
            "capacity.",
            "",
        ]
    if note:
        lines += [f"Load test {note}.", ""]
    lines += [f"Benchmark wall time: {elapsed:.0f} s.", ""]
    return "\n".join(lines)


# -------------------------------------------------------------------------- main


def main() -> int:
    started = time.perf_counter()
    with tempfile.TemporaryDirectory(prefix="cliffhanger-bench-") as tmp:
        var_dir = Path(tmp)
        configure_environment(var_dir)

        import django

        django.setup()
        machine = machine_summary()
        setup_timings = setup_database()
        setup_timings["grow_articles"], _ = grow()
        corpus = corpus_summary()
        full = run_full_stack()
        selector = run_selector()
        references = run_references(full)
        loopback, note = run_over_loopback(var_dir)

        from django.db import connections

        connections.close_all()

    report = render_report(
        machine,
        setup_timings,
        corpus,
        full,
        selector,
        references,
        loopback,
        note,
        time.perf_counter() - started,
    )
    print(report)
    RESULTS_FILE.parent.mkdir(parents=True, exist_ok=True)
    RESULTS_FILE.write_text(report)
    log(f"written to {RESULTS_FILE.relative_to(REPO_DIR)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
