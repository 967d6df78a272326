"""A reader signs in with a code from their inbox, names themselves on
/account/ (on a phone, with a name that would widen a careless page), and
signs out; a reader comments signed in, edits from a second device, follows a
show, subscribes to a newsletter, downloads their data and deletes the
account."""

import json
import re
import time
import uuid

import pytest
from playwright.sync_api import Page, expect

pytestmark = pytest.mark.browser

ARTICLE_PATH = "/entertainment/everything-we-know-about-partner-track-season-2/"
CODE = re.compile(r"^([A-Z0-9]{4}-[A-Z0-9]{4})$", re.MULTILINE)
PHONE = {"width": 390, "height": 844}
# Not the seed article: the discussion journeys count its comments.
REVIEW_PATH = "/reviews/the-bear-season-2-review/"


def _comment_with(page: Page, text: str):
    """The comment card whose body says `text`."""
    return page.locator("li.comment > .comment__card").filter(
        has=page.locator(".comment__body", has_text=text)
    )


def _sign_in(page: Page, mailbox, email: str) -> None:
    """From a page with the header's link: ask for a code, read it, enter it."""
    page.get_by_role("link", name="Sign in", exact=True).click()
    page.get_by_role("textbox", name="Email address").fill(email)
    sent_before = len(mailbox(to=email, wait=0))
    page.get_by_role("button", name="Email me a code").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Enter your code")
    # The task worker sends it: wait for it to be there. (mailbox() waits only
    # until some mail to the address exists, which the last sign-in's is.)
    deadline = time.monotonic() + 30
    messages = mailbox(to=email, wait=0)
    while len(messages) <= sent_before and time.monotonic() < deadline:
        time.sleep(0.2)
        messages = mailbox(to=email, wait=0)
    assert len(messages) == sent_before + 1, "expected one new sign-in code"
    code = CODE.search(messages[-1]).group(1)
    page.get_by_role("textbox", name="Code").fill(code)
    page.get_by_role("button", name="Sign in", exact=True).click()


def test_sign_in_by_email_code_name_yourself_and_sign_out(
    page: Page, mailbox, screenshot_dir
):
    email = f"reader-{uuid.uuid4().hex[:12]}@example.com"
    name = f"Nadia {uuid.uuid4().hex[:6]}"
    page.set_viewport_size(PHONE)

    # From an article, the header's link leads to sign-in and back.
    page.goto(ARTICLE_PATH)
    page.get_by_role("link", name="Sign in", exact=True).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Sign in")
    page.get_by_role("textbox", name="Email address").fill(email)
    page.get_by_role("button", name="Email me a code").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Enter your code")

    messages = mailbox(to=email, wait=30)
    assert len(messages) == 1, f"expected one sign-in code, got {len(messages)}"
    assert "Subject: Cliffhanger: your sign-in code" in messages[0]
    code = CODE.search(messages[0]).group(1)
    page.get_by_role("textbox", name="Code").fill(code)
    page.get_by_role("button", name="Sign in", exact=True).click()

    # Back on the article, signed in: the shared header now says so.
    expect(page).to_have_url(re.compile(re.escape(ARTICLE_PATH) + "$"))
    account_link = page.locator(".site-account")  # the header's, not the comment form's
    expect(account_link).to_have_text("Your account")
    expect(account_link).to_be_visible()
    account_link.click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Your account")
    expect(page.locator("main")).to_contain_text(email)

    # A name too long to keep comes back with a message and as typed; none of
    # it widens the page.
    field = page.get_by_role("textbox", name="Display name")
    field.fill("W" * 200)
    page.get_by_role("button", name="Save name").click()
    expect(page.locator(".field__error")).to_contain_text("50 characters or fewer")
    expect(page.get_by_role("textbox", name="Display name")).to_have_value("W" * 200)
    field = page.get_by_role("textbox", name="Display name")
    field.fill("\u202e" + "W" * 50)
    page.get_by_role("button", name="Save name").click()
    expect(page.locator(".notice")).to_have_text("Your display name is saved.")
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth"), (
        "the page is wider than the phone"
    )
    page.screenshot(path=screenshot_dir / "account-390.png", full_page=True)

    # The public profile, opt-in: the same hostile name holds on a phone there
    # too, and the page shows no email.
    page.get_by_role("button", name="Make my profile page public").click()
    page.get_by_role("link", name="your profile page").click()
    expect(page.locator(".account-card__name")).to_be_visible()
    assert email not in page.content()
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth"), (
        "the public profile is wider than the phone"
    )
    page.screenshot(path=screenshot_dir / "reader-profile-390.png", full_page=True)
    page.goto("/account/")

    page.get_by_role("textbox", name="Display name").fill(name)
    page.get_by_role("button", name="Save name").click()
    expect(page.locator(".account-card__name")).to_have_text(name)

    page.get_by_role("button", name="Sign out").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Sign in")
    page.goto(ARTICLE_PATH)
    expect(page.get_by_role("link", name="Sign in", exact=True)).to_be_visible()
    assert name not in page.content()


def test_comment_signed_in_edit_elsewhere_then_take_your_data_and_go(
    page: Page, browser, live_site, mailbox, screenshot_dir
):
    email = f"reader-{uuid.uuid4().hex[:12]}@example.com"
    name = f"Ola {uuid.uuid4().hex[:6]}"
    body = f"Signed in and sure of season 3 ({uuid.uuid4().hex[:6]})."

    # Sign in from the review and comment as a named reader.
    page.goto(REVIEW_PATH)
    _sign_in(page, mailbox, email)
    expect(page).to_have_url(re.compile(re.escape(REVIEW_PATH) + "$"))
    form = page.locator("#respond")
    expect(form).to_contain_text("choose the name other readers will see")
    form.get_by_role("textbox", name="Your display name").fill(name)
    form.get_by_role("textbox", name="Comment", exact=True).fill(body)
    form.get_by_role("button", name="Post comment").click()
    comment = _comment_with(page, body)
    expect(comment).to_contain_text(name)

    # On a second device, signed in as the same reader: the comment is theirs
    # to edit there too.
    laptop = browser.new_context(base_url=live_site)
    try:
        other = laptop.new_page()
        other.goto(REVIEW_PATH)
        _sign_in(other, mailbox, email)
        mine = _comment_with(other, body)
        mine.get_by_role("link", name="Edit", exact=True).click()
        expect(other.get_by_role("heading", level=1)).to_have_text("Edit your comment")
        edited = body.replace("sure", "certain")
        other.get_by_role("textbox", name="Comment", exact=True).fill(edited)
        other.get_by_role("button", name="Save changes").click()
        expect(_comment_with(other, edited)).to_contain_text("(edited)")
    finally:
        laptop.close()

    # Follow a show and subscribe to a newsletter from the account page.
    page.goto("/account/")
    page.get_by_label("Follow a show").select_option(label="Partner Track")
    page.get_by_role("button", name="Follow", exact=True).click()
    expect(page.locator(".notice")).to_contain_text("You follow Partner Track")
    newsletters = page.locator("section[aria-labelledby=account-newsletters-heading]")
    newsletters.get_by_role("button", name="Subscribe").first.click()
    expect(newsletters.locator(".account-list__state").first).to_have_text(
        "(subscribed)"
    )

    # Download everything held about them: the comment as edited, the follow,
    # the subscription, the address.
    with page.expect_download() as download_info:
        page.get_by_role("link", name="Download my data").click()
    download = download_info.value
    assert download.suggested_filename.startswith("cliffhanger-my-data-")
    data = json.loads(download.path().read_text(encoding="utf-8"))
    assert data["account"]["display_name"] == name
    assert [a["email"] for a in data["account"]["email_addresses"]] == [email]
    assert [c["body"] for c in data["discussion"]["comments"]] == [edited]
    assert [f["show"] for f in data["show_follows"]] == ["Partner Track"]
    assert len(data["newsletter_subscriptions"]) == 1

    # Delete the account, keeping the comment as "Deleted reader".
    page.get_by_role("link", name="Delete my account").click()
    page.set_viewport_size(PHONE)
    page.get_by_role("button", name="Delete my account").click()
    expect(page.locator(".field__error").first).to_be_visible()  # nothing chosen
    page.get_by_label("Keep them").check()
    page.get_by_label("I understand").check()
    page.screenshot(path=screenshot_dir / "account-delete-390.png", full_page=True)
    page.get_by_role("button", name="Delete my account").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Your account is deleted")

    page.goto(REVIEW_PATH)
    expect(page.get_by_role("link", name="Sign in", exact=True)).to_be_visible()
    kept = _comment_with(page, edited)
    expect(kept).to_contain_text("Deleted reader")
    assert name not in page.content()
    page.goto("/account/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Sign in")
