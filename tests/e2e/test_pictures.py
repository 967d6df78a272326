"""Pictures as a reader on a phone gets them: the right size, the right type, nothing shifting."""

import re

import pytest
from playwright.sync_api import Page, expect

pytestmark = pytest.mark.browser

SEED_PATH = "/entertainment/everything-we-know-about-partner-track-season-2/"
SHOW_PATH = "/shows/partner-track/"
PHONE = {"viewport": {"width": 390, "height": 844}, "device_scale_factor": 1.75}
TYPES = {".webp": "image/webp", ".jpg": "image/jpeg"}


@pytest.fixture
def phone(browser, live_site):
    context = browser.new_context(base_url=live_site, **PHONE)
    context.set_default_timeout(10_000)
    try:
        yield context.new_page()
    finally:
        context.close()


def _srcset_urls(page: Page) -> set[str]:
    srcsets = page.eval_on_selector_all(
        "picture source, picture img",
        "nodes => nodes.map(n => n.getAttribute('srcset') || '')",
    )
    return {
        candidate.strip().split(" ")[0]
        for srcset in srcsets
        for candidate in srcset.split(",")
        if candidate.strip()
    }


def test_the_lead_picture_on_a_phone_is_webp_at_the_width_it_needs(
    phone: Page, screenshot_dir
):
    sizes = {}
    phone.on(
        "response",
        lambda response: (
            sizes.__setitem__(response.url, len(response.body()))
            if "/media/images/" in response.url
            else None
        ),
    )
    phone.goto(SEED_PATH)

    lead = phone.locator(".article__featured img")
    expect(lead).to_be_visible()
    phone.wait_for_function(
        "img => img.complete && img.naturalWidth > 0", arg=lead.element_handle()
    )
    current = lead.evaluate("img => img.currentSrc")
    # 390 CSS px minus the gutters, at 1.75 device pixels each: the 780 px WebP.
    assert current.endswith(".webp") and "fill-780x439" in current
    assert lead.get_attribute("width") and lead.get_attribute("height")
    assert sizes[current] <= 60_000, f"lead image is {sizes[current]} bytes"
    box = lead.bounding_box()
    assert box["width"] <= 390 and abs(box["height"] - box["width"] * 9 / 16) < 2

    phone.screenshot(path=screenshot_dir / "pictures-article-390.png")


@pytest.mark.parametrize("path", ["/", SEED_PATH, SHOW_PATH, "/shows/"])
def test_every_srcset_candidate_answers_with_its_type(page: Page, path):
    page.goto(path)

    urls = _srcset_urls(page)

    assert urls, f"no pictures on {path}"
    for url in urls:
        response = page.request.get(url)
        assert response.status == 200, url
        expected = TYPES[re.search(r"\.\w+$", url).group(0)]
        assert response.headers["content-type"] == expected, url


def test_show_page_and_board_show_posters(phone: Page, screenshot_dir):
    phone.goto(SHOW_PATH)
    poster = phone.locator(".show-header__poster")
    expect(poster).to_be_visible()
    assert poster.evaluate("img => img.currentSrc").endswith(".webp")
    phone.screenshot(path=screenshot_dir / "pictures-show-390.png")

    phone.goto("/shows/")
    posters = phone.locator(".board__poster")
    assert posters.count() >= 10
    expect(posters.first).to_be_visible()
    assert phone.evaluate("document.documentElement.scrollWidth") <= 390
    phone.screenshot(path=screenshot_dir / "pictures-board-390.png")
