"""
Reader templates stay within the strict Content Security Policy (settings/base.py):
a browser would silently refuse an inline script, an event handler attribute, a
style attribute or element, or a javascript: URL. Templates rendered inside the
Wagtail admin (…/admin/…) live under the admin's policy and are skipped, and so
are mails (…/email/…): a mail client, not a page under the policy, reads them,
and most mail clients only honour a <style> element.
"""

import re
from pathlib import Path

import pytest

PACKAGE_DIR = Path(__file__).resolve().parents[2]
READER_TEMPLATES = sorted(
    path
    for folder in ("templates", "jinja2")
    for path in PACKAGE_DIR.glob(f"**/{folder}/**/*.html")
    if not {"admin", "email"} & set(path.relative_to(PACKAGE_DIR).parts)
)
DATA_BLOCK_TYPES = {"application/ld+json", "application/json"}

SCRIPT_TAG = re.compile(r"<script\b([^>]*)>", re.IGNORECASE)
TYPE_ATTRIBUTE = re.compile(r"""\btype\s*=\s*["']([^"']+)["']""", re.IGNORECASE)
TAG = re.compile(r"<[a-zA-Z][^>]*>")
HANDLER_OR_STYLE = re.compile(r"""\s(on[a-z]+|style)\s*=""", re.IGNORECASE)


def csp_problems(source: str) -> list[str]:
    problems = []
    for match in SCRIPT_TAG.finditer(source):
        attributes = match.group(1)
        declared = TYPE_ATTRIBUTE.search(attributes)
        is_data = declared and declared.group(1).lower() in DATA_BLOCK_TYPES
        if not is_data and not re.search(r"\bsrc\s*=", attributes):
            problems.append(f"inline script: {match.group(0)}")
    for tag in TAG.findall(source):
        for attribute in HANDLER_OR_STYLE.findall(tag):
            problems.append(f"{attribute} attribute: {tag[:80]}")
    if re.search(r"<style\b", source, re.IGNORECASE):
        problems.append("<style> element")
    if re.search(r"javascript:", source, re.IGNORECASE):
        problems.append("javascript: URL")
    return problems


def test_the_checker_finds_what_the_policy_blocks():
    blocked = (
        '<script>alert(1)</script><button onclick="go()">'
        '<span style="width: 5%"></span><style>p{}</style><a href="javascript:x">'
    )
    allowed = (
        '<script src="/static/a.js" defer></script>'
        '<script type="application/ld+json">{"@type": "NewsArticle"}</script>'
        '<svg class="bars__track"><rect width="36%" height="100%"/></svg>'
        '<p class="online">Comment on this</p>'
    )

    assert len(csp_problems(blocked)) == 5
    assert csp_problems(allowed) == []


def test_reader_templates_are_found():
    names = {path.name for path in READER_TEMPLATES}

    assert {"layout.html", "article_page.html", "poll_results.html"} <= names


@pytest.mark.parametrize(
    "template",
    READER_TEMPLATES,
    ids=[str(path.relative_to(PACKAGE_DIR)) for path in READER_TEMPLATES],
)
def test_reader_template_needs_nothing_the_policy_blocks(template):
    assert csp_problems(template.read_text()) == []
