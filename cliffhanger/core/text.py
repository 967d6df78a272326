"""Small text helpers shared by every app."""

import unicodedata

from django.utils.text import slugify


def anchor_slug(text: str, *, fallback: str = "section") -> str:
    """A stable, URL-safe fragment id for a heading."""
    return slugify(text)[:80].strip("-") or fallback


# Format characters kept in a name: the zero-width joiner builds emoji
# sequences (👩‍👩‍👧) and some scripts' ligatures; every other one (bidi overrides
# and isolates, zero-width spaces, soft hyphens) can only disguise a name.
_KEPT_FORMAT_CHARACTERS = {"\u200d"}


def display_name_clean(value: str) -> str:
    """
    A name a reader typed, safe to show beside others: line breaks and runs
    of spaces become one space, and control and invisible formatting
    characters (a right-to-left override that reverses what follows, say)
    are dropped. May return "" (the caller says a name is needed).
    """
    kept = "".join(
        character
        for character in " ".join((value or "").split())
        if unicodedata.category(character) not in ("Cc", "Cf")
        or character in _KEPT_FORMAT_CHARACTERS
    )
    return " ".join(kept.split())


# Explicit directional embeddings, overrides and isolates (LRE..RLO, LRI..PDI):
# an override shows what follows reversed ("gnp.exe" reads "exe.png"), so text
# can pose as other text. The marks (LRM, RLM) that right-to-left writing
# needs are kept.
_DIRECTION_CONTROLS = dict.fromkeys(
    [*range(0x202A, 0x202F), *range(0x2066, 0x206A)], None
)


def direction_controls_strip(text: str) -> str:
    """A reader's text without bidi overrides, embeddings or isolates."""
    return text.translate(_DIRECTION_CONTROLS)


# Providers that deliver every dotted spelling of an address to one mailbox.
_DOTS_IGNORED = {"gmail.com": "gmail.com", "googlemail.com": "gmail.com"}


def mailbox_key(email: str) -> str:
    """
    The mailbox an address reaches, for limits on mail we send: lower case,
    without a "+tag", and without dots where the provider ignores them
    (kay.smith+tv@gmail.com and kaysmith@googlemail.com are one inbox).
    """
    local, _, domain = (email or "").strip().lower().rpartition("@")
    local = local.split("+", 1)[0]
    if domain in _DOTS_IGNORED:
        local, domain = local.replace(".", ""), _DOTS_IGNORED[domain]
    return f"{local}@{domain}"
