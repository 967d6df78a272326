"""
Benchmark of the article page, with references to compare it against.

    .venv/bin/python bench/article_page.py      # or: make bench

Sets up its own throwaway SQLite database (migrate, collectstatic, load_demo) in
a temporary directory, then measures in-process with django.test.Client:

  * the seed article, the Entertainment section and the home page;
  * a reference: a trivial view, through the same middleware stack, that returns
    the article's already-rendered HTML (Django's request/response cycle alone,
    without Wagtail routing, queries or templates).

If `wrk` is installed it also load-tests the article over loopback through
gunicorn (as `make run` serves it) and, as the physical-limit reference, a
static copy of the article's HTML served by nginx (if installed, or
BENCH_NGINX=/path/to/nginx) or else Python's http.server.

Prints a Markdown report and writes it to bench/results/article_page.md.
This is a benchmark, not a test: it asserts only that the pages answer 200.
"""

from __future__ import annotations

import gc
import io
import os
import platform
import re
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import tracemalloc
import types
import urllib.request
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path

REPO_DIR = Path(__file__).resolve().parent.parent
RESULTS_FILE = REPO_DIR / "bench" / "results" / "article_page.md"

ARTICLE_URL = "/entertainment/everything-we-know-about-partner-track-season-2/"
SECTION_URL = "/entertainment/"
HOME_URL = "/"
HOST = "127.0.0.1"  # in ALLOWED_HOSTS; Wagtail falls back to the default site

WARMUP = 20
REQUESTS = 300
WRK_ARGS = ["-t2", "-c16", "-d5s", "--latency"]
GUNICORN_WORKERS = 2
GUNICORN_THREADS = 1  # as `manage.py serve` (make run) starts it
STARTUP_TIMEOUT = 30.0

# Variables that would point the benchmark at something other than its own
# throwaway database, static root and default settings.
ENV_TO_CLEAR = (
    "DATABASE_URL",
    "REDIS_URL",
    "SECRET_KEY",
    "STATIC_ROOT",
    "MEDIA_ROOT",
    "DEBUG",
    "ALLOWED_HOSTS",
)


def log(message: str) -> None:
    print(f"[bench] {message}", file=sys.stderr, flush=True)


# --------------------------------------------------------------------------- setup


def configure_environment(var_dir: Path) -> None:
    """Must run before django.setup(): settings read these at import time."""
    os.environ["DJANGO_SETTINGS_MODULE"] = "cliffhanger.settings.base"
    os.environ["CLIFFHANGER_VAR_DIR"] = str(var_dir)
    os.environ.setdefault("LOG_LEVEL", "WARNING")
    for name in ENV_TO_CLEAR:
        os.environ.pop(name, None)
    if str(REPO_DIR) not in sys.path:
        sys.path.insert(0, str(REPO_DIR))


def setup_database() -> dict[str, float]:
    from django.core.management import call_command

    timings = {}
    for name, args, options in (
        ("migrate", ["migrate"], {"interactive": False}),
        ("collectstatic", ["collectstatic"], {"interactive": False}),
        ("load_demo", ["load_demo"], {}),
    ):
        started = time.perf_counter()
        call_command(
            *args, verbosity=0, stdout=io.StringIO(), stderr=io.StringIO(), **options
        )
        timings[name] = time.perf_counter() - started
        log(f"{name} done in {timings[name]:.1f} s")
    return timings


# ---------------------------------------------------------------- in-process timing


def percentile(sorted_values: list[float], fraction: float) -> float:
    """Linear interpolation between closest ranks (numpy's default)."""
    if len(sorted_values) == 1:
        return sorted_values[0]
    position = fraction * (len(sorted_values) - 1)
    lower = int(position)
    upper = min(lower + 1, len(sorted_values) - 1)
    return sorted_values[lower] + (sorted_values[upper] - sorted_values[lower]) * (
        position - lower
    )


def measure(client, url: str, label: str) -> dict:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    response = client.get(url)
    if response.status_code != 200:
        raise SystemExit(
            f"{label}: GET {url} answered {response.status_code}, expected 200"
        )
    body = response.content

    for _ in range(WARMUP):
        client.get(url)

    timings = []
    for _ in range(REQUESTS):
        started = time.perf_counter_ns()
        response = client.get(url)
        timings.append((time.perf_counter_ns() - started) / 1e6)
        if response.status_code != 200:
            raise SystemExit(
                f"{label}: GET {url} answered {response.status_code} mid-run"
            )
    timings.sort()

    with CaptureQueriesContext(connection) as queries:
        client.get(url)
    # Read now: the next request's request_started signal empties the query log.
    query_count = len(queries.captured_queries)

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
        "median": percentile(timings, 0.50),
        "p90": percentile(timings, 0.90),
        "p99": percentile(timings, 0.99),
        "mean": statistics.fmean(timings),
        "queries": query_count,
        "bytes": len(body),
        "peak_kib": (peak - baseline) / 1024,
        "body": body,
        "content_type": response.headers.get(
            "Content-Type", "text/html; charset=utf-8"
        ),
    }


def reference_urlconf(html: bytes, content_type: str) -> str:
    """A URLconf whose only view returns `html` for any path."""
    from django.http import HttpResponse
    from django.urls import re_path

    def prerendered(request, rest=""):
        return HttpResponse(html, content_type=content_type)

    module = types.ModuleType("bench_reference_urls")
    module.urlpatterns = [re_path(r"^(?P<rest>.*)$", prerendered)]
    sys.modules[module.__name__] = module
    return module.__name__


def run_in_process() -> list[dict]:
    from django.test import Client, override_settings

    client = Client(HTTP_HOST=HOST)
    results = []
    for label, url in (
        ("Article (Wagtail page)", ARTICLE_URL),
        ("Section listing", SECTION_URL),
        ("Home", HOME_URL),
    ):
        log(f"in-process: {label} {url}")
        results.append(measure(client, url, label))

    article = results[0]
    urlconf = reference_urlconf(article["body"], article["content_type"])
    log("in-process: reference view returning the article's pre-rendered HTML")
    with override_settings(ROOT_URLCONF=urlconf):
        reference = measure(client, ARTICLE_URL, "Reference: pre-rendered HTML view")
    if reference["body"] != article["body"] or reference["queries"]:
        raise SystemExit("The reference view did not return the article's HTML alone")
    results.insert(1, reference)
    return results


# ------------------------------------------------------------------- over loopback


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def wait_for(url: str, process: subprocess.Popen, name: str) -> None:
    deadline = time.monotonic() + STARTUP_TIMEOUT
    last_error: Exception | None = None
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(
                f"{name} exited with {process.returncode} before answering"
            )
        try:
            with urllib.request.urlopen(url, timeout=2) as response:
                if response.status == 200:
                    return
        except OSError as error:
            last_error = error
        time.sleep(0.2)
    raise RuntimeError(
        f"{name} did not answer {url} with 200 within {STARTUP_TIMEOUT:.0f} s "
        f"(last error: {last_error!r})"
    )


def stop(process: subprocess.Popen | None) -> None:
    if process is None or process.poll() is not None:
        return
    process.send_signal(signal.SIGTERM)
    try:
        process.wait(timeout=15)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait(timeout=5)


def run_wrk(
    url: str,
    *,
    args: list[str] = WRK_ARGS,
    script: Path | None = None,
    script_args=(),
    timeout: float = 60,
) -> dict:
    """wrk's figures for `url`; a Lua `script` may add `status N count` and `sent N` lines."""
    command = ["wrk", *args]
    if script is not None:
        command += ["-s", str(script)]
    command.append(url)
    if script_args:
        command += ["--", *script_args]
    output = subprocess.run(
        command, capture_output=True, text=True, timeout=timeout, check=True
    ).stdout

    def millis(text: str) -> float:
        number, unit = re.fullmatch(r"([\d.]+)(us|ms|s|m)", text).groups()
        return float(number) * {"us": 1e-3, "ms": 1.0, "s": 1e3, "m": 6e4}[unit]

    distribution = dict(
        re.findall(r"^\s+(50|75|90|99)%\s+(\S+)\s*$", output, re.MULTILINE)
    )
    requests = re.search(r"^\s+(\d+) requests in", output, re.MULTILINE)
    errors = re.search(r"Non-2xx or 3xx responses: (\d+)", output)
    socket_errors = re.search(r"Socket errors: (.+)$", output, re.MULTILINE)
    # One `status` line per wrk thread and code: the threads' counts add up.
    statuses: dict[int, int] = {}
    for code, count in re.findall(r"^status (\d+) (\d+)$", output, re.MULTILINE):
        statuses[int(code)] = statuses.get(int(code), 0) + int(count)
    return {
        "rps": float(re.search(r"Requests/sec:\s+([\d.]+)", output).group(1)),
        "p50": millis(distribution["50"]),
        "p90": millis(distribution["90"]),
        "p99": millis(distribution["99"]),
        "requests": int(requests.group(1)) if requests else 0,
        "non_2xx": int(errors.group(1)) if errors else 0,
        "socket_errors": socket_errors.group(1).strip() if socket_errors else "",
        "sent": sum(int(n) for n in re.findall(r"^sent (\d+)$", output, re.MULTILINE)),
        "statuses": statuses,
    }


# `python -m http.server` as is listens with a backlog of 5 and closes the
# connection after every response, so 16 wrk connections see SYN drops and 1 s
# retransmits at p99. The same server with keep-alive, TCP_NODELAY and a normal
# backlog:
STATIC_SERVER = """
import functools, http.server, sys
class Handler(http.server.SimpleHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    disable_nagle_algorithm = True  # else delayed ACKs add 40 ms per keep-alive reply
    def log_message(self, *args):
        pass
class Server(http.server.ThreadingHTTPServer):
    request_queue_size = 1024
handler = functools.partial(Handler, directory=sys.argv[2])
Server(("127.0.0.1", int(sys.argv[1])), handler).serve_forever()
"""


def static_server(root: Path, port: int, scratch: Path) -> tuple[list[str], str]:
    """nginx when installed (the real physical limit), else Python's http.server."""
    nginx = os.environ.get("BENCH_NGINX") or shutil.which("nginx")
    if nginx:
        conf = scratch / "nginx.conf"
        conf.write_text(
            f"""
worker_processes {GUNICORN_WORKERS};
daemon off;
pid {scratch}/nginx.pid;
error_log {scratch}/nginx-error.log warn;
events {{ worker_connections 1024; }}
http {{
    access_log off;
    client_body_temp_path {scratch}/client_body;
    proxy_temp_path {scratch}/proxy;
    fastcgi_temp_path {scratch}/fastcgi;
    uwsgi_temp_path {scratch}/uwsgi;
    scgi_temp_path {scratch}/scgi;
    default_type text/html;
    sendfile on;
    server {{
        listen 127.0.0.1:{port};
        root {root};
    }}
}}
"""
        )
        return (
            [
                nginx,
                "-p",
                str(scratch),
                "-e",
                str(scratch / "nginx-error.log"),
                "-c",
                str(conf),
            ],
            f"nginx ({GUNICORN_WORKERS} workers)",
        )
    return (
        [sys.executable, "-c", STATIC_SERVER, str(port), str(root)],
        "Python http.server (threads, keep-alive)",
    )


def start_gunicorn(port: int, log_file) -> subprocess.Popen:
    """gunicorn as `make run` starts it (threads as its default), quiet, in its own session."""
    env = dict(os.environ)
    env["PYTHONUNBUFFERED"] = "1"
    return subprocess.Popen(
        [
            sys.executable,
            "-m",
            "gunicorn",
            "cliffhanger.wsgi:application",
            "--bind",
            f"127.0.0.1:{port}",
            "--workers",
            str(GUNICORN_WORKERS),
            "--threads",
            str(GUNICORN_THREADS),
            "--log-level",
            "warning",
        ],
        cwd=REPO_DIR,
        env=env,
        stdout=log_file,
        stderr=subprocess.STDOUT,
        start_new_session=True,
    )


def run_over_loopback(var_dir: Path, article_html: bytes) -> tuple[list[dict], str]:
    """gunicorn + wrk against the article, and a static copy of it as the ceiling."""
    missing = _missing_load_tools()
    if missing:
        note = (
            f"skipped: {' and '.join(missing)} not installed (apt-get install -y wrk)"
        )
        log(f"load test {note}")
        return [], note

    scratch = var_dir / "loopback"
    scratch.mkdir()
    static_root = _static_copy(article_html)
    rows = []
    servers: list[subprocess.Popen] = []  # in the order started; stopped in finally
    gunicorn_log = open(scratch / "gunicorn.log", "wb")  # noqa: SIM115
    try:
        rows.append(_wrk_gunicorn(gunicorn_log, servers))
        stop(servers[0])
        rows.append(_wrk_static_copy(static_root, scratch, article_html, servers))
    except (
        OSError,
        RuntimeError,
        subprocess.SubprocessError,
        AttributeError,
        KeyError,
    ) as error:
        # The load test is optional: report why it failed and keep the rest.
        tail = (scratch / "gunicorn.log").read_text(errors="replace")[-2000:]
        log(f"load test failed: {error!r}\n{tail}")
        return rows, f"failed: {error!r} (see the benchmark's standard error)"
    finally:
        for server in servers:
            stop(server)
        gunicorn_log.close()
        shutil.rmtree(static_root, ignore_errors=True)
    return rows, ""


def _missing_load_tools() -> list[str]:
    """What the load test needs and this machine lacks: wrk, gunicorn."""
    missing = [tool for tool in ("wrk",) if shutil.which(tool) is None]
    try:
        import gunicorn  # noqa: F401
    except ImportError:
        missing.append("gunicorn")
    return missing


def _static_copy(article_html: bytes) -> Path:
    """A directory holding the article's HTML where a static server finds its URL."""
    # The static copy lives outside var_dir (mode 0700, holds the secret key) so
    # that nginx's unprivileged workers can read it; it is public HTML anyway.
    static_root = Path(tempfile.mkdtemp(prefix="cliffhanger-bench-static-"))
    static_root.chmod(0o755)
    page_dir = static_root / ARTICLE_URL.strip("/")
    page_dir.mkdir(parents=True, mode=0o755)
    for parent in page_dir.relative_to(static_root).parents:
        (static_root / parent).chmod(0o755)
    (page_dir / "index.html").write_bytes(article_html)
    (page_dir / "index.html").chmod(0o644)
    return static_root


def _wrk_gunicorn(gunicorn_log, servers: list[subprocess.Popen]) -> dict:
    """wrk against the article served by gunicorn, once both workers are warm."""
    port = free_port()
    servers.append(start_gunicorn(port, gunicorn_log))
    url = f"http://127.0.0.1:{port}{ARTICLE_URL}"
    wait_for(url, servers[-1], "gunicorn")
    for _ in range(WARMUP):  # each worker imports lazily; warm both
        urllib.request.urlopen(url, timeout=5).read()
    with urllib.request.urlopen(url, timeout=5) as response:
        served = response.read()
    log(f"wrk {' '.join(WRK_ARGS)} against gunicorn {url}")
    return {
        "label": f"Article via gunicorn ({GUNICORN_WORKERS} workers × "
        f"{GUNICORN_THREADS} threads)",
        "bytes": len(served),
        **run_wrk(url),
    }


def _wrk_static_copy(
    static_root: Path,
    scratch: Path,
    article_html: bytes,
    servers: list[subprocess.Popen],
) -> dict:
    """wrk against the saved copy served by a static server: the ceiling."""
    env = dict(os.environ)
    env["PYTHONUNBUFFERED"] = "1"
    port = free_port()
    command, server_name = static_server(static_root, port, scratch)
    servers.append(
        subprocess.Popen(
            command,
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            start_new_session=True,
        )
    )
    url = f"http://127.0.0.1:{port}{ARTICLE_URL}"
    wait_for(url, servers[-1], server_name)
    log(f"wrk {' '.join(WRK_ARGS)} against {server_name} {url}")
    return {
        "label": f"Reference: static copy via {server_name}",
        "bytes": len(article_html),
        **run_wrk(url),
    }


# ------------------------------------------------------------------------ report


def load_average() -> str:
    try:
        return " ".join(Path("/proc/loadavg").read_text().split()[:3])
    except OSError:
        return "unknown"


def machine_summary() -> dict[str, str]:
    import django
    import wagtail

    cpu = ""
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    try:
        commit = subprocess.run(
            ["git", "rev-parse", "--short", "HEAD"],
            cwd=REPO_DIR,
            capture_output=True,
            text=True,
            timeout=5,
            check=True,
        ).stdout.strip()
        dirty = subprocess.run(
            ["git", "status", "--porcelain", "--untracked-files=no"],
            cwd=REPO_DIR,
            capture_output=True,
            text=True,
            timeout=5,
            check=True,
        ).stdout.strip()
        commit += " (uncommitted changes)" if dirty else ""
    except (OSError, subprocess.SubprocessError):
        commit = "unknown"
    return {
        "load": load_average(),
        "date": datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC"),
        "nproc": str(
            len(os.sched_getaffinity(0))
            if hasattr(os, "sched_getaffinity")
            else os.cpu_count()
        ),
        "cpu": cpu or platform.processor() or "unknown",
        "python": platform.python_version(),
        "versions": f"Django {django.get_version()}, Wagtail {wagtail.__version__}",
        "platform": platform.platform(),
        "commit": commit,
    }


def table(header: list[str], rows: list[list[str]], *, text_columns: int) -> list[str]:
    """A Markdown table: the first `text_columns` left-aligned, numbers right."""
    align = ["---" if i < text_columns else "---:" for i in range(len(header))]
    return [f"| {' | '.join(cells)} |" for cells in (header, align, *rows)]


def render_report(machine, setup_timings, in_process, loopback, loopback_note, elapsed):
    lines = _report_header(machine, setup_timings)
    lines += _in_process_section(in_process)
    lines += _loopback_section(loopback)
    lines += report_footer(loopback_note, elapsed)
    return "\n".join(lines)


def _report_header(machine, setup_timings) -> list[str]:
    m = machine
    setup = ", ".join(f"{name} {secs:.1f} s" for name, secs in setup_timings.items())
    return [
        "# Article page benchmark",
        "",
        f"- Date: {m['date']}",
        f"- Machine: {m['nproc']} CPUs (nproc), {m['cpu']}; {m['platform']}",
        f"- Python {m['python']}; {m['versions']}; commit {m['commit']}",
        "- Database: throwaway SQLite (WAL) with the demo site (`load_demo`); "
        "settings `cliffhanger.settings.base` (DEBUG off, local-memory cache)",
        f"- Load average (1, 5, 15 min) at start: {m['load']}; at end: "
        f"{load_average()} (anything else running on the machine shows in p90/p99)",
        f"- Setup: {setup}",
        "",
    ]


def _in_process_section(in_process) -> list[str]:
    """Each page through django.test.Client, and what the article adds to the reference."""
    lines = [
        f"## In-process (django.test.Client, Host {HOST}): {WARMUP} warm-up + "
        f"{REQUESTS} timed requests each",
        "",
    ]
    lines += table(
        ["Page", "URL", "median ms", "p90 ms", "p99 ms", "mean ms", "SQL queries"]
        + ["response bytes", "peak Python memory KiB"],
        [
            [row["label"], f"`{row['url']}`"]
            + [f"{row[key]:.2f}" for key in ("median", "p90", "p99", "mean")]
            + [str(row["queries"]), f"{row['bytes']:,}", f"{row['peak_kib']:,.0f}"]
            for row in in_process
        ],
        text_columns=2,
    )
    article, reference = in_process[0], in_process[1]
    ratio = article["median"] / reference["median"]
    extra = article["median"] - reference["median"]
    return lines + [
        "",
        f"The article costs {ratio:.0f}× the reference (median "
        f"{article['median']:.2f} ms against {reference['median']:.2f} ms): about "
        f"{extra:.2f} ms per request is Wagtail routing, {article['queries']} "
        "queries and template rendering; the rest is Django's request/response "
        "cycle and the middleware stack, which the reference also pays. Peak memory "
        "is tracemalloc's peak during one warm request.",
        "",
    ]


def _loopback_section(loopback) -> list[str]:
    """wrk against gunicorn and the static copy, when the load test ran."""
    lines = [f"## Over loopback: `wrk {' '.join(WRK_ARGS)}`", ""]
    if not loopback:
        return lines
    lines += table(
        ["Server", "requests/s", "p50 ms", "p90 ms", "p99 ms", "requests"]
        + ["non-2xx", "response bytes"],
        [
            [row["label"], f"{row['rps']:,.1f}"]
            + [f"{row[key]:.2f}" for key in ("p50", "p90", "p99")]
            + [
                f"{row['requests']:,}"
                + (
                    f" (socket errors: {row['socket_errors']})"
                    if row["socket_errors"]
                    else ""
                ),
                str(row["non_2xx"]),
                f"{row['bytes']:,}",
            ]
            for row in loopback
        ],
        text_columns=1,
    )
    return lines + [
        "",
        "wrk, the servers and the benchmark share the same CPUs, so these "
        "numbers compare the rows with each other; they are not a capacity "
        "figure.",
        "",
    ]


def report_footer(note: str, elapsed: float) -> list[str]:
    """The closing lines every report shares: why a loopback run was skipped, the wall time."""
    lines = [f"Load test {note}.", ""] if note else []
    return [*lines, f"Benchmark wall time: {elapsed:.0f} s.", ""]


def publish_report(report: str, path: Path) -> None:
    """Print the Markdown report and keep it under bench/results/."""
    print(report)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(report)
    log(f"written to {path.relative_to(REPO_DIR)}")


@contextmanager
def throwaway_django(prepare: Callable[[], None] | None = None) -> Iterator[Path]:
    """Django set up over a temporary var/ (its database is made by setup_database).

    `prepare` runs after the environment is pointed there and before Django
    reads its settings; the database connections close before the folder goes.
    """
    with tempfile.TemporaryDirectory(prefix="cliffhanger-bench-") as tmp:
        var_dir = Path(tmp)
        configure_environment(var_dir)
        if prepare is not None:
            prepare()
        import django

        django.setup()
        try:
            yield var_dir
        finally:
            from django.db import connections

            connections.close_all()


# -------------------------------------------------------------------------- main


def main() -> int:
    started = time.perf_counter()
    with throwaway_django() as var_dir:
        machine = machine_summary()
        setup_timings = setup_database()
        in_process = run_in_process()
        loopback, loopback_note = run_over_loopback(var_dir, in_process[0]["body"])
    report = render_report(
        machine,
        setup_timings,
        in_process,
        loopback,
        loopback_note,
        time.perf_counter() - started,
    )
    publish_report(report, RESULTS_FILE)
    return 0


if __name__ == "__main__":
    sys.exit(main())
