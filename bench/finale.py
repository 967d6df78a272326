"""
Finale night, for bench/load.py: the 1,461-comment thread under 32 reading
clients (wrk, first-time readers, the page cache on) while a poster adds 10
comments a second for 60 seconds, each of which makes the thread's cached
copies stale. Reported: the readers' requests per second and p50/p99, the
posts per second, and freshness: after each 201, how long until a first-time
reader's copy of the thread (newest first, where the comment lands) shows it.
"""

from __future__ import annotations

import http.client
import json
import sys
import threading
import time
import urllib.parse
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from article_page import percentile  # noqa: E402  (bench/ is not a package)
from article_page import run_wrk as wrk  # noqa: E402

from cliffhanger.testing.load_clients import target_read  # noqa: E402

READERS, SECONDS, POSTS_PER_SECOND = 32, 60, 10
FRESHNESS_GIVE_UP = 10.0  # seconds: a comment not shown by then counts as this


def bench_finale(
    base: str, thread_path: str, *, seconds: int = SECONDS, min_form_age: float = 3.5
) -> dict:
    target = target_read(base, thread_path)
    wait = target.issued_at + min_form_age - time.time()
    if wait > 0:
        time.sleep(wait)
    readers: dict = {}
    reading = threading.Thread(
        target=lambda: readers.update(_read(base + thread_path, seconds)), daemon=True
    )
    reading.start()
    posted = _post_and_watch(base, target, thread_path, seconds)
    reading.join(timeout=seconds + 120)
    delays = sorted(posted["delays"])
    return {
        "readers": readers,
        "posts": posted["created"],
        "posts_per_second": posted["created"] / posted["wall"],
        "post_failures": posted["failures"],
        "fresh_p50": percentile(delays, 0.5) if delays else None,
        "fresh_p99": percentile(delays, 0.99) if delays else None,
        "never_shown": posted["never_shown"],
    }


def _read(url: str, seconds: int) -> dict:
    return wrk(
        url,
        args=[
            "-t2",
            f"-c{READERS}",
            f"-d{seconds}s",
            "--latency",
            "--timeout",
            "10s",
            "-H",
            "Accept-Encoding: gzip",
        ],
        timeout=seconds + 60,
    )


def _post_and_watch(base: str, target, thread_path: str, seconds: int) -> dict:
    """Post on a fixed schedule; each post's freshness is watched in its own thread."""
    newest = f"{thread_path}?csort=newest"
    delays: list[float] = []
    outcome = {"created": 0, "failures": 0, "never_shown": 0}
    lock = threading.Lock()
    watchers = []
    started = time.monotonic()
    for number in range(seconds * POSTS_PER_SECOND):
        due = started + number / POSTS_PER_SECOND
        time.sleep(max(0.0, due - time.monotonic()))
        marker = f"finale-{number}-{int(started)}"
        status, created_at = _post(target, marker, number)
        if status != 201:
            outcome["failures"] += 1
            continue
        outcome["created"] += 1
        watcher = threading.Thread(
            target=_watch,
            args=(base + newest, marker, created_at, delays, outcome, lock),
            daemon=True,
        )
        watcher.start()
        watchers.append(watcher)
    wall = time.monotonic() - started
    for watcher in watchers:
        watcher.join(timeout=FRESHNESS_GIVE_UP + 5)
    return {**outcome, "delays": delays, "wall": wall}


def _post(target, marker: str, number: int) -> tuple[int, float]:
    body = urllib.parse.urlencode(
        {
            "body": f"{marker}: that cliffhanger, though.",
            "author_name": f"Finale viewer {number % 97}",
            "issued": target.issued,
            "csrfmiddlewaretoken": target.token,
        }
    ).encode()
    headers = {
        "Accept": "application/json",
        "Content-Type": "application/x-www-form-urlencoded",
        "Cookie": f"csrftoken={target.csrf_cookie}",
        # An address per post: the rate limit sees first-time posters.
        "X-Forwarded-For": f"10.{number // 65536 % 256}.{number // 256 % 256}.{number % 256}",
    }
    conn = http.client.HTTPConnection(target.host, target.port, timeout=30)
    try:
        conn.request("POST", target.post_path, body, headers)
        response = conn.getresponse()
        response.read()
        return response.status, time.monotonic()
    except (OSError, http.client.HTTPException):
        return 0, time.monotonic()
    finally:
        conn.close()


def _watch(url, marker, created_at, delays, outcome, lock) -> None:
    """A first-time reader (no cookies) reloading until the comment is there."""
    parts = urllib.parse.urlsplit(url)
    path = parts.path + ("?" + parts.query if parts.query else "")
    while time.monotonic() - created_at < FRESHNESS_GIVE_UP:
        conn = http.client.HTTPConnection(parts.hostname, parts.port, timeout=10)
        try:
            conn.request("GET", path)
            html = conn.getresponse().read()
        except (OSError, http.client.HTTPException):
            html = b""
        finally:
            conn.close()
        if marker.encode() in html:
            with lock:
                delays.append(time.monotonic() - created_at)
            return
        time.sleep(0.05)
    with lock:
        outcome["never_shown"] += 1
        delays.append(FRESHNESS_GIVE_UP)


def finale_lines(result: dict) -> list[str]:
    """The report's paragraph for one configuration."""
    readers = result["readers"]
    fresh = (
        f"p50 {result['fresh_p50']:.2f} s, p99 {result['fresh_p99']:.2f} s"
        if result["fresh_p50"] is not None
        else "no comment was posted"
    )
    return [
        f"- Readers: {readers.get('rps', 0):,.0f} req/s, p50 "
        f"{readers.get('p50', 0):.0f} ms, p99 {readers.get('p99', 0):.0f} ms "
        f"({readers.get('non_2xx', 0)} non-2xx).",
        f"- Posts: {result['posts']} stored answers 201 "
        f"({result['posts_per_second']:.1f}/s), {result['post_failures']} refused or failed.",
        f"- Freshness (201 → in a first-time reader's page): {fresh}; "
        f"{result['never_shown']} not shown within {FRESHNESS_GIVE_UP:.0f} s.",
    ]


if __name__ == "__main__":  # against a running site: finale.py BASE PATH SECONDS
    print(json.dumps(bench_finale(sys.argv[1], sys.argv[2], seconds=int(sys.argv[3]))))
