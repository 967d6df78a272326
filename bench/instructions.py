"""
Instructions per request on the cold path (every cache off, one process):
this tree against a reference commit, counted by valgrind's callgrind.

    .venv/bin/python bench/instructions.py                 # against HEAD~1
    .venv/bin/python bench/instructions.py --reference d9d7c3f --requests 20

Why: this machine's clock moves by up to 40% within a day (bench/README.md),
so a change of a few percent in a page's CPU is lost in its milliseconds, even
side by side. An instruction count moves by 1-2% from run to run (when the
collector runs, time-stamped tokens); repeat a run to see a change of that
size. It is not time: a cache miss or a slow system call
costs more than its instructions say, so a change that trades instructions
for memory traffic still needs the clock, and the load bench stays the word
on throughput.

Each tree gets its own throwaway demo (migrate, collectstatic, load_demo,
ensure_site, with the tree's own code), then one process per tree renders
each page WARM_UP times at full speed and REQUESTS times under callgrind;
callgrind counts only those. Needs `valgrind` (Debian's package). Prints a
Markdown table and writes it to bench/results/instructions.md.
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import subprocess
import sys
import tempfile
from datetime import UTC, datetime
from pathlib import Path

REPO_DIR = Path(__file__).resolve().parent.parent
RESULTS_FILE = REPO_DIR / "bench" / "results" / "instructions.md"
PYTHON = REPO_DIR / ".venv" / "bin" / "python"

PAGES = {
    "seed article": "/entertainment/everything-we-know-about-partner-track-season-2/",
    "home": "/",
    "section": "/entertainment/",
    "shows": "/shows/",
    "show page": "/shows/partner-track/",
    "search": "/search/?q=renewed",
}
WARM_UP = 20
# Every cache that would spare the cold path its work, off.
CACHES_OFF = {
    "PAGE_CACHE_SECONDS": "0",
    "FRAGMENT_CACHE_SECONDS": "0",
    "FRAGMENT_PROCESS_COPIES_MB": "0",
}
SETUP_COMMANDS = (
    ["migrate", "--noinput"],
    ["collectstatic", "--noinput"],
    ["load_demo"],
    ["ensure_site"],
)

# Run inside the measured process (under valgrind, cwd = the tree).
MEASURED = r"""
import os, subprocess, sys
sys.path.insert(0, os.getcwd())
import django
django.setup()
from django.test import Client
client = Client(HTTP_HOST="127.0.0.1")
pid = str(os.getpid())
for url in sys.argv[2:]:
    for _ in range(int(os.environ["WARM_UP"])):
        assert client.get(url).status_code == 200, url
    import gc; gc.collect(); gc.freeze()
    subprocess.run(["callgrind_control", "--zero", pid], capture_output=True, check=True)
    subprocess.run(["callgrind_control", "-i", "on", pid], capture_output=True, check=True)
    for _ in range(int(os.environ["REQUESTS"])):
        client.get(url)
    subprocess.run(["callgrind_control", "-i", "off", pid], capture_output=True, check=True)
    subprocess.run(["callgrind_control", "--dump=" + url, pid], capture_output=True, check=True)
"""


def log(message: str) -> None:
    print(f"[bench] {message}", file=sys.stderr, flush=True)


def tree_env(var_dir: Path) -> dict[str, str]:
    env = {
        name: value
        for name, value in os.environ.items()
        if name not in {"DATABASE_URL", "REDIS_URL", "DJANGO_SETTINGS_MODULE"}
    }
    return {
        **env,
        **CACHES_OFF,
        "DJANGO_SETTINGS_MODULE": "cliffhanger.settings.base",
        "CLIFFHANGER_VAR_DIR": str(var_dir),
        "LOG_LEVEL": "WARNING",
        "PYTHONHASHSEED": "0",
    }


def demo_made(tree: Path, var_dir: Path) -> None:
    for command in SETUP_COMMANDS:
        subprocess.run(
            [str(PYTHON), "manage.py", *command, "--verbosity", "0"],
            cwd=tree,
            env=tree_env(var_dir),
            check=True,
            stdout=subprocess.DEVNULL,
        )


def instructions(tree: Path, var_dir: Path, requests: int) -> dict[str, float]:
    """Millions of instructions per request, by page, for this tree."""
    out = var_dir / "callgrind.out"
    env = {**tree_env(var_dir), "WARM_UP": str(WARM_UP), "REQUESTS": str(requests)}
    subprocess.run(
        [
            "valgrind",
            "--tool=callgrind",
            "--instr-atstart=no",
            f"--callgrind-out-file={out}",
            str(PYTHON),
            "-c",
            MEASURED,
            "measured",
            *PAGES.values(),
        ],
        cwd=tree,
        env=env,
        check=True,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    counts = {}
    for dump in var_dir.glob("callgrind.out.*"):
        text = dump.read_text(errors="replace")
        trigger = re.search(r"^desc: Trigger: dump (.*)$", text, re.M)
        totals = re.search(r"^totals: (\d+)", text, re.M)
        if trigger and totals:
            counts[trigger.group(1).strip()] = int(totals.group(1)) / requests / 1e6
    return {name: counts[url] for name, url in PAGES.items() if url in counts}


def measured_tree(rev: str | None, requests: int, scratch: Path) -> dict[str, float]:
    """The working tree (rev None) or a commit, checked out under `scratch`."""
    label = rev or "working tree"
    tree = REPO_DIR
    if rev:
        tree = scratch / "reference"
        subprocess.run(
            ["git", "worktree", "add", "--detach", "-f", str(tree), rev],
            cwd=REPO_DIR,
            check=True,
            capture_output=True,
        )
    var_dir = scratch / ("var-reference" if rev else "var-tree")
    var_dir.mkdir()
    log(f"{label}: demo site")
    demo_made(tree, var_dir)
    log(f"{label}: {requests} requests a page under callgrind")
    return instructions(tree, var_dir, requests)


def report(reference: str, ref: dict, now: dict, requests: int) -> str:
    head = subprocess.run(
        ["git", "rev-parse", "--short", "HEAD"],
        cwd=REPO_DIR,
        capture_output=True,
        text=True,
    ).stdout.strip()
    lines = [
        "# Instructions per request, every cache off",
        "",
        f"{datetime.now(UTC):%Y-%m-%d %H:%M} UTC; bench/instructions.py; "
        f"callgrind, {requests} requests a page after {WARM_UP} unmeasured; "
        f"millions of instructions per request.",
        "",
        f"| page | {reference} | working tree (HEAD {head}) | change |",
        "| --- | ---: | ---: | ---: |",
    ]
    for name in PAGES:
        if name in ref and name in now:
            change = (now[name] - ref[name]) / ref[name] * 100
            lines.append(
                f"| {name} | {ref[name]:.2f} | {now[name]:.2f} | {change:+.1f}% |"
            )
    return "\n".join(lines) + "\n"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--reference", default="HEAD~1")
    parser.add_argument("--requests", type=int, default=20)
    args = parser.parse_args()
    if not shutil.which("valgrind"):
        log("valgrind is not installed: apt-get install valgrind")
        return 1
    if args.requests < 1:
        parser.error("--requests must be 1 or more")
    known = subprocess.run(
        ["git", "rev-parse", "--verify", "--quiet", f"{args.reference}^{{commit}}"],
        cwd=REPO_DIR,
        capture_output=True,
    )
    if known.returncode:
        parser.error(f"--reference {args.reference!r} names no commit here")
    scratch = Path(tempfile.mkdtemp(prefix="cliffhanger-instructions-"))
    try:
        ref = measured_tree(args.reference, args.requests, scratch)
        now = measured_tree(None, args.requests, scratch)
    finally:
        subprocess.run(
            ["git", "worktree", "remove", "--force", str(scratch / "reference")],
            cwd=REPO_DIR,
            capture_output=True,
        )
        shutil.rmtree(scratch, ignore_errors=True)
    text = report(args.reference, ref, now, args.requests)
    print(text)
    RESULTS_FILE.write_text(text)
    return 0


if __name__ == "__main__":
    sys.exit(main())
