import io

import pytest
from taggit.models import Tag
from wagtail.contrib.redirects.models import Redirect
from wagtail.models import PageViewRestriction

from cliffhanger.discussion.models import ArticleDiscussion, Comment
from cliffhanger.moving.models import ImportedItem
from cliffhanger.moving.wordpress_export import cdata, wordpress_export
from cliffhanger.moving.wordpress_import import wordpress_import
from cliffhanger.moving.wxr import WxrPost, wxr_read
from cliffhanger.newsroom.models import ArticlePage, Author, SectionPage

SITE = "https://cliffhanger.example"


def export() -> bytes:
    out = io.StringIO()
    wordpress_export(out=out, base_url=SITE)
    return out.getvalue().encode()


def newsroom_empty() -> None:
    for section in SectionPage.objects.filter(depth=3):
        section.delete()
    for model in (Author, Redirect, Tag, ImportedItem):
        model.objects.all().delete()
    assert not Comment.objects.exists()


def comment_tree(page) -> list[tuple]:
    comments = list(Comment.objects.filter(article=page).order_by("created_at", "pk"))
    index = {comment.pk: number for number, comment in enumerate(comments)}
    return [
        (
            c.author_name,
            c.author_email,
            c.author_url,
            c.body,
            c.body_html,
            c.status,
            c.created_at,
            c.depth,
            c.number,
            index.get(c.parent_id),
            index.get(c.root_id),
            c.reply_count,
        )
        for c in comments
    ]


def snapshot() -> dict:
    """Everything an editor or reader sees of the imported site, without ids."""
    articles = {}
    for page in ArticlePage.objects.all():
        content = page.get_latest_revision_as_object()
        discussion = ArticleDiscussion.objects.filter(article=page).first()
        item = ImportedItem.objects.filter(page=page).first()
        articles[page.url_path] = {
            "title": content.title,
            "dek": content.dek,
            "body": [(b.block_type, b.get_prep_value()["value"]) for b in content.body],
            "tags": sorted(content.tags.names()),
            "authors": [a.author.name for a in content.article_authors.all()],
            "live": page.live,
            "first_published_at": page.first_published_at,
            "last_published_at": page.last_published_at,
            "go_live_at": content.go_live_at,
            "featured": (content.featured_image_alt, item.data.get("featured_image")),
            "password": list(
                PageViewRestriction.objects.filter(page=page).values_list(
                    "password", flat=True
                )
            ),
            "closed": discussion.closed if discussion else False,
            "counts": (discussion.comment_count, discussion.last_number)
            if discussion
            else None,
            "comments": comment_tree(page),
        }
    return {
        "articles": articles,
        "sections": sorted(
            SectionPage.objects.values_list("url_path", "title", "intro", "live")
        ),
        "authors": sorted(Author.objects.values_list("slug", "name")),
    }


def test_round_trip_gives_the_same_site(import_wordpress_file, tmp_path):
    import_wordpress_file()
    before = snapshot()
    path = tmp_path / "export.xml"
    path.write_bytes(export())
    newsroom_empty()

    with open(path, "rb") as stream:
        report = wordpress_import(stream=stream)

    assert report.file_error == ""
    assert report.counts["articles"] == {"created": 5}
    after = snapshot()
    assert after["sections"] == before["sections"]
    assert after["authors"] == before["authors"]
    assert after["articles"].keys() == before["articles"].keys()
    for url_path, article in before["articles"].items():
        assert after["articles"][url_path] == article, url_path


def test_export_reads_as_wxr_and_holds_no_addresses(import_wordpress_file):
    import_wordpress_file()

    data = export()

    records = list(wxr_read(io.BytesIO(data)))
    posts = [r for r in records if isinstance(r, WxrPost) and r.post_type == "post"]
    assert {post.status for post in posts} == {"publish", "future", "draft"}
    first = next(post for post in posts if post.slug == "partner-track-season-2")
    assert first.link == f"{SITE}/entertainment/tv/partner-track-season-2/"
    assert "]]&gt; in code" in first.content
    assert {c.approved for c in first.comments} == {"1", "0", "spam", "trash"}
    assert all(c.author_ip == "" for c in first.comments)
    assert b"203.0.113.7" not in data


def test_cdata_is_split_the_wordpress_way():
    assert cdata("a]]>b") == "<![CDATA[a]]]]><![CDATA[>b]]>"
    assert cdata("bad\x00\x1bchars") == "<![CDATA[badchars]]>"


def test_blocks_with_no_wordpress_equivalent_are_counted(db, home):
    from cliffhanger.newsroom.tests.factories import (
        ArticlePageFactory,
        SectionPageFactory,
    )

    page = ArticlePageFactory(parent=SectionPageFactory(parent=home))
    page.body = [
        {"type": "paragraph", "value": "<p>Kept</p>"},
        {"type": "poll", "value": None},
    ]
    page.save_revision().publish()

    summary = wordpress_export(out=io.StringIO(), base_url=SITE)

    assert summary.posts == 1
    assert summary.blocks_left_out == {"poll": 1}


@pytest.mark.parametrize("text", ["Tom & Jerry <3", "]]>", "ünïcødé ✓"])
def test_awkward_titles_survive(db, home, text):
    from cliffhanger.newsroom.tests.factories import (
        ArticlePageFactory,
        SectionPageFactory,
    )

    ArticlePageFactory(parent=SectionPageFactory(parent=home), title=text, slug="t")

    records = list(wxr_read(io.BytesIO(export())))

    assert [r.title for r in records if isinstance(r, WxrPost)] == [text]


def test_library_images_are_exported_at_their_address(db, home):
    from wagtail_factories import ImageFactory

    from cliffhanger.newsroom.tests.factories import (
        ArticlePageFactory,
        SectionPageFactory,
    )

    image = ImageFactory()
    page = ArticlePageFactory(
        parent=SectionPageFactory(parent=home),
        featured_image=image,
        featured_image_alt="The cast",
    )
    page.body = [
        {
            "type": "image",
            "value": {
                "image": image.pk,
                "alt_text": "Alt",
                "caption": "Cap",
                "credit": "Photo: X",
            },
        }
    ]
    page.save_revision().publish()

    records = list(wxr_read(io.BytesIO(export())))

    url = SITE + image.file.url
    post = next(r for r in records if isinstance(r, WxrPost) and r.post_type == "post")
    assert post.content == (
        f'<figure><img src="{url}" alt="Alt"/>'
        "<figcaption>Cap <cite>Photo: X</cite></figcaption></figure>"
    )
    [attachment] = [
        r for r in records if isinstance(r, WxrPost) and r.post_type == "attachment"
    ]
    assert post.meta["_thumbnail_id"] == attachment.post_id
    assert attachment.attachment_url == url
    assert attachment.meta["_wp_attachment_image_alt"] == "The cast"
