"""What a reader does with predictions: vote with JavaScript on (in place) and
off (a plain post), read the verdict of a resolved poll, and rate a season.

One vote per reader is keyed on a cookie *and* on a hash of address and user
agent. Every browser here connects from 127.0.0.1, so each test's reader gets
a user agent of its own: otherwise the first vote in the session would make
every later context look like the same reader. Counts are only compared with
what was read just before acting, as other tests vote on the same server.
"""

import re
import uuid

import pytest
from playwright.sync_api import Browser, Locator, Page, expect

pytestmark = pytest.mark.browser

ARTICLE_PATH = "/entertainment/everything-we-know-about-partner-track-season-2/"
DERRY_PATH = "/shows/it-welcome-to-derry/"
SHOW_PATH = "/shows/partner-track/"
INGRID = "Who should Ingrid end up with?"
INGRID_OPTIONS = ["Nick", "Murphy", "Z"]
RESOLVED = "Will Partner Track get a Season 2?"
VERDICT = "Readers called it: 64% predicted a cancellation."
DERRY = "Will IT: Welcome to Derry get another season?"
DESKTOP = {"width": 1280, "height": 900}
PHONE = {"width": 390, "height": 844}
CHROME_UA = (
    "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) "
    "Chrome/131.0.0.0 Safari/537.36"
)
RATING_LINE = re.compile(r"^([\d.]+) out of 5 from (\d+) ratings?$")


def _reader_page(browser: Browser, live_site: str, *, javascript: bool = True):
    """A new reader: own cookies and own user agent."""
    context = browser.new_context(
        base_url=live_site,
        viewport=DESKTOP,
        java_script_enabled=javascript,
        user_agent=f"{CHROME_UA} e2e-reader/{uuid.uuid4().hex[:12]}",
    )
    context.set_default_timeout(10_000)
    return context, context.new_page()


@pytest.fixture
def reader(browser, live_site):
    context, page = _reader_page(browser, live_site)
    try:
        yield page
    finally:
        context.close()


@pytest.fixture
def witness(browser, live_site):
    """A second reader, to read the results from outside."""
    context, page = _reader_page(browser, live_site)
    try:
        yield page
    finally:
        context.close()


@pytest.fixture
def no_js_reader(browser, live_site):
    context, page = _reader_page(browser, live_site, javascript=False)
    try:
        yield page
    finally:
        context.close()


def _poll(page: Page, question: str) -> Locator:
    return page.locator("section.poll").filter(
        has=page.get_by_role("heading", name=question, exact=True)
    )


def _total(poll: Locator) -> int:
    text = poll.locator(".poll__total").inner_text()
    match = re.match(r"^(\d+) votes?\b", text)
    assert match, f"no total in {text!r}"
    return int(match.group(1))


def _option_votes(poll: Locator, label: str) -> int:
    row = poll.locator(".bars__row").filter(
        has=poll.page.locator(
            ".bars__label", has_text=re.compile(rf"^{re.escape(label)}\b")
        )
    )
    expect(row).to_have_count(1)
    text = row.locator(".bars__count").inner_text()
    return int(re.search(r"\d+", text).group())


def _assert_results(poll: Locator, options: list[str]) -> None:
    """A results chart, accessible: text values for every option, no form."""
    expect(poll.locator("form")).to_have_count(0)
    chart = poll.get_by_role("list", name="Results")
    expect(chart).to_be_visible()
    expect(chart.locator(".bars__label")).to_have_text(
        [re.compile(rf"^{re.escape(o)}\b") for o in options]
    )
    expect(chart.locator(".bars__value")).to_have_text(
        [re.compile(r"^\d{1,3}% \(\d+ votes?\)$")] * len(options)
    )
    expect(chart.locator(".bars__track").first).to_have_attribute("aria-hidden", "true")
    percents = [
        int(re.match(r"\d+", text).group())
        for text in chart.locator(".bars__value").all_inner_texts()
    ]
    if _total(poll):
        assert sum(percents) == 100, percents


def _vote_from_outside(page: Page, question: str, option: str) -> int:
    """Vote as another reader and return the total that reader then sees."""
    page.goto(ARTICLE_PATH)
    poll = _poll(page, question)
    poll.get_by_role("radio", name=option, exact=True).check()
    poll.get_by_role("button", name="Vote", exact=True).click()
    expect(poll.locator("[data-poll-results]")).to_be_visible()
    page.reload()
    return _total(_poll(page, question))


# 4. Voting with JavaScript -------------------------------------------------


def test_vote_in_place_with_javascript(reader: Page, witness: Page, screenshot_dir):
    before = _vote_from_outside(witness, INGRID, "Nick")
    z_before = _option_votes(_poll(witness, INGRID), "Z")

    page = reader
    page.goto(ARTICLE_PATH)
    poll = _poll(page, INGRID)
    expect(poll.get_by_role("radio")).to_have_count(len(INGRID_OPTIONS))
    expect(poll.locator(".poll__total")).to_have_count(0)  # no results before voting
    poll.screenshot(path=screenshot_dir / "poll-form-1280.png")
    page.evaluate("window.__marker = 'still-here'")
    url = page.url

    poll.get_by_role("radio", name="Z", exact=True).check()
    with page.expect_response(re.compile(r"/polls/\d+/vote/$")) as answer:
        poll.get_by_role("button", name="Vote", exact=True).click()
    assert answer.value.status == 200
    assert answer.value.json()["counted"] is True

    results = poll.locator("[data-poll-results]")
    expect(results).to_be_visible()
    expect(results).to_be_focused()
    _assert_results(poll, INGRID_OPTIONS)
    expect(poll.locator(".poll__total")).to_contain_text("thanks for voting")
    assert _total(poll) == before + 1
    assert _option_votes(poll, "Z") == z_before + 1
    assert page.evaluate("window.__marker") == "still-here", "the page reloaded"
    assert page.url == url
    poll.screenshot(path=screenshot_dir / "poll-results-1280.png")
    page.set_viewport_size(PHONE)
    poll.screenshot(path=screenshot_dir / "poll-results-390.png")
    scroll_width = page.evaluate("document.documentElement.scrollWidth")
    assert scroll_width <= PHONE["width"], f"{scroll_width}px wide on a phone"

    # The server remembers: a reload shows results, not the form.
    page.set_viewport_size(DESKTOP)
    page.reload()
    poll = _poll(page, INGRID)
    _assert_results(poll, INGRID_OPTIONS)
    assert _total(poll) == before + 1
    expect(poll.locator(".poll__total")).to_contain_text("thanks for voting")

    # And the other reader sees the one extra vote.
    witness.reload()
    assert _total(_poll(witness, INGRID)) == before + 1


def test_refused_vote_is_reported_in_place(reader: Page):
    page = reader
    page.goto(ARTICLE_PATH)
    poll = _poll(page, INGRID)
    page.evaluate("window.__marker = 'still-here'")
    button = poll.get_by_role("button", name="Vote", exact=True)

    # An option from elsewhere: the server's reason, and nothing counted.
    z = poll.get_by_role("radio", name="Z", exact=True)
    z.evaluate("radio => { radio.value = '999999'; }")
    z.check()
    with page.expect_response(re.compile(r"/polls/\d+/vote/$")) as answer:
        button.click()
    assert answer.value.status == 400
    alert = poll.get_by_role("alert")
    expect(alert).to_have_text("Choose one of this poll's options.")
    expect(button).to_be_enabled()

    # A page whose CSRF cookie was replaced since it loaded (its token no longer
    # matches) gets Django's HTML 403, not JSON.
    page.context.clear_cookies()
    page.context.add_cookies(
        [{"name": "csrftoken", "value": "x" * 32, "domain": "127.0.0.1", "path": "/"}]
    )
    z.evaluate("radio => { radio.value = radio.id.split('-').pop(); }")
    with page.expect_response(re.compile(r"/polls/\d+/vote/$")) as answer:
        button.click()
    assert answer.value.status == 403
    expect(alert).to_have_text(re.compile(r"^Your vote was not counted\."))
    expect(poll.get_by_role("alert")).to_have_count(1)
    expect(button).to_be_enabled()
    expect(poll.locator("form")).to_have_count(1)
    assert page.evaluate("window.__marker") == "still-here", "the page reloaded"

    # Nothing was counted: a reload still offers the form.
    page.reload()
    expect(_poll(page, INGRID).locator("form")).to_have_count(1)


# 5. Voting without JavaScript ----------------------------------------------


def test_vote_without_javascript_is_a_plain_post(
    no_js_reader: Page, witness: Page, screenshot_dir
):
    page = no_js_reader
    page.goto(DERRY_PATH)
    poll = _poll(page, DERRY)
    poll_id = poll.get_attribute("id")
    assert re.fullmatch(r"poll-\d+", poll_id)
    options = [
        label.strip() for label in poll.locator(".poll__option label").all_inner_texts()
    ]
    assert len(options) >= 2

    poll.get_by_role("radio", name=options[0], exact=True).check()
    with page.expect_navigation() as navigation:
        poll.get_by_role("button", name="Vote", exact=True).click()
    assert navigation.value.status == 200
    expect(page).to_have_url(re.compile(re.escape(DERRY_PATH) + f"#{poll_id}$"))
    poll = page.locator(f"section#{poll_id}")
    expect(poll.get_by_role("heading", name=DERRY)).to_be_visible()
    _assert_results(poll, options)
    expect(poll.locator(".poll__total")).to_contain_text("thanks for voting")
    # The poll is scrolled to, as the anchor asks.
    expect(poll).to_be_in_viewport()
    poll.screenshot(path=screenshot_dir / "poll-results-nojs-1280.png")

    # Another reader still gets the form.
    witness.goto(DERRY_PATH)
    expect(_poll(witness, DERRY).locator("form")).to_have_count(1)


# 6. The resolved poll's verdict ---------------------------------------------


@pytest.mark.parametrize("path", [ARTICLE_PATH, SHOW_PATH])
def test_resolved_poll_shows_its_verdict(reader: Page, path, screenshot_dir):
    page = reader
    page.goto(path)
    poll = _poll(page, RESOLVED)
    expect(poll).to_have_count(1)
    expect(poll.locator(".poll__verdict")).to_have_text(VERDICT)
    expect(poll.locator("form")).to_have_count(0)
    expect(poll.get_by_role("radio")).to_have_count(0)
    expect(poll.get_by_role("button", name="Vote")).to_have_count(0)

    chart = poll.get_by_role("list", name="Results")
    rows = chart.locator(".bars__row")
    expect(rows).to_have_count(2)
    outcome = chart.locator(".bars__row--outcome")
    expect(outcome).to_have_count(1)
    expect(outcome.locator(".bars__label")).to_contain_text("cancelled")
    expect(outcome.locator(".bars__tick")).to_have_text("(what happened)")
    expect(outcome.locator(".bars__value")).to_contain_text("64%")
    expect(poll.locator(".bars__tick")).to_have_count(1)
    expect(poll.locator(".poll__total")).to_have_text(re.compile(r"^\d+ votes"))
    if path == ARTICLE_PATH:
        poll.screenshot(path=screenshot_dir / "poll-resolved-1280.png")


# 7. Rating a season ---------------------------------------------------------


def _rating_line(page: Page) -> tuple[float, int]:
    section = page.locator("section#rating")
    average = section.locator(".rating__average")
    if not average.count():
        expect(section).to_contain_text("No ratings yet.")
        return 0.0, 0
    match = RATING_LINE.match(average.inner_text().strip())
    assert match, average.inner_text()
    return float(match.group(1)), int(match.group(2))


def test_rate_a_season_without_javascript(no_js_reader: Page, screenshot_dir):
    page = no_js_reader
    page.goto(SHOW_PATH)
    section = page.locator("section#rating")
    expect(section.get_by_role("heading", level=2)).to_have_text("Rate season 1")
    average_before, count_before = _rating_line(page)

    section.get_by_role("radio", name="4 stars", exact=True).check()
    with page.expect_navigation() as navigation:
        section.get_by_role("button", name="Rate", exact=True).click()
    assert navigation.value.status == 200
    expect(page).to_have_url(re.compile(re.escape(SHOW_PATH) + "#rating$"))

    section = page.locator("section#rating")
    expect(section.locator(".rating__average")).to_have_text(RATING_LINE)
    average, count = _rating_line(page)
    assert count == count_before + 1
    expected = (average_before * count_before + 4) / count
    assert abs(average - expected) <= 0.051, (average, expected)
    distribution = section.get_by_role("list", name="Ratings by stars")
    expect(distribution.locator(".bars__row")).to_have_count(5)
    four = distribution.locator(".bars__row").filter(
        has=page.locator(".bars__label", has_text=re.compile(r"^4 stars$"))
    )
    expect(four.locator(".bars__count")).not_to_have_text("(0)")
    section.screenshot(path=screenshot_dir / "rating-1280.png")
