"""What a reader does with the renewal tracker: filter the board, follow the
seed article's update box to the show's history, and follow a show by email
(double opt-in through a link that arrives by mail).

The server is shared by the whole session; every address used here is unique
to the run, and nothing compares counts with the demo's starting values.
"""

import json
import re
import uuid
from datetime import date
from urllib.parse import urlsplit, urlunsplit

import pytest
from playwright.sync_api import Locator, Page, expect

pytestmark = pytest.mark.browser

ARTICLE_PATH = "/entertainment/everything-we-know-about-partner-track-season-2/"
BOARD_PATH = "/shows/"
SHOW_PATH = "/shows/partner-track/"
DESKTOP = {"width": 1280, "height": 900}
PHONE = {"width": 390, "height": 844}

NETFLIX_SHOWS = {
    "1899",
    "Baby Reindeer",
    "Partner Track",
    "Stranger Things",
    "Warrior Nun",
    "Wednesday",
}
AWAITING_SHOWS = ["IT: Welcome to Derry", "Shifting Gears"]  # oldest wait first
MINISERIES = "Baby Reindeer"
UPDATE_TEXT = (
    "Update: Netflix cancelled Partner Track on 8 November 2022 — source: Deadline"
)
EMAIL_REQUIRED = "Enter your email address to follow this show."
EMAIL_INVALID = "Enter a valid email address."
TOKEN_INVALID = "This link is not valid."
CONFIRM_LINK = re.compile(r"https?://[^\s/]+/shows/follow/confirm/[^\s/]+/")


# Helpers -------------------------------------------------------------------


def _board(page: Page) -> Locator:
    return page.locator("table.board")


def _texts(cells: Locator) -> list[str]:
    """The cells' text as written (headers are upper-cased only by CSS)."""
    return [" ".join(text.split()) for text in cells.all_text_contents()]


def _column(page: Page, name: str) -> int:
    """The position of a column among a row's cells (the row header counts)."""
    headers = _texts(_board(page).locator("thead th"))
    assert name in headers, f"no {name!r} column in {headers}"
    return headers.index(name)


def _rows(page: Page) -> list[dict[str, str]]:
    """The board's rows as {column header: cell text}."""
    headers = _texts(_board(page).locator("thead th"))
    rows = []
    for row in _board(page).locator("tbody tr").all():
        cells = _texts(row.locator("th, td"))
        rows.append(dict(zip(headers, cells, strict=True)))
    return rows


def _row_dates(page: Page) -> list[date]:
    """Each row's "Since" date, from its machine-readable <time>."""
    since = _column(page, "Since")
    values = []
    for row in _board(page).locator("tbody tr").all():
        stamp = (
            row.locator("th, td").nth(since).locator("time").get_attribute("datetime")
        )
        values.append(date.fromisoformat(stamp))
    return values


def _title(row: dict[str, str]) -> str:
    """The show's title without the "Miniseries" tag that may follow it."""
    return re.sub(r"\s*Miniseries$", "", row["Show"])


def _submit_filters(page: Page, **choices: str) -> None:
    filters = page.get_by_role("search", name="Filter shows")
    for label, option in choices.items():
        filters.get_by_label(label, exact=True).select_option(label=option)
    with page.expect_navigation():
        filters.get_by_role("button", name="Show", exact=True).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Renewal tracker")


def _unique_email() -> str:
    return f"follower-{uuid.uuid4().hex[:12]}@example.com"


def _on_live_site(url: str, live_site: str) -> str:
    """The emailed link moved onto the test server's origin (SITE_URL may differ)."""
    link, site = urlsplit(url), urlsplit(live_site)
    return urlunsplit((site.scheme, site.netloc, link.path, link.query, ""))


def _tampered(url: str) -> str:
    """The same link with one character of its signed token changed."""
    parts = url.rstrip("/").split("/")
    token = parts[-1]
    index = len(token) // 3
    swapped = "B" if token[index] == "A" else "A"
    parts[-1] = token[:index] + swapped + token[index + 1 :]
    return "/".join(parts) + "/"


def _follow_form(page: Page) -> Locator:
    return page.locator("section.follow form")


def _follow(page: Page, email: str):
    form = _follow_form(page)
    form.get_by_role("textbox", name="Email", exact=True).fill(email)
    with page.expect_navigation() as navigation:
        form.get_by_role("button", name="Follow", exact=True).click()
    return navigation.value


# 1. The board's filters ----------------------------------------------------


def test_board_filters_by_network_status_and_waiting_time(page: Page):
    page.goto(BOARD_PATH)
    expect(page.get_by_role("heading", level=1)).to_have_text("Renewal tracker")
    everything = {_title(row) for row in _rows(page)}
    assert len(everything) >= 15
    assert everything >= NETFLIX_SHOWS

    # Network = Netflix: only Netflix's shows, all of them.
    _submit_filters(page, Network="Netflix")
    expect(page).to_have_url(re.compile(r"[?&]network=netflix\b"))
    expect(page.get_by_label("Network", exact=True)).to_have_value("netflix")
    rows = _rows(page)
    assert {row["Network"] for row in rows} == {"Netflix"}
    assert {_title(row) for row in rows} == NETFLIX_SHOWS
    expect(_board(page)).not_to_contain_text("Severance")

    # Awaiting a decision, longest wait first, across every network.
    _submit_filters(
        page,
        Network="All networks",
        Status="Awaiting decision",
        Sort="Waiting longest for a decision",
    )
    expect(page).to_have_url(re.compile(r"[?&]status=awaiting\b"))
    expect(page).to_have_url(re.compile(r"[?&]sort=waiting\b"))
    expect(page.get_by_label("Status", exact=True)).to_have_value("awaiting")
    expect(page.get_by_label("Sort", exact=True)).to_have_value("waiting")
    rows = _rows(page)
    assert rows, "no show is awaiting a decision"
    assert {row["Status"] for row in rows} == {"Awaiting decision"}
    titles = [_title(row) for row in rows]
    assert [title for title in titles if title in AWAITING_SHOWS] == AWAITING_SHOWS
    dates = _row_dates(page)
    assert dates == sorted(dates), (
        f"not oldest first: {list(zip(titles, dates, strict=True))}"
    )
    assert MINISERIES not in titles
    expect(_board(page).locator(".tag", has_text="Miniseries")).to_have_count(0)
    # The waiting time is spelled out next to the date.
    since = _column(page, "Since")
    first = _board(page).locator("tbody tr").first
    expect(first.locator("th, td").nth(since).locator(".board__waiting")).to_have_text(
        re.compile(r"^\(.+\)$")
    )

    # Reader forecast next to the status while the decision is pending.
    forecast = _column(page, "Reader forecast")
    derry = (
        _board(page)
        .locator("tbody tr")
        .filter(has=page.get_by_role("link", name=AWAITING_SHOWS[0], exact=True))
    )
    expect(derry.locator("th, td").nth(forecast)).to_have_text(
        re.compile(r"^\d{1,3}% expect a renewal\b")
    )


def test_board_screenshots_and_phone_width(page: Page, screenshot_dir):
    for name, viewport in (("1280", DESKTOP), ("390", PHONE)):
        page.set_viewport_size(viewport)
        page.goto(BOARD_PATH)
        expect(_board(page)).to_be_visible()
        page.screenshot(path=screenshot_dir / f"board-{name}.png", full_page=True)
        scroll_width = page.evaluate("document.documentElement.scrollWidth")
        assert scroll_width <= viewport["width"], (
            f"the board page scrolls sideways at {name}px: {scroll_width}px wide"
        )
    # At phone width the table may scroll, but only inside its wrapper.
    assert page.evaluate(
        "getComputedStyle(document.querySelector('.table-wrap')).overflowX"
    ) in ("auto", "scroll")
    wrap = page.locator(".table-wrap").bounding_box()
    assert wrap["x"] >= 0 and wrap["x"] + wrap["width"] <= PHONE["width"]
    page.goto(BOARD_PATH + "?status=awaiting&sort=waiting")
    expect(_board(page)).to_be_visible()
    page.screenshot(path=screenshot_dir / "board-awaiting-390.png", full_page=True)


# 2. From the seed article's update box to the show's history --------------


def test_seed_article_update_box_leads_to_the_history(page: Page, screenshot_dir):
    page.goto(ARTICLE_PATH)
    box = page.locator("aside.status-box")
    expect(box).to_have_count(1)
    expect(box).to_have_class(re.compile(r"\bstatus-box--changed\b"))
    expect(box.locator(".status-box__update")).to_contain_text(UPDATE_TEXT)
    expect(box.get_by_role("link", name="Deadline", exact=True)).to_be_visible()
    expect(box.locator(".status-box__status")).to_contain_text("Cancelled")
    expect(box.locator(".status-box__status")).to_contain_text("as of 8 Nov 2022")
    box.screenshot(path=screenshot_dir / "article-status-box-1280.png")

    with page.expect_navigation():
        box.get_by_role("link", name="Full history", exact=True).click()
    expect(page).to_have_url(re.compile(re.escape(SHOW_PATH) + "$"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Partner Track")

    season = page.locator("section#season-1")
    expect(season.locator(".timeline__item .status")).to_have_text(
        ["Airing", "Awaiting decision", "Cancelled"]
    )
    current = season.locator(".timeline__item--current")
    expect(current).to_have_count(1)
    expect(current).to_contain_text("Cancelled")
    expect(current).to_contain_text("8 Nov 2022")
    expect(current.get_by_role("link", name="Deadline", exact=True)).to_be_visible()

    scripts = page.locator('script[type="application/ld+json"]')
    documents = [json.loads(text) for text in scripts.all_text_contents()]
    series = [doc for doc in documents if doc.get("@type") == "TVSeries"]
    assert len(series) == 1, documents
    series = series[0]
    assert series["name"] == "Partner Track"
    assert series["url"].endswith(SHOW_PATH)
    seasons = series.get("containsSeason", [])
    assert [s.get("@type") for s in seasons] == ["TVSeason"]
    assert seasons[0]["seasonNumber"] == 1

    page.screenshot(path=screenshot_dir / "show-partner-track-1280.png", full_page=True)
    page.set_viewport_size(PHONE)
    page.goto(SHOW_PATH)
    page.screenshot(path=screenshot_dir / "show-partner-track-390.png", full_page=True)
    scroll_width = page.evaluate("document.documentElement.scrollWidth")
    assert scroll_width <= PHONE["width"], (
        f"the show page scrolls sideways on a phone: {scroll_width}px wide"
    )


# 3. Following a show ------------------------------------------------------


def test_follow_form_rejects_empty_and_invalid_addresses(page: Page, screenshot_dir):
    page.goto(SHOW_PATH)
    form = _follow_form(page)
    field = form.get_by_role("textbox", name="Email", exact=True)

    for typed, message in (("", EMAIL_REQUIRED), ("not-an-email", EMAIL_INVALID)):
        response = _follow(page, typed)
        assert response.status == 400
        expect(page).to_have_url(re.compile(re.escape(SHOW_PATH) + "follow/$"))
        # Still the show's page, with the message beside the field.
        expect(page.get_by_role("heading", level=1)).to_have_text("Partner Track")
        form = _follow_form(page)
        error = form.locator(".field--error .field__error")
        expect(error).to_have_text(message)
        expect(error).to_have_id("id_email_error")
        field = form.get_by_role("textbox", name="Email", exact=True)
        expect(field).to_have_value(typed)
        expect(field).to_have_attribute("aria-invalid", "true")
        expect(field).to_have_attribute(
            "aria-describedby", re.compile(r"\bid_email_error\b")
        )
        field_box, error_box = field.bounding_box(), error.bounding_box()
        assert abs(field_box["y"] - (error_box["y"] + error_box["height"])) < 40, (
            "the error message is not next to the field"
        )
    form.screenshot(path=screenshot_dir / "follow-error-1280.png")


def test_follow_confirm_by_email_and_tampered_link(
    page: Page, live_site, mailbox, screenshot_dir
):
    email = _unique_email()
    page.goto(SHOW_PATH)
    response = _follow(page, email)
    assert response.status == 200
    expect(page.get_by_role("heading", level=1)).to_have_text("Check your inbox")
    expect(page.locator("main")).to_contain_text("Partner Track")

    messages = mailbox(to=email, wait=20)
    assert len(messages) == 1, f"expected one confirmation email, got {len(messages)}"
    message = messages[0]
    assert "Subject: Confirm: follow Partner Track on Cliffhanger" in message
    links = CONFIRM_LINK.findall(message)
    assert len(links) == 1, message
    link = _on_live_site(links[0], live_site)

    response = page.goto(link)
    assert response is not None and response.status == 200
    # Opening the link only asks (mail scanners open links): the button confirms.
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Email you about Partner Track?"
    )
    page.get_by_role("button", name="Yes, follow Partner Track").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "You are following Partner Track"
    )
    expect(page.get_by_role("link", name="Back to Partner Track")).to_have_attribute(
        "href", SHOW_PATH
    )
    # Opening the link again (a mail scanner, a second click) is harmless.
    response = page.goto(link)
    assert response is not None and response.status == 200
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "You are following Partner Track"
    )

    response = page.goto(_tampered(link))
    assert response is not None and response.status == 400
    expect(page.get_by_role("heading", level=1)).to_have_text("That link did not work")
    expect(page.locator("main")).to_contain_text(TOKEN_INVALID)
    expect(page.locator("main")).not_to_contain_text("Partner Track")
    page.screenshot(path=screenshot_dir / "follow-link-invalid-1280.png")
