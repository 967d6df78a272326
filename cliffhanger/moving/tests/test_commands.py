import io

import pytest
from django.core.management import CommandError, call_command

from cliffhanger.moving.wxr import WxrPost, wxr_read
from cliffhanger.newsroom.models import ArticlePage


def run(*args) -> tuple[str, str]:
    out, err = io.StringIO(), io.StringIO()
    call_command(*args, stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


def test_import_wordpress_prints_the_report_and_each_skip(db, home, fixture_path):
    out, err = run("import_wordpress", str(fixture_path("wordpress.xml")))

    assert "Articles: 5 created, 0 updated, 0 unchanged, 3 skipped" in out
    assert "Skipped, and why:" in out
    assert "[gallery]" in out
    assert "Skipped post 2 “About us”: a WordPress page" in err
    assert ArticlePage.objects.count() == 5


def test_import_wordpress_refuses_an_unsafe_file(db, home, fixture_path):
    with pytest.raises(CommandError, match="document type declaration"):
        run("import_wordpress", str(fixture_path("billion-laughs.xml")))


def test_import_wordpress_missing_file(db):
    with pytest.raises(CommandError, match="No such file: /nowhere.xml"):
        run("import_wordpress", "/nowhere.xml")


def test_import_disqus(db, home, fixture_path):
    run("import_wordpress", str(fixture_path("wordpress.xml")))

    out, err = run("import_disqus", str(fixture_path("disqus.xml")))

    assert "Comments: 13 created, 1 updated, 0 unchanged, 3 skipped" in out
    assert "Skipped comment 5010: its thread 7999 is not in the export" in err


def test_export_wordpress_to_a_file_and_to_stdout(db, home, fixture_path, tmp_path):
    run("import_wordpress", str(fixture_path("wordpress.xml")))
    path = tmp_path / "site.xml"

    _, err = run("export_wordpress", str(path), "--site-url", "https://x.example")
    out, _ = run("export_wordpress", "--site-url", "https://x.example")

    assert "Exported 5 posts, 7 comments" in err
    with open(path, "rb") as stream:
        posts = [r for r in wxr_read(stream) if isinstance(r, WxrPost)]
    assert len([p for p in posts if p.post_type == "post"]) == 5
    assert out.startswith('<?xml version="1.0" encoding="UTF-8" ?>\n<rss')
    assert out.count("<item>") == path.read_text().count("<item>")
