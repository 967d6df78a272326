"""
Snippets with the reader's words marked. The backend says which articles
match; this finds where, in the text the reader will see, and escapes
everything else, so a snippet can never carry markup from the article.
"""

import re

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe


def terms_pattern(terms: tuple[str, ...]) -> re.Pattern | None:
    """Matches any term at the start of a word (so "renew" marks "renewed")."""
    if not terms:
        return None
    alternatives = "|".join(
        re.escape(term) for term in sorted(terms, key=len, reverse=True)
    )
    return re.compile(rf"\b(?:{alternatives})\w*", re.IGNORECASE | re.UNICODE)


def highlight(text: str, pattern: re.Pattern | None) -> SafeString:
    """The whole text, escaped, with each match wrapped in <mark>."""
    if pattern is None:
        return mark_safe(escape(text))  # noqa: S308 (escaped just now)
    parts, last = [], 0
    for match in pattern.finditer(text):
        parts.append(escape(text[last : match.start()]))
        parts.append(f"<mark>{escape(match.group())}</mark>")
        last = match.end()
    parts.append(escape(text[last:]))
    return mark_safe("".join(parts))  # noqa: S308 (every piece escaped)


def snippet(text: str, pattern: re.Pattern | None, *, width: int = 220) -> SafeString:
    """
    About `width` characters around the first match, cut at word boundaries,
    with ellipses where text was left out; the opening when nothing matches.
    """
    text = " ".join(text.split())
    if len(text) <= width:
        return highlight(text, pattern)
    match = pattern.search(text) if pattern else None
    start = 0
    if match and match.start() > width // 3:
        start = match.start() - width // 3
        start = text.find(" ", start) + 1 or start
    end = start + width
    if end < len(text):
        space = text.rfind(" ", start, end)
        end = space if space > start else end
    fragment = text[start:end]
    marked = highlight(fragment, pattern)
    prefix = "… " if start > 0 else ""
    suffix = " …" if end < len(text) else ""
    return mark_safe(f"{prefix}{marked}{suffix}")  # noqa: S308 (marked is escaped)
