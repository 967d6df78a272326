"""
Benchmark of moving a WordPress site in: import_wordpress on a generated export.

    .venv/bin/python bench/import_wordpress.py            # or: make bench
    .venv/bin/python bench/import_wordpress.py --posts 500 --comments 10000 --parse-posts 2000

In a temporary directory it:

  1. generates a WXR file of 5,000 posts and 100,000 comments (fixed random
     seed: 25 categories in a tree, 12 authors, 300 tags, HTML bodies with
     headings, lists, quotes, captioned images, an unknown shortcode now and
     then; threaded comments, some held, spam or trashed, a few pingbacks;
     a featured-image attachment after each post, as WordPress writes them);
  2. migrates a fresh SQLite database (the `make run` settings: WAL, DEBUG off);
  3. runs `manage.py import_wordpress FILE` in a child process, and reports wall
     time, posts/s, comments/s and the child's peak RSS; then runs it again on
     the same file (everything unchanged: the idempotent path);
  4. runs the parser alone (wxr_read over every record, no database) in a
     child process on that file and on a bigger one (--parse-posts, 4× by
     default), reporting time and peak RSS: the same peak for both files shows
     the parse holds one record at a time, not the file.

Peak RSS is the child's ru_maxrss (the whole Python process, Django loaded).
Prints a Markdown report and writes it to bench/results/import_wordpress.md.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import resource
import subprocess
import sys
import tempfile
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path
from xml.sax.saxutils import escape

sys.path.insert(0, str(Path(__file__).resolve().parent))

from article_page import (  # noqa: E402  (bench/ is not a package)
    ENV_TO_CLEAR,
    REPO_DIR,
    load_average,
    log,
    machine_summary,
    publish_report,
    table,
)

RESULTS_FILE = REPO_DIR / "bench" / "results" / "import_wordpress.md"
SEED = 2024
SITE = "https://www.bench-tv.example"
WORDS = [
    "season",
    "finale",
    "renewal",
    "network",
    "streaming",
    "cast",
    "showrunner",
    "premiere",
    "episode",
    "trailer",
    "cliffhanger",
    "ratings",
    "writers",
    "room",
    "spinoff",
    "reboot",
    "character",
    "arc",
    "fans",
    "theory",
    "villain",
    "plot",
    "twist",
    "release",
    "date",
    "production",
    "filming",
    "episodes",
    "critics",
]
STATUSES = ["1"] * 90 + ["0"] * 5 + ["spam"] * 3 + ["trash"] * 2


# ------------------------------------------------------------------- generating


def _cdata(text: str) -> str:
    return "<![CDATA[" + text.replace("]]>", "]]]]><![CDATA[>") + "]]>"


def _sentence(rng: random.Random, words: int) -> str:
    text = " ".join(rng.choice(WORDS) for _ in range(words))
    return text[0].upper() + text[1:] + "."


def _body(rng: random.Random, post_id: int) -> str:
    parts = []
    for number in range(rng.randint(4, 8)):
        parts.append(" ".join(_sentence(rng, rng.randint(8, 18)) for _ in range(3)))
        if number == 1:
            parts.append(f"<h2>{_sentence(rng, 4)[:-1]}</h2>")
        if number == 2 and rng.random() < 0.5:
            items = "".join(f"<li>{_sentence(rng, 5)}</li>" for _ in range(3))
            parts.append(f"<ul>{items}</ul>")
        if number == 3 and rng.random() < 0.4:
            parts.append(
                f"<blockquote><p>{_sentence(rng, 14)}</p><cite>A Showrunner</cite></blockquote>"
            )
        if number == 0 and rng.random() < 0.5:
            parts.append(
                f'[caption id="attachment_{post_id}" width="640"]<img src="/wp-content/'
                f'uploads/2023/01/still-{post_id}.jpg" alt="A still" width="640"> '
                f"{_sentence(rng, 5)}[/caption]"
            )
    if rng.random() < 0.05:
        parts.append('[gallery ids="1,2,3"]')
    return "\n\n".join(parts)


def _comment(rng, comment_id: int, parent: int, date: datetime) -> str:
    kind = "pingback" if rng.random() < 0.005 else "comment"
    stamp = date.strftime("%Y-%m-%d %H:%M:%S")
    reader = rng.randint(1, 5000)
    return (
        "\t\t<wp:comment>\n"
        f"\t\t\t<wp:comment_id>{comment_id}</wp:comment_id>\n"
        f"\t\t\t<wp:comment_author>{_cdata(f'Reader {reader}')}</wp:comment_author>\n"
        f"\t\t\t<wp:comment_author_email>{_cdata(f'reader{reader}@example.com')}</wp:comment_author_email>\n"
        "\t\t\t<wp:comment_author_url></wp:comment_author_url>\n"
        f"\t\t\t<wp:comment_author_IP>{_cdata(f'198.51.100.{reader % 250}')}</wp:comment_author_IP>\n"
        f"\t\t\t<wp:comment_date>{_cdata(stamp)}</wp:comment_date>\n"
        f"\t\t\t<wp:comment_date_gmt>{_cdata(stamp)}</wp:comment_date_gmt>\n"
        f"\t\t\t<wp:comment_content>{_cdata(_sentence(rng, rng.randint(6, 40)))}</wp:comment_content>\n"
        f"\t\t\t<wp:comment_approved>{_cdata(rng.choice(STATUSES))}</wp:comment_approved>\n"
        f"\t\t\t<wp:comment_type>{_cdata(kind)}</wp:comment_type>\n"
        f"\t\t\t<wp:comment_parent>{parent}</wp:comment_parent>\n"
        "\t\t\t<wp:comment_user_id>0</wp:comment_user_id>\n"
        "\t\t</wp:comment>\n"
    )


def generate_wxr(path: Path, *, posts: int, comments: int) -> dict:
    """Write a WXR file of `posts` posts and about `comments` comments, streaming."""
    # Every draw from `rng` happens in a fixed order, so a seed gives one file.
    rng = random.Random(SEED)
    categories = [("news", "")] + [
        (f"section-{n}", "news" if n % 3 else "") for n in range(24)
    ]
    authors = [f"writer{n}" for n in range(12)]
    start = datetime(2019, 1, 1, tzinfo=UTC)
    comment_id = 0
    written_comments = 0
    with open(path, "w", encoding="utf-8") as out:
        out.write(_channel_head())
        out.write(_authors_xml(authors))
        out.write(_categories_xml(categories))
        for post_number in range(posts):
            post_id = 10 + post_number * 2
            date = start + timedelta(hours=post_number * 3)
            out.write(_post_head(rng, post_id, post_number, date, categories, authors))
            count = _comment_count(
                rng, posts - post_number, comments - written_comments
            )
            comment_id = _write_comments(out, rng, comment_id, count, date)
            written_comments += count
            out.write("\t</item>\n")
            out.write(_attachment_item(post_id))
        out.write("</channel>\n</rss>\n")
    return {"posts": posts, "comments": written_comments, "bytes": path.stat().st_size}


def _channel_head() -> str:
    return (
        '<?xml version="1.0" encoding="UTF-8" ?>\n<rss version="2.0" '
        'xmlns:excerpt="http://wordpress.org/export/1.2/excerpt/" '
        'xmlns:content="http://purl.org/rss/1.0/modules/content/" '
        'xmlns:wfw="http://wellformedweb.org/CommentAPI/" '
        'xmlns:dc="http://purl.org/dc/elements/1.1/" '
        'xmlns:wp="http://wordpress.org/export/1.2/">\n<channel>\n'
        f"\t<title>Bench TV</title>\n\t<link>{SITE}</link>\n"
        "\t<wp:wxr_version>1.2</wp:wxr_version>\n"
        f"\t<wp:base_site_url>{SITE}</wp:base_site_url>\n"
        f"\t<wp:base_blog_url>{SITE}</wp:base_blog_url>\n"
    )


def _authors_xml(authors: list[str]) -> str:
    return "".join(
        f"\t<wp:author><wp:author_id>{number}</wp:author_id><wp:author_login>"
        f"{_cdata(login)}</wp:author_login><wp:author_display_name>"
        f"{_cdata(f'Writer {number}')}</wp:author_display_name></wp:author>\n"
        for number, login in enumerate(authors, start=1)
    )


def _categories_xml(categories: list[tuple[str, str]]) -> str:
    return "".join(
        f"\t<wp:category><wp:term_id>{number}</wp:term_id><wp:category_nicename>"
        f"{_cdata(nicename)}</wp:category_nicename><wp:category_parent>"
        f"{_cdata(parent)}</wp:category_parent><wp:cat_name>"
        f"{_cdata(nicename.title())}</wp:cat_name></wp:category>\n"
        for number, (nicename, parent) in enumerate(categories, start=1)
    )


def _post_head(
    rng: random.Random,
    post_id: int,
    post_number: int,
    date: datetime,
    categories: list[tuple[str, str]],
    authors: list[str],
) -> str:
    """A post's <item> up to its comments: fields, category, tags, featured image."""
    stamp = date.strftime("%Y-%m-%d %H:%M:%S")
    slug = f"{rng.choice(WORDS)}-{rng.choice(WORDS)}-{post_number}"
    category = rng.choice(categories)[0]
    tags = {f"tag-{rng.randint(1, 300)}" for _ in range(rng.randint(1, 4))}
    status = "publish" if rng.random() < 0.95 else "draft"
    head = (
        "\t<item>\n"
        f"\t\t<title>{_cdata(_sentence(rng, 7)[:-1])}</title>\n"
        f"\t\t<link>{SITE}/{date:%Y/%m}/{slug}/</link>\n"
        f"\t\t<dc:creator>{_cdata(rng.choice(authors))}</dc:creator>\n"
        f'\t\t<guid isPermaLink="false">{SITE}/?p={post_id}</guid>\n'
        f"\t\t<content:encoded>{_cdata(_body(rng, post_id))}</content:encoded>\n"
        f"\t\t<excerpt:encoded>{_cdata(_sentence(rng, 12))}</excerpt:encoded>\n"
        f"\t\t<wp:post_id>{post_id}</wp:post_id>\n"
        f"\t\t<wp:post_date>{_cdata(stamp)}</wp:post_date>\n"
        f"\t\t<wp:post_date_gmt>{_cdata(stamp)}</wp:post_date_gmt>\n"
        f"\t\t<wp:comment_status>{_cdata('open')}</wp:comment_status>\n"
        f"\t\t<wp:post_name>{_cdata(slug)}</wp:post_name>\n"
        f"\t\t<wp:status>{_cdata(status)}</wp:status>\n"
        f"\t\t<wp:post_type>{_cdata('post')}</wp:post_type>\n"
        f'\t\t<category domain="category" nicename="{category}">{_cdata(category.title())}</category>\n'
    )
    head += "".join(
        f'\t\t<category domain="post_tag" nicename="{tag}">{_cdata(tag)}</category>\n'
        for tag in sorted(tags)
    )
    return head + (
        "\t\t<wp:postmeta><wp:meta_key>_thumbnail_id</wp:meta_key>"
        f"<wp:meta_value>{post_id + 1}</wp:meta_value></wp:postmeta>\n"
    )


def _comment_count(
    rng: random.Random, remaining_posts: int, remaining_comments: int
) -> int:
    """Comments per post vary (0 to twice the mean); the last post makes the total exact."""
    mean = remaining_comments / remaining_posts
    return (
        remaining_comments
        if remaining_posts == 1
        else min(remaining_comments, rng.randint(0, int(2 * mean)))
    )


def _write_comments(
    out, rng: random.Random, comment_id: int, count: int, date: datetime
) -> int:
    """`count` comments threaded under one post; returns the last comment id used."""
    thread: list[int] = []
    for offset in range(count):
        comment_id += 1
        parent = rng.choice(thread) if thread and rng.random() < 0.35 else 0
        when = date + timedelta(minutes=10 + offset * 7)
        out.write(_comment(rng, comment_id, parent, when))
        thread.append(comment_id)
    return comment_id


def _attachment_item(post_id: int) -> str:
    """The featured image's attachment <item>, written after its post as WordPress does."""
    return (
        "\t<item>\n\t\t<title>still</title>\n"
        f"\t\t<wp:post_id>{post_id + 1}</wp:post_id>\n"
        f"\t\t<wp:post_parent>{post_id}</wp:post_parent>\n"
        "\t\t<wp:status>inherit</wp:status>\n"
        "\t\t<wp:post_type>attachment</wp:post_type>\n"
        f"\t\t<wp:attachment_url>{escape(SITE)}/wp-content/uploads/2023/01/"
        f"featured-{post_id}.jpg</wp:attachment_url>\n"
        "\t\t<wp:postmeta><wp:meta_key>_wp_attachment_image_alt</wp:meta_key>"
        "<wp:meta_value>A scene from the show</wp:meta_value></wp:postmeta>\n"
        "\t</item>\n"
    )


# ----------------------------------------------------------------- child processes


def child_environment(var_dir: Path) -> dict:
    env = {k: v for k, v in os.environ.items() if k not in ENV_TO_CLEAR}
    env.update(
        DJANGO_SETTINGS_MODULE="cliffhanger.settings.base",
        CLIFFHANGER_VAR_DIR=str(var_dir),
        LOG_LEVEL="WARNING",
        PYTHONPATH=str(REPO_DIR),
    )
    return env


def run_child(mode: str, *args: str, var_dir: Path) -> dict:
    started = time.perf_counter()
    result = subprocess.run(
        [sys.executable, __file__, "--child", mode, *args],
        env=child_environment(var_dir),
        cwd=REPO_DIR,
        capture_output=True,
        text=True,
        check=False,
    )
    if result.returncode != 0:
        sys.stderr.write(result.stdout + result.stderr)
        raise SystemExit(f"{mode} failed with exit code {result.returncode}")
    outcome = json.loads(result.stdout.strip().splitlines()[-1])
    outcome["process_seconds"] = time.perf_counter() - started
    return outcome


def _peak_rss_mib() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def child_main(mode: str, args: list[str]) -> None:
    """Runs in the child: one measured step, its figures as a JSON line on stdout."""
    if mode == "parse":
        _child_parse(args[0])
        return

    import django

    django.setup()
    if mode == "migrate":
        _child_migrate()
        return
    _child_import(args[0])


def _child_parse(path: str) -> None:
    """wxr_read over every record of the file, no database."""
    from cliffhanger.moving.wxr import WxrPost, wxr_read

    baseline = _peak_rss_mib()
    started = time.perf_counter()
    posts = comments = 0
    with open(path, "rb") as stream:
        for record in wxr_read(stream):
            if isinstance(record, WxrPost) and record.post_type == "post":
                posts += 1
                comments += len(record.comments)
    print(
        json.dumps(
            {
                "seconds": time.perf_counter() - started,
                "posts": posts,
                "comments": comments,
                "baseline_rss_mib": baseline,
                "peak_rss_mib": _peak_rss_mib(),
            }
        )
    )


def _child_migrate() -> None:
    import io

    from django.core.management import call_command

    started = time.perf_counter()
    call_command("migrate", interactive=False, verbosity=0, stdout=io.StringIO())
    print(json.dumps({"seconds": time.perf_counter() - started}))


def _child_import(path: str) -> None:
    """`import_wordpress FILE`, timed, with the rows it leaves in the database."""
    import io

    from django.core.management import call_command

    from cliffhanger.discussion.models import Comment
    from cliffhanger.newsroom.models import ArticlePage

    baseline = _peak_rss_mib()
    out = io.StringIO()
    started = time.perf_counter()
    call_command(
        "import_wordpress", path, "--no-progress", stdout=out, stderr=io.StringIO()
    )
    seconds = time.perf_counter() - started
    print(
        json.dumps(
            {
                "seconds": seconds,
                "baseline_rss_mib": baseline,
                "peak_rss_mib": _peak_rss_mib(),
                "report": out.getvalue().splitlines(),
                "articles": ArticlePage.objects.count(),
                "comments": Comment.objects.count(),
            }
        )
    )


# ------------------------------------------------------------------------ report


def render_report(machine, args, files, migrate, imports, parses, elapsed) -> str:
    lines = _report_header(machine, files, migrate)
    lines += _import_section(files, imports)
    lines += _parse_section(parses)
    growth = parses[1][2]["peak_rss_mib"] - parses[0][2]["peak_rss_mib"]
    lines += [
        "",
        f"The {files['big']['bytes'] / files['main']['bytes']:.1f}× bigger file peaks "
        f"{growth:+.1f} MiB from the first: the parser keeps one record, not the file.",
        "",
        f"Whole benchmark: {elapsed / 60:.1f} min. Command: "
        f"`python bench/import_wordpress.py --posts {args.posts} --comments "
        f"{args.comments} --parse-posts {args.parse_posts}`.",
        "",
    ]
    return "\n".join(lines)


def _report_header(machine, files, migrate) -> list[str]:
    m = machine
    return [
        "# WordPress import benchmark",
        "",
        f"- Date: {m['date']}",
        f"- Machine: {m['nproc']} CPUs (nproc), {m['cpu']}; {m['platform']}",
        f"- Python {m['python']}; {m['versions']}; commit {m['commit']}",
        "- Database: fresh throwaway SQLite (WAL, synchronous=NORMAL), settings "
        "`cliffhanger.settings.base` (DEBUG off); migrate took "
        f"{migrate['seconds']:.1f} s",
        f"- Load average (1, 5, 15 min) at start: {m['load']}; at end: {load_average()}",
        f"- Generated export: {files['main']['posts']:,} posts, "
        f"{files['main']['comments']:,} comments, "
        f"{files['main']['bytes'] / 2**20:.0f} MiB (seed {SEED}); generating took "
        f"{files['main']['seconds']:.0f} s",
        "",
    ]


def _import_section(files, imports) -> list[str]:
    """Both imports' rates and memory, then the first one's own report."""
    lines = [
        "## Import (`manage.py import_wordpress FILE`, one child process)",
        "",
        "Posts/s and comments/s are each divided by the whole run's wall time (the "
        "run does both). Peak RSS is the child's ru_maxrss; the baseline is the "
        "same process with Django loaded, before the import.",
        "",
    ]
    rows = [
        [
            label,
            f"{run['seconds']:.1f}",
            f"{files['main']['posts'] / run['seconds']:.1f}",
            f"{files['main']['comments'] / run['seconds']:.0f}",
            f"{run['baseline_rss_mib']:.0f}",
            f"{run['peak_rss_mib']:.0f}",
        ]
        for label, run in imports
    ]
    lines += table(
        [
            "Run",
            "Wall time (s)",
            "Posts/s",
            "Comments/s",
            "Baseline RSS (MiB)",
            "Peak RSS (MiB)",
        ],
        rows,
        text_columns=1,
    )
    first = imports[0][1]
    return lines + [
        "",
        f"After the first run: {first['articles']:,} articles and {first['comments']:,} "
        "comments in the database. Its report:",
        "",
        "```",
        *first["report"],
        "```",
        "",
    ]


def _parse_section(parses) -> list[str]:
    """The parser alone on both files: the same peak means it streams."""
    lines = [
        "## Parse only (`wxr_read` over every record, no database, one child process)",
        "",
    ]
    rows = [
        [
            label,
            f"{info['bytes'] / 2**20:.0f}",
            f"{run['posts']:,}",
            f"{run['comments']:,}",
            f"{run['seconds']:.1f}",
            f"{info['bytes'] / 2**20 / run['seconds']:.1f}",
            f"{run['baseline_rss_mib']:.1f}",
            f"{run['peak_rss_mib']:.1f}",
        ]
        for label, info, run in parses
    ]
    return lines + table(
        [
            "File",
            "Size (MiB)",
            "Posts",
            "Comments",
            "Time (s)",
            "MiB/s",
            "Baseline RSS (MiB)",
            "Peak RSS (MiB)",
        ],
        rows,
        text_columns=1,
    )


def main() -> None:
    args = _parse_arguments()
    if args.child:
        child_main(args.child[0], args.child[1:])
        return
    args.parse_posts = args.parse_posts or 4 * args.posts

    started = time.perf_counter()
    machine = machine_summary()
    with tempfile.TemporaryDirectory(prefix="cliffhanger-bench-import-") as tmp:
        tmp_dir = Path(tmp)
        var_dir = tmp_dir / "var"
        var_dir.mkdir()
        files = _generate_files(tmp_dir, args)
        migrate = run_child("migrate", var_dir=var_dir)
        log(f"migrate done in {migrate['seconds']:.1f} s")
        imports = _run_imports(files, var_dir)
        parses = _run_parses(files, var_dir)

    report = render_report(
        machine, args, files, migrate, imports, parses, time.perf_counter() - started
    )
    publish_report(report, RESULTS_FILE)


def _parse_arguments() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--posts", type=int, default=5_000)
    parser.add_argument("--comments", type=int, default=100_000)
    parser.add_argument(
        "--parse-posts",
        type=int,
        default=None,
        help="posts in the bigger parse-only file (comments in proportion; default 4× --posts)",
    )
    parser.add_argument("--child", nargs="+", help=argparse.SUPPRESS)
    return parser.parse_args()


def _generate_files(tmp_dir: Path, args: argparse.Namespace) -> dict:
    """The benchmark's export and the bigger one, each timed as it is written."""
    files = {}
    for key, posts, comments in (
        ("main", args.posts, args.comments),
        ("big", args.parse_posts, args.comments * args.parse_posts // args.posts),
    ):
        log(f"generating {posts:,} posts and {comments:,} comments")
        begun = time.perf_counter()
        files[key] = generate_wxr(
            tmp_dir / f"{key}.xml", posts=posts, comments=comments
        )
        files[key]["seconds"] = time.perf_counter() - begun
        files[key]["path"] = str(tmp_dir / f"{key}.xml")
        log(f"{files[key]['bytes'] / 2**20:.0f} MiB in {files[key]['seconds']:.0f} s")
    return files


def _run_imports(files: dict, var_dir: Path) -> list[tuple[str, dict]]:
    """The same file imported twice: everything created, then nothing changed."""
    imports = []
    for label in ("First import (all created)", "Second import (all unchanged)"):
        run = run_child("import", files["main"]["path"], var_dir=var_dir)
        log(f"{label}: {run['seconds']:.1f} s, peak RSS {run['peak_rss_mib']:.0f} MiB")
        imports.append((label, run))
    return imports


def _run_parses(files: dict, var_dir: Path) -> list[tuple[str, dict, dict]]:
    parses = []
    for key, label in (
        ("main", "The benchmark's export"),
        ("big", "A bigger export"),
    ):
        run = run_child("parse", files[key]["path"], var_dir=var_dir)
        log(
            f"parse {label}: {run['seconds']:.1f} s, peak RSS {run['peak_rss_mib']:.1f} MiB"
        )
        parses.append((label, files[key], run))
    return parses


if __name__ == "__main__":
    main()
