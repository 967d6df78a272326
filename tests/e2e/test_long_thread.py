"""
A finale's 1,461-comment thread on a phone: a light first page, the rest of a
conversation one tap away (in place with JavaScript, a page away without).
"""

import re

import pytest

from .test_standards import axe_serious

pytestmark = pytest.mark.browser

LONG_THREAD = "/entertainment/tv/everything-we-know-stranger-things-season-5/"
PHONE = {"width": 390, "height": 844}
ELEMENT_BUDGET = 3000


def comment_ids(page) -> list[str]:
    return page.eval_on_selector_all("li.comment", "items => items.map(i => i.id)")


def test_the_first_page_is_light_and_more_replies_open_in_place(
    browser, live_site, screenshot_dir
):
    context = browser.new_context(base_url=live_site, viewport=PHONE)
    page = context.new_page()
    try:
        page.goto(LONG_THREAD)
        elements = page.evaluate("document.getElementsByTagName('*').length")
        before = comment_ids(page)
        more = page.locator("[data-more-replies]").first
        root_id = "comment-" + more.get_attribute("data-more-replies")
        hidden = int(re.search(r"Show (\d+) more", more.inner_text()).group(1))
        shown_under_root = page.locator(f"#{root_id} li.comment").count()

        more.click()
        page.wait_for_function(
            "([id, n]) => document.querySelectorAll('#' + id + ' li.comment').length >= n",
            arg=[root_id, shown_under_root + hidden],
        )
        page.screenshot(path=screenshot_dir / "long-thread-more-replies-390.png")
        focused = page.evaluate("document.activeElement.id")
        url_after = page.url
    finally:
        context.close()

    assert elements <= ELEMENT_BUDGET
    assert len(before) >= 20
    assert focused.startswith("comment-") and focused not in before
    assert url_after.endswith(LONG_THREAD)  # stayed on the page


def test_more_comments_join_the_page_in_place(browser, live_site):
    context = browser.new_context(base_url=live_site, viewport=PHONE)
    page = context.new_page()
    try:
        page.goto(LONG_THREAD)
        before = comment_ids(page)
        top_level = page.locator("[data-comment-list] > li.comment").count()
        page.get_by_role("link", name="More comments →").click()
        page.wait_for_function(
            "n => document.querySelectorAll('[data-comment-list] > li.comment').length > n",
            arg=top_level,
        )
        after = comment_ids(page)
        next_link = page.get_by_role("link", name="More comments →").get_attribute(
            "href"
        )
    finally:
        context.close()

    assert after[: len(before)] == before and len(after) > len(before)
    assert len(set(after)) == len(after)
    assert next_link.startswith("?cpage=3")


def test_without_javascript_more_replies_is_the_threads_own_page(
    browser, live_site, screenshot_dir
):
    context = browser.new_context(
        base_url=live_site, viewport=PHONE, java_script_enabled=False
    )
    page = context.new_page()
    try:
        page.goto(LONG_THREAD)
        more = page.locator("[data-more-replies]").first
        root = more.get_attribute("data-more-replies")
        more.click()
        page.wait_for_url(re.compile(rf"\?cthread={root}"))
        ids = comment_ids(page)
        page.screenshot(path=screenshot_dir / "long-thread-own-page-390.png")
        back = page.get_by_role("link", name="← All comments").get_attribute("href")
    finally:
        context.close()

    assert ids[0] == f"comment-{root}" and len(ids) > 4
    assert back == f"?#comment-{root}"


def test_a_threads_own_page_meets_the_accessibility_bar(browser, live_site):
    context = browser.new_context(
        base_url=live_site, viewport={"width": 1280, "height": 900}, bypass_csp=True
    )
    page = context.new_page()
    try:
        page.goto(LONG_THREAD)
        href = page.locator("[data-more-replies]").first.get_attribute("href")
        page.goto(LONG_THREAD + href.split("#")[0])
        serious = axe_serious(page)
    finally:
        context.close()

    assert serious == []
