"""
Reader queries made safe for every search engine: only words reach the
backend, so FTS5 or tsquery syntax (quotes, NEAR, *, ^, column filters) in a
query is read as text and can never become a syntax error.
"""

import re
from dataclasses import dataclass

from cliffhanger.core.text import direction_controls_strip

MAX_QUERY_CHARS = 200
MAX_TERMS = 12
MAX_TERM_CHARS = 40

# Letters and digits in any script; apostrophes inside words are dropped so
# "Grey's" searches for "Greys" the way the index tokenises it.
WORD = re.compile(r"\w+", re.UNICODE)
# Control characters (NUL, escapes, C1 controls) are not text: echoed into the
# page they would be raw bytes in its HTML.
CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f]+")


@dataclass(frozen=True)
class SearchQuery:
    raw: str
    terms: tuple[str, ...]

    @property
    def text(self) -> str:
        """The words, space-separated, as handed to the search backend."""
        return " ".join(self.terms)

    def __bool__(self) -> bool:
        return bool(self.terms)


def search_query_parse(raw: str | None) -> SearchQuery:
    """The first few words of what the reader typed; everything else is ignored."""
    raw = direction_controls_strip(CONTROL.sub(" ", raw or "")).strip()
    raw = raw[:MAX_QUERY_CHARS]
    terms: list[str] = []
    for word in WORD.findall(raw.replace("'", "").replace("’", "")):
        word = word.strip("_")[:MAX_TERM_CHARS]
        if word and word.lower() not in {t.lower() for t in terms}:
            terms.append(word)
        if len(terms) == MAX_TERMS:
            break
    return SearchQuery(raw=raw, terms=tuple(terms))
