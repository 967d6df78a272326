"""A first-time reader gets the shared copy of an article (no CSRF token, no
cookie), and can still vote and comment at once: with JavaScript the page
fetches a token first; without it the browser's same-origin headers vouch."""

import re
import uuid

import pytest
from playwright.sync_api import expect

pytestmark = pytest.mark.browser

ARTICLE_PATH = "/entertainment/everything-we-know-about-partner-track-season-2/"


def _shared_copy(page):
    response = page.goto(ARTICLE_PATH)
    # With the page cache on (PostgreSQL and Redis pass) it is marked shareable.
    assert "private" not in response.headers.get("cache-control", "")
    assert "set-cookie" not in response.headers
    assert page.context.cookies() == []
    return response


def test_first_time_reader_with_javascript_comments_from_the_shared_copy(page):
    _shared_copy(page)
    tokens = page.locator("form[method=post] input[name=csrfmiddlewaretoken]")
    assert tokens.evaluate_all("inputs => inputs.every(i => i.value === '')")

    name = f"First Visit {uuid.uuid4().hex[:8]}"
    form = page.locator("[data-comment-form]")
    form.get_by_role("textbox", name="Comment", exact=True).fill(
        "Straight from the copy."
    )
    form.get_by_role("textbox", name="Name", exact=True).fill(name)
    with (
        page.expect_response("**/csrf-token/") as fetched,
        page.expect_response("**/comments/post/*/") as posted,
    ):
        form.get_by_role("button", name="Post comment").click()

    assert fetched.value.status == 200
    assert posted.value.status == 201
    sent = re.search(
        r'name="csrfmiddlewaretoken"\r\n\r\n(\w+)', posted.value.request.post_data
    )
    assert sent and sent.group(1) == fetched.value.json()["token"]
    expect(page.locator(".comment__author", has_text=name)).to_be_visible()
    assert any(c["name"] == "csrftoken" for c in page.context.cookies())


def test_first_time_reader_without_javascript_comments_from_the_shared_copy(
    browser, live_site
):
    context = browser.new_context(base_url=live_site, java_script_enabled=False)
    page = context.new_page()
    try:
        _shared_copy(page)
        name = f"No Script {uuid.uuid4().hex[:8]}"
        form = page.locator("[data-comment-form]")
        form.get_by_role("textbox", name="Comment", exact=True).fill(
            "No token, no script."
        )
        form.get_by_role("textbox", name="Name", exact=True).fill(name)
        with page.expect_navigation():
            form.get_by_role("button", name="Post comment").click()

        expect(page.locator(".comment__author", has_text=name)).to_be_visible()
    finally:
        context.close()


def test_a_vote_keeps_its_button_when_the_token_fetch_fails(page):
    """Without a token to be had, the vote still goes as a plain post, up or down."""
    _shared_copy(page)
    page.route("**/csrf-token/", lambda route: route.abort())
    vote = page.locator("[data-vote-form]").first
    with page.expect_request("**/vote/") as sent:
        vote.get_by_role("button", name=re.compile("Downvote")).click()

    assert "value=down" in (sent.value.post_data or "")
