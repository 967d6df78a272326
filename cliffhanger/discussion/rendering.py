"""
Reader Markdown to safe HTML, once, when a comment is written.

markdown-it-py parses CommonMark with raw HTML off and only the rules a
comment needs; nh3 then keeps an allow-list of tags, attributes and URL
schemes, and marks every link nofollow ugc noopener. Spoilers are `||text||`:
they render as a <details> control that hides the text until the reader opens
it, with no JavaScript. A paragraph that holds one becomes a <div>, because a
<details> may not sit inside a <p>.
"""

import nh3
from markdown_it import MarkdownIt
from markdown_it.rules_inline import StateInline

from cliffhanger.core.text import direction_controls_strip

COMMENT_TAGS = {
    "p",
    "div",
    "br",
    "em",
    "strong",
    "code",
    "pre",
    "blockquote",
    "ul",
    "ol",
    "li",
    "a",
    "details",
    "summary",
    "span",
}
COMMENT_ATTRIBUTES = {
    "a": {"href"},
    "div": {"class"},
    "details": {"class"},
    "summary": {"class"},
    "span": {"class"},
    "ol": {"start"},
}
SPOILER_MARK = "||"
SPOILER_SUMMARY = "Spoiler"


def _spoiler_rule(state: StateInline, silent: bool) -> bool:
    start = state.pos
    if not state.src.startswith(SPOILER_MARK, start):
        return False
    end = state.src.find(SPOILER_MARK, start + 2)
    if end == -1 or not state.src[start + 2 : end].strip():
        return False
    if not silent:
        state.push("spoiler_open", "details", 1)
        old_pos, old_max = state.pos, state.posMax
        state.pos, state.posMax = start + 2, end
        state.md.inline.tokenize(state)
        state.pos, state.posMax = old_pos, old_max
        state.push("spoiler_close", "details", -1)
    state.pos = end + 2
    return True


def _render_spoiler_open(self, tokens, idx, options, env):
    return f'<details class="spoiler"><summary>{SPOILER_SUMMARY}</summary><span>'


def _render_spoiler_close(self, tokens, idx, options, env):
    return "</span></details>"


def _has_spoiler(tokens, idx) -> bool:
    inline = tokens[idx + 1] if idx + 1 < len(tokens) else None
    return bool(
        inline
        and inline.type == "inline"
        and any(child.type == "spoiler_open" for child in inline.children or [])
    )


def _render_paragraph_open(self, tokens, idx, options, env):
    if tokens[idx].hidden:
        return ""
    if _has_spoiler(tokens, idx):
        tokens[idx].meta["as_div"] = True
        return '<div class="p">'
    return "<p>"


def _render_paragraph_close(self, tokens, idx, options, env):
    if tokens[idx].hidden:
        return ""
    for back in range(idx - 1, -1, -1):
        if tokens[back].type == "paragraph_open":
            return "</div>\n" if tokens[back].meta.get("as_div") else "</p>\n"
    return "</p>\n"


def _build_parser() -> MarkdownIt:
    md = MarkdownIt("commonmark", {"html": False, "breaks": True, "linkify": False})
    md.disable(["heading", "lheading", "image", "hr", "html_block", "html_inline"])
    md.inline.add_terminator_char("|")  # else the text rule swallows the bars
    md.inline.ruler.before("text", "spoiler", _spoiler_rule)
    md.add_render_rule("spoiler_open", _render_spoiler_open)
    md.add_render_rule("spoiler_close", _render_spoiler_close)
    md.add_render_rule("paragraph_open", _render_paragraph_open)
    md.add_render_rule("paragraph_close", _render_paragraph_close)
    return md


_parser = _build_parser()


# Built once: nh3.clean() converts its allowed sets on every call.
_COMMENT_CLEANER = nh3.Cleaner(
    tags=COMMENT_TAGS,
    attributes=COMMENT_ATTRIBUTES,
    url_schemes={"http", "https", "mailto"},
    link_rel="nofollow ugc noopener",
    strip_comments=True,
)


def sanitize_comment_html(html: str) -> str:
    return _COMMENT_CLEANER.clean(html)


def render_comment_markdown(text: str) -> str:
    """The stored HTML for a comment body; safe to output as is, and without
    bidi overrides (core/text.py), which would let text pose as other text:
    stripped from the HTML, where character references (&#x202E;) have
    become characters too."""
    return direction_controls_strip(sanitize_comment_html(_parser.render(text)))
