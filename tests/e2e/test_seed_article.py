"""What a reader sees on the seed article, its author page, and the view beacon."""

import re

import pytest
from playwright.sync_api import Page, expect

pytestmark = pytest.mark.browser

ARTICLE_PATH = "/entertainment/everything-we-know-about-partner-track-season-2/"
ARTICLE_TITLE = "Everything We Know About The Possibility Of Partner Track Season 2"
AUTHOR_NAME = "Ayman Bhorania"
AUTHOR_PATH = "/author/ayman-bhorania/"


def test_seed_article_reads_as_an_article(page: Page, screenshot_dir):
    page.goto(ARTICLE_PATH)

    breadcrumb = page.get_by_role("navigation", name="Breadcrumb")
    expect(breadcrumb.get_by_role("link", name="Home", exact=True)).to_have_attribute(
        "href", "/"
    )
    expect(
        breadcrumb.get_by_role("link", name="Entertainment", exact=True)
    ).to_have_attribute("href", "/entertainment/")

    expect(page.get_by_role("heading", level=1)).to_have_text(ARTICLE_TITLE)
    for heading in (
        "Partner Track Season 2 Renewal Status",
        "Let's Talk About The Finale Cliffhanger",
    ):
        expect(page.get_by_role("heading", level=2, name=heading)).to_be_visible()

    quotes = page.locator("figure.attributed-quote")
    assert quotes.count() >= 2
    expect(quotes.filter(has_text="Jinny Howe")).not_to_have_count(0)
    expect(quotes.filter(has_text="Georgia Lee")).not_to_have_count(0)

    author_box = page.locator("section.author-box")
    expect(author_box.get_by_role("link", name=AUTHOR_NAME)).to_have_attribute(
        "href", AUTHOR_PATH
    )

    popular_links = page.locator("section.most-popular li a[href]")
    assert popular_links.count() >= 3, "Most Popular should list at least 3 articles"

    # The rich text is rendered as HTML, not escaped markup.
    assert page.locator(".rich-text i").count() >= 1
    assert "<p>" not in page.locator("main").inner_text()
    assert "&lt;p&gt;" not in page.locator("main").inner_text()

    page.screenshot(path=screenshot_dir / "article-1280.png", full_page=True)


def test_author_link_leads_to_author_page(page: Page):
    page.goto(ARTICLE_PATH)
    page.locator("section.author-box").get_by_role("link", name=AUTHOR_NAME).click()

    expect(page).to_have_url(re.compile(re.escape(AUTHOR_PATH) + "$"))
    expect(page.get_by_role("heading", level=1)).to_have_text(AUTHOR_NAME)

    # The author's listing is newest first and paginated; the 2023 seed article
    # may be on a later page, so page through as a reader would.
    article_link = page.locator("main").get_by_role("link", name=ARTICLE_TITLE)
    for _ in range(10):
        if article_link.count():
            break
        older = page.get_by_role("navigation", name="Pages").get_by_role(
            "link", name="Older"
        )
        assert older.count(), "the author's listing ended without the seed article"
        href = older.get_attribute("href")
        older.click()
        expect(page).to_have_url(re.compile(re.escape(href) + "$"))
        expect(page.get_by_role("heading", level=1)).to_have_text(AUTHOR_NAME)
    expect(article_link).to_be_visible()
    expect(article_link).to_have_attribute("href", ARTICLE_PATH)


def test_view_beacon_is_sent_and_accepted(page: Page):
    def is_beacon(request):
        return request.method == "POST" and re.search(r"/views/\d+/$", request.url)

    with page.expect_request(is_beacon) as request_info:
        page.goto(ARTICLE_PATH)
    response = request_info.value.response()
    assert response is not None
    assert response.status == 204


def test_article_fits_a_phone(page: Page, screenshot_dir):
    page.set_viewport_size({"width": 390, "height": 844})
    page.goto(ARTICLE_PATH)
    expect(page.get_by_role("heading", level=1)).to_have_text(ARTICLE_TITLE)

    scroll_width = page.evaluate("document.documentElement.scrollWidth")
    page.screenshot(path=screenshot_dir / "article-390.png", full_page=True)
    assert scroll_width <= 390, (
        f"page scrolls sideways on a phone: {scroll_width}px wide"
    )


@pytest.mark.parametrize(
    ("path", "name"), [("/", "home"), ("/entertainment/", "section-entertainment")]
)
def test_listing_pages_render(page: Page, screenshot_dir, path, name):
    response = page.goto(path)
    assert response is not None and response.status == 200
    expect(page.locator(".card").first).to_be_visible()
    page.screenshot(path=screenshot_dir / f"{name}-1280.png", full_page=True)
