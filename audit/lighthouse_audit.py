"""
`make audit`: Lighthouse (npm, pointed at Debian's Chromium, mobile, the
default) on the seed article and on the first page of the demo's 1,461-comment
thread, of a fresh demo site served as `make run` serves it. Writes the HTML
and JSON reports to var/audit/, prints each page's four scores, its first
paints, element count and weight (HTML + CSS + JS bytes transferred), and
fails when a score is under 95.
"""

import json
import os
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
LIGHTHOUSE = REPO / "audit" / "node_modules" / ".bin" / "lighthouse"
REPORTS = REPO / "var" / "audit"
PAGES = {
    "seed": "/entertainment/everything-we-know-about-partner-track-season-2/",
    "long-thread": "/entertainment/tv/everything-we-know-stranger-things-season-5/",
}
MINIMUM = 95
CHROME_FLAGS = (
    "--headless=new --no-sandbox --disable-gpu --disable-quic --no-first-run "
    "--disable-background-networking --disable-component-update --disable-sync"
)


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def main() -> int:
    REPORTS.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="cliffhanger-audit-") as var_dir:
        env = {
            **os.environ,
            "DJANGO_SETTINGS_MODULE": "cliffhanger.settings.base",
            "CLIFFHANGER_VAR_DIR": var_dir,
        }
        for command in (
            ["migrate", "-v0"],
            ["collectstatic", "--noinput", "-v0"],
            ["load_demo"],
        ):
            subprocess.run(
                [sys.executable, "manage.py", *command],
                cwd=REPO,
                env=env,
                check=True,
                capture_output=True,
            )
        port = free_port()
        server = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "gunicorn",
                "cliffhanger.wsgi:application",
                "--bind",
                f"127.0.0.1:{port}",
                "--workers",
                "2",
            ],
            cwd=REPO,
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        try:
            url = f"http://127.0.0.1:{port}"
            for _ in range(100):
                try:
                    urllib.request.urlopen(url + "/healthz", timeout=2).close()
                    break
                except OSError:
                    time.sleep(0.2)
            for name, page in PAGES.items():
                subprocess.run(
                    [
                        str(LIGHTHOUSE),
                        url + page,
                        f"--chrome-flags={CHROME_FLAGS}",
                        "--output=json",
                        "--output=html",
                        f"--output-path={REPORTS / name}",
                        "--quiet",
                    ],
                    env={**env, "CHROME_PATH": "/usr/bin/chromium"},
                    check=True,
                    timeout=300,
                )
        finally:
            server.terminate()
            server.wait(timeout=20)
    low = {}
    for name in PAGES:
        low.update(report_page(name))
    if low:
        print(f"Below {MINIMUM}: {low}", file=sys.stderr)
        return 1
    return 0


def report_page(name: str) -> dict:
    """Print one page's figures; return its scores under the minimum."""
    report = json.loads((REPORTS / f"{name}.report.json").read_text())
    scores = {
        name: round(category["score"] * 100)
        for name, category in report["categories"].items()
    }
    weight = {}
    for item in report["audits"]["network-requests"]["details"]["items"]:
        kind = item.get("resourceType", "Other")
        weight[kind] = weight.get(kind, 0) + item.get("transferSize", 0)
    page_bytes = sum(
        weight.get(kind, 0) for kind in ("Document", "Stylesheet", "Script")
    )
    audits = report["audits"]
    elements = audits["dom-size"].get("numericValue")
    print(f"{name}:")
    print(
        "  Lighthouse scores:",
        ", ".join(f"{category} {score}" for category, score in scores.items()),
    )
    print(
        f"  FCP {audits['first-contentful-paint']['displayValue']}, "
        f"LCP {audits['largest-contentful-paint']['displayValue']}, "
        f"{elements:,.0f} elements"
    )
    print(
        f"  Page weight (HTML + CSS + JS, transferred): {page_bytes:,} bytes",
        {k: v for k, v in weight.items() if v},
    )
    print(f"  Report: {REPORTS / (name + '.report.html')}")
    return {
        f"{name} {category}": score
        for category, score in scores.items()
        if score < MINIMUM
    }


if __name__ == "__main__":
    sys.exit(main())
