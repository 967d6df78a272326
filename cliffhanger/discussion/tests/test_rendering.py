"""Reader Markdown renders to a small, safe subset of HTML."""

from html.parser import HTMLParser

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from cliffhanger.discussion.rendering import COMMENT_TAGS, render_comment_markdown

HOSTILE = [
    "<script>alert(1)</script>",
    "<img src=x onerror=alert(1)>",
    '<a href="javascript:alert(1)">x</a>',
    "[click](javascript:alert(1))",
    "[click](JAVASCRIPT:alert(1))",
    "[click](  javascript:alert(1))",
    "[click](data:text/html;base64,PHNjcmlwdD4=)",
    "[click](vbscript:msgbox(1))",
    "<svg/onload=alert(1)>",
    "<svg><script>alert(1)</script></svg>",
    "[[nested](javascript:x)](https://ok.example)",
    '[x](https://ok.example "title" onmouseover=alert(1))',
    "![img](javascript:alert(1))",
    "<iframe src=https://evil.example></iframe>",
    "<style>body{display:none}</style>",
    "||<script>alert(1)</script>||",
    "`<script>alert(1)</script>`",
    "&lt;script&gt;alert(1)&lt;/script&gt;",
    "<a href='https://ok.example' onclick='x()'>ok</a>",
    "[a](<javascript:alert(1)>)",
    "[x](java\tscript:alert(1))",
]


class ActiveContent(HTMLParser):
    def __init__(self):
        super().__init__()
        self.problems = []

    def handle_starttag(self, tag, attrs):
        if tag not in COMMENT_TAGS:
            self.problems.append(f"tag {tag}")
        for name, value in attrs:
            if name.startswith("on") or name == "style":
                self.problems.append(f"attribute {name}")
            if name == "href" and not (value or "").startswith(
                ("http://", "https://", "mailto:")
            ):
                self.problems.append(f"href {value}")


def problems(html: str) -> list[str]:
    parser = ActiveContent()
    parser.feed(html)
    return parser.problems


@pytest.mark.parametrize("text", HOSTILE)
def test_hostile_markdown_renders_inert(text):
    assert problems(render_comment_markdown(text)) == []


@settings(max_examples=300, deadline=None)
@given(
    st.lists(
        st.sampled_from(
            [
                "<",
                ">",
                "[",
                "]",
                "(",
                ")",
                "||",
                "*",
                "_",
                "`",
                "'",
                '"',
                "=",
                ":",
                "/",
                " ",
                "\n",
                "&",
                ";",
                "#",
                "!",
                "javascript:",
                "data:",
                "onerror=",
                "a",
                "x",
                "script",
                "https://ok.example",
                "<img ",
                "<svg ",
            ]
        ),
        max_size=40,
    ).map("".join)
)
def test_any_markdown_renders_inert(text):
    assert problems(render_comment_markdown(text)) == []


def test_allowed_formatting_survives():
    html = render_comment_markdown(
        "*em* **strong** `code`\n\n> quoted\n\n- one\n- two\n\n1. first\n\n"
        "[site](https://example.org) <mailto:a@example.org>"
    )

    for fragment in (
        "<em>em</em>",
        "<strong>strong</strong>",
        "<code>code</code>",
        "<blockquote>",
        "<ul>",
        "<ol>",
        "<li>one</li>",
        '<a href="https://example.org" rel="nofollow ugc noopener">site</a>',
        'href="mailto:a@example.org"',
    ):
        assert fragment in html


def test_direction_overrides_are_dropped_and_rtl_text_kept():
    # An override shows "gnp.exe" as "exe.png"; the marks Hebrew or Arabic
    # text needs beside Latin are kept.
    html = render_comment_markdown(
        "see \u202egnp.exe\u202c and \u2067isolated\u2069 \u05e9\u05dc\u05d5\u05dd\u200f!"
    )

    assert html == "<p>see gnp.exe and isolated \u05e9\u05dc\u05d5\u05dd\u200f!</p>\n"


@pytest.mark.parametrize(
    "text", ["see &#x202E;gnp.exe", "see &#8238;gnp.exe", "[a&#x202e;b](https://x.org)"]
)
def test_direction_overrides_written_as_character_references_are_dropped(text):
    assert "\u202e" not in render_comment_markdown(text).lower()


def test_headings_and_images_are_not_rendered():
    html = render_comment_markdown("# Big\n\n![pic](https://example.org/a.png)")

    assert "<h1>" not in html and "<img" not in html


def test_spoiler_hides_text_until_opened():
    html = render_comment_markdown("I think ||Ingrid picks **Z**|| in the end")

    assert (
        '<details class="spoiler"><summary>Spoiler</summary>'
        "<span>Ingrid picks <strong>Z</strong></span></details>" in html
    )
    assert html.startswith('<div class="p">')  # a <details> may not sit in a <p>


@pytest.mark.parametrize("text", ["a || b", "||unclosed", "|| ||", "`||code||`"])
def test_bars_without_a_spoiler_stay_text(text):
    assert "<details" not in render_comment_markdown(text)
