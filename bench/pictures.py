"""
Lighthouse on a phone: the pages with pictures, beside the same pages without them.

    .venv/bin/python bench/pictures.py

Makes a throwaway demo as `make run` does (migrate, collectstatic, load_demo),
serves it with `manage.py serve` (gunicorn, the task worker, the scheduler),
waits until the worker has made every rendition ahead, then runs Lighthouse
(`npx lighthouse`, its default mobile emulation and simulated slow 4G, Debian's
chromium) on home, the seed article, a show page and the 1,461-comment article
(issue 18's hot thread: its first comments page, as a finale's readers get it).

The reference, in the same run: each page's HTML with its pictures taken out,
served as a static file with the site's CSS and scripts by Python's
http.server. What separates the two rows is what the pictures cost.

Also reports each page's DOM elements (Lighthouse's dom-size audit) and the
bytes the HTML document itself took on the wire, the seed article's lead image
bytes at 390 px, and the hot thread against issue 18's targets. Writes
bench/results/pictures.md.
This is a benchmark, not a test.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from article_page import (  # noqa: E402  (bench/ is not a package)
    ENV_TO_CLEAR,
    REPO_DIR,
    free_port,
    log,
    machine_summary,
    stop,
    table,
    wait_for,
)

from cliffhanger.testing.processes import serve_process  # noqa: E402

RESULTS_MD = REPO_DIR / "bench" / "results" / "pictures.md"
LIGHTHOUSE = os.environ.get("BENCH_LIGHTHOUSE", "lighthouse@12.8.2")
PAGES = {
    "home": "/",
    "seed article": "/entertainment/everything-we-know-about-partner-track-season-2/",
    "show page": "/shows/partner-track/",
    "1,461-comment article": (
        "/entertainment/tv/everything-we-know-stranger-things-season-5/"
    ),
}
HOT_THREAD = "1,461-comment article"
# Issue 18 ("Hot threads on a phone"): the hot thread on Lighthouse's mobile run.
HOT_THREAD_TARGETS = {"perf": 95, "fcp": 1.8, "html_kb": 80, "dom": 3000}
CATEGORIES = ("performance", "accessibility", "best-practices", "seo")
RENDITIONS_TIMEOUT = 300.0
PICTURE = re.compile(r"<picture>.*?</picture>", re.S)
PRELOAD = re.compile(r'<link [^>]*rel="preload"[^>]*>')


def server_env(var_dir: Path) -> dict[str, str]:
    env = dict(os.environ)
    for name in ENV_TO_CLEAR:
        env.pop(name, None)
    env.update(
        DJANGO_SETTINGS_MODULE="cliffhanger.settings.base",
        CLIFFHANGER_VAR_DIR=str(var_dir),
        LOG_LEVEL="WARNING",
        PYTHONUNBUFFERED="1",
    )
    return env


def manage(env: dict[str, str], *args: str) -> None:
    subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=REPO_DIR,
        env=env,
        check=True,
        stdout=subprocess.DEVNULL,
    )


def pending_renditions(env: dict[str, str]) -> int:
    script = (
        "import django; django.setup();"
        "from django_tasks_db.models import DBTaskResult;"
        "print(DBTaskResult.objects.filter("
        "task_path='cliffhanger.core.renditions.renditions_make_task',"
        "status__in=['READY', 'RUNNING']).count())"
    )
    output = subprocess.run(
        [sys.executable, "-c", script],
        cwd=REPO_DIR,
        env=env,
        check=True,
        capture_output=True,
        text=True,
    ).stdout
    return int(output.strip().splitlines()[-1])


def renditions_wait(env: dict[str, str]) -> float:
    """Seconds until the task worker has made every rendition queued by load_demo."""
    started = time.perf_counter()
    while pending_renditions(env):
        if time.perf_counter() - started > RENDITIONS_TIMEOUT:
            raise RuntimeError("the worker did not finish the renditions")
        time.sleep(1)
    return time.perf_counter() - started


def lighthouse(url: str, out_dir: Path, name: str, attempts: int = 3) -> dict:
    """Lighthouse's mobile run on `url`; tried again when Chrome's trace comes back empty."""
    report = out_dir / (re.sub(r"\W+", "-", name) + ".json")
    env = dict(os.environ, CHROME_PATH=shutil.which("chromium") or "/usr/bin/chromium")
    command = [
        "npx",
        "--yes",
        LIGHTHOUSE,
        url,
        "--quiet",
        "--output=json",
        f"--output-path={report}",
        "--chrome-flags=--headless=new --no-sandbox --disable-gpu"
        " --disable-background-networking --disable-component-update",
    ]
    for attempt in range(1, attempts + 1):
        finished = subprocess.run(command, env=env, timeout=300, check=False)
        if finished.returncode == 0:
            return summarise(json.loads(report.read_text()))
        log(f"lighthouse failed on {url} (attempt {attempt})")
    raise RuntimeError(f"Lighthouse failed {attempts} times on {url}")


def summarise(result: dict) -> dict:
    audits = result["audits"]
    document = main_document(result)
    by_type = {
        item["resourceType"]: item
        for item in audits["resource-summary"]["details"]["items"]
    }
    return {
        **{
            category: round(result["categories"][category]["score"] * 100)
            for category in CATEGORIES
        },
        "fcp": audits["first-contentful-paint"]["numericValue"] / 1000,
        "lcp": audits["largest-contentful-paint"]["numericValue"] / 1000,
        "cls": audits["cumulative-layout-shift"]["numericValue"],
        "total_kb": audits["total-byte-weight"]["numericValue"] / 1024,
        "image_kb": by_type.get("image", {}).get("transferSize", 0) / 1024,
        "requests": by_type.get("total", {}).get("requestCount", 0),
        "dom": int(audits["dom-size"]["numericValue"]),
        "html_kb": document["transferSize"] / 1024,
        "html_raw_kb": document["resourceSize"] / 1024,
        "tbt": audits["total-blocking-time"]["numericValue"],
        "main_s": audits["mainthread-work-breakdown"]["numericValue"] / 1000,
        "style_layout_s": sum(
            item["duration"]
            for item in audits["mainthread-work-breakdown"]["details"]["items"]
            if item["group"] == "styleLayout"
        )
        / 1000,
    }


def main_document(result: dict) -> dict:
    """The network request of the page's own HTML (transferSize: headers and body)."""
    url = result.get("finalDisplayedUrl") or result["finalUrl"]
    documents = [
        item
        for item in result["audits"]["network-requests"]["details"]["items"]
        if item.get("resourceType") == "Document"
    ]
    return next((item for item in documents if item["url"] == url), documents[0])


def stripped_copy(html: str, root: Path, name: str) -> str:
    """The page without its pictures, as a static file beside a copy of /static/."""
    file_name = re.sub(r"\W+", "-", name) + ".html"
    (root / file_name).write_text(PRELOAD.sub("", PICTURE.sub("", html)))
    return file_name


def lead_image_bytes(base: str, html: str) -> tuple[str, int]:
    """The lead's WebP a 390 px phone at 1.75x picks (780 px), and its size."""
    match = re.search(r'imagesrcset="([^"]+)"', html)
    candidates = [c.strip().split(" ") for c in match.group(1).split(",")]
    url = next(url for url, width in candidates if width == "780w")
    with urllib.request.urlopen(base + url) as response:
        return url, len(response.read())


def render(machine, rows, lead, renditions_seconds, elapsed) -> str:
    lines = [
        "# Pictures: Lighthouse on a phone",
        "",
        f"Run {machine['date']} (commit {machine['commit']}, load {machine['load']} "
        f"at the end, {machine['load_at_start']} at the start) on {machine['cpu']}, "
        f"{machine['nproc']} CPUs, Python {machine['python']}. "
        "Lighthouse's default mobile run (Moto G Power emulation, simulated slow 4G, "
        "4x CPU slowdown). `make run`'s server (`manage.py serve`) over the demo; the "
        "reference is each page with its pictures taken out, served as a static file. "
        "HTML KiB is what the page's own document took on the wire (headers and "
        "compressed body); DOM elements is Lighthouse's dom-size.",
        "",
    ]
    header = ["page", "served", "perf", "a11y", "best pr.", "SEO"]
    header += ["FCP s", "LCP s", "CLS", "KiB", "image KiB", "requests"]
    header += ["HTML KiB", "DOM elements"]
    body = [
        [
            page,
            served,
            *(str(r[c]) for c in CATEGORIES),
            f"{r['fcp']:.2f}",
            f"{r['lcp']:.2f}",
            f"{r['cls']:.3f}",
            f"{r['total_kb']:.0f}",
            f"{r['image_kb']:.0f}",
            str(r["requests"]),
            f"{r['html_kb']:.1f}",
            str(r["dom"]),
        ]
        for page, served, r in rows
    ]
    lines += table(header, body, text_columns=2)
    url, size = lead
    lines += [
        "",
        hot_thread_verdict(rows),
        "",
        f"The seed article's lead image at 390 px (1.75x): `{url.rsplit('/', 1)[-1]}`, "
        f"{size / 1024:.1f} KiB (target: at most 60 KB).",
        f"The task worker made every demo rendition {renditions_seconds:.0f} s after "
        "the server started.",
        "",
        "The reference's pages weigh more: `http.server` sends them uncompressed, "
        "where the site sends gzip or Brotli.",
        "",
        f"Whole run: {elapsed:.0f} s.",
        "",
    ]
    return "\n".join(lines)


def hot_thread_verdict(rows) -> str:
    """The hot thread served by the app, against issue 18's targets."""
    r = next(
        r for page, served, r in rows if page == HOT_THREAD and "ref" not in served
    )
    t = HOT_THREAD_TARGETS
    checks = [
        (
            f"performance {r['performance']} (≥ {t['perf']})",
            r["performance"] >= t["perf"],
        ),
        (f"FCP {r['fcp']:.2f} s (≤ {t['fcp']} s)", r["fcp"] <= t["fcp"]),
        (
            f"HTML {r['html_kb']:.1f} KiB on the wire (≤ {t['html_kb']} KiB; "
            f"{r['html_raw_kb']:.0f} KiB uncompressed)",
            r["html_kb"] <= t["html_kb"],
        ),
        (f"{r['dom']:,} DOM elements (≤ {t['dom']:,})", r["dom"] <= t["dom"]),
    ]
    verdicts = "; ".join(f"{text}: {'met' if ok else 'MISSED'}" for text, ok in checks)
    return (
        f"The {HOT_THREAD} against issue 18's targets: {verdicts}. "
        f"Total blocking time {r['tbt']:.0f} ms, main-thread work {r['main_s']:.2f} s "
        f"(style and layout {r['style_layout_s']:.2f} s)."
    )


def measure_pages(base: str, tmp: Path, static_root: Path, static_base: str):
    """Each page with its pictures, then its static copy without them."""
    rows, lead = [], None
    for page, path in PAGES.items():
        with urllib.request.urlopen(base + path) as response:
            html = response.read().decode()
        if lead is None and "seed" in page:
            lead = lead_image_bytes(base, html)
        copy = stripped_copy(html, static_root, page)
        log(f"lighthouse: {page}")
        measured = lighthouse(base + path, tmp, page)
        rows.append((page, "with pictures", measured))
        reference = lighthouse(f"{static_base}/{copy}", tmp, f"{page}-reference")
        rows.append((page, "reference: no pictures, static", reference))
    return rows, lead


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--reports",
        type=Path,
        help="keep Lighthouse's JSON reports in this folder (to read the audits)",
    )
    args = parser.parse_args(argv)
    started = time.perf_counter()
    load_at_start = " ".join(f"{value:.2f}" for value in os.getloadavg())
    with tempfile.TemporaryDirectory(prefix="cliffhanger-pictures-") as tmp:
        tmp = Path(tmp)
        var_dir, static_root = tmp / "var", tmp / "static-copy"
        var_dir.mkdir()
        env = server_env(var_dir)
        for command in (["migrate", "--noinput"], ["collectstatic", "--noinput"]):
            manage(env, *command)
        manage(env, "load_demo")
        log("demo loaded")
        port, static_port = free_port(), free_port()
        base = f"http://127.0.0.1:{port}"
        with open(tmp / "serve.log", "wb") as serve_log:
            server = serve_process(port, env, serve_log, own_session=True)
            static_server = None
            try:
                wait_for(base + "/healthz", server, "serve")
                renditions_seconds = renditions_wait(env)
                log(f"renditions made in {renditions_seconds:.0f} s")
                shutil.copytree(var_dir / "static", static_root / "static")
                static_server = subprocess.Popen(
                    [sys.executable, "-m", "http.server", str(static_port)],
                    cwd=static_root,
                    stdout=subprocess.DEVNULL,
                    stderr=subprocess.DEVNULL,
                )
                rows, lead = measure_pages(
                    base, tmp, static_root, f"http://127.0.0.1:{static_port}"
                )
            finally:
                stop(static_server)
                stop(server)
                if args.reports:
                    args.reports.mkdir(parents=True, exist_ok=True)
                    for report in tmp.glob("*.json"):
                        shutil.copy(report, args.reports / report.name)
    machine = {**machine_summary(), "load_at_start": load_at_start}
    report = render(
        machine, rows, lead, renditions_seconds, time.perf_counter() - started
    )
    RESULTS_MD.write_text(report)
    print(report)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
