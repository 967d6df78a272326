"""
Signed-in readers on the fast path (issue 21): the seed article as a signed-in
reader gets it, beside the same article for a first-time reader with and
without the page cache, and the sign-in page.

    .venv/bin/python bench/accounts.py
    .venv/bin/python bench/accounts.py --databases sqlite --wrk-seconds 5

A throwaway demo (migrate, collectstatic, load_demo) gets two reader accounts
as a sign-in by code leaves them: a display name, the address confirmed and a
signed-in session in the session store. One has nothing of theirs on the seed
article; the other has a comment there, still in its edit window. The demo is
served by `manage.py serve` as `make run` starts it, and every row is
`wrk -t2 -c32 -d10s --latency` (bench/load.py's settings) with the gunicorn
workers' CPU per request read from /proc:

  * PAGE_CACHE_SECONDS=0: the seed for a first-time reader, the issue's
    "anonymous uncached" reference (the shared pieces stay kept, as in
    bench/load.py), then, back to back on the same server, for a signed-in
    reader (their `sessionid` and the `cliff_signed_in=1` hint, the page
    checked to say "Commenting as <name>" first): the headline pair;
  * production defaults: the seed for a first-time reader (a page-cache hit),
    for each signed-in reader, and the sign-in page /account/login/;
  * FRAGMENT_CACHE_SECONDS=0 too: the seed with no cache at all.

On a machine other work shares, requests per second follow the CPU the
workers are left; their CPU per request moves much less, so every comparison
is also given by it.

Then, in one process (django.test.Client, the default configuration, the
pages taken in turn, one request each per round): each page's median CPU time
and its SQL queries listed, and pyinstrument on the signed-in and the
anonymous uncached page when the headline pair misses its target (or with
--profile).

The default configuration is SQLite and the embedded cache; the second is
PostgreSQL at BENCH_ACCOUNTS_POSTGRES_URL with Redis at BENCH_ACCOUNTS_REDIS_URL,
both the bench's own: the database's public schema is dropped and made again,
and the Redis database emptied, before and after. Either unreachable skips it.
Writes bench/results/accounts.md. This is a benchmark, not a test.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import sys
import tempfile
import time
from contextlib import contextmanager
from pathlib import Path
from urllib.parse import urlsplit

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from article_page import (  # noqa: E402  (bench/ is not a package)
    REPO_DIR,
    free_port,
    load_average,
    log,
    machine_summary,
    publish_report,
    run_wrk,
    table,
)
from load import (  # noqa: E402
    base_env,
    fetch,
    reachable_postgres,
    reachable_redis,
    serving,
)

from cliffhanger.testing.processes import (  # noqa: E402
    gunicorn_pids,
    setup_script_output,
)

RESULTS_MD = REPO_DIR / "bench" / "results" / "accounts.md"

SEED_URL = "/entertainment/everything-we-know-about-partner-track-season-2/"
SIGN_IN_URL = "/account/login/"
WRK_THREADS, WRK_CONNECTIONS, WRK_SECONDS = 2, 32, 10
WARM_UP_FETCHES = 12  # every worker keeps its own copies of the pieces: warm them all
IN_PROCESS_WARMUP, IN_PROCESS_REQUESTS, PROFILE_REQUESTS = 20, 200, 200
DEFAULT_POSTGRES_URL = "postgres://cliff:cliff@127.0.0.1:5432/cliffh3"
DEFAULT_REDIS_URL = "redis://127.0.0.1:6379/11"
SIGNED_IN_SHARE = 0.5  # issue 21: signed-in seed ≥ 50% of the anonymous uncached
PROFILE = False  # --profile: pyinstrument even when the target is met

# Who signs in: (email, display name, a comment of theirs on the seed).
READERS = {
    "reader": ("nadia.bench@example.com", "Nadia Bench", False),
    "commenter": ("ola.bench@example.com", "Ola Bench", True),
}

# key: (label, path, whose cookies: a READERS key or None for a first-time reader)
CASES = {
    "anonymous_hit": ("Seed, first-time reader, page-cache hit", SEED_URL, None),
    "anonymous": ("Seed, first-time reader, no page cache", SEED_URL, None),
    "anonymous_bare": ("Seed, first-time reader, no cache at all", SEED_URL, None),
    "reader": ("Seed, signed-in reader", SEED_URL, "reader"),
    "commenter": (
        "Seed, signed-in reader with their comment on it",
        SEED_URL,
        "commenter",
    ),
    "sign_in": ("Sign-in page, first-time reader", SIGN_IN_URL, None),
}

# (server, its environment on top of the defaults, the cases measured on it)
SERVERS = (
    ("page cache off", {"PAGE_CACHE_SECONDS": "0"}, ("anonymous", "reader")),
    ("defaults", {}, ("anonymous_hit", "reader", "commenter", "sign_in")),
    (
        "no cache",
        {"PAGE_CACHE_SECONDS": "0", "FRAGMENT_CACHE_SECONDS": "0"},
        ("anonymous_bare",),
    ),
)

SETUP = r"""
import json, sys
import django
django.setup()
from importlib import import_module
from allauth.account.models import EmailAddress
from django.conf import settings
from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
from django.core.management import call_command
from cliffhanger.accounts.services import (
    reader_account_for_sign_in, reader_display_name_set, reader_get_or_create,
)
from cliffhanger.discussion import services
from cliffhanger.newsroom.models import ArticlePage

call_command("migrate", interactive=False, verbosity=0)
call_command("collectstatic", interactive=False, verbosity=0)
call_command("load_demo", verbosity=0)

services._comment_stored = lambda *args: None  # no e-mails or webhooks queued
seed_url, readers = sys.argv[1], json.loads(sys.argv[2])
seed = ArticlePage.objects.get(url_path__endswith=seed_url)
sessions = {}
for key, (email, name, comments) in readers.items():
    # As a sign-in by code leaves a reader: the account, its address confirmed,
    # a profile with a name, and a session in the session store.
    user = reader_account_for_sign_in(email=email)
    EmailAddress.objects.filter(user=user).update(verified=True)
    reader = reader_display_name_set(
        reader=reader_get_or_create(user=user), display_name=name
    )
    session = import_module(settings.SESSION_ENGINE).SessionStore()
    session[SESSION_KEY] = str(user.pk)
    session[BACKEND_SESSION_KEY] = settings.AUTHENTICATION_BACKENDS[0]
    session[HASH_SESSION_KEY] = user.get_session_auth_hash()
    session.create()
    sessions[key] = session.session_key
    if comments:
        services.comment_create(
            article=seed, body="Benchmarked, and still waiting for season 2.",
            author_name=reader.display_name, account=user,
            avatar_seed=reader.avatar_seed, status="approved",
        )
print(json.dumps(sessions))
"""

# Each page in one process: median CPU, the queries, and pyinstrument on request.
IN_PROCESS = r"""
import json, re, statistics, sys, time
import django
django.setup()
from django.db import connection
from django.test import Client, override_settings
from django.test.utils import CaptureQueriesContext

spec = json.loads(sys.argv[1])
client = Client(HTTP_HOST="127.0.0.1")

BUCKETS = [
    ("templates (django.template)", ("django/template/",)),
    ("database: ORM and driver", ("django/db/", "sqlite3/", "psycopg/")),
    ("sessions and auth", ("django/contrib/sessions/", "django/contrib/auth/", "allauth/")),
    ("Wagtail", ("wagtail/",)),
    ("cliffhanger's own code", ("cliffhanger/",)),
    ("cache (embedded, redis)", ("diskcache/", "redis/", "django/core/cache/")),
    ("middleware, CSRF, signing", ("django/middleware/", "django/core/signing", "csp/", "whitenoise/")),
    ("URLs and request handling", ("django/urls/", "django/core/handlers/", "django/http/")),
    ("Django utils", ("django/utils/",)),
]

def bucket(path):
    return next(
        (name for name, marks in BUCKETS if any(m in path for m in marks)),
        "other (stdlib, the test client)",
    )

def short(sql):
    # "SELECT django_session": the statement and the first table it names.
    table = re.search(r'(?:FROM|INTO|UPDATE)\s+"?(\w+)', sql)
    return f"{sql.split()[0]} {table.group(1) if table else ''}".strip()

def profile(get):
    # Shares of the profiled time: pyinstrument slows a request several times
    # over, so the report turns them into ms with the unprofiled median CPU.
    from pyinstrument import Profiler

    profiler = Profiler(interval=0.0005)
    profiler.start()
    for _ in range(spec["profile_requests"]):
        get()
    profiler.stop()
    root = profiler.last_session.root_frame()
    own, buckets, inclusive = {}, {}, {}

    def name(frame):
        while frame.is_synthetic and frame.parent is not None:
            frame = frame.parent
        qualified = f"{frame.class_name}.{frame.function}" if frame.class_name else frame.function
        return frame, f"{qualified} ({frame.file_path_short}:{frame.line_no})"

    def walk(frame, in_view, open_keys):
        target, key = name(frame)
        # A frame's total_self_time already holds its [self] child's: count it once.
        if frame.total_self_time and not frame.is_synthetic:
            own[key] = own.get(key, 0.0) + frame.total_self_time
            place = target  # a C function counts for its Python caller
            while place.parent is not None and not (place.file_path or "").endswith(".py"):
                place = place.parent
            b = bucket(place.file_path or "")
            buckets[b] = buckets.get(b, 0.0) + frame.total_self_time
        path = frame.file_path or ""
        in_view = in_view or frame.function == "_get_response"
        # Below the view (the middleware wrapping everything left out): the
        # app's functions, Django's get_user (the session and user reads) and
        # its inclusion tags (their context function and their template).
        counted = in_view and not frame.is_synthetic and (
            "/cliffhanger/" in path
            or (frame.function == "get_user" and "django/contrib/auth" in path)
            or (frame.class_name == "InclusionNode" and frame.function == "render")
        )
        if counted and key not in open_keys:
            inclusive[key] = inclusive.get(key, 0.0) + frame.time
            open_keys = open_keys | {key}
        for child in frame.children:
            walk(child, in_view, open_keys)

    walk(root, False, frozenset())
    total = root.time or 1.0
    ranked = lambda found, n: sorted(((k, v / total) for k, v in found.items()), key=lambda i: -i[1])[:n]
    return {
        "buckets": ranked(buckets, 20),
        "own": ranked(own, 8),
        "inclusive": ranked(inclusive, 16),
    }

def getter(case):
    return lambda: client.get(case["path"], HTTP_COOKIE=case["cookie"])

results = {}
for case in spec["cases"]:
    get = getter(case)
    with override_settings(**case["settings"]):
        for _ in range(spec["warmup"]):
            response = get()
            assert response.status_code == 200, (case["key"], response.status_code)
        # The page is the reader's own, or nobody's: the row measures what it says.
        named = "Commenting as <span class=\"respond__as-name\">" + case["name"]
        assert (named in response.text) == bool(case["name"]), case["key"]
        with CaptureQueriesContext(connection) as queries:
            get()
        results[case["key"]] = {
            "queries": [short(q["sql"]) for q in queries.captured_queries],
            "cpu": [],
        }
# Round after round, one request of each page: whatever else the machine does
# weighs on every page alike.
for _ in range(spec["requests"]):
    for case in spec["cases"]:
        get = getter(case)
        with override_settings(**case["settings"]):
            started = time.thread_time()
            get()
            results[case["key"]]["cpu"].append((time.thread_time() - started) * 1000)
for case in spec["cases"]:
    result = results[case["key"]]
    result["cpu_ms"] = statistics.median(result.pop("cpu"))
    if case["profile"]:
        with override_settings(**case["settings"]):
            result["profile"] = profile(getter(case))
print(json.dumps(results))
"""


# --------------------------------------------------------------------- helpers


def cookie_header(case: str, sessions: dict[str, str]) -> str:
    """What the case's browser sends: nothing, or the session and the hint."""
    reader = CASES[case][2]
    if reader is None:
        return ""
    return f"sessionid={sessions[reader]}; cliff_signed_in=1"


def workers_cpu_seconds(serve_pid: int) -> float:
    """
    CPU seconds of gunicorn's workers: the live ones plus those the master has
    reaped (its cutime), so a worker replaced after max_requests mid-run still
    counts. A new worker starts at 0: with preload the master did the loading.
    """
    master, workers = gunicorn_pids(serve_pid)

    def fields(pid: int) -> list[str]:
        return Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()

    ticks = 0.0
    for pid in workers:
        try:
            utime, stime = fields(pid)[11:13]
        except OSError:  # replaced between the listing and the read
            continue
        ticks += float(utime) + float(stime)
    cutime, cstime = fields(master)[13:15]
    return (ticks + float(cutime) + float(cstime)) / os.sysconf("SC_CLK_TCK")


def machine_busy() -> tuple[float, float]:
    """(busy, total) CPU seconds of the whole machine since boot, from /proc/stat."""
    values = [
        float(v) for v in Path("/proc/stat").read_text().split("\n", 1)[0].split()[1:]
    ]
    idle = values[3] + values[4]  # idle and iowait
    tick = os.sysconf("SC_CLK_TCK")
    return (sum(values) - idle) / tick, sum(values) / tick


def checked(base: str, case: str, sessions: dict[str, str]) -> str:
    """
    Warm the workers up, then make sure the page is what the row claims: a
    signed-in reader's page names them and is nobody else's to keep, a
    first-time reader's names nobody. Says what it saw; stops the run otherwise.
    """
    _, path, reader = CASES[case]
    headers = {"Cookie": cookie_header(case, sessions)} if reader else {}
    for _ in range(WARM_UP_FETCHES):
        status, answer, body = fetch(base + path, headers)
    html = body.decode()
    page_cache = answer.get("X-Page-Cache", "none")
    problems = [f"status {status}"] if status != 200 else []
    if reader:
        name = READERS[reader][1]
        if f'Commenting as <span class="respond__as-name">{name}' not in html:
            problems.append(f'no "Commenting as {name}"')
        if "private" not in answer.get("Cache-Control", "") or page_cache != "none":
            problems.append(f"kept for others (X-Page-Cache {page_cache})")
        if READERS[reader][2] and 'class="comment__edit"' not in html:
            problems.append("their comment has no Edit link")
        seen = f'"Commenting as {name}", {answer.get("Cache-Control")}'
        if READERS[reader][2]:
            seen += ", their comment with Edit"
    elif path == SEED_URL:
        if "Commenting as" in html:
            problems.append("a first-time reader's page names a reader")
        wanted = "hit" if case == "anonymous_hit" else "none"
        if page_cache != wanted:
            problems.append(f"X-Page-Cache {page_cache}, wanted {wanted}")
        seen = f"X-Page-Cache {page_cache}"
    else:
        seen = f"{len(body):,} bytes, X-Page-Cache {page_cache}"
    if problems:
        raise SystemExit(f"{CASES[case][0]}: {'; '.join(problems)}")
    return seen


def measured(base: str, case: str, sessions: dict, serve_pid: int) -> dict:
    """wrk on the case's page with its cookies, and the server's CPU meanwhile."""
    _, path, reader = CASES[case]
    args = [
        f"-t{WRK_THREADS}",
        f"-c{WRK_CONNECTIONS}",
        f"-d{WRK_SECONDS}s",
        "--latency",
        "--timeout",
        "10s",
    ]
    if reader:
        args += ["-H", f"Cookie: {cookie_header(case, sessions)}"]
    load = load_average().split()[0]
    cpu_before, (busy_before, total_before) = (
        workers_cpu_seconds(serve_pid),
        machine_busy(),
    )
    started = time.perf_counter()
    result = run_wrk(base + path, args=args, timeout=WRK_SECONDS + 60)
    wall = time.perf_counter() - started
    cpu = workers_cpu_seconds(serve_pid) - cpu_before
    busy, total = machine_busy()
    result["cpu_ms"] = cpu * 1000 / max(result["requests"], 1)
    # How much of the machine the workers got: the rest went to wrk and others.
    result["workers_share"] = cpu / (wall * len(os.sched_getaffinity(0)))
    result["machine_busy"] = (busy - busy_before) / max(total - total_before, 1e-9)
    result["load"] = load
    return result


@contextmanager
def own_postgres_and_redis(database_url: str, redis_url: str):
    """The bench's own database and Redis database, emptied before and after."""
    import psycopg
    import redis

    def empty():
        with psycopg.connect(database_url, autocommit=True) as connection:
            connection.execute("DROP SCHEMA IF EXISTS public CASCADE")
            connection.execute("CREATE SCHEMA public")
        redis.Redis.from_url(redis_url).flushdb()

    empty()
    try:
        yield
    finally:
        empty()


# ---------------------------------------------------------------- per database


def bench_database(name: str, database_url: str | None, redis_url: str | None) -> dict:
    """Setup, then each server in turn with its rows; the in-process step on SQLite."""
    section = {"name": name, "rows": [], "in_process": {}}
    var_dir = Path(tempfile.mkdtemp(prefix="cliffhanger-bench-accounts-"))
    try:
        env = base_env(var_dir)
        if database_url:
            env["DATABASE_URL"] = database_url
        if redis_url:
            env["REDIS_URL"] = redis_url
        log(f"{name}: setting up the demo and {len(READERS)} signed-in readers")
        started = time.perf_counter()
        sessions = json.loads(
            setup_script_output(env, SETUP, SEED_URL, json.dumps(READERS))
        )
        section["setup_seconds"] = time.perf_counter() - started
        port = free_port()
        for server, overrides, cases in SERVERS:
            with serving({**env, **overrides}, port, var_dir / "serve.log") as process:
                base = f"http://127.0.0.1:{port}"
                section["workers"] = len(gunicorn_pids(process.pid)[1])
                for case in cases:
                    seen = checked(base, case, sessions)
                    log(f"{name}: wrk {CASES[case][0]} ({server}: {seen})")
                    result = measured(base, case, sessions, process.pid)
                    section["rows"].append(
                        {"case": case, "server": server, "seen": seen, **result}
                    )
        if database_url is None:
            share = min(
                row(section, "reader", "page cache off")["rps"]
                / row(section, "anonymous")["rps"],
                row(section, "anonymous")["cpu_ms"]
                / row(section, "reader", "page cache off")["cpu_ms"],
            )
            profile = PROFILE or share < SIGNED_IN_SHARE
            if profile and not PROFILE:
                log(f"signed-in page at {share:.0%} of the reference: profiling it")
            section["in_process"] = in_process(env, sessions, profile=profile)
        return section
    finally:
        shutil.rmtree(var_dir, ignore_errors=True)


def row(section: dict, case: str, server: str | None = None) -> dict:
    return next(
        r
        for r in section["rows"]
        if r["case"] == case and (server is None or r["server"] == server)
    )


def in_process(env: dict[str, str], sessions: dict[str, str], *, profile: bool) -> dict:
    """Each page in one process; pyinstrument when asked or when the target is missed."""
    settings = {
        "anonymous": {"PAGE_CACHE_SECONDS": 0},
        "anonymous_bare": {"PAGE_CACHE_SECONDS": 0, "FRAGMENT_CACHE_SECONDS": 0},
    }
    cases = [
        {
            "key": case,
            "path": CASES[case][1],
            "cookie": cookie_header(case, sessions),
            "name": READERS[CASES[case][2]][1] if CASES[case][2] else "",
            "settings": settings.get(case, {}),
            "profile": profile and case in ("anonymous", "reader"),
        }
        for case in CASES
    ]
    spec = {
        "cases": cases,
        "warmup": IN_PROCESS_WARMUP,
        "requests": IN_PROCESS_REQUESTS,
        "profile_requests": PROFILE_REQUESTS,
    }
    log("in one process: CPU and queries of each page" + (", pyinstrument" * profile))
    return json.loads(setup_script_output(env, IN_PROCESS, json.dumps(spec)))


# ---------------------------------------------------------------------- report


def percent(share: float) -> str:
    """Whole percent, but never a rounded-up 50% for a share that misses it."""
    shown = f"{share:.0%}"
    if shown == f"{SIGNED_IN_SHARE:.0%}" and share < SIGNED_IN_SHARE:
        shown = f"{share:.1%}"
    return shown


def verdict(ok: bool) -> str:
    return "**met**" if ok else "**missed**"


def target_rows(section: dict) -> list[list[str]]:
    """
    The issue's two targets. The headline pair runs back to back on one server
    (a signed-in page is made the same whether the page cache is on or not:
    it never uses it); the CPU per request is the figure other load on the
    machine moves least, so each comparison is given by it too.
    """
    reference = row(section, "anonymous")
    lines = [
        share_row(
            section,
            reference,
            "Signed-in seed / anonymous uncached, req/s, back to back (page cache off)",
            "reader",
            "page cache off",
            "rps",
        ),
        share_row(
            section,
            reference,
            "… by server CPU per request",
            "reader",
            "page cache off",
            "cpu",
        ),
        share_row(
            section,
            reference,
            "… signed-in on the production-defaults server, req/s",
            "reader",
            "defaults",
            "rps",
        ),
        share_row(
            section,
            reference,
            "… the same, by server CPU per request",
            "reader",
            "defaults",
            "cpu",
        ),
        share_row(
            section,
            reference,
            "… a reader with their comment on it, by server CPU per request",
            "commenter",
            "defaults",
            "cpu",
        ),
        sign_in_row(row(section, "sign_in"), reference),
    ]
    lines += in_process_target_rows(section["in_process"])
    return lines


def share_row(
    section: dict, reference: dict, label: str, case: str, server: str, by: str
) -> list[str]:
    """A signed-in page against the anonymous uncached one, by req/s or by CPU."""
    measured_row = row(section, case, server)
    if by == "rps":
        share = measured_row["rps"] / reference["rps"]
        text = f"{measured_row['rps']:,.0f} of {reference['rps']:,.0f} req/s"
    else:  # the rate the CPUs allow: the inverse ratio of CPU per request
        share = reference["cpu_ms"] / measured_row["cpu_ms"]
        text = f"{measured_row['cpu_ms']:.2f} ms against {reference['cpu_ms']:.2f}"
    return [
        label,
        f"≥ {SIGNED_IN_SHARE:.0%}",
        f"{percent(share)} ({text})",
        verdict(share >= SIGNED_IN_SHARE),
    ]


def sign_in_row(sign_in: dict, reference: dict) -> list[str]:
    """The sign-in page's server CPU per request against the article's."""
    return [
        "Sign-in page / article (anonymous uncached), server CPU per request",
        "≤ 100%",
        f"{sign_in['cpu_ms'] / reference['cpu_ms']:.0%} ({sign_in['cpu_ms']:.2f}"
        f" of {reference['cpu_ms']:.2f} ms)",
        verdict(sign_in["cpu_ms"] <= reference["cpu_ms"]),
    ]


def in_process_target_rows(process: dict) -> list[list[str]]:
    """Both targets again in one process, when that step ran."""
    if not process:
        return []
    anonymous, reader = process["anonymous"]["cpu_ms"], process["reader"]["cpu_ms"]
    lines = [
        [
            "Signed-in seed / anonymous uncached, in one process (by CPU)",
            f"≥ {SIGNED_IN_SHARE:.0%}",
            f"{anonymous / reader:.0%} ({reader:.2f} ms against {anonymous:.2f})",
            verdict(anonymous / reader >= SIGNED_IN_SHARE),
        ]
    ]
    page = process["sign_in"]["cpu_ms"]
    lines.append(
        [
            "Sign-in page / article (anonymous uncached), in one process (CPU)",
            "≤ 100%",
            f"{page / anonymous:.0%} ({page:.2f} of {anonymous:.2f} ms)",
            verdict(page <= anonymous),
        ]
    )
    return lines


def wrk_table(section: dict) -> list[str]:
    rows = []
    for r in section["rows"]:
        errors = r["non_2xx"] + (1 if r["socket_errors"] else 0)
        rows.append(
            [
                CASES[r["case"]][0],
                r["server"],
                f"{r['rps']:,.0f}",
                f"{r['p50']:.1f}",
                f"{r['p99']:.1f}",
                f"{r['requests']:,}",
                f"{r['non_2xx']:,}"
                + (f" (socket: {r['socket_errors']})" if r["socket_errors"] else "")
                if errors
                else "0",
                f"{r['cpu_ms']:.2f}",
                f"{r['workers_share']:.0%}",
                f"{r['machine_busy']:.0%}",
                r["load"],
                r["seen"],
            ]
        )
    header = [
        "Page",
        "server",
        "req/s",
        "p50 ms",
        "p99 ms",
        "requests",
        "non-2xx",
        "server CPU ms/req",
        "workers' share of the CPUs",
        "machine busy",
        "load (1 min)",
        "checked before the run",
    ]
    lines = table(header, rows, text_columns=2)
    lines[1] = lines[1].rsplit("|", 2)[0] + "| --- |"  # the last column is text
    return lines


def span(values: list[float]) -> str:
    low, high = f"{min(values):.0%}", f"{max(values):.0%}"
    return low if low == high else f"{low}–{high}"


def contention_note(section: dict) -> list[str]:
    """Say so when other work held the machine: req/s then say little."""
    shares = [r["workers_share"] for r in section["rows"]]
    busy = [r["machine_busy"] for r in section["rows"]]
    if min(shares) >= 0.5:
        return []
    return [
        f"Other work held much of the machine during these rows: the workers got "
        f"{span(shares)} of its CPUs while it was {span(busy)} busy, so req/s "
        "follow the moment a row "
        "ran more than the page; the CPU per request moves much less.",
        "",
    ]


def in_process_lines(process: dict) -> list[str]:
    lines = [
        f"### In one process (django.test.Client, default configuration): median CPU "
        f"of {IN_PROCESS_REQUESTS} requests each after {IN_PROCESS_WARMUP} warm-up, "
        "the pages taken in turn, one request each per round",
        "",
    ]
    lines += table(
        ["Page", "CPU ms", "SQL queries", "the queries"],
        [
            [
                CASES[key][0],
                f"{result['cpu_ms']:.2f}",
                str(len(result["queries"])),
                ", ".join(f"`{q}`" for q in result["queries"]) or "none",
            ]
            for key, result in process.items()
        ],
        text_columns=1,
    )
    for key in ("anonymous", "reader"):
        profile, cpu = process[key].get("profile"), process[key]["cpu_ms"]
        if not profile:
            continue
        lines += [
            "",
            f"**pyinstrument, {CASES[key][0]}** ({PROFILE_REQUESTS} requests; ms are "
            f"shares of the profiled time × the unprofiled median, {cpu:.2f} ms). "
            "Own time by package: "
            + ", ".join(
                f"{name} {share * cpu:.2f} ({share:.0%})"
                for name, share in profile["buckets"]
            )
            + ".",
            "",
            "Inclusive time below the middleware: the app's functions, Django's "
            "`get_user` (the session and user reads) and `InclusionNode.render` (an "
            "inclusion tag: its function and its template):",
            "",
        ]
        lines += [
            f"- `{name}` {share * cpu:.2f} ms ({share:.0%})"
            for name, share in profile["inclusive"]
        ]
        lines += ["", "Top functions by own time:", ""]
        lines += [
            f"- `{name}` {share * cpu:.2f} ms ({share:.0%})"
            for name, share in profile["own"]
        ]
    return lines


def render_report(machine: dict, sections: list[dict], skipped, elapsed) -> str:
    m = machine
    lines = [
        "# Signed-in readers benchmark (issue 21)",
        "",
        f"- Date: {m['date']}",
        f"- Machine: {m['nproc']} CPUs (nproc), {m['cpu']}; {m['platform']}",
        f"- Python {m['python']}; {m['versions']}; commit {m['commit']}",
        f"- Load average (1, 5, 15 min) at start: {m['load']}; at end: "
        f"{load_average()}. wrk, gunicorn, the task worker, the scheduler, the "
        'database and other work on the machine share its CPUs ("machine busy" '
        "is all of them during the row): compare rows of one run with each other; "
        "a run varies by a fifth either way (bench/README.md).",
        "- Servers: `manage.py serve` as `make run` (cliffhanger/gunicorn_conf.py: "
        "CPUs + 1 workers × 1 thread, preload, access log), settings "
        "`cliffhanger.settings.base`, restarted for each configuration: "
        "production defaults; `PAGE_CACHE_SECONDS=0` (the shared pieces stay "
        "kept: the issue's anonymous uncached reference, as in bench/load.py); "
        "and `FRAGMENT_CACHE_SECONDS=0` too.",
        "- Clients: a first-time reader sends no cookie; a signed-in reader sends "
        "their `sessionid` (a session in the database's session store) and "
        "`cliff_signed_in=1`. One reader has nothing of theirs on the seed; the "
        "other has an approved comment there, still in its edit window. Each "
        "page was checked before its run (last column).",
        "- Server CPU ms/req: the gunicorn workers' user + system CPU during the "
        "run (live workers and reaped ones, from /proc) over the requests wrk "
        "counted. Workers' share of the CPUs: that CPU over the run's wall time "
        "× the CPUs; well under the machine's busy share, the rest went to wrk "
        "and to other work, and req/s fell with it; CPU ms/req moves much less.",
        "",
    ]
    for s in sections:
        lines += [
            f"## {s['name']}",
            "",
            f"Setup (migrate, collectstatic, load_demo, the readers) took "
            f"{s['setup_seconds']:.0f} s. gunicorn: {s['workers']} workers × 1 thread.",
            "",
            f"### `wrk -t{WRK_THREADS} -c{WRK_CONNECTIONS} -d{WRK_SECONDS}s --latency`",
            "",
            *wrk_table(s),
            "",
            *contention_note(s),
            "### Against the issue's targets",
            "",
            *table(
                ["Target", "wanted", "measured", ""], target_rows(s), text_columns=1
            ),
            "",
        ]
        if s["in_process"]:
            lines += [*in_process_lines(s["in_process"]), ""]
    for note in skipped:
        lines += [note, ""]
    lines += [f"Benchmark wall time: {elapsed:.0f} s.", ""]
    return "\n".join(lines)


# ------------------------------------------------------------------------ main


def main() -> int:
    global WRK_SECONDS, PROFILE
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--databases",
        default="sqlite,postgresql",
        help="comma-separated: sqlite, postgresql (default both)",
    )
    parser.add_argument(
        "--wrk-seconds",
        type=int,
        default=WRK_SECONDS,
        help=f"each wrk run (default {WRK_SECONDS})",
    )
    parser.add_argument(
        "--profile",
        action="store_true",
        help="pyinstrument the signed-in and anonymous uncached pages even when met",
    )
    options = parser.parse_args()
    WRK_SECONDS, PROFILE = options.wrk_seconds, options.profile
    if shutil.which("wrk") is None:
        log("accounts benchmark skipped: it needs wrk (apt-get install -y wrk)")
        return 0
    started = time.perf_counter()
    machine = machine_summary()
    sections, skipped = [], []
    wanted = options.databases.split(",")
    if "sqlite" in wanted:
        sections.append(bench_database("Default (SQLite, embedded cache)", None, None))
    if "postgresql" in wanted:
        database_url = os.environ.get(
            "BENCH_ACCOUNTS_POSTGRES_URL", DEFAULT_POSTGRES_URL
        )
        redis_url = os.environ.get("BENCH_ACCOUNTS_REDIS_URL", DEFAULT_REDIS_URL)
        if reachable_postgres(database_url) and reachable_redis(redis_url):
            with own_postgres_and_redis(database_url, redis_url):
                sections.append(
                    bench_database("PostgreSQL and Redis", database_url, redis_url)
                )
        else:
            skipped.append(
                "PostgreSQL and Redis skipped: nothing answers at "
                f"{urlsplit(database_url).hostname} or {urlsplit(redis_url).hostname}."
            )
    report = render_report(machine, sections, skipped, time.perf_counter() - started)
    publish_report(report, RESULTS_MD)
    return 0


if __name__ == "__main__":
    sys.exit(main())
