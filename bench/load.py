"""
Load benchmark over loopback, on SQLite and on PostgreSQL: what the app
serves per second next to nginx serving a saved copy of the same page (the
physical limit of this machine), and 32 clients posting for 30 seconds with
every answer checked against the database.

    .venv/bin/python -m pip install -e ".[dev,postgres,redis,bench]"
    apt-get install -y wrk nginx
    .venv/bin/python bench/load.py          # or: make bench

For each database it sets up a throwaway demo (migrate, collectstatic,
load_demo, plus a 500-comment thread on a comment-less article) with the
environment cleared, serves it with `manage.py serve` as `make run` does
(cliffhanger/gunicorn_conf.py: CPUs + 1 workers × 1 thread, the task
worker and the scheduler), waits for the task worker to finish what
load_demo queued (renditions, social cards: a minute of a CPU no steady
site spends), and measures with `wrk -t2 -c32 -d10s --latency`:

  * the seed article, the 500-comment thread (whole on one page), the
    1,461-comment thread (its first comments page) and the home page with
    the page cache off, each next to nginx serving the HTML the app served;
  * the seed article and the home page from the app's page cache, and
    through the nginx proxy cache of docs/deploy.md in front of the app;
  * comment posting: a wrk Lua script posts a distinct comment per request
    with the page's CSRF cookie and token, next to nginx answering the same
    POST with a fixed 201; then the stored rows are counted.

Moderation policies are the production defaults for posting (hold the first
comment with an email, links, keywords, blocklist, bans, the too-fast
check, duplicates, the rate limit of 5 a minute per address); the rate limit
would refuse a load from one address, so every post carries an address of
its own in X-Forwarded-For (honoured from 127.0.0.1), and still pays for the
check. Then 32 Python clients (cliffhanger/testing/load_clients.py) post, reply and vote
for 30 s and the database is read back: every 201 stored once, nothing
else, counters equal to their rows. Worker memory (VmRSS, Pss) is read from
/proc after the loads, and pyinstrument (when installed) profiles the pages
in-process to say where the time goes.

Then finale night (bench/finale.py): 32 readers on the 1,461-comment thread
for 60 s while 10 comments a second are posted to it, with how long each
comment takes to reach a first-time reader's page.

The first configuration is the default `make run` starts: SQLite and the
embedded cache, no Redis. The second is PostgreSQL at BENCH_POSTGRES_URL's
server (a fresh database, dropped after) with Redis at BENCH_REDIS_URL
(database 5, emptied); either unreachable skips it. Writes
bench/results/load.md and load.png.
"""

from __future__ import annotations

import argparse
import json
import os
import secrets
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from contextlib import contextmanager
from pathlib import Path
from urllib.parse import quote, urlsplit

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from article_page import (  # noqa: E402  (bench/ is not a package)
    ENV_TO_CLEAR,
    REPO_DIR,
    free_port,
    load_average,
    log,
    machine_summary,
    percentile,
    stop,
    table,
    wait_for,
)
from article_page import run_wrk as wrk  # noqa: E402
from finale import (  # noqa: E402
    POSTS_PER_SECOND,
    READERS,
    bench_finale,
    finale_lines,
)

from cliffhanger.testing.load_clients import (  # noqa: E402
    comment_counts,
    consistency_problems,
    database_open,
    integrity_report,
    load_comments,
    load_run,
    poll_vote_counts,
    stored_votes,
    target_read,
)
from cliffhanger.testing.processes import (  # noqa: E402
    fresh_postgres_database,
    gunicorn_pids,
    serve_process,
    setup_script_output,
)

RESULTS_MD = REPO_DIR / "bench" / "results" / "load.md"
RESULTS_PNG = REPO_DIR / "bench" / "results" / "load.png"
RESULTS_JSON = REPO_DIR / "bench" / "results" / "load.json"  # redraws the chart

SEED_URL = "/entertainment/everything-we-know-about-partner-track-season-2/"
LONG_URL = "/entertainment/tv/everything-we-know-stranger-things-season-5/"
HOME_URL = "/"
# Every other public page the issue names, page cache off and from its cache.
OTHER_PAGES = [
    ("section", "Section page", "/entertainment/"),
    ("show", "Show page", "/shows/partner-track/"),
    ("board", "Renewal board", "/shows/"),
    ("search", "Search", "/search/?q=season"),
    ("feed", "Articles feed", "/feed/"),
    ("comments_feed", "Comments feed", "/comments/feed/"),
    ("sitemap", "Sitemap", "/sitemap.xml"),
]
WRK_THREADS, WRK_CONNECTIONS, WRK_SECONDS = 2, 32, 10
LOAD_CLIENTS, LOAD_SECONDS = 32, 30
FINALE_SECONDS = 60
THREAD_COMMENTS, THREAD_TOP_LEVEL = 500, 50
TASKS_SETTLE_TIMEOUT = 600
MIN_SUBMIT_SECONDS = 3.0  # the production default of DISCUSSION_MIN_SUBMIT_SECONDS
DEFAULT_POSTGRES_URL = "postgres://cliff:cliff@127.0.0.1:5432/cliff"
DEFAULT_REDIS_URL = "redis://127.0.0.1:6379/5"
PROFILE_REQUESTS = {"seed": 60, "thread": 8, "hit": 300, "post": 120}

# The targets (2-core machine, wrk -t2 -c32 -d10s).
TARGETS = {
    "seed": 700.0,
    "seed_share": 0.015,  # of nginx serving the saved copy
    "other_share": 0.01,
    "thread": 40.0,
    "hit": 2500.0,
    "nginx_cache_share": 0.5,
    "posts": 450.0,
    "worker_mb": 80.0,
}

SETUP = r"""
import json, random, sys
from datetime import timedelta
import django
django.setup()
from django.core.management import call_command
from django.utils import timezone
call_command("migrate", interactive=False, verbosity=0)
call_command("collectstatic", interactive=False, verbosity=0)
call_command("load_demo", verbosity=0)

# A 500-comment thread, 50 top-level comments with 9 replies each, up to five
# levels, on the first live article without comments; texts from the long thread.
from cliffhanger.discussion import services
from cliffhanger.demo.thread import THREAD_SLUG
from cliffhanger.discussion.models import Comment
from cliffhanger.newsroom.models import ArticlePage

services._comment_stored = lambda *args: None  # no reply e-mails queued for the setup
total, top_level = int(sys.argv[1]), int(sys.argv[2])
commented = set(Comment.objects.values_list("article_id", flat=True))
article = next(
    page for page in ArticlePage.objects.live().order_by("path")
    if page.pk not in commented
)
texts = list(
    Comment.objects.filter(article__slug=THREAD_SLUG, status="approved")
    .order_by("created_at", "pk").values_list("body", "author_name")[:total]
)
rng = random.Random(500)
start = timezone.now() - timedelta(days=2)
group = []
per_tree = total // top_level
for index, (body, name) in enumerate(texts):
    if index % per_tree == 0:
        group, parent = [], None
    else:
        parent = rng.choice([c for c in group if c.depth < 4])
    group.append(services.comment_create(
        article=article, body=body, author_name=name, parent=parent,
        status="approved", created_at=start + timedelta(minutes=5 * index),
    ))
print(json.dumps({"thread_url": article.url, "comments": len(texts)}))
"""

# What both wrk scripts below share: each thread's answers counted by status,
# written as `status N count` lines for article_page.run_wrk to add up.
LUA_STATUSES = r"""
local threads = {}

function setup(thread)
  table.insert(threads, thread)
end

function response(status, headers, body)
  statuses[status] = (statuses[status] or 0) + 1
end

local function statuses_written(thread)
  for status, count in pairs(thread:get("statuses")) do
    io.write(string.format("status %d %d\n", status, count))
  end
end
"""

LUA_POST = (
    LUA_STATUSES
    + r"""
-- One distinct comment per request, each from an address of its own
-- (X-Forwarded-For, 198.18.0.0/15), with the page's CSRF cookie and token.
local next_id = 0
local count_statuses = setup

function setup(thread)
  thread:set("id", next_id)
  next_id = next_id + 1
  count_statuses(thread)
end

function init(args)
  path, cookie, token, issued, run = args[1], args[2], args[3], args[4], args[5]
  n, statuses = 0, {}
end

function request()
  n = n + 1
  local a = 65536 * id + n
  local address = string.format("198.%d.%d.%d", 18 + math.floor(a / 65536) % 2,
                                math.floor(a / 256) % 256, a % 256)
  local body = "body=wrk-" .. run .. "-" .. id .. "-" .. n
    .. "%3A+still+thinking+about+that+finale.+%2AReally%2A+%7C%7CEleven+lives%7C%7C."
    .. "&author_name=Load+reader+" .. id .. "&issued=" .. issued
    .. "&csrfmiddlewaretoken=" .. token
  return wrk.format("POST", path, {
    ["Content-Type"] = "application/x-www-form-urlencoded",
    ["Accept"] = "application/json",
    ["Cookie"] = "csrftoken=" .. cookie,
    ["X-Forwarded-For"] = address,
  }, body)
end

function done(summary, latency, requests)
  for _, thread in ipairs(threads) do
    statuses_written(thread)
    io.write(string.format("sent %d\n", thread:get("n")))
  end
end
"""
)

LUA_REVALIDATE = (
    LUA_STATUSES
    + r"""
-- A browser revalidating its copy: every GET sends the ETag it was given.
function init(args)
  etag, statuses = args[1], {}
  wrk.headers["If-None-Match"] = etag
end

function done(summary, latency, requests)
  for _, thread in ipairs(threads) do
    statuses_written(thread)
  end
end
"""
)

# What pyinstrument sees in one process: CPU per request and where it goes.
PROFILE = r"""
import json, statistics, sys, time
import django
django.setup()
from django.test import Client
from pyinstrument import Profiler

from django.core import signing
from cliffhanger.discussion.forms import ISSUED_SALT

spec = json.loads(sys.argv[1])
client = Client(HTTP_HOST="127.0.0.1")
issued = signing.dumps(time.time() - 60, salt=ISSUED_SALT)  # a form read a minute ago

BUCKETS = [
    ("templates (django.template)", ("django/template/",)),
    ("database: ORM and driver", ("django/db/", "sqlite3/", "psycopg/")),
    ("Wagtail", ("wagtail/",)),
    ("cliffhanger's own code", ("cliffhanger/",)),
    ("markdown and sanitising", ("markdown_it/", "nh3")),
    ("cache client (redis)", ("redis/", "django/core/cache/")),
    ("middleware, CSRF, sessions, signing", ("django/middleware/", "django/contrib/sessions/", "django/core/signing", "csp/", "whitenoise/")),
    ("URLs and request handling", ("django/urls/", "django/core/handlers/", "django/http/")),
]

def bucket(path):
    for name, markers in BUCKETS:
        if any(m in path for m in markers):
            return name
    if "django/utils/" in path:
        return "Django utils (lazy objects, dates, escaping, formats)"
    return "other (stdlib, the test client)"

def call(kind, url, n):
    if kind == "post":
        data = {"body": f"Profiled comment {n}: *still* thinking", "author_name": "Profiler",
                "issued": issued}
        return client.post(url, data, HTTP_ACCEPT="application/json",
                           HTTP_X_FORWARDED_FOR=f"198.19.{n // 256 % 256}.{n % 256}")
    return client.get(url)

results = {}
for name, kind, url, count in spec["runs"]:
    for n in range(3):
        call(kind, url, 60000 + n)
    cpu = []
    for n in range(count):
        t0 = time.thread_time()
        response = call(kind, url, n)
        cpu.append((time.thread_time() - t0) * 1000)
        assert response.status_code in (200, 201), (url, response.status_code)
    profiler = Profiler(interval=0.0005)
    profiler.start()
    for n in range(count):
        call(kind, url, 30000 + n)
    profiler.stop()
    session = profiler.last_session
    own, buckets, total = {}, {}, 0.0
    def owner(frame):
        # Time pyinstrument books on a synthetic [self] frame is its caller's.
        while frame.is_synthetic and frame.parent is not None:
            frame = frame.parent
        return frame

    def walk(frame):
        self_time = frame.total_self_time
        if self_time:
            target = owner(frame)
            key = f"{target.function} ({target.file_path_short}:{target.line_no})"
            own[key] = own.get(key, 0.0) + self_time
            # A C function (str.join, a driver's execute) counts for its Python caller.
            place = target
            while place.parent is not None and not (place.file_path or "").endswith(".py"):
                place = place.parent
            b = bucket(place.file_path or "")
            buckets[b] = buckets.get(b, 0.0) + self_time
        for child in frame.children:
            walk(child)
    root = session.root_frame()
    walk(root)
    total = sum(own.values()) or 1.0
    results[name] = {
        "cpu_ms": statistics.median(cpu),
        "wall_ms_profiled": session.duration * 1000 / count,
        "buckets": sorted(((k, v / total) for k, v in buckets.items()), key=lambda i: -i[1]),
        "top": sorted(((k, v * 1000 / count) for k, v in own.items()), key=lambda i: -i[1])[:10],
    }
print(json.dumps(results))
"""


# --------------------------------------------------------------------- helpers


def reachable_postgres(url: str) -> bool:
    try:
        import psycopg

        psycopg.connect(url, connect_timeout=3).close()
    except Exception:  # noqa: BLE001 (any failure means "not reachable")
        return False
    return True


def reachable_redis(url: str) -> bool:
    try:
        import redis

        redis.Redis.from_url(url, socket_connect_timeout=3).ping()
    except Exception:  # noqa: BLE001
        return False
    return True


def base_env(var_dir: Path) -> dict[str, str]:
    """The environment cleared of anything pointing elsewhere; production policies."""
    env = {
        name: value
        for name, value in os.environ.items()
        if name not in ENV_TO_CLEAR
        and not name.startswith(("DISCUSSION_", "PAGE_CACHE_", "GUNICORN_"))
        and name not in ("WEB_CONCURRENCY", "DJANGO_SETTINGS_MODULE", "LOG_FORMAT")
    }
    env["DJANGO_SETTINGS_MODULE"] = "cliffhanger.settings.base"
    env["CLIFFHANGER_VAR_DIR"] = str(var_dir)
    env["PYTHONUNBUFFERED"] = "1"
    env["EMAIL_BACKEND"] = "django.core.mail.backends.filebased.EmailBackend"
    env["EMAIL_FILE_PATH"] = str(var_dir / "mail")
    # The bench's posters are regulars: a held first comment would measure the
    # moderation queue, not the thread (every other policy stays on).
    env["DISCUSSION_HOLD_FIRST_COMMENT"] = "false"
    return env


def set_up(env: dict[str, str]) -> tuple[dict, float]:
    started = time.perf_counter()
    info = json.loads(
        setup_script_output(env, SETUP, str(THREAD_COMMENTS), str(THREAD_TOP_LEVEL))
    )
    return info, time.perf_counter() - started


@contextmanager
def serving(env: dict[str, str], port: int, log_path: Path):
    """`manage.py serve` as `make run` starts it, until the block ends."""
    with open(log_path, "ab") as log_file:
        process = serve_process(port, env, log_file, own_session=True)
        try:
            wait_for(f"http://127.0.0.1:{port}/healthz", process, "manage.py serve")
            yield process
        finally:
            stop(process)


def memory(pid: int) -> dict[str, float]:
    """VmRSS, RssAnon (private heap), Pss (shared pages split among sharers) and
    Uss (pages only this process has: what one more worker costs), MB."""
    values = {}
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        name, _, rest = line.partition(":")
        if name in ("VmRSS", "RssAnon"):
            values[name] = int(rest.split()[0]) / 1024
    try:
        for line in Path(f"/proc/{pid}/smaps_rollup").read_text().splitlines():
            name, _, rest = line.partition(":")
            if name == "Pss":
                values["Pss"] = int(rest.split()[0]) / 1024
            elif name in ("Private_Clean", "Private_Dirty"):
                values["Uss"] = values.get("Uss", 0) + int(rest.split()[0]) / 1024
    except OSError:
        values["Pss"] = values["Uss"] = float("nan")
    return values


def workers_memory(serve_pid: int, label: str) -> dict:
    master, workers = gunicorn_pids(serve_pid)
    readings = [memory(pid) for pid in workers]
    return {
        "label": label,
        "workers": len(workers),
        "rss_max": max(r["VmRSS"] for r in readings),
        "rss_mean": statistics.fmean(r["VmRSS"] for r in readings),
        "anon_max": max(r["RssAnon"] for r in readings),
        "pss_mean": statistics.fmean(r["Pss"] for r in readings),
        "pss_max": max(r["Pss"] for r in readings),
        "uss_max": max(r["Uss"] for r in readings),
        "master_rss": memory(master)["VmRSS"],
    }


def traceback_summary(log_path: Path) -> dict[str, int]:
    """The server log's tracebacks: their last app frame and error, with counts."""
    found: dict[str, int] = {}
    lines = log_path.read_text(errors="replace").splitlines()
    for index, line in enumerate(lines):
        if not line.startswith("Traceback"):
            continue
        frame, end = "", index + 1
        while end < len(lines) and (
            lines[end].startswith((" ", "\t")) or not lines[end].strip()
        ):
            if "/cliffhanger/" in lines[end] and lines[end].lstrip().startswith("File"):
                frame = lines[end].strip()
            end += 1
        error = lines[end].strip() if end < len(lines) else "?"
        key = f"{error} (last app frame: {frame.split('/cliffhanger/', 1)[-1]})"
        found[key] = found.get(key, 0) + 1
    return found


def run_wrk(url: str, script: Path | None = None, script_args=()) -> dict:
    """The issue's wrk settings (-t2 -c32 -d10s) through article_page.run_wrk."""
    return wrk(
        url,
        args=[
            f"-t{WRK_THREADS}",
            f"-c{WRK_CONNECTIONS}",
            f"-d{WRK_SECONDS}s",
            "--latency",
            "--timeout",
            "10s",
        ],
        script=script,
        script_args=script_args,
        timeout=WRK_SECONDS + 60,
    )


def fetch(url: str, headers: dict | None = None) -> tuple[int, dict, bytes]:
    request = urllib.request.Request(url, headers=headers or {})
    with urllib.request.urlopen(request, timeout=60) as response:
        return response.status, dict(response.headers), response.read()


def header_sample(url: str, header: str, n: int = 5) -> str:
    """What `header` says on n cookie-less GETs, e.g. "hit×5" (after two warm-ups)."""
    seen: dict[str, int] = {}
    for index in range(n + 2):
        _, headers, _ = fetch(url)
        if index >= 2:
            value = (headers.get(header) or "none").lower()
            seen[value] = seen.get(value, 0) + 1
    return ", ".join(f"{value}×{count}" for value, count in seen.items())


# ----------------------------------------------------------------------- nginx


NGINX_CONF = """
worker_processes {workers};
daemon off;
pid {root}/nginx.pid;
error_log {root}/nginx-error.log warn;
events {{ worker_connections 1024; }}
http {{
    access_log off;
    client_body_temp_path {root}/client_body;
    proxy_temp_path {root}/proxy;
    fastcgi_temp_path {root}/fastcgi;
    uwsgi_temp_path {root}/uwsgi;
    scgi_temp_path {root}/scgi;
    default_type text/html;
    sendfile on;

    # The saved copies: the physical limit.
    server {{
        listen 127.0.0.1:{static_port};
        root {root}/static;
        location /comments/ {{
            default_type application/json;
            return 201 '{{"id": 0}}';
        }}
    }}

    # docs/deploy.md's front end, on loopback and without TLS.
    upstream cliffhanger {{
        server 127.0.0.1:{app_port} max_fails=3 fail_timeout=10s;
        keepalive 32;
        keepalive_timeout 4s;
    }}
    proxy_cache_path {root}/cache levels=1:2 keys_zone=cliff:50m
                     max_size=2g inactive=1h use_temp_path=off;
    map $http_cookie $cliff_personal {{
        default 0;
        "~*(^|;\\s*)(sessionid|cliff_pending|cliff_own|cliff_commenter|cliff_reader)=" 1;
    }}
    map $http_x_request_id $cliff_request_id {{
        default $http_x_request_id;
        ""      $request_id;
    }}
    server {{
        listen 127.0.0.1:{cache_port};
        location / {{
            proxy_pass http://cliffhanger;
            proxy_http_version 1.1;
            proxy_set_header Connection "";
            proxy_set_header Host $host;
            proxy_set_header X-Forwarded-For $proxy_add_x_forwarded_for;
            proxy_set_header X-Forwarded-Proto $scheme;
            proxy_set_header X-Request-ID $cliff_request_id;
            proxy_read_timeout 35s;
            proxy_cache cliff;
            proxy_cache_key $host$request_uri;
            proxy_cache_methods GET HEAD;
            proxy_cache_bypass $cliff_personal;
            proxy_no_cache $cliff_personal;
            proxy_cache_valid 200 301 404 60s;
            proxy_cache_lock on;
            proxy_cache_use_stale error timeout updating http_500 http_502 http_503 http_504;
            proxy_cache_background_update on;
            proxy_cache_revalidate on;
            add_header X-Cache $upstream_cache_status always;
        }}
    }}
}}
"""


@contextmanager
def nginx_running(root: Path, app_port: int):
    nginx = os.environ.get("BENCH_NGINX") or shutil.which("nginx")
    static_port, cache_port = free_port(), free_port()
    conf = root / "nginx.conf"
    conf.write_text(
        NGINX_CONF.format(
            workers=len(os.sched_getaffinity(0)),
            root=root,
            static_port=static_port,
            cache_port=cache_port,
            app_port=app_port,
        )
    )
    process = subprocess.Popen(
        [nginx, "-p", str(root), "-e", str(root / "nginx-error.log"), "-c", str(conf)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,
    )
    try:
        wait_for(f"http://127.0.0.1:{static_port}/index.html", process, "nginx")
        yield static_port, cache_port
    finally:
        stop(process)


def static_path(path: str) -> str:
    """Where nginx serves a page's saved copy: a folder's index.html, so a
    file-like address (/sitemap.xml) gets a slash; nginx ignores queries."""
    return path if "?" in path or path.endswith("/") else path + "/"


def save_copy(static_root: Path, path: str, html: bytes) -> None:
    """The page as the app served it, where nginx serves `path` from (nginx
    ignores the query: /search/?q=season is /search/index.html)."""
    page_dir = static_root / path.partition("?")[0].strip("/")
    page_dir.mkdir(parents=True, exist_ok=True, mode=0o755)
    (page_dir / "index.html").write_bytes(html)
    for directory in [page_dir, *page_dir.relative_to(static_root).parents]:
        (static_root / directory).chmod(0o755)
    (page_dir / "index.html").chmod(0o644)


# ------------------------------------------------------------------ per database


def bench_database(name: str, database_url: str | None, redis_url: str | None):
    """Every measurement on one database; returns its rows and checks."""
    section = {"name": name, "rows": [], "memory": [], "notes": [], "profile": {}}
    var_dir = Path(tempfile.mkdtemp(prefix="cliffhanger-bench-load-"))
    nginx_root = Path(tempfile.mkdtemp(prefix="cliffhanger-bench-nginx-"))
    nginx_root.chmod(0o755)  # nginx's workers (nobody) read the copies from here
    (nginx_root / "static").mkdir(mode=0o755)
    try:
        env = database_env(var_dir, database_url, redis_url)
        locator = database_url or str(var_dir / "cliffhanger.sqlite3")
        log(f"{name}: setting up the demo and a {THREAD_COMMENTS}-comment thread")
        info, setup_seconds = set_up(env)
        section["setup_seconds"] = setup_seconds
        section["thread_url"] = thread_url = info["thread_url"]
        pages = [
            ("seed", "Seed article", SEED_URL),
            ("thread", f"{THREAD_COMMENTS}-comment thread, whole", thread_url),
            ("long", "1,461-comment thread, comments page 1", LONG_URL),
            ("home", "Home page", HOME_URL),
        ]
        server = {
            "app_port": free_port(),
            "log_path": var_dir / "serve.log",
            "nginx_root": nginx_root,
            "locator": locator,
        }
        sizes = bench_uncached(section, env, pages + OTHER_PAGES, server)
        bench_without_caches(section, env, sizes, server)
        bench_production(section, env, pages, sizes, server, locator)
        section["profile"] = bench_profile(env, thread_url, locator)
        return section
    finally:
        shutil.rmtree(var_dir, ignore_errors=True)
        shutil.rmtree(nginx_root, ignore_errors=True)


def database_env(
    var_dir: Path, database_url: str | None, redis_url: str | None
) -> dict[str, str]:
    """The servers' environment for one database; an emptied Redis when given one."""
    env = base_env(var_dir)
    if database_url:
        env["DATABASE_URL"] = database_url
    if redis_url:
        import redis

        redis.Redis.from_url(redis_url).flushdb()
        env["REDIS_URL"] = redis_url
    return env


def bench_uncached(section: dict, env: dict, pages: list, server: dict) -> dict:
    """
    Page cache off: what every page costs to build, next to nginx serving the
    HTML the app served. Returns each page's size in bytes.
    """
    name, app_port = section["name"], server["app_port"]
    uncached = {**env, "PAGE_CACHE_SECONDS": "0"}
    with serving(uncached, app_port, server["log_path"]) as process:
        base = f"http://127.0.0.1:{app_port}"
        section["settle_seconds"] = tasks_settled(server["locator"])
        log(
            f"{name}: the demo's tasks done {section['settle_seconds']:.0f} s after start"
        )
        sizes = {}
        for key, _, path in pages:
            for _ in range(8):  # every worker imports lazily; warm them
                fetch(base + path)
            _, _, html = fetch(base + path)
            sizes[key] = len(html)
            save_copy(server["nginx_root"] / "static", static_path(path), html)
        section["workers"] = len(gunicorn_pids(process.pid)[1])
        with nginx_running(server["nginx_root"], app_port) as (static_port, _):
            for key, label, path in pages:
                log(f"{name}: wrk {label} (page cache off) and its static copy")
                section["rows"].append(
                    {
                        "key": key,
                        "label": f"{label}, uncached",
                        "server": "app",
                        "bytes": sizes[key],
                        **run_wrk(base + path),
                    }
                )
                section["rows"].append(
                    {
                        "key": key,
                        "label": f"{label}: nginx, static copy",
                        "server": "static",
                        "bytes": sizes[key],
                        **run_wrk(f"http://127.0.0.1:{static_port}{static_path(path)}"),
                    }
                )
        section["memory"].append(
            workers_memory(process.pid, "after the uncached pages")
        )
    return sizes


def tasks_settled(locator: str) -> float:
    """
    Seconds until the task worker has done what setting up queued: load_demo
    leaves renditions, social cards and search entries to make (about a
    minute of a CPU). Measured while they were made, the first pages lost a
    quarter of their rate and posting half of it to work no steady site has.
    """
    started = time.perf_counter()
    while True:
        with database_open(locator) as db:
            ((waiting,),) = db.rows(
                "SELECT COUNT(*) FROM django_tasks_database_dbtaskresult"
                " WHERE status IN ('READY', 'RUNNING')",
                (),
            )
        if not waiting:
            return time.perf_counter() - started
        if time.perf_counter() - started > TASKS_SETTLE_TIMEOUT:
            raise RuntimeError(f"{waiting} tasks still waiting after setting up")
        time.sleep(1)


def bench_without_caches(section: dict, env: dict, sizes: dict, server: dict) -> None:
    """Neither the page cache nor the shared fragments: every piece from the database."""
    bare = {**env, "PAGE_CACHE_SECONDS": "0", "FRAGMENT_CACHE_SECONDS": "0"}
    with serving(bare, server["app_port"], server["log_path"]):
        base = f"http://127.0.0.1:{server['app_port']}"
        for _ in range(8):
            fetch(base + SEED_URL)
        log(f"{section['name']}: wrk the seed article with no cache at all")
        section["rows"].append(
            {
                "key": "seed_bare",
                "label": "Seed article, no cache at all (fragments off too)",
                "server": "app",
                "bytes": sizes["seed"],
                **run_wrk(base + SEED_URL),
            }
        )


def bench_production(
    section: dict, env: dict, pages: list, sizes: dict, server: dict, locator: str
) -> None:
    """Production defaults: page cache on, every moderation policy."""
    name, app_port = section["name"], server["app_port"]
    with serving(env, app_port, server["log_path"]) as process:
        base = f"http://127.0.0.1:{app_port}"
        with nginx_running(server["nginx_root"], app_port) as ports:
            for key, label, path in (pages[0], pages[3]):
                section["rows"] += cached_page_rows(
                    name, base, ports, (key, label, path), sizes[key]
                )
            section["rows"].append(
                revalidation_row(name, base, SEED_URL, server["nginx_root"])
            )
            for key, label, path in OTHER_PAGES:
                section["rows"].append(
                    {**app_cache_row(name, base, key, label, path), "bytes": sizes[key]}
                )
            section["posting"] = bench_posting(
                name, base, ports[0], locator, server["nginx_root"]
            )
            section["rows"] += section["posting"]["rows"]
        section["memory"].append(
            workers_memory(process.pid, "after page cache hits and posting")
        )
        bench_load_and_finale(section, base, locator, process.pid)
        section["tracebacks"] = traceback_summary(server["log_path"])


def app_cache_row(name: str, base: str, key: str, label: str, path: str) -> dict:
    """One page from the app's page cache (or, where it keeps none, as served)."""
    fetch(base + path)
    outcome = header_sample(base + path, "X-Page-Cache")
    log(f"{name}: wrk {label} with the page cache on ({outcome})")
    return {
        "key": f"{key}_hit",
        "label": f"{label}, page cache on (X-Page-Cache {outcome})",
        "server": "app",
        **run_wrk(base + path),
    }


def revalidation_row(name: str, base: str, path: str, scratch: Path) -> dict:
    """The page as a browser revalidates its copy: If-None-Match with the ETag
    a hit gave it (wrk asks for no gzip, so the plain copy's ETag)."""
    _, headers, _ = fetch(base + path)
    etag = headers["ETag"]
    try:
        status = fetch(base + path, {"If-None-Match": etag})[0]
    except urllib.error.HTTPError as answer:  # urllib raises on a 304
        status = answer.code
    if status != 304:
        raise RuntimeError(f"{path} with If-None-Match {etag} answered {status}")
    script = scratch / "revalidate.lua"
    script.write_text(LUA_REVALIDATE)
    log(f"{name}: wrk {path} with If-None-Match (304)")
    return {
        "key": "seed_304",
        "label": "Seed article, conditional GET with its ETag (If-None-Match)",
        "server": "app",
        "bytes": 0,
        **run_wrk(base + path, script, (etag,)),
    }


def cached_page_rows(
    name: str, base: str, ports: tuple[int, int], page: tuple, size: int
) -> list[dict]:
    """One page from the app's page cache, through the nginx cache, and static."""
    static_port, cache_port = ports
    key, label, path = page
    rows = []
    fetch(base + path)
    outcome = header_sample(base + path, "X-Page-Cache")
    log(f"{name}: wrk {label} from the page cache ({outcome})")
    rows.append(
        {
            "key": f"{key}_hit",
            "label": f"{label}, app page cache (X-Page-Cache {outcome})",
            "server": "app",
            "bytes": size,
            **run_wrk(base + path),
        }
    )
    proxied = f"http://127.0.0.1:{cache_port}{path}"
    outcome = header_sample(proxied, "X-Cache")
    log(f"{name}: wrk {label} through the nginx cache ({outcome})")
    rows.append(
        {
            "key": f"{key}_nginx",
            "label": f"{label}, nginx cache in front (X-Cache {outcome})",
            "server": "nginx cache",
            "bytes": size,
            **run_wrk(proxied),
        }
    )
    rows.append(
        {
            "key": f"{key}_static2",
            "label": f"{label}: nginx, static copy",
            "server": "static",
            "bytes": size,
            **run_wrk(f"http://127.0.0.1:{static_port}{path}"),
        }
    )
    return rows


def bench_load_and_finale(section: dict, base: str, locator: str, pid: int) -> None:
    """The Python clients' load, then finale night, each followed by memory."""
    name = section["name"]
    log(f"{name}: {LOAD_CLIENTS} clients posting and voting for {LOAD_SECONDS} s")
    section["load"] = bench_load(base, locator)
    section["memory"].append(
        workers_memory(pid, f"after the {LOAD_SECONDS}-second load")
    )
    log(
        f"{name}: finale night, {FINALE_SECONDS} s of {READERS} readers on the "
        f"long thread and {POSTS_PER_SECOND} comments a second"
    )
    section["finale"] = bench_finale(
        base,
        LONG_URL,
        seconds=FINALE_SECONDS,
        min_form_age=MIN_SUBMIT_SECONDS + 0.5,
    )
    section["memory"].append(workers_memory(pid, "after finale night"))


def bench_posting(name, base, static_port, locator, scratch) -> dict:
    """wrk posting comments, then the stored rows counted against the 201s."""
    script = scratch / "post.lua"
    script.write_text(LUA_POST)
    target = target_read(base, SEED_URL)
    run = secrets.token_hex(4)
    args = (
        target.post_path,
        target.csrf_cookie,
        target.token,
        quote(target.issued, safe=""),
        run,
    )
    wait = target.issued_at + MIN_SUBMIT_SECONDS + 0.5 - time.time()
    time.sleep(max(0.0, wait))  # the too-fast check: a person takes 3 s at least
    with database_open(locator) as db:
        before = comment_counts(db, SEED_URL)
    log(f"{name}: wrk posting comments (Lua), production moderation policies")
    app = run_wrk(base + target.post_path, script, args)
    time.sleep(1)
    with database_open(locator) as db:
        after = comment_counts(db, SEED_URL)
        stored = db.rows(
            "SELECT body, COUNT(*) FROM discussion_comment WHERE body LIKE %s "
            "GROUP BY body",
            (f"wrk-{run}-%",),
        )
        problems = consistency_problems(db)
    check = posting_check(app, stored, before, after, problems)
    log(f"{name}: posting reference, nginx answering the same POST with 201")
    reference = run_wrk(
        f"http://127.0.0.1:{static_port}{target.post_path}", script, args
    )
    return {"check": check, "rows": posting_rows(app, reference, check["created"])}


def posting_check(app: dict, stored: list, before: dict, after: dict, problems) -> dict:
    """Whether every 201 was stored once and the article's counter followed."""
    created = app["statuses"].get(201, 0)
    # wrk stops after its duration with up to one request per connection in
    # flight: the server may still store those, unanswered.
    unanswered = app["sent"] - sum(app["statuses"].values())
    check = {
        "answers": app["statuses"],
        "created": created,
        "unanswered": unanswered,
        "stored": sum(n for _, n in stored),
        "duplicates": sum(1 for _, n in stored if n > 1),
        "counter_delta": after["counter"] - before["counter"],
        "counter_matches_rows": after["counter"] == after["approved"],
        "problems": problems,
    }
    check["exact"] = (
        created <= check["stored"] <= created + unanswered
        and check["stored"] == check["counter_delta"]
        and not check["duplicates"]
        and check["counter_matches_rows"]
        and not problems
    )
    return check


def posting_rows(app: dict, reference: dict, created: int) -> list[dict]:
    """The posting rows: the app counted in 201s per second, and nginx's."""
    rate = created / WRK_SECONDS
    return [
        {
            "key": "post",
            "label": "Comment posting (wrk Lua, 201s per second)",
            "server": "app",
            "bytes": 0,
            **app,
            "rps": rate,
            "sent_rps": app["rps"],
        },
        {
            "key": "post",
            "label": "Comment posting: nginx answering 201",
            "server": "static",
            "bytes": 0,
            **reference,
        },
    ]


def bench_load(base: str, locator: str) -> dict:
    """The 30-second 32-client load, every answer checked against the database."""
    with database_open(locator) as db:
        counts_before = comment_counts(db, SEED_URL)
        polls_before = poll_vote_counts(db)
    target = target_read(base, SEED_URL)
    outcome = load_run(
        target,
        clients=LOAD_CLIENTS,
        seconds=LOAD_SECONDS,
        post_address_each_time=True,
        min_form_age=MIN_SUBMIT_SECONDS + 0.5,
    )
    with database_open(locator) as db:
        stored = load_comments(db, outcome.run)
        counts_after = comment_counts(db, SEED_URL)
        polls_after = poll_vote_counts(db)
        voted = sorted({comment_id for comment_id, _ in outcome.votes})
        votes = stored_votes(db, voted)
        problems = consistency_problems(db)
        integrity, integrity_checked = integrity_report(db)
    expected_votes = last_votes_answered(outcome, voted)
    by_id = dict(stored)
    markers = [marker for _, marker in stored]
    poll_gained = poll_votes_gained(polls_before, polls_after)
    posts = outcome.count("post", status="201")
    checks = {
        "no 5xx": not outcome.server_errors(),
        "every request answered with success": not outcome.failures(),
        "every 201 stored once under its id, nothing else stored": by_id
        == outcome.acknowledged
        and len(markers) == len(set(markers)),
        "article comment_count rose by the 201s and equals its approved rows": (
            counts_after["counter"] - counts_before["counter"] == posts
            and counts_after["counter"] == counts_after["approved"]
        ),
        "comment votes equal each client's last answered vote": expected_votes == votes,
        "poll votes stored equal the votes answered counted": poll_gained
        == dict(outcome.poll_counted),
        "consistency queries (counters, tree, orphans) clean": not problems,
        f"integrity ({integrity_checked})": not integrity,
    }
    return {
        "wall": outcome.wall,
        "posts": posts,
        "votes": outcome.count("vote", status="200"),
        "polls": outcome.count("poll", status="200"),
        "failures": {f"{k[0]} {k[1]}": n for k, n in outcome.failures().items()},
        "latency": latency_percentiles(outcome),
        "checks": checks,
        "problems": problems + integrity,
    }


def last_votes_answered(outcome, voted: list[int]) -> dict[int, tuple[int, int]]:
    """(up, down) per comment as the clients' last answered votes leave them."""
    expected_votes = {comment_id: [0, 0] for comment_id in voted}
    for (comment_id, _), value in outcome.votes.items():
        expected_votes[comment_id][0 if value == 1 else 1] += 1
    return {k: tuple(v) for k, v in expected_votes.items()}


def poll_votes_gained(before: dict, after: dict) -> dict:
    """The options whose stored vote count changed, and by how much."""
    return {
        option: after[option][1] - before[option][1]
        for option in after
        if after[option][1] != before[option][1]
    }


def latency_percentiles(outcome) -> dict[str, tuple[float, float]]:
    """(p50, p99) in ms per action of the load."""
    return {
        action: (
            percentile(sorted(values), 0.5),
            percentile(sorted(values), 0.99),
        )
        for action, values in outcome.latencies.items()
    }


def bench_profile(env: dict[str, str], thread_url: str, locator: str) -> dict:
    """pyinstrument in one process over the same database (none without it)."""
    try:
        import pyinstrument  # noqa: F401
    except ImportError:
        return {}
    with database_open(locator) as db:
        article_id = db.rows(
            "SELECT id FROM wagtailcore_page WHERE slug = %s",
            (SEED_URL.rstrip("/").rsplit("/", 1)[-1],),
        )[0][0]
    spec = {
        "runs": [
            ["seed", "get", SEED_URL, PROFILE_REQUESTS["seed"]],
            ["thread", "get", thread_url, PROFILE_REQUESTS["thread"]],
            ["post", "post", f"/comments/post/{article_id}/", PROFILE_REQUESTS["post"]],
        ],
    }
    runs = [("uncached", {**env, "PAGE_CACHE_SECONDS": "0"}, spec)]
    if env.get("REDIS_URL"):
        hit = {"runs": [["hit", "get", SEED_URL, PROFILE_REQUESTS["hit"]]]}
        runs.append(("hit", env, hit))
    results = {}
    for _, run_env, run_spec in runs:
        log(f"pyinstrument: {', '.join(r[0] for r in run_spec['runs'])}")
        output = subprocess.run(
            [sys.executable, "-c", PROFILE, json.dumps(run_spec)],
            cwd=REPO_DIR,
            env=run_env,
            capture_output=True,
            text=True,
            timeout=600,
            check=False,
        )
        if output.returncode != 0:
            log(f"profile failed:\n{output.stderr[-3000:]}")
            continue
        results.update(json.loads(output.stdout.strip().splitlines()[-1]))
    return results


# ---------------------------------------------------------------------- report


def row_value(section: dict, key: str, server: str = "app") -> dict | None:
    return next(
        (r for r in section["rows"] if r["key"] == key and r["server"] == server),
        None,
    )


def target_lines(section: dict, cpus: int) -> list[list[str]]:
    return [
        *page_target_lines(section),
        *other_page_target_lines(section),
        *cache_target_lines(section),
        *posting_and_memory_target_lines(section),
    ]


def target_line(label: str, target: str, value: str, ok: bool | None) -> list[str]:
    verdict = "n/a" if ok is None else ("**met**" if ok else "**missed**")
    return [label, target, value, verdict]


def page_target_lines(section: dict) -> list[list[str]]:
    """The uncached seed article and the whole thread against their rates."""
    seed = row_value(section, "seed")
    thread = row_value(section, "thread")
    return [
        target_line(
            "Seed article, uncached",
            f"≥ {TARGETS['seed']:,.0f} req/s",
            f"{seed['rps']:,.0f} req/s",
            seed["rps"] >= TARGETS["seed"],
        ),
        target_line(
            f"{THREAD_COMMENTS}-comment thread, whole",
            f"≥ {TARGETS['thread']:,.0f} req/s",
            f"{thread['rps']:,.1f} req/s",
            thread["rps"] >= TARGETS["thread"],
        ),
    ]


def share_of_static(section: dict, key: str) -> tuple[float, str]:
    app, static = row_value(section, key), row_value(section, key, "static")
    share = app["rps"] / static["rps"]
    return share, f"{share:.2%} ({app['rps']:,.0f} of {static['rps']:,.0f})"


def other_page_target_lines(section: dict) -> list[list[str]]:
    """The seed's share of static, then every other page's, and their hits."""
    share, text = share_of_static(section, "seed")
    lines = [
        target_line(
            "Seed article, uncached",
            f"≥ {TARGETS['seed_share']:.1%} of nginx static",
            text,
            share >= TARGETS["seed_share"],
        )
    ]
    for key, label, _ in OTHER_PAGES:
        share, text = share_of_static(section, key)
        lines.append(
            target_line(
                f"{label}, uncached",
                f"≥ {TARGETS['other_share']:.0%} of nginx static",
                text,
                share >= TARGETS["other_share"],
            )
        )
    for key, label, _ in OTHER_PAGES:
        hit = row_value(section, f"{key}_hit")
        if hit:
            lines.append(
                target_line(
                    f"{label}, page cache on",
                    f"≥ {TARGETS['hit']:,.0f} req/s",
                    f"{hit['rps']:,.0f} req/s",
                    hit["rps"] >= TARGETS["hit"],
                )
            )
    return lines


def cache_target_lines(section: dict) -> list[list[str]]:
    """The page cache's hit rate and the nginx cache's share of static nginx."""
    hit = row_value(section, "seed_hit")
    if not hit:
        return []
    lines = [
        target_line(
            "Seed article, app page cache hit",
            f"≥ {TARGETS['hit']:,.0f} req/s",
            f"{hit['rps']:,.0f} req/s",
            hit["rps"] >= TARGETS["hit"],
        )
    ]
    revalidated = row_value(section, "seed_304")
    if revalidated:
        answers = revalidated["statuses"]
        all_304 = set(answers) == {304}
        lines.append(
            target_line(
                "Seed article, conditional GET with its ETag",
                "304s, ≥ the page-cache hit rate",
                f"{revalidated['rps']:,.0f} req/s; "
                + ", ".join(f"{c}×{n:,}" for c, n in sorted(answers.items())),
                all_304 and revalidated["rps"] >= hit["rps"],
            )
        )
    for key, label in (("seed", "Seed article"), ("home", "Home page")):
        cached = row_value(section, f"{key}_nginx", "nginx cache")
        static = next(
            r
            for r in section["rows"]
            if r["key"] == f"{key}_static2" and r["server"] == "static"
        )
        share = cached["rps"] / static["rps"]
        lines.append(
            target_line(
                f"{label} through the nginx cache",
                "≥ 50% of nginx static",
                f"{share:.0%} ({cached['rps']:,.0f} of {static['rps']:,.0f})",
                share >= TARGETS["nginx_cache_share"],
            )
        )
    return lines


def posting_and_memory_target_lines(section: dict) -> list[list[str]]:
    """The posting rate, then the largest worker's memory, two ways."""
    lines = []
    post = row_value(section, "post")
    if post:
        lines.append(
            target_line(
                "Comment posting, every policy on",
                f"≥ {TARGETS['posts']:,.0f} comments/s",
                f"{post['rps']:,.0f} comments/s",
                post["rps"] >= TARGETS["posts"],
            )
        )
    # A worker's own cost is its share of the memory (Pss); VmRSS also counts,
    # in every worker, the pages all of them share with the master.
    for key, label in (("pss_max", "largest Pss"), ("rss_max", "largest VmRSS")):
        worst = max(m[key] for m in section["memory"])
        lines.append(
            target_line(
                f"gunicorn worker memory ({label})",
                f"≤ {TARGETS['worker_mb']:.0f} MB",
                f"{worst:.0f} MB",
                worst <= TARGETS["worker_mb"],
            )
        )
    return lines


def render_section(section: dict, cpus: int) -> list[str]:
    s = section
    lines = [
        f"## {s['name']}",
        "",
        f"Setup (migrate, collectstatic, load_demo, the {THREAD_COMMENTS}-comment "
        f"thread at `{s['thread_url']}`) took {s['setup_seconds']:.0f} s. gunicorn: "
        f"{s['workers']} workers × 1 thread (cliffhanger/gunicorn_conf.py defaults). "
        f"The task worker had done what setting up queued (renditions, social cards, "
        f"search entries) {s.get('settle_seconds', 0):.0f} s after the first start; "
        "nothing was measured before.",
        "",
        f"### `wrk -t{WRK_THREADS} -c{WRK_CONNECTIONS} -d{WRK_SECONDS}s --latency`",
        "",
    ]
    lines += wrk_table(s)
    if s.get("posting"):
        lines += posting_lines(s)
    if s.get("load"):
        lines += load_lines(s)
    finale = s.get("finale")
    if finale:
        lines += [
            "",
            f"### Finale night: {READERS} first-time readers (wrk) on the 1,461-comment "
            f"thread for {FINALE_SECONDS} s while {POSTS_PER_SECOND} comments a second "
            "are posted to it (bench/finale.py)",
            "",
            *finale_lines(finale),
        ]
    lines += memory_lines(s)
    lines += ["### Against the issue's targets", ""]
    lines += table(
        ["Target", "wanted", "measured", ""], target_lines(s, cpus), text_columns=1
    )
    if s["profile"]:
        lines += profile_lines(s, cpus)
    for note in s["notes"]:
        lines += ["", note]
    lines.append("")
    return lines


def wrk_table(section: dict) -> list[str]:
    """Every wrk run of the section, the app's next to nginx's."""
    return table(
        [
            "Page",
            "served by",
            "req/s",
            "p50 ms",
            "p99 ms",
            "requests (or answers)",
            "non-2xx",
            "bytes",
        ],
        [wrk_row(r) for r in section["rows"]],
        text_columns=2,
    )


def wrk_row(r: dict) -> list[str]:
    errors = r["non_2xx"] + (1 if r["socket_errors"] else 0)
    answers = (
        ", ".join(f"{c}×{n:,}" for c, n in sorted(r["statuses"].items()))
        if r["statuses"]
        else f"{r['requests']:,}"
    )
    return [
        r["label"],
        r["server"],
        f"{r['rps']:,.1f}",
        f"{r['p50']:.1f}",
        f"{r['p99']:.1f}",
        answers,
        f"{r['non_2xx']:,}"
        + (f" (socket: {r['socket_errors']})" if r["socket_errors"] else "")
        if errors
        else "0",
        f"{r['bytes']:,}" if r["bytes"] else "",
    ]


def posting_lines(section: dict) -> list[str]:
    """What wrk's posts became: stored rows and the counter, against the 201s."""
    c = section["posting"]["check"]
    sent = row_value(section, "post")["sent_rps"]
    return [
        "",
        f"Posting: wrk sent {sent:,.0f} posts/s; answers "
        + ", ".join(f"{code}×{n:,}" for code, n in sorted(c["answers"].items()))
        + f"; {c['unanswered']} still in flight when wrk stopped. Stored "
        f"{c['stored']:,} rows for {c['created']:,} answers 201 (the difference "
        "at most the posts in flight), "
        f"{c['duplicates']} bodies stored twice, the article's counter rose by "
        f"{c['counter_delta']:,}"
        + (
            " and equals its approved rows. **Exact.**"
            if c["exact"]
            else f". **FLAG: not exact** ({c['problems']})"
        ),
    ]


def load_lines(section: dict) -> list[str]:
    """The Python clients' load: what was answered, then each check's verdict."""
    load = section["load"]
    lines = [
        "",
        f"### {LOAD_CLIENTS} clients posting, replying and voting for "
        f"{LOAD_SECONDS} s (cliffhanger/testing/load_clients.py)",
        "",
        f"{load['posts']:,} comments answered 201 ({load['posts'] / load['wall']:,.0f}"
        f"/s), {load['votes']:,} comment votes and {load['polls']:,} poll votes "
        f"answered 200 in {load['wall']:.1f} s; other answers: "
        + (", ".join(f"{k}×{n}" for k, n in load["failures"].items()) or "none")
        + ". Latency p50 / p99: "
        + ", ".join(
            f"{action} {p50:.0f} / {p99:.0f} ms"
            for action, (p50, p99) in load["latency"].items()
        )
        + ".",
        "",
    ]
    lines += [
        f"- {'✔' if ok else '✘ **FAILED**'} {name}"
        for name, ok in load["checks"].items()
    ]
    if load["problems"]:
        lines += ["", f"Problems: {load['problems']}"]
    tracebacks = section.get("tracebacks") or {}
    lines += [
        f"- Tracebacks in the server's log: {sum(tracebacks.values())}"
        + "".join(f"\n  - {n}× `{what}`" for what, n in tracebacks.items())
    ]
    return lines


def memory_lines(section: dict) -> list[str]:
    """The workers' memory after each phase, and how to read its columns."""
    lines = ["", "### gunicorn worker memory (MB)", ""]
    lines += table(
        [
            "When",
            "workers",
            "VmRSS max",
            "VmRSS mean",
            "RssAnon max",
            "Pss max",
            "Pss mean",
            "Uss max",
            "master VmRSS",
        ],
        [
            [
                m["label"],
                str(m["workers"]),
                f"{m['rss_max']:.0f}",
                f"{m['rss_mean']:.0f}",
                f"{m['anon_max']:.0f}",
                f"{m['pss_max']:.0f}",
                f"{m['pss_mean']:.0f}",
                f"{m['uss_max']:.0f}",
                f"{m['master_rss']:.0f}",
            ]
            for m in section["memory"]
        ],
        text_columns=1,
    )
    return lines + [
        "",
        "VmRSS counts pages shared with the master (preload forks the loaded app); "
        "RssAnon is the worker's own heap; Pss splits shared pages among sharers; "
        "Uss is what only that worker holds (what one more worker costs).",
        "",
    ]


PROFILE_NAMES = {
    "seed": "Seed article, uncached",
    "thread": f"{THREAD_COMMENTS}-comment thread",
    "post": "Comment post (JSON, 201)",
    "hit": "Seed article, page cache hit",
}


def profile_lines(section: dict, cpus: int) -> list[str]:
    """pyinstrument's reading: CPU per request, its ceiling, the top functions."""
    lines = [
        "",
        "### Where the time goes (pyinstrument, in-process, django.test.Client)",
        "",
        f"CPU ms is the median thread CPU time of one request in one process; "
        f"{cpus} CPUs can do at most {cpus} × 1000 / CPU ms such requests per "
        "second even with nothing else running (wrk, the database and the "
        "gunicorn plumbing need CPU too).",
        "",
    ]
    rows = []
    for key, result in section["profile"].items():
        shares = ", ".join(
            f"{name} {share:.0%}" for name, share in result["buckets"][:5]
        )
        rows.append(
            [
                PROFILE_NAMES.get(key, key),
                f"{result['cpu_ms']:.1f}",
                f"{cpus * 1000 / result['cpu_ms']:,.0f}",
                shares,
            ]
        )
    lines += table(
        ["Request", "CPU ms", "ceiling req/s", "own time by package (top 5)"],
        rows,
        text_columns=1,
    )
    for key, result in section["profile"].items():
        lines += [
            "",
            f"Top functions by own time, {PROFILE_NAMES.get(key, key)} "
            "(ms per request):",
            "",
        ]
        lines += [f"- `{name}` {ms:.2f}" for name, ms in result["top"][:8]]
    return lines


def render_report(machine, sections, skipped, elapsed) -> str:
    m = machine
    cpus = int(m["nproc"])
    lines = [
        "# Load benchmark",
        "",
        f"- Date: {m['date']}",
        f"- Machine: {m['nproc']} CPUs (nproc), {m['cpu']}; {m['platform']}",
        f"- Python {m['python']}; {m['versions']}; commit {m['commit']}",
        f"- Load average (1, 5, 15 min) at start: {m['load']}; at end: "
        f"{load_average()}. wrk, nginx, gunicorn, the database and anything else on "
        "the machine share its CPUs: compare rows with each other.",
        "- Servers: `manage.py serve` as `make run` (gunicorn with "
        "cliffhanger/gunicorn_conf.py, access log on, the task worker and the "
        "scheduler), settings `cliffhanger.settings.base`; the cache is the embedded "
        "one in var/cache/ (the default) or Redis. "
        "Uncached rows run with `PAGE_CACHE_SECONDS=0` (the shared "
        "fragments — menu, Read next, status boxes — stay on; one row turns them off "
        "too); the rest with the production "
        "defaults (page cache on, every moderation policy on). nginx: "
        f"{cpus} workers, access log off, the saved copies and docs/deploy.md's proxy "
        "cache on loopback without TLS.",
        "- Clients send no cookies (first-time readers), so they get the shared "
        "copies: no CSRF token in the forms and no cookie set.",
        "",
    ]
    for section in sections:
        lines += render_section(section, cpus)
    for note in skipped:
        lines += [note, ""]
    lines += [f"Benchmark wall time: {elapsed:.0f} s.", ""]
    return "\n".join(lines)


def render_chart(sections: list[dict], path: Path) -> None:
    try:
        import matplotlib
    except ImportError:
        log("matplotlib not installed (pip install -e .[bench]): no chart")
        return
    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    figure, axes = plt.subplots(
        1, len(sections), figsize=(7 * len(sections), 8), squeeze=False
    )
    for axis, section in zip(axes[0], sections, strict=True):
        draw_section(axis, section)
    figure.tight_layout()
    figure.savefig(path, dpi=110)
    plt.close(figure)


CHART_CASES = [
    # row key, bar label, its static reference's key, TARGETS key (None: no target)
    ("seed", "Seed article\nuncached", "seed", "seed"),
    ("seed_hit", "Seed article\napp cache hit", "seed_static2", "hit"),
    ("seed_nginx", "Seed article\nnginx cache", "seed_static2", None),
    ("thread", f"{THREAD_COMMENTS}-comment\nthread, whole", "thread", "thread"),
    ("long", "1,461-comment\nthread, page 1", "long", None),
    ("home", "Home page\nuncached", "home", None),
    ("home_hit", "Home page\napp cache hit", "home_static2", None),
    ("home_nginx", "Home page\nnginx cache", "home_static2", None),
    ("post", "Comment\nposting", "post", "posts"),
]


def chart_bars(section: dict) -> tuple[list, list, list, list]:
    """Labels, app rates, static rates (0: none) and targets of the rows measured."""
    labels, app, static, targets = [], [], [], []
    for key, label, static_key, target in CHART_CASES:
        row = next(
            (
                r
                for r in section["rows"]
                if r["key"] == key and r["server"] in ("app", "nginx cache")
            ),
            None,
        )
        reference = next(
            (
                r
                for r in section["rows"]
                if r["key"] == static_key and r["server"] == "static"
            ),
            None,
        )
        if row is None:
            continue
        labels.append(label)
        app.append(row["rps"])
        static.append(reference["rps"] if reference else 0)
        targets.append(TARGETS[target] if target else None)
    return labels, app, static, targets


def draw_section(axis, section: dict) -> None:
    """One database's bars: the app's, nginx's static copy's, and the targets."""
    labels, app, static, targets = chart_bars(section)
    positions = range(len(labels))
    axis.barh(
        [p + 0.2 for p in positions],
        app,
        height=0.4,
        color="#c0392b",
        label="Cliffhanger (gunicorn; nginx cache rows: through nginx)",
    )
    axis.barh(
        [p - 0.2 for p in positions],
        static,
        height=0.4,
        color="#7f8c8d",
        label="nginx serving a saved copy (physical limit)",
    )
    draw_values(axis, positions, app, static)
    for position, target in zip(positions, targets, strict=True):
        if target:
            axis.plot(
                [target, target],
                [position - 0.45, position + 0.45],
                color="black",
                linewidth=2,
            )
    axis.plot([], [], color="black", linewidth=2, label="the issue's target")
    axis.set_xscale("log")
    axis.set_xlim(0.1, 300_000)
    axis.set_yticks(list(positions))
    axis.set_yticklabels(labels, fontsize=9)
    axis.invert_yaxis()
    axis.set_xlabel("requests (posting: comments created) per second, log scale")
    axis.set_title(
        f"{section['name']}: wrk -t{WRK_THREADS} -c{WRK_CONNECTIONS} "
        f"-d{WRK_SECONDS}s on loopback"
    )
    axis.grid(axis="x", which="both", alpha=0.3)
    axis.legend(loc="upper center", bbox_to_anchor=(0.5, -0.07), fontsize=8)


def draw_values(axis, positions: range, app: list, static: list) -> None:
    """Each bar's rate written just past its end."""
    for position, value in zip(positions, app, strict=True):
        axis.text(
            value * 1.08, position + 0.2, f"{value:,.0f}", va="center", fontsize=8
        )
    for position, value in zip(positions, static, strict=True):
        if value:
            axis.text(
                value * 1.08,
                position - 0.2,
                f"{value:,.0f}",
                va="center",
                fontsize=8,
                color="#555",
            )


# ------------------------------------------------------------------------ main


def main() -> int:
    global WRK_SECONDS, LOAD_SECONDS, FINALE_SECONDS
    options = parse_options()
    if options.chart_only:
        render_chart(json.loads(RESULTS_JSON.read_text()), RESULTS_PNG)
        return 0
    WRK_SECONDS, LOAD_SECONDS = options.wrk_seconds, options.load_seconds
    FINALE_SECONDS = options.finale_seconds
    missing = missing_tools()
    if missing:  # as article_page.py does without wrk: say so, fail nothing
        log(
            f"load benchmark skipped: it needs {' and '.join(missing)} "
            f"(apt-get install -y {' '.join(missing)})"
        )
        return 0

    started = time.perf_counter()
    machine, sections, skipped = bench_databases(options.databases.split(","))
    report = render_report(machine, sections, skipped, time.perf_counter() - started)
    print(report)
    RESULTS_MD.parent.mkdir(parents=True, exist_ok=True)
    RESULTS_MD.write_text(report)
    RESULTS_JSON.write_text(json.dumps(sections, indent=1, default=str) + "\n")
    render_chart(sections, RESULTS_PNG)
    log(f"written to {RESULTS_MD.relative_to(REPO_DIR)} and {RESULTS_PNG.name}")
    return 0


def parse_options() -> argparse.Namespace:
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
        help=f"each wrk run (default {WRK_SECONDS}; shorter only for a quick look)",
    )
    parser.add_argument(
        "--load-seconds",
        type=int,
        default=LOAD_SECONDS,
        help=f"the Python clients' load (default {LOAD_SECONDS})",
    )
    parser.add_argument(
        "--finale-seconds",
        type=int,
        default=FINALE_SECONDS,
        help=f"finale night's length (default {FINALE_SECONDS})",
    )
    parser.add_argument(
        "--chart-only",
        action="store_true",
        help="redraw load.png from load.json without measuring",
    )
    return parser.parse_args()


def missing_tools() -> list[str]:
    """The programs the benchmark needs that this machine lacks."""
    missing = [tool for tool in ("wrk",) if shutil.which(tool) is None]
    if not (os.environ.get("BENCH_NGINX") or shutil.which("nginx")):
        missing.append("nginx")
    return missing


def bench_databases(wanted: list[str]) -> tuple[dict, list[dict], list[str]]:
    """
    The machine, a section per database measured, and a note per database
    skipped: PostgreSQL when nothing answers, Redis left out when it does not.
    """
    postgres_server = os.environ.get("BENCH_POSTGRES_URL", DEFAULT_POSTGRES_URL)
    redis_url = os.environ.get("BENCH_REDIS_URL", DEFAULT_REDIS_URL)
    if not reachable_redis(redis_url):
        log(f"Redis at {redis_url} does not answer: cached rows skipped")
        redis_url = None
    machine = machine_summary()
    sections, skipped = [], []
    if "sqlite" in wanted:  # the default: SQLite and the embedded cache, no Redis
        sections.append(bench_database("Default (SQLite, embedded cache)", None, None))
    if "postgresql" in wanted:
        if reachable_postgres(postgres_server):
            with fresh_postgres_database(postgres_server, "bench_load") as database_url:
                sections.append(
                    bench_database("PostgreSQL and Redis", database_url, redis_url)
                )
        else:
            skipped.append(
                f"PostgreSQL skipped: nothing answers at BENCH_POSTGRES_URL "
                f"({urlsplit(postgres_server).hostname}); scripts/test-services start."
            )
    return machine, sections, skipped


if __name__ == "__main__":
    sys.exit(main())
