"""A reader searches from the header box and finds the seed story, with the
words they typed marked in the results; then a query full of search-engine
syntax gives a calm page rather than an error."""

import pytest
from playwright.sync_api import expect

pytestmark = pytest.mark.browser


def test_reader_searches_from_the_header(page, screenshot_dir):
    page.goto("/")
    box = page.get_by_role("searchbox", name="Search Cliffhanger")
    box.fill("partner track")
    box.press("Enter")

    page.wait_for_url("**/search/?q=partner+track")
    expect(page.get_by_role("heading", level=1)).to_have_text("Search results")
    results = page.locator(".search-result")
    expect(results.first).to_be_visible()
    first_title = results.first.locator(".search-result__title")
    expect(first_title.locator("mark").first).to_have_text("Partner")
    marks = page.locator(".search-result mark")
    assert marks.count() >= 2
    # Marked text is visibly highlighted, not just wrapped.
    background = marks.first.evaluate("el => getComputedStyle(el).backgroundColor")
    assert background not in ("rgba(0, 0, 0, 0)", "transparent")
    expect(page.locator(".search-entities")).to_contain_text("Partner Track")
    # The box on the results page keeps what the reader typed.
    expect(page.locator("#search-q")).to_have_value("partner track")
    page.screenshot(path=screenshot_dir / "search-results.png", full_page=True)

    first_title.get_by_role("link").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Partner Track")


def test_search_syntax_in_a_query_is_harmless(page):
    response = page.goto('/search/?q=%22NEAR(partner*+%5E"track')
    assert response.status == 200
    expect(page.locator(".search-summary")).to_be_visible()
