"""Old permalinks answer with a 301 through the real middleware stack."""

import pytest
from wagtail.contrib.redirects.models import Redirect

from cliffhanger.moving.permalinks import (
    article_for_address,
    post_old_paths,
    redirect_ensure,
)
from cliffhanger.newsroom.models import ArticlePage

NEW_URL = "/entertainment/tv/partner-track-season-2/"


@pytest.fixture
def imported(import_wordpress_file):
    import_wordpress_file()


OLD_PERMALINKS = [
    "/2022/09/partner-track-season-2/",
    "/2022/09/partner-track-season-2",  # without the trailing slash
    "/2022/09/partner-track-season-2/?utm_source=feed",
    "/?p=101",
    "/?p=101&utm_source=newsletter",
    "/?utm_source=newsletter&p=101",
]


def test_old_permalink_is_a_301_to_the_article(client, imported):
    # One import for every form of the old address: the import is the cost.
    for old in OLD_PERMALINKS:
        response = client.get(old)

        assert response.status_code == 301, old
        assert response["Location"] == NEW_URL, old
    assert client.get(NEW_URL).status_code == 200


def test_plain_permalink_of_a_post_with_a_duplicate_slug(client, imported):
    response = client.get("/?p=102")

    assert response.status_code == 301
    assert response["Location"] == "/entertainment/tv/partner-track-season-2-2/"


def test_category_archive_redirects_to_its_section(client, imported):
    response = client.get("/category/entertainment/tv/")

    assert response.status_code == 301
    assert response["Location"] == "/entertainment/tv/"


def test_the_home_page_is_still_the_home_page(client, imported):
    # No such post, a malformed id, a listing page: each is the home page.
    for address in ["/", "/?p=99999", "/?p=abc", "/?page=2"]:
        response = client.get(address)
        html = response.text

        assert response.status_code == 200, address
        assert "<title>TV and entertainment news · Cliffhanger</title>" in html
        # The imported posts are listed: the newsroom's home, not an empty page.
        assert "Partner Track renewed? Everything we know</a>" in html, address


def test_an_unknown_old_address_is_still_a_404(client, imported):
    assert client.get("/2022/09/never-existed/").status_code == 404


def test_head_request_is_redirected_too(client, imported):
    assert client.head("/?p=101").status_code == 301


def test_an_article_at_its_old_address_gets_no_redirect(db, home):
    from cliffhanger.newsroom.tests.factories import (
        ArticlePageFactory,
        SectionPageFactory,
    )

    section = SectionPageFactory(parent=home, slug="news")
    page = ArticlePageFactory(parent=section, slug="same-place")

    assert redirect_ensure(old_path="/news/same-place/", page=page) == "skipped"
    assert redirect_ensure(old_path="/2020/01/same-place/", page=page) == "created"
    assert redirect_ensure(old_path="/2020/01/same-place", page=page) == "unchanged"
    assert Redirect.objects.count() == 1


def test_post_old_paths():
    assert post_old_paths(
        link="https://www.example.com/blog/2022/09/pilot/",
        guid="https://www.example.com/blog/?p=7",
        post_id="7",
        blog_address="https://www.example.com/blog",
    ) == ["/blog/2022/09/pilot", "/blog?p=7"]
    # A guid on another host (a site that moved before) is not an address here.
    assert post_old_paths(
        link="https://www.example.com/?p=7",
        guid="http://old-host.example/?p=7",
        post_id="7",
        blog_address="https://www.example.com",
    ) == ["/?p=7"]


def test_blog_in_a_folder_keeps_its_plain_permalinks(client, db, home):
    from cliffhanger.newsroom.tests.factories import (
        ArticlePageFactory,
        SectionPageFactory,
    )

    page = ArticlePageFactory(parent=SectionPageFactory(parent=home, slug="tv"))
    for path in post_old_paths(
        link="https://example.com/blog/?p=7",
        guid="",
        post_id="7",
        blog_address="https://example.com/blog",
    ):
        redirect_ensure(old_path=path, page=page)

    response = client.get("/blog/?p=7")

    assert response.status_code == 301
    assert response["Location"] == page.url


def test_article_for_address(imported):
    page = ArticlePage.objects.get(url_path__endswith="/tv/partner-track-season-2/")

    assert article_for_address("https://www.tvdaily.example/?p=101") == page
    assert (
        article_for_address(
            "https://www.tvdaily.example/2022/09/partner-track-season-2/#c"
        )
        == page
    )
    assert article_for_address(f"https://cliffhanger.example{NEW_URL}?utm=1") == page
    assert article_for_address("https://www.tvdaily.example/2022/09/other/") is None
    assert (
        article_for_address("https://cliffhanger.example/entertainment/tv/") is None
    )  # a section
