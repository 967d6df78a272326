"""
What other apps show in named places of a page. A page's own app puts
`{% slot "article.after_author" %}` (core_tags) where others may add something
and knows nothing more; the app that owns the feature adds its part from its
AppConfig.ready(): a template, or a function of the page's template context
that returns HTML, for a part drawn on every page, where loading and rendering
a template would cost more than the part itself (a sign-in link). What a
function returns is escaped unless it is marked safe (format_html):

    from cliffhanger.core.slots import slot_add

    slot_add("profile.sections", "discussion/includes/profile_section.html")
    slot_add("article.after_author", comment_section.article_discussion)

A slot draws its parts in the order they were added, which is the order of
INSTALLED_APPS (Django runs the apps' ready() in that order). Adding a part
a slot already has keeps one, so a ready() that runs twice changes nothing.

A test changes the slots for itself with `slots_replaced()`, or the project's
`template_slots` fixture (conftest.py), and finds them as they were afterwards.
"""

from collections.abc import Callable, Iterator, Mapping, Sequence
from contextlib import contextmanager

from django.template import Context

# A template's name, or a function of the page's context returning its HTML.
SlotPart = str | Callable[[Context], str]

_slots: dict[str, list[SlotPart]] = {}


def slot_add(name: str, part: SlotPart) -> None:
    """Show `part` wherever a page has `{% slot name %}`, after those added before."""
    parts = _slots.setdefault(name, [])
    if part not in parts:
        parts.append(part)


def slot_parts(name: str) -> tuple[SlotPart, ...]:
    """The parts the slot draws, in order (none when no app added one)."""
    return tuple(_slots.get(name, ()))


@contextmanager
def slots_replaced(
    slots: Mapping[str, Sequence[SlotPart]] | None = None,
) -> Iterator[dict[str, list[SlotPart]]]:
    """
    Put `slots` in place of every app's (a copy of the current ones when None)
    and yield them as a dict the caller may change; the apps' slots come back
    when the block ends, however it ends.
    """
    saved = {name: list(parts) for name, parts in _slots.items()}
    replacement = saved if slots is None else slots
    _slots.clear()
    _slots.update({name: list(parts) for name, parts in replacement.items()})
    try:
        yield _slots
    finally:
        _slots.clear()
        _slots.update(saved)
