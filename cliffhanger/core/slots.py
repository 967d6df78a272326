"""
Templates other apps show in named places of a page. A page's own app puts
`{% slot "article.after_author" %}` (core_tags) where others may add something
and knows nothing more; the app that owns the feature adds its template from
its AppConfig.ready():

    from cliffhanger.core.slots import slot_add

    slot_add("article.after_author", "discussion/includes/article_discussion.html")

A slot draws its templates in the order they were added, which is the order of
INSTALLED_APPS (Django runs the apps' ready() in that order). Adding a template
a slot already has keeps one, so a ready() that runs twice changes nothing.

A test changes the slots for itself with `slots_replaced()`, or the project's
`template_slots` fixture (conftest.py), and finds them as they were afterwards.
"""

from collections.abc import Iterator, Mapping, Sequence
from contextlib import contextmanager

_slots: dict[str, list[str]] = {}


def slot_add(name: str, template_name: str) -> None:
    """Show `template_name` wherever a page has `{% slot name %}`, after those added before."""
    templates = _slots.setdefault(name, [])
    if template_name not in templates:
        templates.append(template_name)


def slot_templates(name: str) -> tuple[str, ...]:
    """The templates the slot draws, in order (none when no app added one)."""
    return tuple(_slots.get(name, ()))


@contextmanager
def slots_replaced(
    slots: Mapping[str, Sequence[str]] | None = None,
) -> Iterator[dict[str, list[str]]]:
    """
    Put `slots` in place of every app's (a copy of the current ones when None)
    and yield them as a dict the caller may change; the apps' slots come back
    when the block ends, however it ends.
    """
    saved = {name: list(templates) for name, templates in _slots.items()}
    replacement = saved if slots is None else slots
    _slots.clear()
    _slots.update({name: list(templates) for name, templates in replacement.items()})
    try:
        yield _slots
    finally:
        _slots.clear()
        _slots.update(saved)
