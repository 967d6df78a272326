from datetime import UTC, datetime

import pytest

from cliffhanger.moving.wxr import (
    WxrAuthor,
    WxrCategory,
    WxrPost,
    WxrSite,
    WxrTag,
    wxr_datetime,
    wxr_read,
)


@pytest.fixture
def records(fixture_path):
    with open(fixture_path("wordpress.xml"), "rb") as stream:
        return list(wxr_read(stream))


def posts(records) -> dict[str, WxrPost]:
    return {r.post_id: r for r in records if isinstance(r, WxrPost)}


def test_site_comes_first(records):
    site = records[0]
    assert isinstance(site, WxrSite)
    assert site.address == "https://www.tvdaily.example"
    assert site.wxr_version == "1.2"


def test_authors_categories_and_tags(records):
    assert [r.login for r in records if isinstance(r, WxrAuthor)] == [
        "maria",
        "dev.lee",
    ]
    categories = {r.nicename: r for r in records if isinstance(r, WxrCategory)}
    assert categories["tv"].parent == "entertainment"
    assert categories["shows"].name == "Shows &amp; Seasons"  # as WordPress escapes it
    assert [r.slug for r in records if isinstance(r, WxrTag)] == ["netflix", "renewals"]


def test_cdata_split_the_wxr_way_reads_back_whole(records):
    post = posts(records)["101"]
    assert "the sequence ]]> in code" in post.content


def test_post_fields(records):
    post = posts(records)["101"]
    assert post.status == "publish"
    assert post.slug == "partner-track-season-2"
    assert post.date == datetime(2022, 9, 5, 10, 0, tzinfo=UTC)
    assert post.categories == [("entertainment", "Entertainment"), ("tv", "TV")]
    assert post.tags == [("netflix", "Netflix"), ("renewals", "Renewals")]
    assert post.coauthors == [("cap-dev-lee", "Dev Lee")]
    assert post.meta["_thumbnail_id"] == "900"
    assert len(post.comments) == 8


def test_comment_fields(records):
    comment = posts(records)["101"].comments[0]
    assert comment.comment_id == "11"
    assert comment.author_ip == "203.0.113.7"
    assert comment.approved == "1"
    assert comment.parent_id == "0"
    assert comment.meta == {"dsq_post_id": "5001"}
    assert comment.date == datetime(2022, 9, 5, 12, 0, tzinfo=UTC)


def test_draft_without_gmt_date_falls_back_to_local_date(records):
    assert posts(records)["104"].date == datetime(2022, 10, 1, 12, 0, tzinfo=UTC)


def test_attachments_pages_and_menus_are_records_too(records):
    types = {post.post_id: post.post_type for post in posts(records).values()}
    assert types["900"] == "attachment"
    assert types["2"] == "page"
    assert types["300"] == "nav_menu_item"


def test_declared_latin1_encoding_is_decoded(fixture_path):
    with open(fixture_path("wordpress-latin1.xml"), "rb") as stream:
        records = list(wxr_read(stream))
    post = posts(records)["7"]
    assert post.title == "Café, crème brûlée et séries télé"
    assert "« Lupin »" in post.content
    assert post.comments[0].author == "Zoë"


@pytest.mark.parametrize(
    ("gmt", "local", "rfc822", "expected"),
    [
        ("2022-09-05 10:00:00", "", "", datetime(2022, 9, 5, 10, tzinfo=UTC)),
        ("0000-00-00 00:00:00", "", "", None),
        (
            "",
            "",
            "Mon, 05 Sep 2022 12:00:00 +0200",
            datetime(2022, 9, 5, 10, tzinfo=UTC),
        ),
        ("", "", "Mon, 30 Nov -0001 00:00:00 +0000", None),
        ("garbage", "", "", None),
    ],
)
def test_wxr_datetime(gmt, local, rfc822, expected):
    assert wxr_datetime(gmt, local, rfc822) == expected
