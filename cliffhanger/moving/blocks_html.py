"""
An article's body blocks as the HTML of a WordPress post: the reverse of
html_blocks.py, written so that importing it again gives the same blocks.

    html, left_out = body_html(page.body, base_url="https://example.com")

- rich text as stored, with links to pages expanded to their addresses;
- headings as <h2>/<h3> (with their anchor as id);
- quotes as <blockquote> with the person (and role, organisation, outlet)
  in <cite>;
- images, from the library or kept at an address, as <figure> with the
  caption, the credit in a <cite> inside it;
- embeds as WordPress's [embed] shortcode.

Blocks WordPress has no equivalent for (statements, polls) are left out and
counted in `left_out` by type.
"""

import html
from collections import Counter

from wagtail.rich_text import expand_db_html


def _escape(text) -> str:
    return html.escape(str(text or ""), quote=True)


def _figure(url: str, alt: str, caption: str, credit: str) -> str:
    figcaption = ""
    if caption or credit:
        cite = f" <cite>{_escape(credit)}</cite>" if credit else ""
        figcaption = f"<figcaption>{_escape(caption)}{cite}</figcaption>"
    return (
        f'<figure><img src="{_escape(url)}" alt="{_escape(alt)}"/>{figcaption}</figure>'
    )


def _quote(value) -> str:
    paragraphs = [
        "<p>" + "<br/>".join(_escape(line) for line in paragraph.split("\n")) + "</p>"
        for paragraph in str(value.get("quote") or "").split("\n\n")
        if paragraph.strip()
    ]
    who = ", ".join(
        part
        for part in (value.get("person"), value.get("role"), value.get("organisation"))
        if part
    )
    if value.get("source"):
        who = f"{who} ({value['source']})" if who else value["source"]
    cite = f"<cite>{_escape(who)}</cite>" if who else ""
    return f"<blockquote>{''.join(paragraphs)}{cite}</blockquote>"


def _absolute(url: str, base_url: str) -> str:
    return base_url.rstrip("/") + url if url.startswith("/") else url


def body_html(body, *, base_url: str) -> tuple[str, Counter]:
    """The body as post HTML, one block per line, and what had to be left out."""
    parts, left_out = [], Counter()
    for block in body:
        kind, value = block.block_type, block.value
        if kind == "paragraph":
            parts.append(expand_db_html(value.source))
        elif kind == "heading":
            level = value.get("level") or "h2"
            anchor = value.get("anchor") or ""
            attribute = f' id="{_escape(anchor)}"' if anchor else ""
            parts.append(f"<{level}{attribute}>{_escape(value['text'])}</{level}>")
        elif kind == "quote":
            parts.append(_quote(value))
        elif kind == "remote_image":
            parts.append(
                _figure(
                    _absolute(value["url"], base_url),
                    value.get("alt_text"),
                    value.get("caption"),
                    value.get("credit"),
                )
            )
        elif kind == "image" and value.get("image") is not None:
            parts.append(
                _figure(
                    _absolute(value["image"].file.url, base_url),
                    value.get("alt_text"),
                    value.get("caption"),
                    value.get("credit"),
                )
            )
        elif kind == "embed" and value is not None:
            parts.append(f"[embed]{_escape(value.url)}[/embed]")
        else:
            left_out[kind] += 1
    return "\n".join(parts), left_out
