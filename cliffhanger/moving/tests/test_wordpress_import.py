from datetime import UTC, datetime

import pytest
from wagtail.models import PageViewRestriction

from cliffhanger.core.privacy import client_hash
from cliffhanger.discussion.models import (
    ArticleDiscussion,
    Comment,
    CommentStatus,
    ModerationAction,
)
from cliffhanger.discussion.services import comment_create
from cliffhanger.moving import articles_import
from cliffhanger.moving import wordpress_import as module
from cliffhanger.moving.models import ImportedItem
from cliffhanger.newsroom.models import ArticlePage, Author, SectionPage

URL_101 = "/entertainment/tv/partner-track-season-2/"


def article(slug: str) -> ArticlePage:
    return ArticlePage.objects.get(slug=slug)


def comments_of(page) -> dict[str, Comment]:
    return {c.author_name: c for c in Comment.objects.filter(article=page)}


class TestArticles:
    def test_report_counts_what_was_made_and_skipped(self, import_wordpress_file):
        report = import_wordpress_file()

        assert report.file_error == ""
        assert report.counts["articles"] == {"created": 5, "skipped": 3}
        assert report.counts["comments"] == {"created": 7, "skipped": 1}
        assert report.counts["sections"]["created"] == 4
        assert dict(report.skips) == {
            "in WordPress's trash": 1,
            "a WordPress page: there is no page type for it here": 1,
            "not an article (WordPress post type nav_menu_item)": 1,
            "a pingback, not a reader's comment": 1,
        }
        assert report.shortcode_examples["gallery"] == [
            "post 101 “Partner Track renewed? Everything we know”"
        ]
        assert ArticlePage.objects.count() == 5

    def test_published_post_keeps_its_slug_dates_and_bylines(
        self, import_wordpress_file
    ):
        import_wordpress_file()

        page = article("partner-track-season-2")
        assert (
            page.url == URL_101
        )  # primary category (Yoast's) is TV, under Entertainment
        assert page.live
        assert page.first_published_at == datetime(2022, 9, 5, 10, tzinfo=UTC)
        assert page.last_published_at == datetime(2022, 9, 20, 8, 30, tzinfo=UTC)
        assert page.dek == "Netflix is quiet about season 2."
        assert [a.author.name for a in page.article_authors.all()] == [
            "Maria Okafor",
            "Dev Lee",
        ]
        assert sorted(page.tags.names()) == ["Netflix", "Renewals"]
        assert page.revisions.count() == 1

    def test_body_becomes_sanitized_blocks(self, import_wordpress_file):
        import_wordpress_file()

        body = article("partner-track-season-2").body
        kinds = [block.block_type for block in body]
        assert kinds == [
            "paragraph",
            "heading",
            "paragraph",
            "quote",
            "remote_image",
            "paragraph",
        ]
        html = str(body)
        assert "]]&gt; in code" in html
        assert "<script" not in html and "javascript:" not in html
        image = body[4].value
        assert (
            image["url"]
            == "https://www.tvdaily.example/wp-content/uploads/2022/09/partner-track.jpg"
        )
        assert (image["alt_text"], image["caption"]) == (
            "Arden Cho in a law office",
            "Arden Cho as Ingrid Yun",
        )
        assert '[gallery ids="900,901"]' in body[5].value.source

    def test_featured_image_comes_from_an_attachment_listed_after_the_post(
        self, import_wordpress_file
    ):
        import_wordpress_file()

        page = article("partner-track-season-2")
        item = ImportedItem.objects.get(kind="article", page=page)
        assert item.data["featured_image"] == {
            "url": "https://www.tvdaily.example/wp-content/uploads/2022/09/partner-track.jpg",
            "alt": "Arden Cho in a law office",
        }
        assert page.featured_image_alt == "Arden Cho in a law office"

    def test_uploads_can_be_moved(self, import_wordpress_file):
        import_wordpress_file(uploads_url="https://media.example.com/wp/")

        image = article("partner-track-season-2").body[4].value
        assert image["url"] == "https://media.example.com/wp/2022/09/partner-track.jpg"

    def test_duplicate_slug_in_a_section_gets_a_suffix(self, import_wordpress_file):
        report = import_wordpress_file()

        page = ArticlePage.objects.get(title="Partner Track: the cast speaks")
        assert page.url == "/entertainment/tv/partner-track-season-2-2/"
        assert (
            report.notes["slug already used in its section: given a -2, -3… ending"]
            == 1
        )

    def test_scheduled_draft_private_and_password_protected_posts(
        self, import_wordpress_file
    ):
        report = import_wordpress_file()

        scheduled = article("stranger-things-final-season-date")
        assert not scheduled.live
        assert scheduled.go_live_at == datetime(2099, 1, 1, 12, tzinfo=UTC)
        assert scheduled.scheduled_revision is not None

        draft = ArticlePage.objects.get(title="Draft: what Vecna wants")
        assert not draft.live and draft.first_published_at is None
        assert draft.slug == "draft-what-vecna-wants"  # WordPress had none yet
        assert draft.get_parent().slug == "uncategorized"

        protected = article("the-table-read")
        restriction = PageViewRestriction.objects.get(page=protected)
        assert restriction.password == "letmein"
        assert ArticleDiscussion.objects.get(article=protected).closed
        assert (
            report.notes["quote without a <cite>: an editor must name who said it"] == 1
        )

    def test_sections_follow_the_category_tree(self, import_wordpress_file):
        report = import_wordpress_file()

        tv = SectionPage.objects.get(slug="tv")
        assert tv.get_parent().slug == "entertainment"
        assert SectionPage.objects.get(slug="entertainment").intro == (
            "Films, shows and the people in them."
        )
        # /shows/ is the tracker's: the category's section must not hide it.
        shows = SectionPage.objects.get(title="Shows & Seasons")
        assert shows.slug == "shows-2"
        assert (
            "section slug taken by the site's own pages: used shows-2" in report.notes
        )

    def test_latin1_export(self, import_wordpress_file):
        import_wordpress_file("wordpress-latin1.xml")

        page = article("cafe-creme-brulee")
        assert page.title == "Café, crème brûlée et séries télé"
        assert "« Lupin » revient. £5, ½ saison, ©." in page.body[0].value.source
        assert Author.objects.get(slug="renee").name == "Renée Müller"
        assert Comment.objects.get(article=page).author_name == "Zoë"


class TestComments:
    def test_threading_status_and_counters(self, import_wordpress_file):
        import_wordpress_file()

        page = article("partner-track-season-2")
        comments = comments_of(page)
        kay, maria, lou = comments["Kay"], comments["Maria Okafor"], comments["Lou"]
        assert (maria.parent, maria.depth, maria.root) == (kay, 1, kay)
        # Listed before its parent in the file, still placed under it.
        assert (lou.parent, lou.depth, lou.root) == (maria, 2, kay)
        assert comments["Orphan"].parent is None  # its parent was not exported
        assert comments["Cheap Pills"].status == CommentStatus.SPAM
        assert comments["Waiting Reader"].status == CommentStatus.PENDING
        assert comments["Binned"].status == CommentStatus.REMOVED
        assert "Another Blog" not in comments  # a pingback
        discussion = ArticleDiscussion.objects.get(article=page)
        assert discussion.comment_count == 4  # Kay, Maria, Lou, Orphan
        assert kay.reply_count == 1 and maria.reply_count == 1

    def test_top_level_comments_are_numbered_in_posting_order(
        self, import_wordpress_file
    ):
        import_wordpress_file()

        page = article("partner-track-season-2")
        roots = Comment.objects.filter(article=page, depth=0).order_by("created_at")
        assert [c.number for c in roots] == [1, 2, 3, 4, 5]
        assert ArticleDiscussion.objects.get(article=page).last_number == 5
        assert not Comment.objects.filter(
            article=page, depth__gt=0, number__isnull=False
        ).exists()

    def test_reader_details_are_cleaned(self, import_wordpress_file):
        import_wordpress_file()

        comments = comments_of(article("partner-track-season-2"))
        kay, lou = comments["Kay"], comments["Lou"]
        assert kay.ip_hash == client_hash("203.0.113.7")
        assert "203.0.113.7" not in str(
            Comment.objects.filter(pk=kay.pk).values().get()
        )
        assert (kay.author_email, kay.author_url) == (
            "kay@readers.example",
            "https://kay.example",
        )
        assert (lou.author_email, lou.author_url) == (
            "",
            "",
        )  # not an email, javascript: URL
        assert (
            kay.body
            == "I need season 2. \\*Now\\*.\nSecond line.\n\nSecond paragraph with [a link](https://example.org)."
        )
        assert 'rel="nofollow ugc noopener"' in kay.body_html
        assert kay.created_at == datetime(2022, 9, 5, 12, tzinfo=UTC)

    def test_held_comments_have_an_audit_row(self, import_wordpress_file):
        import_wordpress_file()

        actions = ModerationAction.objects.filter(source="import")
        assert sorted(actions.values_list("to_status", flat=True)) == [
            "pending",
            "removed",
            "spam",
        ]
        assert set(
            Comment.objects.exclude(status="approved").values_list(
                "moderation_reason", flat=True
            )
        ) == {"imported"}

    def test_nobody_is_emailed(self, import_wordpress_file, mailoutbox):
        import_wordpress_file()

        assert mailoutbox == []

    def test_imported_older_comments_renumber_a_thread_consistently(
        self, import_wordpress_file
    ):
        import_wordpress_file()
        page = article("partner-track-season-2")
        native = comment_create(
            article=page, body="Posted here, after the move.", author_name="New"
        )
        assert native.number == 6

        # Another import adds a comment older than the native one.
        Comment.objects.filter(article=page, author_name="Orphan").delete()
        ImportedItem.objects.filter(kind="comment", comment__isnull=True).delete()
        import_wordpress_file()

        roots = list(
            Comment.objects.filter(article=page, depth=0).order_by("created_at", "pk")
        )
        assert [c.number for c in roots] == list(range(1, len(roots) + 1))
        assert roots[-1].author_name == "New"
        assert ArticleDiscussion.objects.get(article=page).last_number == len(roots)


class TestIdempotence:
    def test_running_again_changes_nothing(self, import_wordpress_file):
        import_wordpress_file()
        before = {
            "pages": ArticlePage.objects.count(),
            "comments": Comment.objects.count(),
            "revisions": sum(p.revisions.count() for p in ArticlePage.objects.all()),
            "authors": Author.objects.count(),
            "sections": SectionPage.objects.count(),
            "items": ImportedItem.objects.count(),
        }

        report = import_wordpress_file()

        assert report.counts["articles"] == {"unchanged": 5, "skipped": 3}
        assert report.counts["comments"] == {"unchanged": 7, "skipped": 1}
        assert before == {
            "pages": ArticlePage.objects.count(),
            "comments": Comment.objects.count(),
            "revisions": sum(p.revisions.count() for p in ArticlePage.objects.all()),
            "authors": Author.objects.count(),
            "sections": SectionPage.objects.count(),
            "items": ImportedItem.objects.count(),
        }

    def test_changes_in_the_export_update_in_place(
        self, import_wordpress_file, fixture_path, tmp_path
    ):
        import_wordpress_file()
        page = article("partner-track-season-2")
        changed = tmp_path / "changed.xml"
        text = fixture_path("wordpress.xml").read_text()
        text = text.replace(
            "Partner Track renewed? Everything we know", "Partner Track renewed!"
        )
        text = text.replace("Held for moderation on the old site.", "Approved at last.")
        text = text.replace(
            "<wp:comment_approved><![CDATA[0]]></wp:comment_approved>",
            "<wp:comment_approved><![CDATA[1]]></wp:comment_approved>",
        )
        changed.write_text(text)

        report = import_wordpress_file(changed)

        assert report.counts["articles"]["updated"] == 1
        assert report.counts["comments"]["updated"] == 1
        page.refresh_from_db()
        assert page.title == "Partner Track renewed!"
        assert page.revisions.count() == 2
        waiting = Comment.objects.get(article=page, author_name="Waiting Reader")
        assert (waiting.status, waiting.body) == ("approved", "Approved at last.")
        assert ArticleDiscussion.objects.get(article=page).comment_count == 5
        assert ArticlePage.objects.count() == 5

    def test_a_deleted_article_is_made_again(self, import_wordpress_file):
        import_wordpress_file()
        article("the-table-read").delete()

        report = import_wordpress_file()

        assert report.counts["articles"]["created"] == 1
        assert article("the-table-read").live


def test_broken_post_is_reported_and_skipped_and_the_rest_imported(
    import_wordpress_file, monkeypatch
):
    real_create = articles_import.article_create

    def fail_for_one(*, section, spec):
        if spec.slug == "the-table-read":
            page, renamed = real_create(section=section, spec=spec)
            raise ValueError("the disk is on fire")
        return real_create(section=section, spec=spec)

    monkeypatch.setattr(module, "article_create", fail_for_one)
    skipped = []

    report = import_wordpress_file(on_skip=skipped.append)

    assert report.counts["articles"]["created"] == 4
    assert "ValueError: the disk is on fire" in report.skips
    assert any("post 105" in line and "disk is on fire" in line for line in skipped)
    # Nothing half-written: the page made before the failure was rolled back.
    assert not ArticlePage.objects.filter(slug="the-table-read").exists()
    assert not PageViewRestriction.objects.exists()


def test_no_home_page_is_a_clear_error(import_wordpress_file, home):
    from wagtail.models import Page

    Page.objects.get(pk=home.pk).delete()

    report = import_wordpress_file()

    assert report.file_error == module.NO_HOME_PAGE


@pytest.mark.parametrize("name", ["billion-laughs.xml", "external-entity.xml"])
def test_unsafe_file_imports_nothing(import_wordpress_file, name):
    report = import_wordpress_file(name)

    assert "document type declaration" in report.file_error
    assert ArticlePage.objects.count() == 0


def test_truncated_file_is_refused_before_anything_is_imported(
    import_wordpress_file, fixture_path, tmp_path
):
    text = fixture_path("wordpress.xml").read_bytes()
    truncated = tmp_path / "truncated.xml"
    truncated.write_bytes(text[: text.index(b"<title><![CDATA[Stranger Things")])

    report = import_wordpress_file(truncated)

    assert "not well-formed" in report.file_error
    # The first pass (attachments) reads the whole file before anything is written.
    assert ArticlePage.objects.count() == 0


def test_a_post_moved_to_another_category_moves_and_keeps_its_links(
    import_wordpress_file, fixture_path, tmp_path, client
):
    import_wordpress_file()
    moved = tmp_path / "moved.xml"
    moved.write_text(
        fixture_path("wordpress.xml")
        .read_text()
        .replace(
            "<wp:meta_value><![CDATA[3]]></wp:meta_value>",  # Yoast: TV → Entertainment
            "<wp:meta_value><![CDATA[2]]></wp:meta_value>",
        )
    )

    report = import_wordpress_file(moved)

    assert report.counts["articles"]["updated"] == 1
    page = article("partner-track-season-2")
    assert page.url == "/entertainment/partner-track-season-2/"
    for old in (URL_101, "/?p=101", "/2022/09/partner-track-season-2/"):
        response = client.get(old)
        assert (response.status_code, response["Location"]) == (301, page.url), old
