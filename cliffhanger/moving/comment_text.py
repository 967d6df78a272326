"""
A comment's HTML as the Markdown a reader would have typed, so an imported
comment is stored like one posted here (discussion.rendering makes its HTML).

    comment_markdown("Great <b>episode</b>!\n\nSee <a href='https://x.y'>this</a>")
    # 'Great **episode**!\n\nSee [this](https://x.y)'

WordPress keeps comments as typed (line breaks, a few tags) and adds the
paragraphs when it shows them; Disqus and our own export send <p> and <br>.
Both read the same way: a blank line ends a paragraph, a line break is a
line break. Text that Markdown would read as markup is escaped, so the words
show as they were written.
"""

import re

import nh3
from bs4 import BeautifulSoup, Comment, NavigableString, Tag

COMMENT_IMPORT_TAGS = {
    *("p", "div", "br", "b", "strong", "i", "em", "a", "code", "pre", "blockquote"),
    *("ul", "ol", "li", "details", "summary", "span", "cite", "q", "u", "s", "del"),
}
PARAGRAPH_TAG = re.compile(r"<p[\s>]", re.IGNORECASE)
BLANK_LINE = re.compile(r"\n[ \t\r\f\v]*\n\s*")
WHITESPACE = re.compile(r"[ \t\r\f\v\n]+")
INLINE_SPECIAL = re.compile(r"([\\`*_\[\]|<])")
ENTITY_LIKE = re.compile(r"&(?=#?\w+;)")
LINE_START_SPECIAL = re.compile(r"^(\s*)([>#+~-]|\d+(?=[.)]\s)|=+\s*$)", re.MULTILINE)


def escape_markdown(text: str) -> str:
    text = INLINE_SPECIAL.sub(r"\\\1", text)
    return ENTITY_LIKE.sub(r"\\&", text)


def _escape_line_starts(text: str) -> str:
    def escaped(match: re.Match) -> str:
        marker = match.group(2)
        if marker[0].isdigit():
            return match.group(1) + marker + "\\"  # "1\. " is not a list
        return match.group(1) + "\\" + marker

    return LINE_START_SPECIAL.sub(escaped, text)


class _Writer:
    def __init__(self):
        self.paragraphs: list[str] = []
        self.lines: list[str] = []
        self.line: list[str] = []
        self.after_break = False

    def write(self, text: str) -> None:
        if text:
            self.line.append(text)
            self.after_break = False

    def line_end(self) -> None:
        self.lines.append("".join(self.line).strip())
        self.line = []
        self.after_break = True

    def paragraph_end(self) -> None:
        self.line_end()
        lines = [_escape_line_starts(line) for line in self.lines if line]
        self.lines = []
        if lines:
            self.paragraphs.append("\n".join(lines))

    def block(self, text: str) -> None:
        """A paragraph made elsewhere (a list, a quote, code): already Markdown."""
        self.paragraph_end()
        if text.strip():
            self.paragraphs.append(text)


def _url(href: str) -> str:
    return href.strip().replace(" ", "%20").replace("(", "%28").replace(")", "%29")


def _inline(node, *, autop: bool) -> str:
    """Inline Markdown for a node whose content holds no paragraph."""
    if isinstance(node, Comment):
        return ""
    if isinstance(node, NavigableString):
        return escape_markdown(WHITESPACE.sub(" ", str(node)))
    name = node.name
    if name == "br":
        return " "
    if name == "code":
        code = node.get_text()
        fence = "``" if "`" in code else "`"
        return f"{fence}{code}{fence}" if code.strip() else ""
    inner = "".join(_inline(child, autop=autop) for child in node.children)
    stripped = inner.strip()
    if not stripped:
        return inner
    lead = " " if inner[:1].isspace() else ""
    trail = " " if inner[-1:].isspace() else ""
    if name in ("b", "strong"):
        return f"{lead}**{stripped}**{trail}"
    if name in ("i", "em"):
        return f"{lead}*{stripped}*{trail}"
    if name == "a" and node.get("href"):
        return f"{lead}[{stripped}]({_url(node['href'])}){trail}"
    return inner


def _write(nodes, writer: _Writer, *, autop: bool) -> None:
    for node in nodes:
        if isinstance(node, Comment):
            continue
        if isinstance(node, NavigableString):
            text = str(node)
            if not autop:
                writer.write(escape_markdown(WHITESPACE.sub(" ", text)))
                continue
            for number, piece in enumerate(BLANK_LINE.split(text)):
                if number:
                    writer.paragraph_end()
                for line_number, line in enumerate(piece.split("\n")):
                    # A newline right after a <br> is the same break.
                    if line_number and not writer.after_break:
                        writer.line_end()
                    writer.write(escape_markdown(WHITESPACE.sub(" ", line)))
            continue
        name = node.name
        if name == "br":
            writer.line_end()
        elif name in ("p", "div"):
            writer.paragraph_end()
            _write(node.children, writer, autop=autop)
            writer.paragraph_end()
        elif name == "blockquote":
            writer.block(_quoted(node, autop=autop))
        elif name in ("ul", "ol"):
            writer.block(_listed(node, autop=autop))
        elif name == "pre":
            code = node.get_text().strip("\n")
            writer.block(f"```\n{code}\n```" if code.strip() else "")
        elif name == "details":
            summary = node.find("summary")
            if summary is not None:
                summary.extract()
            inner = "".join(_inline(child, autop=autop) for child in node.children)
            if inner.strip():
                writer.write(f"||{inner.strip()}||")
        else:
            writer.write(_inline(node, autop=autop))


def _markdown(nodes, *, autop: bool) -> str:
    writer = _Writer()
    _write(nodes, writer, autop=autop)
    writer.paragraph_end()
    return "\n\n".join(writer.paragraphs)


def _quoted(node: Tag, *, autop: bool) -> str:
    inner = _markdown(node.children, autop=autop)
    return "\n".join(f"> {line}" if line else ">" for line in inner.split("\n"))


def _listed(node: Tag, *, autop: bool) -> str:
    items = []
    for number, item in enumerate(node.find_all("li", recursive=False), start=1):
        text = WHITESPACE.sub(" ", _markdown(item.children, autop=False)).strip()
        if text:
            marker = f"{number}." if node.name == "ol" else "-"
            items.append(f"{marker} {text}")
    return "\n".join(items)


def comment_markdown(content: str) -> str:
    """Markdown for a comment's HTML; "" when nothing readable is left."""
    autop = PARAGRAPH_TAG.search(content) is None
    clean = nh3.clean(
        content,
        tags=COMMENT_IMPORT_TAGS,
        attributes={"a": {"href"}},
        url_schemes={"http", "https", "mailto"},
        link_rel=None,
        strip_comments=True,
    )
    soup = BeautifulSoup(clean, "html.parser")
    return _markdown(soup.children, autop=autop).strip()
