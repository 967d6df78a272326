"""
The open-data API beside the HTML pages that show the same data.

    .venv/bin/python bench/api.py

A throwaway demo site (migrate + load_demo, the embedded default: SQLite and
the shared disk cache). Each pair is measured in one process with Django's
test client, median CPU time of REQUESTS requests after a warm-up:

  * the HTML page as a first-time reader gets it (a page-cache hit), and as
    the page cache cannot serve it (a session cookie: rendered each time);
  * the API answer, which the page cache never keeps (every call is counted
    against its rate limit), with the queries it cost.

Target (issue 22): the API within 2x the HTML page's cost on the same data.
Writes bench/results/api.md.
"""

import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
RESULTS = REPO / "bench" / "results" / "api.md"
REQUESTS, WARMUP = 200, 20
SEED = "/entertainment/everything-we-know-about-partner-track-season-2/"


def set_up(var_dir: str) -> None:
    os.environ.update(
        DJANGO_SETTINGS_MODULE="cliffhanger.settings.base",
        CLIFFHANGER_VAR_DIR=var_dir,
        LOG_LEVEL="WARNING",
        API_ANONYMOUS_REQUESTS_PER_MINUTE="1000000",
    )
    for command in (
        ["migrate", "-v0"],
        ["collectstatic", "--noinput", "-v0"],
        ["load_demo"],
    ):
        subprocess.run(
            [sys.executable, "manage.py", *command],
            cwd=REPO,
            check=True,
            stdout=subprocess.DEVNULL,
        )


def cpu_ms(client, url: str, **headers) -> tuple[float, int]:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    for _ in range(WARMUP):
        assert client.get(url, **headers).status_code == 200, url
    times = []
    for _ in range(REQUESTS):
        start = time.thread_time()
        client.get(url, **headers)
        times.append((time.thread_time() - start) * 1000)
    with CaptureQueriesContext(connection) as queries:
        client.get(url, **headers)
    return statistics.median(times), len(queries)


def main() -> None:
    with tempfile.TemporaryDirectory() as var_dir:
        set_up(var_dir)
        import django

        django.setup()
        from django.test import Client

        from cliffhanger.newsroom.models import ArticlePage

        seed = ArticlePage.objects.get(url_path__endswith=SEED)
        client = Client(HTTP_HOST="127.0.0.1")
        pairs = [
            (
                "Show board / shows list (100)",
                "/shows/",
                "/api/v1/shows/?page_size=100",
            ),
            (
                "A show page / show",
                "/shows/partner-track/",
                "/api/v1/shows/partner-track/",
            ),
            ("Seed article / article detail", SEED, f"/api/v1/articles/{seed.pk}/"),
            ("Home / latest 20 articles", "/", "/api/v1/articles/"),
        ]
        rows = []
        for label, page, api in pairs:
            hit, _ = cpu_ms(client, page)
            rendered, page_queries = cpu_ms(client, page, HTTP_COOKIE="sessionid=bench")
            api_ms, api_queries = cpu_ms(client, api)
            rows.append(
                f"| {label} | {hit:.2f} | {rendered:.2f} ({page_queries} q) | "
                f"{api_ms:.2f} ({api_queries} q) | {api_ms / rendered:.2f}x |"
            )
    report = "\n".join(
        [
            "# The API beside the HTML pages (median CPU ms per request)",
            "",
            f"{REQUESTS} requests each after {WARMUP} warm-up, embedded default, demo data.",
            "",
            "| pair | HTML, page-cache hit | HTML, rendered | API | API / rendered HTML |",
            "| --- | --- | --- | --- | --- |",
            *rows,
            "",
        ]
    )
    RESULTS.write_text(report)
    print(report)


if __name__ == "__main__":
    main()
