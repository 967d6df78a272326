"""
Standards gates on the page set every later page must also pass: the Nu Html
Checker reports no errors, axe-core no serious or critical violations, and
nothing scrolls sideways on a phone or a laptop. The set includes the pages of
hostile.py's article, whose every field holds the longest unbroken word it
accepts. The checkers come from npm (package.json).
"""

import json
import subprocess
import urllib.error
import urllib.request
from pathlib import Path

import pytest

from cliffhanger.testing.passes import markup_checked_once
from cliffhanger.testing.reader import Reader, comment_post_action, form_token

from .hostile import (
    HOSTILE_AUTHOR_PATH,
    HOSTILE_PATH,
    HOSTILE_SEARCH_PATH,
    LONG_READER_NAME,
    LONG_WORD,
)
from .test_discussion import ARTICLE_PATH as SEED_PATH

pytestmark = pytest.mark.browser

REPO_DIR = Path(__file__).resolve().parents[2]
VNU_JAR = REPO_DIR / "node_modules" / "vnu-jar" / "build" / "dist" / "vnu.jar"
AXE_JS = REPO_DIR / "node_modules" / "axe-core" / "axe.min.js"

PAGE_SET = {
    "home": "/",
    "seed-article": SEED_PATH,
    "long-thread": "/entertainment/tv/everything-we-know-stranger-things-season-5/",
    "section": "/entertainment/",
    "author": "/author/ayman-bhorania/",
    "tag": "/tag/netflix/",
    "board": "/shows/",
    "show": "/shows/partner-track/",
    "show-seasons": "/shows/abbott-elementary/",  # a status chart of six seasons
    "search": "/search/?q=partner+track",
    "newsletters": "/newsletters/",
    "newsletter": "/newsletters/renewal-alerts/",
    "not-found": "/no/such/page/",
    "hostile-article": HOSTILE_PATH,
    "hostile-author": HOSTILE_AUTHOR_PATH,
    "hostile-search": HOSTILE_SEARCH_PATH,
}
PHONE = {"width": 390, "height": 844}
LAPTOP = {"width": 1280, "height": 900}


def _need(path: Path) -> None:
    if not path.exists():
        pytest.fail(f"{path} is missing: run `npm ci` (make test does).", pytrace=False)


def _fetch(url: str) -> bytes:
    try:
        with urllib.request.urlopen(url, timeout=30) as response:
            return response.read()
    except urllib.error.HTTPError as error:  # the 404 page is part of the set
        return error.read()


def _post_comment(live_site: str) -> None:
    """A comment posted now (times with microseconds, own-comment links) joins the set."""
    reader = Reader(live_site, "HTML gate")
    html = reader.get(SEED_PATH)
    body = {"body": "Checked by the *HTML gate* ||spoiler||", "author_name": "Gate"}
    status, _ = reader.post(comment_post_action(html), body, form_token(html))
    assert status == 200  # followed the redirect to the new comment


def _form_error_page(live_site: str) -> bytes:
    """The seed article with the comment form in its error state (a no-JS empty post)."""
    reader = Reader(live_site, "HTML gate")
    html = reader.get(SEED_PATH)
    empty = {"body": "", "author_name": ""}
    status, page = reader.post(comment_post_action(html), empty, form_token(html))
    assert status == 400
    return page


@markup_checked_once
def test_every_page_is_valid_html(live_site, hostile_article, tmp_path):
    _need(VNU_JAR)
    _post_comment(live_site)
    for name, path in PAGE_SET.items():
        (tmp_path / f"{name}.html").write_bytes(_fetch(live_site + path))
    (tmp_path / "comment-form-errors.html").write_bytes(_form_error_page(live_site))

    assert vnu_errors(sorted(tmp_path.glob("*.html"))) == []


def vnu_errors(files) -> list[str]:
    """The Nu Html Checker's errors for these files, as "file:line: message"."""
    result = subprocess.run(
        [
            "java",
            "-jar",
            str(VNU_JAR),
            "--format",
            "json",
            "--errors-only",
            *map(str, files),
        ],
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    report = json.loads(result.stderr or '{"messages": []}')
    return [
        f"{Path(m.get('url', '')).name}:{m.get('lastLine')}: {m['message']}"
        for m in report["messages"]
        if m.get("type") == "error"
    ]


def axe_serious(page) -> list[dict]:
    """axe-core's serious and critical violations on the page as it is now."""
    page.add_script_tag(path=str(AXE_JS))
    violations = page.evaluate(
        "() => axe.run(document, {resultTypes: ['violations']}).then(r => r.violations.map("
        "v => ({id: v.id, impact: v.impact, help: v.help, nodes: v.nodes.slice(0, 3).map(n => n.target.join(' '))})))"
    )
    return [v for v in violations if v["impact"] in ("serious", "critical")]


@markup_checked_once
@pytest.mark.parametrize("name", [*PAGE_SET, "comment-form-errors"])
def test_no_serious_accessibility_violations(
    browser, live_site, hostile_article, name, screenshot_dir
):
    _need(AXE_JS)
    # axe-core goes in as an inline script, which the site's CSP rightly refuses.
    context = browser.new_context(
        base_url=live_site, viewport={"width": 1280, "height": 900}, bypass_csp=True
    )
    page = context.new_page()
    try:
        if name == "comment-form-errors":
            page.goto(SEED_PATH + "#respond")
            page.locator("#id_body").fill("")
            page.locator("[data-comment-form] button[type=submit]").click()
            page.locator(".field__error").first.wait_for()
        else:
            page.goto(PAGE_SET[name])
        serious = axe_serious(page)
    finally:
        context.close()
    assert serious == []


@markup_checked_once
@pytest.mark.parametrize("name", list(PAGE_SET))
def test_phone_width_has_no_horizontal_scrolling(
    browser, live_site, hostile_article, name, screenshot_dir
):
    context = browser.new_context(base_url=live_site, viewport=PHONE)
    page = context.new_page()
    try:
        page.goto(PAGE_SET[name])
        width = page.evaluate("document.documentElement.scrollWidth")
        page.screenshot(
            path=screenshot_dir / f"standards-{name}-390.png", full_page=True
        )
        page.set_viewport_size(LAPTOP)
        wide_width = page.evaluate("document.documentElement.scrollWidth")
        page.screenshot(
            path=screenshot_dir / f"standards-{name}-1280.png", full_page=True
        )
    finally:
        context.close()
    assert width <= PHONE["width"]
    assert wide_width <= LAPTOP["width"]


# Every element whose box ends right of the viewport, as "tag.class right-edge".
_PAST_THE_EDGE = """() => {
    const edge = document.documentElement.clientWidth;
    return [...document.body.querySelectorAll('*')]
        .filter(el => el.getBoundingClientRect().right > edge + 0.5)
        .map(el => `${el.localName}.${el.classList} ${Math.round(el.getBoundingClientRect().right)}`);
}"""
# Where the text just before a byline's date is drawn, against the date: a
# name's right-to-left override that leaked out would draw the date first.
_DATE_AFTER_NAMES = """selector => {
    const time = document.querySelector(selector);
    const text = time.previousSibling, at = text.textContent.trimEnd().length - 1;
    const before = document.createRange();
    before.setStart(text, at);
    before.setEnd(text, at + 1);
    const b = before.getBoundingClientRect(), t = time.getBoundingClientRect();
    return Math.abs(b.top - t.top) < 2 && b.right <= t.left;
}"""


def test_hostile_input_stays_within_a_phone(
    browser, live_site, hostile_article, screenshot_dir
):
    """The longest names, words, links and code readers and editors can type wrap at 390 px."""
    context = browser.new_context(base_url=live_site, viewport=PHONE)
    page = context.new_page()
    try:
        page.goto(hostile_article)
        width = page.evaluate("document.documentElement.scrollWidth")
        past_the_edge = page.evaluate(_PAST_THE_EDGE)
        page.screenshot(path=screenshot_dir / "hostile-article-390.png", full_page=True)
        names = page.locator(".comment__author", has_text=LONG_READER_NAME)
        long_words = page.locator(".comment__body", has_text=LONG_WORD)
        code_blocks = page.locator(".comment__body pre", has_text=LONG_WORD).count()
        counts = (names.count(), long_words.count(), code_blocks)
        isolated = page.eval_on_selector_all(
            ".comment__author, .article__meta a[rel~=author]",
            "names => names.map(n => getComputedStyle(n).unicodeBidi)",
        )
        dates_in_place = [page.evaluate(_DATE_AFTER_NAMES, ".article__meta time")]
        page.goto(HOSTILE_SEARCH_PATH)
        dates_in_place.append(page.evaluate(_DATE_AFTER_NAMES, ".card__meta time"))
        search_width = page.evaluate("document.documentElement.scrollWidth")
    finally:
        context.close()

    assert counts == (2, 4, 1)  # the page holds what it should
    assert width <= PHONE["width"] and search_width <= PHONE["width"]
    assert past_the_edge == []
    assert set(isolated) == {"isolate"}
    assert dates_in_place == [True, True]


@markup_checked_once
def test_the_gates_catch_a_broken_page(browser, tmp_path):
    """The gates themselves: a page with an HTML error and an unlabeled image fails both."""
    _need(VNU_JAR)
    _need(AXE_JS)
    broken = (
        '<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>Broken</title></head>'
        '<body><main><p id="x">One</p><p id="x">Two<div></p><img src="poster.png">'
        "<button></button></main></body></html>"
    )
    page_file = tmp_path / "broken.html"
    page_file.write_text(broken)

    errors = vnu_errors([page_file])
    context = browser.new_context()
    page = context.new_page()
    try:
        page.set_content(broken)
        serious = {violation["id"] for violation in axe_serious(page)}
    finally:
        context.close()

    assert any("Duplicate ID" in error for error in errors)
    assert {"image-alt", "button-name"} <= serious


def test_keyboard_alone_votes_replies_and_posts(browser, live_site):
    """From a comment's permalink, Tab and Enter reach the vote and reply controls and post a reply."""
    import uuid

    marker = uuid.uuid4().hex[:8]
    context = browser.new_context(base_url=live_site, user_agent=f"Keyboard {marker}")
    page = context.new_page()
    try:
        page.goto(SEED_PATH)
        comment = page.locator("li.comment").nth(1)
        comment.locator(".comment__permalink").first.focus()  # a starting point

        page.keyboard.press("Tab")
        upvote = comment.locator("> .comment__card button[value=up]")
        assert upvote.evaluate("el => el === document.activeElement")
        before = int(upvote.locator("[data-vote-up]").inner_text())
        page.keyboard.press("Enter")
        page.wait_for_function(
            "([el, n]) => Number(el.textContent) === n",
            arg=[upvote.locator("[data-vote-up]").element_handle(), before + 1],
        )

        page.keyboard.press("Tab")  # downvote
        page.keyboard.press("Tab")  # reply
        assert comment.locator("> .comment__card .comment__reply").evaluate(
            "el => el === document.activeElement"
        )
        page.keyboard.press(
            "Enter"
        )  # the form opens under the comment, focus in the text
        assert page.evaluate("document.activeElement.id") == "id_body"
        page.keyboard.type(f"Typed with the keyboard {marker}")
        page.keyboard.press("Tab")
        page.keyboard.type(f"Keys {marker}")
        for _ in range(12):  # email, website, the two checkboxes… then the button
            if page.evaluate("document.activeElement.type") == "submit":
                break
            page.keyboard.press("Tab")
        page.keyboard.press("Enter")

        reply = comment.locator(
            "ol.comment-replies li.comment",
            has_text=f"Typed with the keyboard {marker}",
        )
        reply.wait_for()
        assert reply.count() == 1
    finally:
        context.close()
