"""A reader signs in with a code from their inbox, names themselves on
/account/ (on a phone, with a name that would widen a careless page), and
signs out."""

import re
import uuid

import pytest
from playwright.sync_api import Page, expect

pytestmark = pytest.mark.browser

ARTICLE_PATH = "/entertainment/everything-we-know-about-partner-track-season-2/"
CODE = re.compile(r"^([A-Z0-9]{4}-[A-Z0-9]{4})$", re.MULTILINE)
PHONE = {"width": 390, "height": 844}


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
