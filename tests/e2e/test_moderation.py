"""The moderator's journey: a comment is held, approved from the queue, and appears."""

import re
import uuid

import pytest
from playwright.sync_api import expect

from tests.conftest import ADMIN_PASSWORD

pytestmark = pytest.mark.browser

ARTICLE_PATH = "/entertainment/everything-we-know-about-partner-track-season-2/"


def test_held_comment_is_approved_from_the_queue(browser, live_site, screenshot_dir):
    marker = uuid.uuid4().hex[:8]
    body = f"Links {marker}: https://a.example https://b.example https://c.example"

    # A reader posts a comment with three links: the links policy holds it.
    reader = browser.new_context(base_url=live_site)
    page = reader.new_page()
    page.goto(ARTICLE_PATH + "#respond")
    page.locator("#id_body").fill(body)
    page.locator("#id_author_name").fill(f"Held {marker}")
    page.get_by_role("button", name="Post comment").click()
    held = page.locator(".comment", has_text=marker)
    expect(held.locator(".comment__pending")).to_contain_text("Awaiting moderation")

    stranger = browser.new_context(base_url=live_site).new_page()
    stranger.goto(ARTICLE_PATH)
    expect(stranger.locator(".comment", has_text=marker)).to_have_count(0)

    # The moderator finds it in the queue and approves it.
    admin = browser.new_context(base_url=live_site).new_page()
    admin.goto("/admin/login/")
    admin.get_by_label("Username").fill("admin")
    admin.get_by_label("Password").fill(ADMIN_PASSWORD)
    admin.get_by_role("button", name=re.compile("Sign in", re.I)).click()
    admin.goto("/admin/snippets/discussion/comment/?status=pending")
    row = admin.locator("tr", has_text=f"Held {marker}")
    expect(row).to_contain_text("links")
    row.locator("input[type=checkbox]").check()
    admin.locator(
        "[data-bulk-action-footer], .bulk-actions-choices, footer"
    ).get_by_role("link", name="Approve").first.click()
    admin.screenshot(path=screenshot_dir / "moderation-confirm.png")
    admin.get_by_role("button", name="Approve").click()
    expect(admin.locator(".messages")).to_contain_text("1 comment(s) changed")

    # Everyone now sees it, in its original place.
    stranger.reload()
    expect(stranger.locator(".comment", has_text=marker)).to_have_count(1)
    expect(
        stranger.locator(".comment", has_text=marker).locator(".comment__pending")
    ).to_have_count(0)
