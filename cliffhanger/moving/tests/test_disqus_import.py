import pytest

from cliffhanger.discussion.models import ArticleDiscussion, Comment, CommentStatus
from cliffhanger.moving.comments_import import DEPTH_CAPPED, PARENT_MISSING
from cliffhanger.moving.disqus_import import disqus_import
from cliffhanger.newsroom.models import ArticlePage


@pytest.fixture
def import_disqus_file(import_wordpress_file, fixture_path):
    import_wordpress_file()

    def run(name="disqus.xml"):
        with open(fixture_path(name), "rb") as stream:
            return disqus_import(stream=stream)

    return run


def thread(slug: str) -> dict[str, Comment]:
    page = ArticlePage.objects.get(slug=slug)
    return {c.author_name: c for c in Comment.objects.filter(article=page)}


def test_report(import_disqus_file):
    report = import_disqus_file()

    assert report.file_error == ""
    assert report.counts["threads"] == {"created": 4, "skipped": 1}
    assert report.counts["comments"] == {"created": 13, "updated": 1, "skipped": 3}
    assert report.skip_examples == {
        "no article here for its address (https://www.tvdaily.example/2018/01/never-imported/)": [
            "thread 7005 https://www.tvdaily.example/2018/01/never-imported/"
        ],
        "its thread 7005 has no article here": ["comment 5009"],
        "its thread 7999 is not in the export": ["comment 5010"],
        "it has no text": ["comment 5017"],
    }


def test_threads_are_found_by_old_address_plain_permalink_new_address_and_post_id(
    import_disqus_file,
):
    import_disqus_file()

    assert "Sam" in thread("partner-track-season-2")  # old pretty permalink
    assert "Ana" in thread("partner-track-season-2-2")  # /?p=102
    assert "Orphaned" in thread("the-table-read")  # the new address
    assert "Fan" in thread("stranger-things-final-season-date")  # "103 https://…"


def test_a_comment_wordpress_synced_from_disqus_is_updated_not_duplicated(
    import_disqus_file,
):
    import_disqus_file()

    comments = Comment.objects.filter(
        article__slug="partner-track-season-2", author_name="Kay"
    )
    assert comments.count() == 1
    kay = comments.get()
    assert kay.body == "I need season 2. Now."  # Disqus's text now
    sam = thread("partner-track-season-2")["Sam"]
    assert (sam.parent, sam.depth) == (kay, 1)
    assert "<script" not in sam.body_html
    assert (
        sam.body
        == "Same here! **Ten** episodes were not enough.\n\nSecond paragraph\nwith a break."
    )


def test_statuses_and_a_parent_later_in_the_file(import_disqus_file):
    import_disqus_file()

    comments = thread("partner-track-season-2-2")
    assert comments["Early Bird"].parent == comments["Ana"]
    assert comments["Regretful"].status == CommentStatus.REMOVED
    assert comments["Spammer"].status == CommentStatus.SPAM
    discussion = ArticleDiscussion.objects.get(article=comments["Ana"].article)
    assert discussion.closed  # the thread was closed in Disqus
    assert discussion.comment_count == 2
    assert discussion.last_number == 3
    roots = sorted(
        (c for c in comments.values() if c.depth == 0), key=lambda c: c.created_at
    )
    assert [c.number for c in roots] == [1, 2, 3]


def test_missing_parent_and_too_deep_replies(import_disqus_file):
    report = import_disqus_file()

    comments = thread("the-table-read")
    assert comments["Orphaned"].depth == 0
    assert report.note_examples[PARENT_MISSING] == ["comment 5007"]
    # Five levels are allowed (depth 0 to 4): the sixth attaches beside the fifth.
    assert [comments[name].depth for name in "ABCDE"] == [0, 1, 2, 3, 4]
    assert comments["F"].depth == 4
    assert comments["F"].parent == comments["D"]
    assert comments["F"].root == comments["A"]
    assert report.note_examples[DEPTH_CAPPED] == ["comment 5016"]


def test_running_again_changes_nothing(import_disqus_file):
    import_disqus_file()
    before = Comment.objects.count()

    report = import_disqus_file()

    assert Comment.objects.count() == before
    assert report.counts["comments"] == {"unchanged": 14, "skipped": 3}


def test_unsafe_file(import_disqus_file):
    report = import_disqus_file("billion-laughs.xml")

    assert "billion laughs" in report.file_error
