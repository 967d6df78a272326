"""The Content Security Policy in a real browser: reader pages refuse injected
code yet run their own scripts and data blocks; the admin works under its own."""

import re

import pytest
from playwright.sync_api import expect

from tests.conftest import ADMIN_PASSWORD
from tests.e2e import conftest as e2e

pytestmark = pytest.mark.browser

ARTICLE_PATH = "/entertainment/everything-we-know-about-partner-track-season-2/"


def test_reader_page_refuses_injected_inline_code(page):
    page.goto(ARTICLE_PATH)

    # What an injection would add: an inline script and an event handler.
    page.evaluate(
        """() => {
            const script = document.createElement("script");
            script.textContent = "window.injected = 'script'";
            document.head.appendChild(script);
            document.body.insertAdjacentHTML(
                "beforeend", '<img src="/no-such.png" onerror="window.injected = 1">'
            );
        }"""
    )
    page.wait_for_timeout(500)

    assert page.evaluate("() => window.injected") is None
    blocked = list(e2e._csp_violations)
    e2e._csp_violations.clear()  # expected here; any other test fails on them
    assert len(blocked) >= 2
    assert all("Content Security Policy" in message for message in blocked)


def test_reader_page_runs_its_own_scripts_and_json_ld(page):
    page.goto(ARTICLE_PATH)

    # The view beacon and comment scripts are external files the policy allows.
    expect(page.locator("script[src*='comments']")).to_have_count(1)
    kinds = page.locator("script[type='application/ld+json']").evaluate_all(
        "blocks => blocks.map(b => JSON.parse(b.textContent)['@type'])"
    )
    assert "NewsArticle" in kinds
    # comments.js ran: the reply links open the form in place.
    page.locator("[data-reply-to]").first.click()
    expect(page.locator("[data-replying]")).to_be_visible()


def test_admin_editor_and_preview_work_under_the_admin_policy(page):
    page.goto("/admin/login/")
    page.get_by_label("Username").fill("admin")
    page.get_by_label("Password").fill(ADMIN_PASSWORD)
    page.get_by_role("button", name=re.compile("Sign in", re.I)).click()
    expect(page).to_have_url(re.compile(r"/admin/$"))

    page.goto("/admin/pages/search/?q=partner")
    page.locator("a[href*='/edit/']").first.click()
    page.locator("button[data-side-panel-toggle='preview']").first.click()

    # The preview frame shows the reader page, framed by the admin.
    preview = page.frame_locator("iframe[src*='/preview/']").last
    expect(preview.locator("h1").first).to_contain_text("Partner Track")
