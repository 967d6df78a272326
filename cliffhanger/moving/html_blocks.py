"""
A WordPress post's HTML as article body blocks (newsroom.blocks.ArticleBodyBlock).

    body = html_to_blocks(post.content, image_url=lambda src: src)
    body.blocks              # [{"type": "paragraph", "value": "<p>…</p>"}, …]
    body.unknown_shortcodes  # ["gallery"]: left in the text for the editor

The content is sanitized with nh3 first (an allow-list; no script, style,
event handler or javascript: URL survives), then walked once:

- paragraphs, lists and rules become rich text (`paragraph`), consecutive
  ones in one block, in Wagtail's own storage format (<b>, <i>, <a href>);
- h1 and h2 become H2 headings, h3 to h6 H3 headings;
- a blockquote becomes a quote, its <cite> the person; an embedded tweet or
  Instagram post's blockquote becomes an embed;
- images become `remote_image` blocks (address, alt text, caption);
- [caption] and [embed] shortcodes and YouTube/Vimeo iframes become figures
  and embeds (shortcodes.py); other shortcodes stay visible as text.

Classic-editor posts have no <p>: WordPress adds them when it shows the post
(wpautop). So does this: a blank line between texts ends a paragraph and a
single line break is a <br>, unless the post was written in the block editor.
"""

import html
import re
from collections.abc import Callable
from dataclasses import dataclass, field

import nh3
from bs4 import BeautifulSoup, Comment, NavigableString, Tag

from .shortcodes import shortcodes_expand

HEADING_MAX = 200
ANCHOR_MAX = 80
PERSON_MAX = 120
ALT_MAX = 250
CAPTION_MAX = 300
CREDIT_MAX = 120

IMPORT_TAGS = {
    *("p", "br", "hr", "b", "strong", "i", "em", "u", "s", "del", "ins", "a"),
    *("ul", "ol", "li", "dl", "dt", "dd", "h1", "h2", "h3", "h4", "h5", "h6"),
    *("blockquote", "cite", "q", "figure", "figcaption", "img", "code", "pre"),
    *("sub", "sup", "span", "small", "mark", "abbr", "div", "section", "article"),
    *("aside", "header", "footer", "center", "table", "thead", "tbody", "tfoot"),
    *("tr", "td", "th", "caption"),
}
IMPORT_ATTRIBUTES = {
    "a": {"href"},
    "img": {"src", "alt"},
    "figure": {"class"},
    "blockquote": {"class"},
    **{f"h{level}": {"id"} for level in range(1, 7)},
}
BLOCK_TAGS = {
    *("p", "div", "section", "article", "aside", "header", "footer", "center"),
    *("ul", "ol", "li", "dl", "dt", "dd", "h1", "h2", "h3", "h4", "h5", "h6"),
    *("blockquote", "figure", "figcaption", "pre", "table", "hr", "img"),
}
EMBED_BLOCKQUOTES = {"twitter-tweet", "instagram-media", "tiktok-embed"}
BLANK_LINE = re.compile(r"\n[ \t\r\f\v]*\n\s*")
WHITESPACE = re.compile(r"\s+")
URL = re.compile(r"^https?://\S+$")
SPACES = re.compile(r"  +")
BREAK_SPACE = re.compile(r"\s*<br/>\s*")
EDGE_BREAKS = re.compile(r"^(?:<br/>)+|(?:<br/>)+$")
ANCHOR = re.compile(r"^[\w-]+$")


@dataclass
class BodyConversion:
    blocks: list[dict] = field(default_factory=list)
    unknown_shortcodes: list[str] = field(default_factory=list)
    images_without_alt: int = 0
    quotes_without_person: int = 0
    images_dropped: int = 0


def sanitize_post_html(content: str) -> str:
    return nh3.clean(
        content,
        tags=IMPORT_TAGS,
        attributes=IMPORT_ATTRIBUTES,
        url_schemes={"http", "https", "mailto"},
        link_rel=None,
        strip_comments=True,
    )


def _text(node) -> str:
    """A node's text on one line, whitespace collapsed."""
    return WHITESPACE.sub(" ", node.get_text(" ") if isinstance(node, Tag) else node)


def _truncate(text: str, limit: int) -> str:
    text = text.strip()
    if len(text) <= limit:
        return text
    cut = text[: limit - 1]
    if not text[limit - 1].isspace():  # do not end on half a word
        cut = cut.rsplit(" ", 1)[0]
    return cut.rstrip(" ,.;:") + "…"


def _classes(tag: Tag) -> set[str]:
    value = tag.get("class") or []
    return set(value.split() if isinstance(value, str) else value)


class _BodyWriter:
    def __init__(self, *, autop: bool, image_url: Callable[[str], str | None]):
        self.autop = autop
        self.image_url = image_url
        self.result = BodyConversion()
        self.rich: list[str] = []  # rich-text elements waiting to become a block
        self.inline: list[str] = []  # inline HTML of the paragraph being built

    # --- output -----------------------------------------------------------

    def paragraph_end(self) -> None:
        text = "".join(self.inline).strip()
        text = BREAK_SPACE.sub("<br/>", SPACES.sub(" ", text))
        text = EDGE_BREAKS.sub("", text).strip()
        self.inline = []
        if text.replace("\xa0", "").strip():
            self.rich.append(f"<p>{text}</p>")

    def rich_end(self) -> None:
        self.paragraph_end()
        if self.rich:
            self.result.blocks.append(
                {"type": "paragraph", "value": "".join(self.rich)}
            )
            self.rich = []

    def block(self, kind: str, value) -> None:
        self.rich_end()
        self.result.blocks.append({"type": kind, "value": value})

    # --- walking ----------------------------------------------------------

    def walk(self, nodes) -> None:
        for node in list(nodes):
            if isinstance(node, Comment):
                continue
            if isinstance(node, NavigableString):
                self.text(str(node))
            elif node.name in BLOCK_TAGS or node.find(BLOCK_TAGS):
                self.element(node)
            else:
                self.inline.append(self.inline_html(node))

    def text(self, text: str) -> None:
        if not self.autop:
            self.inline.append(html.escape(WHITESPACE.sub(" ", text), quote=False))
            return
        for number, piece in enumerate(BLANK_LINE.split(text)):
            if number:
                self.paragraph_end()
            lines = [
                html.escape(WHITESPACE.sub(" ", line), quote=False)
                for line in piece.split("\n")
            ]
            self.inline.append("<br/>".join(lines))

    def element(self, node: Tag) -> None:
        name = node.name
        if name == "img":
            self.image(node)
        elif name in ("h1", "h2", "h3", "h4", "h5", "h6"):
            self.heading(node)
        elif name in ("ul", "ol"):
            self.paragraph_end()
            listing = self.list_html(node)
            if listing:
                self.rich.append(listing)
            self.images_in(node)
        elif name == "hr":
            self.paragraph_end()
            self.rich.append("<hr/>")
        elif name == "blockquote":
            self.blockquote(node)
        elif name == "figure":
            self.figure(node)
        elif name == "pre":
            self.paragraph_end()
            lines = [
                html.escape(line, quote=False)
                for line in node.get_text().strip("\n").split("\n")
            ]
            self.inline.append("<br/>".join(lines))
            self.paragraph_end()
        elif name == "table":
            self.paragraph_end()
            for row in node.find_all("tr"):
                cells = [_text(cell).strip() for cell in row.find_all(("td", "th"))]
                self.inline.append(
                    html.escape(" | ".join(cell for cell in cells if cell), quote=False)
                )
                self.paragraph_end()
        else:  # p, div, li outside a list, a link around an image…
            self.paragraph_end()
            self.walk(node.children)
            self.paragraph_end()

    def inline_html(self, node) -> str:
        """Rich text for inline content: <b>, <i>, <a href>, <br/> kept, other tags unwrapped."""
        if isinstance(node, Comment):
            return ""
        if isinstance(node, NavigableString):
            text = str(node)
            if self.autop:
                return "<br/>".join(
                    html.escape(WHITESPACE.sub(" ", line), quote=False)
                    for line in text.split("\n")
                )
            return html.escape(WHITESPACE.sub(" ", text), quote=False)
        if node.name == "br":
            return "<br/>"
        inner = "".join(self.inline_html(child) for child in node.children)
        if node.name in ("b", "strong") and inner.strip():
            return f"<b>{inner}</b>"
        if node.name in ("i", "em") and inner.strip():
            return f"<i>{inner}</i>"
        if node.name == "a" and node.get("href") and inner.strip():
            return f'<a href="{html.escape(node["href"])}">{inner}</a>'
        return inner

    def list_html(self, node: Tag) -> str:
        items = []
        for item in node.find_all("li", recursive=False):
            nested = [
                self.list_html(child)
                for child in item.find_all(("ul", "ol"), recursive=False)
            ]
            for child in item.find_all(("ul", "ol", "img"), recursive=False):
                child.extract()
            inline = "".join(
                self.inline_html(child)
                if child.name not in BLOCK_TAGS
                else self.inline_html_of_block(child)
                for child in item.children
            ).strip()
            if inline or any(nested):
                items.append(f"<li>{inline}{''.join(nested)}</li>")
        return f"<{node.name}>{''.join(items)}</{node.name}>" if items else ""

    def inline_html_of_block(self, node: Tag) -> str:
        return "".join(self.inline_html(child) for child in node.children) + " "

    def heading(self, node: Tag) -> None:
        text = _truncate(_text(node), HEADING_MAX)
        if text:
            anchor = (node.get("id") or "")[:ANCHOR_MAX]
            self.block(
                "heading",
                {
                    "text": text,
                    "level": "h2" if node.name in ("h1", "h2") else "h3",
                    "anchor": anchor if ANCHOR.match(anchor) else "",
                },
            )
        self.images_in(node)

    def blockquote(self, node: Tag) -> None:
        if _classes(node) & EMBED_BLOCKQUOTES:
            links = [
                a["href"] for a in node.find_all("a", href=True) if URL.match(a["href"])
            ]
            if links:
                self.block("embed", links[-1])
                return
        self.images_in(node)
        person = ""
        cite = node.find(("cite", "footer"))
        if cite is not None:
            person = _truncate(_text(cite).strip(" —–-"), PERSON_MAX)
            cite.extract()
        paragraphs = self.plain_paragraphs(node)
        if not paragraphs:
            return
        if not person:
            self.result.quotes_without_person += 1
        self.block(
            "quote",
            {
                "quote": "\n\n".join(paragraphs),
                "person": person,
                "role": "",
                "organisation": "",
                "source": "",
                "source_url": "",
                "date": None,
            },
        )

    def plain_paragraphs(self, node: Tag) -> list[str]:
        """Plain-text paragraphs of a quote; a <br> is a line break."""
        paragraphs, lines, current = [], [], []

        def line_end():
            lines.append(WHITESPACE.sub(" ", "".join(current)).strip())
            current.clear()

        def paragraph_end():
            line_end()
            text = "\n".join(line for line in lines if line)
            lines.clear()
            if text:
                paragraphs.append(text)

        def visit(item):
            if isinstance(item, Comment):
                return
            if isinstance(item, NavigableString):
                pieces = BLANK_LINE.split(str(item)) if self.autop else [str(item)]
                for number, piece in enumerate(pieces):
                    if number:
                        paragraph_end()
                    for line_number, line in enumerate(piece.split("\n")):
                        if line_number and self.autop:
                            line_end()
                        current.append(line)
            elif item.name == "br":
                line_end()
            elif item.name in BLOCK_TAGS:
                paragraph_end()
                for child in item.children:
                    visit(child)
                paragraph_end()
            else:
                for child in item.children:
                    visit(child)

        visit(node)
        paragraph_end()
        return paragraphs

    def figure(self, node: Tag) -> None:
        classes = _classes(node)
        if "embed" in classes or any(
            name.startswith("wp-block-embed") for name in classes
        ):
            link = node.find("a", href=True)
            url = link["href"] if link else _text(node).strip()
            if URL.match(url or ""):
                self.block("embed", url)
                return
        images = node.find_all("img")
        if not images:
            self.element_children(node)
            return
        caption, credit = "", ""
        figcaption = node.find("figcaption")
        if figcaption is not None:
            cite = figcaption.find("cite")
            if cite is not None:
                credit = _truncate(_text(cite), CREDIT_MAX)
                cite.extract()
            caption = _truncate(_text(figcaption), CAPTION_MAX)
        for image in images:
            self.image(image, caption=caption, credit=credit)

    def element_children(self, node: Tag) -> None:
        self.paragraph_end()
        self.walk(node.children)
        self.paragraph_end()

    def images_in(self, node: Tag) -> None:
        for image in node.find_all("img"):
            self.image(image)

    def image(self, node: Tag, *, caption: str = "", credit: str = "") -> None:
        url = self.image_url(node.get("src") or "")
        if not url:
            self.result.images_dropped += 1
            return
        alt = _truncate(WHITESPACE.sub(" ", node.get("alt") or ""), ALT_MAX)
        if not alt:
            self.result.images_without_alt += 1
        self.block(
            "remote_image",
            {"url": url, "alt_text": alt, "caption": caption, "credit": credit},
        )


def html_to_blocks(
    content: str, *, image_url: Callable[[str], str | None]
) -> BodyConversion:
    """
    Body blocks for a post's content. `image_url` turns an <img src> into the
    address to keep (absolute, or rewritten to where the uploads now live), or
    None to drop the image.
    """
    autop = "<!-- wp:" not in content
    content, unknown = shortcodes_expand(content)
    soup = BeautifulSoup(sanitize_post_html(content), "html.parser")
    writer = _BodyWriter(autop=autop, image_url=image_url)
    writer.walk(soup.children)
    writer.rich_end()
    writer.result.unknown_shortcodes = unknown
    return writer.result


def plain_text(content: str, *, limit: int) -> str:
    """HTML (an excerpt) as one line of text, cut at a word when over `limit`."""
    soup = BeautifulSoup(sanitize_post_html(content), "html.parser")
    return _truncate(_text(soup), limit)
