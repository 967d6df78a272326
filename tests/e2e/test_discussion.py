"""What a reader does in the comment section of the seed article: read the
thread, get the form wrong, post and reply with JavaScript on and off, reveal a
spoiler, edit within the window, vote, and do it all from the keyboard.

The server is shared by the whole session and other tests post to the same
article, so every test writes comments under its own unique name and only
compares counts with what it read just before acting.
"""

import re
import uuid

import pytest
from playwright.sync_api import Browser, Locator, Page, expect

pytestmark = pytest.mark.browser

ARTICLE_PATH = "/entertainment/everything-we-know-about-partner-track-season-2/"
BODY_REQUIRED = "Please enter your comment!"
NAME_REQUIRED = "Please enter your name here"
SEED_TOP_LEVEL = 7
SEED_WITH_REPLY = 5
DESKTOP = {"width": 1280, "height": 900}
PHONE = {"width": 390, "height": 844}
COMMENT_URL = re.compile(re.escape(ARTICLE_PATH) + r"(\?cpage=\d+)?#comment-(\d+)$")


def _unique(prefix: str) -> str:
    return f"{prefix} {uuid.uuid4().hex[:8]}"


def _context_page(browser: Browser, live_site: str, *, javascript: bool = True):
    context = browser.new_context(
        base_url=live_site, viewport=DESKTOP, java_script_enabled=javascript
    )
    context.set_default_timeout(10_000)
    return context, context.new_page()


@pytest.fixture
def no_js_page(browser, live_site):
    """A fresh browser context with JavaScript disabled, at 1280x900."""
    context, page = _context_page(browser, live_site, javascript=False)
    try:
        yield page
    finally:
        context.close()


@pytest.fixture
def other_page(browser, live_site):
    """A second reader: another context, so other cookies."""
    context, page = _context_page(browser, live_site)
    try:
        yield page
    finally:
        context.close()


def _form(page: Page) -> Locator:
    return page.locator("form[data-comment-form]")


def _comment_count(page: Page) -> int:
    return int(page.locator("#comments-heading [data-comment-count]").inner_text())


def _top_level(page: Page) -> Locator:
    return page.locator("ol.comment-list > li.comment")


def _comment(page: Page, comment_id: str) -> Locator:
    return page.locator(f"li#comment-{comment_id}")


def _card(comment: Locator) -> Locator:
    return comment.locator(":scope > .comment__card")


def _fill_form(page: Page, *, body: str, name: str, email: str = "") -> None:
    form = _form(page)
    form.get_by_role("textbox", name="Comment", exact=True).fill(body)
    form.get_by_role("textbox", name="Name", exact=True).fill(name)
    if email:
        form.get_by_role("textbox", name="Email", exact=True).fill(email)


def _submit(page: Page) -> None:
    _form(page).get_by_role("button", name="Post comment").click()


def _post_without_js(page: Page, *, body: str, name: str, email: str = "") -> str:
    """Post through the plain form; returns the new comment's id."""
    _fill_form(page, body=body, name=name, email=email)
    _submit(page)
    expect(page).to_have_url(COMMENT_URL)
    return COMMENT_URL.search(page.url).group(2)


def _set_marker(page: Page) -> None:
    page.evaluate("window.__marker = 'still-here'")


def _assert_no_page_load(page: Page) -> None:
    assert page.evaluate("window.__marker") == "still-here", "the page reloaded"


def _post_with_js(page: Page, *, body: str, name: str) -> Locator:
    """Post in place; returns the new comment, found by its unique author name."""
    _fill_form(page, body=body, name=name)
    _submit(page)
    comment = page.locator("li.comment").filter(
        has=page.locator(":scope > .comment__card .comment__author", has_text=name)
    )
    expect(comment).to_have_count(1)
    return comment


# 1. Reading the thread ----------------------------------------------------


def test_thread_reads_as_numbered_comments_with_nested_reply(page: Page):
    page.goto(ARTICLE_PATH)
    section = page.locator("section#comments")
    expect(section).to_be_visible()

    top = _top_level(page)
    assert top.count() >= SEED_TOP_LEVEL
    numbers = top.locator(
        ":scope > .comment__card .comment__number-value"
    ).all_inner_texts()
    # Oldest first: the demo comments open the thread as 1 to 7, and every
    # top-level comment on the page carries the next number.
    assert numbers[:SEED_TOP_LEVEL] == [str(n) for n in range(1, 8)]
    assert numbers == [str(n) for n in range(1, len(numbers) + 1)]
    expect(top.nth(0).locator(".comment__number").first).to_have_text(
        "Comment number 1"
    )

    fifth = top.nth(SEED_WITH_REPLY - 1)
    replies = fifth.locator(":scope > ol.comment-replies > li.comment")
    expect(replies).to_have_count(1)
    expect(replies.locator(".comment__body")).not_to_be_empty()
    expect(replies.locator(".comment__number")).to_have_count(0)
    # The reply is indented under its parent.
    parent_box = _card(fifth).bounding_box()
    reply_box = _card(replies).bounding_box()
    assert reply_box["x"] > parent_box["x"] + 10
    # No other demo comment has replies.
    for index in range(SEED_TOP_LEVEL):
        if index != SEED_WITH_REPLY - 1:
            expect(top.nth(index).locator("ol.comment-replies")).to_have_count(0)

    heading = page.locator("#comments-heading")
    expect(heading).to_have_text(re.compile(r"^\d+ comments$"))
    assert _comment_count(page) >= SEED_TOP_LEVEL + 1  # seven and the reply

    # Each comment has a permalink to its own anchor.
    first = top.nth(0)
    first_id = first.get_attribute("id")
    expect(first.locator(".comment__permalink").first).to_have_attribute(
        "href", f"#{first_id}"
    )
    expect(
        _form(page).get_by_role("textbox", name="Comment", exact=True)
    ).to_be_visible()
    expect(page.locator("#respond-heading")).to_have_text("Leave a comment")


def test_comment_section_screenshots(page: Page, screenshot_dir):
    for name, viewport in (("1280", DESKTOP), ("390", PHONE)):
        page.set_viewport_size(viewport)
        page.goto(ARTICLE_PATH)
        section = page.locator("section#comments")
        expect(section).to_be_visible()
        section.screenshot(path=screenshot_dir / f"comments-{name}.png")
        scroll_width = page.evaluate("document.documentElement.scrollWidth")
        assert scroll_width <= viewport["width"], (
            f"the page scrolls sideways at {name}px: {scroll_width}px wide"
        )


# 2. Empty submit ----------------------------------------------------------


def test_empty_submit_with_javascript_shows_errors_in_place(page: Page, screenshot_dir):
    page.goto(ARTICLE_PATH)
    _set_marker(page)
    url = page.url
    form = _form(page)
    body = form.get_by_role("textbox", name="Comment", exact=True)
    name = form.get_by_role("textbox", name="Name", exact=True)

    _submit(page)

    body_error = form.locator("#id_body_error")
    name_error = form.locator("#id_author_name_error")
    expect(body_error).to_have_text(BODY_REQUIRED)
    expect(name_error).to_have_text(NAME_REQUIRED)
    expect(body).to_be_focused()
    expect(body).to_have_attribute("aria-invalid", "true")
    expect(name).to_have_attribute("aria-invalid", "true")
    expect(body).to_have_attribute("aria-describedby", re.compile(r"\bid_body_error\b"))
    expect(name).to_have_attribute(
        "aria-describedby", re.compile(r"\bid_author_name_error\b")
    )
    # The help text stays described too.
    expect(body).to_have_attribute(
        "aria-describedby", re.compile(r"\bid_body_helptext\b")
    )
    expect(form.get_by_role("textbox", name="Email", exact=True)).not_to_have_attribute(
        "aria-invalid", "true"
    )
    _assert_no_page_load(page)
    assert page.url == url

    # A second empty submit does not pile up messages.
    _submit(page)
    expect(form.locator(".field__error")).to_have_count(2)
    expect(body).to_have_attribute(
        "aria-describedby", re.compile(r"^(?!.*id_body_error.*id_body_error)")
    )

    page.set_viewport_size(PHONE)
    form.screenshot(path=screenshot_dir / "comments-errors-390.png")

    # Fixing one field clears its message on the next try.
    body.fill(_unique("Only the body"))
    _submit(page)
    expect(form.locator("#id_author_name_error")).to_have_text(NAME_REQUIRED)
    expect(form.locator("#id_body_error")).to_have_count(0)
    expect(body).not_to_have_attribute("aria-invalid", "true")
    expect(name).to_be_focused()
    _assert_no_page_load(page)


def test_empty_submit_without_javascript_returns_the_filled_form(no_js_page: Page):
    page = no_js_page
    page.goto(ARTICLE_PATH)
    form = _form(page)
    form.get_by_role("textbox", name="Email", exact=True).fill("reader@example.com")
    form.get_by_role("textbox", name="Website", exact=True).fill(
        "https://example.org/me"
    )

    with page.expect_navigation() as navigation:
        _submit(page)
    assert navigation.value.status == 400

    form = _form(page)
    expect(form.locator("#id_body_error")).to_have_text(BODY_REQUIRED)
    expect(form.locator("#id_author_name_error")).to_have_text(NAME_REQUIRED)
    body = form.get_by_role("textbox", name="Comment", exact=True)
    name = form.get_by_role("textbox", name="Name", exact=True)
    expect(body).to_have_attribute("aria-invalid", "true")
    expect(name).to_have_attribute("aria-invalid", "true")
    expect(body).to_have_attribute("aria-describedby", re.compile(r"\bid_body_error\b"))
    expect(name).to_have_attribute(
        "aria-describedby", re.compile(r"\bid_author_name_error\b")
    )
    expect(form.get_by_role("textbox", name="Email", exact=True)).to_have_value(
        "reader@example.com"
    )
    expect(form.get_by_role("textbox", name="Website", exact=True)).to_have_value(
        "https://example.org/me"
    )
    # The rest of the article is still there around the form.
    expect(page.locator("section#comments li.comment").first).to_be_visible()

    # What was typed comes back when only the name is missing.
    text = _unique("Kept after a rejected post")
    body.fill(text)
    with page.expect_navigation() as navigation:
        _submit(page)
    assert navigation.value.status == 400
    form = _form(page)
    expect(form.get_by_role("textbox", name="Comment", exact=True)).to_have_value(text)
    expect(form.locator("#id_author_name_error")).to_have_text(NAME_REQUIRED)
    expect(form.locator("#id_body_error")).to_have_count(0)


# 3. Posting and replying without JavaScript -------------------------------


def test_post_and_reply_without_javascript(no_js_page: Page):
    page = no_js_page
    page.goto(ARTICLE_PATH)
    name = _unique("NoScript Nadia")
    body = _unique("Posted with scripts off:")

    comment_id = _post_without_js(page, body=body, name=name, email="nadia@example.com")
    comment = _comment(page, comment_id)
    expect(_card(comment).locator(".comment__author")).to_have_text(name)
    expect(_card(comment).locator(".comment__body")).to_have_text(body)
    expect(_card(comment).locator(".comment__number-value")).to_have_text(
        re.compile(r"^\d+$")
    )
    # The email is never shown.
    expect(page.locator("section#comments")).not_to_contain_text("nadia@example.com")
    # The redirect lands on the new comment's anchor.
    expect(_card(comment)).to_be_in_viewport()

    reply_link = _card(comment).get_by_role("link", name=f"Reply to {name}")
    expect(reply_link).to_have_attribute("href", f"?replyto={comment_id}#respond")
    reply_link.click()
    expect(page).to_have_url(
        re.compile(re.escape(ARTICLE_PATH) + rf"\?replyto={comment_id}#respond$")
    )
    expect(page.locator("#respond-heading")).to_have_text(f"Reply to {name}")
    expect(page.locator("[data-replying]")).to_contain_text(f"Replying to {name}")
    expect(_form(page).locator("input[name=parent]")).to_have_value(comment_id)

    reply_name = _unique("NoScript Reply")
    reply_body = _unique("A reply with scripts off:")
    reply_id = _post_without_js(page, body=reply_body, name=reply_name)
    assert reply_id != comment_id

    reply = _comment(page, comment_id).locator(
        f":scope > ol.comment-replies > li#comment-{reply_id}"
    )
    expect(reply).to_be_visible()
    expect(_card(reply).locator(".comment__author")).to_have_text(reply_name)
    expect(_card(reply).locator(".comment__body")).to_have_text(reply_body)
    expect(_card(reply).locator(".comment__number")).to_have_count(0)
    # After the redirect the form is back to a new top-level comment.
    expect(page.locator("#respond-heading")).to_have_text("Leave a comment")


# 4. Posting and replying with JavaScript ----------------------------------


def test_post_and_reply_in_place_with_javascript(page: Page, screenshot_dir):
    page.goto(ARTICLE_PATH)
    url = page.url
    before = _comment_count(page)
    last_number = int(
        _top_level(page)
        .locator(":scope > .comment__card .comment__number-value")
        .last.inner_text()
    )
    _set_marker(page)

    name = _unique("Scripted Sam")
    body = _unique("Posted in place:")
    comment = _post_with_js(page, body=body, name=name)

    _assert_no_page_load(page)
    assert page.url == url
    expect(page.locator("#comments-heading [data-comment-count]")).to_have_text(
        str(before + 1)
    )
    expect(page.locator("#comments-heading")).to_have_text(f"{before + 1} comments")
    # A new top-level comment at the end of the list, numbered next, with the
    # author's own Edit link; the form is emptied for the next comment.
    expect(_top_level(page).last).to_have_id(comment.get_attribute("id"))
    expect(_card(comment).locator(".comment__author")).to_have_text(name)
    expect(_card(comment).locator(".comment__number-value")).to_have_text(
        str(last_number + 1)
    )
    expect(_card(comment).get_by_role("link", name="Edit", exact=True)).to_be_visible()
    expect(comment).to_be_focused()
    expect(
        _form(page).get_by_role("textbox", name="Comment", exact=True)
    ).to_have_value("")
    comment_id = comment.get_attribute("data-comment-id")

    _card(comment).get_by_role("link", name=f"Reply to {name}").click()
    respond = page.locator("#respond")
    expect(comment.locator(":scope > #respond")).to_have_count(1)
    expect(page.locator("#respond-heading")).to_have_text(f"Reply to {name}")
    expect(respond.locator("[data-replying]")).to_contain_text(f"Replying to {name}")
    expect(_form(page).locator("input[name=parent]")).to_have_value(comment_id)
    expect(
        _form(page).get_by_role("textbox", name="Comment", exact=True)
    ).to_be_focused()
    # The form sits right under the comment being answered.
    card_box = _card(comment).bounding_box()
    respond_box = respond.bounding_box()
    assert respond_box["y"] >= card_box["y"] + card_box["height"] - 1
    page.set_viewport_size(PHONE)
    comment.scroll_into_view_if_needed()
    comment.screenshot(path=screenshot_dir / "comments-reply-form-390.png")
    page.set_viewport_size(DESKTOP)
    comment.screenshot(path=screenshot_dir / "comments-reply-form-1280.png")

    reply_name = _unique("Scripted Reply")
    reply_body = _unique("A reply in place:")
    _fill_form(page, body=reply_body, name=reply_name)
    _submit(page)

    reply = comment.locator(":scope > ol.comment-replies > li.comment")
    expect(reply).to_have_count(1)
    expect(_card(reply).locator(".comment__body")).to_have_text(reply_body)
    expect(_card(reply).locator(".comment__author")).to_have_text(reply_name)
    expect(_card(reply).locator(".comment__number")).to_have_count(0)
    expect(page.locator("#comments-heading [data-comment-count]")).to_have_text(
        str(before + 2)
    )
    # The form is back in its place, for a new top-level comment.
    expect(page.locator("#respond-heading")).to_have_text("Leave a comment")
    expect(page.locator("li.comment #respond")).to_have_count(0)
    expect(page.locator("[data-replying]")).to_have_count(0)
    expect(_form(page).locator("input[name=parent]")).to_have_value("")
    assert (
        page.evaluate("document.getElementById('respond').parentElement.id")
        == "comments"
    )
    _assert_no_page_load(page)

    # A reload shows the same thread from the server.
    page.reload()
    reply = _comment(page, comment_id).locator(":scope > ol.comment-replies > li")
    expect(reply).to_have_count(1)
    expect(_card(reply).locator(".comment__body")).to_have_text(reply_body)


def test_cancel_reply_puts_the_form_back(page: Page):
    page.goto(ARTICLE_PATH)
    first = _top_level(page).first
    _card(first).locator(".comment__reply").click()
    expect(first.locator(":scope > #respond")).to_have_count(1)
    page.get_by_role("button", name="Cancel reply").click()
    expect(page.locator("li.comment #respond")).to_have_count(0)
    expect(page.locator("#respond-heading")).to_have_text("Leave a comment")
    expect(_form(page).locator("input[name=parent]")).to_have_value("")
    expect(_card(first).locator(".comment__reply")).to_be_focused()


# 5. Spoilers --------------------------------------------------------------


def _assert_spoiler_reveals(page: Page, comment: Locator) -> None:
    body = _card(comment).locator(".comment__body")
    hidden = body.locator("details.spoiler > span")
    expect(body).to_contain_text("Ingrid ends up with")
    expect(hidden).to_have_text("Z, obviously")
    expect(hidden).to_be_hidden()
    summary = body.locator("details.spoiler > summary")
    expect(summary).to_have_text("Spoiler")
    summary.click()
    expect(hidden).to_be_visible()
    expect(body.locator("details.spoiler")).to_have_attribute("open", "")


def test_spoiler_hidden_until_revealed(no_js_page: Page, page: Page, screenshot_dir):
    no_js_page.goto(ARTICLE_PATH)
    name = _unique("Spoiler Sue")
    comment_id = _post_without_js(
        no_js_page, body="Ingrid ends up with ||Z, obviously||", name=name
    )
    comment = _comment(no_js_page, comment_id)
    _card(comment).screenshot(path=screenshot_dir / "comments-spoiler-closed.png")
    _assert_spoiler_reveals(no_js_page, comment)
    _card(comment).screenshot(path=screenshot_dir / "comments-spoiler-open.png")

    # The same with JavaScript, for a reader who did not write it.
    page.goto(ARTICLE_PATH)
    _assert_spoiler_reveals(page, _comment(page, comment_id))

    # And posted in place with JavaScript.
    js_comment = _post_with_js(
        page, body="Ingrid ends up with ||Z, obviously||", name=_unique("Spoiler Sid")
    )
    _assert_spoiler_reveals(page, js_comment)


# 6. Editing within the window ---------------------------------------------


def test_author_edits_own_comment_within_the_window(no_js_page: Page, other_page: Page):
    page = no_js_page
    page.goto(ARTICLE_PATH)
    body = _unique("Frist! (typo)")
    comment_id = _post_without_js(page, body=body, name=_unique("Editing Edie"))
    comment = _comment(page, comment_id)

    edit = _card(comment).get_by_role("link", name="Edit", exact=True)
    expect(edit).to_be_visible()
    # Only on this reader's own comment.
    expect(page.locator("section#comments .comment__edit")).to_have_count(1)
    expect(
        _card(_top_level(page).first).get_by_role("link", name="Edit", exact=True)
    ).to_have_count(0)
    edit_href = edit.get_attribute("href")

    # Another reader sees the comment but no Edit link, and cannot open the form.
    other_page.goto(ARTICLE_PATH)
    expect(_comment(other_page, comment_id)).to_be_visible()
    expect(other_page.locator("section#comments .comment__edit")).to_have_count(0)
    response = other_page.goto(edit_href)
    assert response is not None and response.status == 403
    expect(other_page.get_by_role("heading", level=1)).to_have_text(
        "You cannot change this comment"
    )

    edit.click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Edit your comment")
    textarea = page.get_by_role("textbox", name="Comment", exact=True)
    expect(textarea).to_have_value(body)
    new_body = _unique("First! (fixed)")
    textarea.fill(new_body)
    page.get_by_role("button", name="Save changes").click()

    expect(page).to_have_url(COMMENT_URL)
    assert COMMENT_URL.search(page.url).group(2) == comment_id
    comment = _comment(page, comment_id)
    expect(_card(comment).locator(".comment__body")).to_have_text(new_body)
    expect(_card(comment).locator(".comment__edited")).to_have_text("(edited)")
    expect(page.locator("section#comments")).not_to_contain_text(body)

    # The other reader sees the new text too, still without an Edit link.
    other_page.goto(ARTICLE_PATH)
    other_comment = _comment(other_page, comment_id)
    expect(_card(other_comment).locator(".comment__body")).to_have_text(new_body)
    expect(_card(other_comment).locator(".comment__edited")).to_be_visible()
    expect(other_page.locator("section#comments .comment__edit")).to_have_count(0)


def test_edit_link_goes_once_the_comment_has_a_reply(page: Page, other_page: Page):
    page.goto(ARTICLE_PATH)
    name = _unique("Replied-to Rita")
    comment = _post_with_js(page, body=_unique("Soon answered:"), name=name)
    comment_id = comment.get_attribute("data-comment-id")
    expect(_card(comment).get_by_role("link", name="Edit", exact=True)).to_be_visible()

    other_page.goto(ARTICLE_PATH)
    _card(_comment(other_page, comment_id)).locator(".comment__reply").click()
    _fill_form(other_page, body=_unique("An answer:"), name=_unique("Answering Al"))
    _submit(other_page)
    expect(
        _comment(other_page, comment_id).locator(":scope > ol.comment-replies > li")
    ).to_have_count(1)

    page.reload()
    expect(
        _card(_comment(page, comment_id)).get_by_role("link", name="Edit", exact=True)
    ).to_have_count(0)


# 7. Votes -----------------------------------------------------------------


def test_upvote_counts_once_in_place(page: Page):
    page.goto(ARTICLE_PATH)
    comment = _post_with_js(page, body=_unique("Vote for me:"), name=_unique("Voted"))
    page.reload()  # vote as a reader who found it on the page
    comment_id = comment.get_attribute("data-comment-id")
    comment = _comment(page, comment_id)
    _set_marker(page)

    up_count = _card(comment).locator("[data-vote-up]")
    down_count = _card(comment).locator("[data-vote-down]")
    before = int(up_count.inner_text())
    down_before = down_count.inner_text()
    upvote = _card(comment).get_by_role("button", name=re.compile(r"^Upvote"))

    with page.expect_response(re.compile(rf"/comments/{comment_id}/vote/$")):
        upvote.click()
    expect(up_count).to_have_text(str(before + 1))
    expect(down_count).to_have_text(down_before)
    # The button's accessible name follows the count.
    expect(upvote).to_have_accessible_name(f"Upvote, votes so far: {before + 1}")

    with page.expect_response(re.compile(rf"/comments/{comment_id}/vote/$")):
        upvote.click()
    expect(up_count).to_have_text(str(before + 1))
    _assert_no_page_load(page)

    page.reload()
    expect(_card(_comment(page, comment_id)).locator("[data-vote-up]")).to_have_text(
        str(before + 1)
    )


# 8. Keyboard only ---------------------------------------------------------


def _tab_until(page: Page, selector: str, limit: int = 400) -> None:
    for _ in range(limit):
        if page.evaluate("(s) => document.activeElement.matches(s)", selector):
            return
        page.keyboard.press("Tab")
    raise AssertionError(f"Tab never reached {selector}")


def test_keyboard_only_comment(page: Page):
    page.goto(ARTICLE_PATH + "#respond")
    before = _comment_count(page)
    _set_marker(page)

    _tab_until(page, "#id_body")
    body = _unique("Typed without a mouse:")
    page.keyboard.type(body)
    page.keyboard.press("Tab")
    expect(_form(page).get_by_role("textbox", name="Name", exact=True)).to_be_focused()
    name = _unique("Keyboard Kim")
    page.keyboard.type(name)
    _tab_until(page, "[data-comment-form] button[type=submit]", limit=10)
    page.keyboard.press("Enter")

    comment = page.locator("li.comment").filter(
        has=page.locator(":scope > .comment__card .comment__body", has_text=body)
    )
    expect(comment).to_have_count(1)
    expect(_card(comment).locator(".comment__author")).to_have_text(name)
    expect(comment).to_be_focused()
    expect(page.locator("#comments-heading [data-comment-count]")).to_have_text(
        str(before + 1)
    )
    _assert_no_page_load(page)
