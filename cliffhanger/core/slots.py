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

import re
from collections.abc import Callable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from contextvars import ContextVar

from django.template import Context, TemplateDoesNotExist, engines
from django.utils.html import conditional_escape
from django.utils.safestring import SafeString, mark_safe
from jinja2.runtime import Context as JinjaContext

from .jinja_env import jinja_drawn

# A template's name, or a function of the page's context returning its HTML.
SlotPart = str | Callable[[Context], str]

_slots: dict[str, list[SlotPart]] = {}
# Parts that draw the same for every reader of a page (a sign-in link, a
# social card): a page kept with holes (caching/shells.py) keeps them drawn.
_same_for_every_reader: set[SlotPart] = set()
# While a page is drawn to be kept with holes, a slot with any part that is
# the reader's own writes a mark instead, filled for each request.
_leaving_holes: ContextVar[bool] = ContextVar("slot_holes", default=False)
_HOLE = re.compile(r"<!--slot-hole:([A-Za-z0-9._-]+)-->")


def slot_add(name: str, part: SlotPart, *, same_for_every_reader=False) -> None:
    """Show `part` wherever a page has `{% slot name %}`, after those added before.
    A part that shows nothing of the reader (their votes, comments, token)
    says so with `same_for_every_reader`, and is kept with the page."""
    parts = _slots.setdefault(name, [])
    if part not in parts:
        parts.append(part)
    if same_for_every_reader:
        _same_for_every_reader.add(part)


def slot_drawn(context: Context | JinjaContext, name: str) -> SafeString:
    """What the slot's parts draw for this context, in order."""
    return mark_safe(
        "".join(
            conditional_escape(part(context))
            if callable(part)
            else _template_drawn(part, context)
            for part in slot_parts(name)
        )
    )


def _template_drawn(name: str, context: Context | JinjaContext) -> str:
    """A template part drawn with the page's own context, in either engine."""
    if isinstance(context, JinjaContext):
        return context.environment.get_template(name).render(context.get_all())
    template = getattr(context, "template", None)
    engine = template.engine if template is not None else engines["django"].engine
    try:
        template = engine.get_template(name)
    except TemplateDoesNotExist:  # a Jinja2 part in a page drawn by Django
        return jinja_drawn(name, context.flatten())
    return template.render(context)


def slot_in_page(context: Context, name: str) -> SafeString:
    """The `{% slot %}` tag's output: what the parts draw, or, while a page is
    drawn to be kept with holes, a mark where a part is the reader's own."""
    if _leaving_holes.get() and any(
        part not in _same_for_every_reader for part in slot_parts(name)
    ):
        return mark_safe(f"<!--slot-hole:{name}-->")
    return slot_drawn(context, name)


def slots_drawn_whole() -> str:
    """
    Which parts a page kept with holes draws into itself: those of the slots
    whose every part is the same for every reader, by name. Part of such a
    page's key, so a change of parts (a deploy's, a test's) is another page.
    """
    return repr(
        sorted(
            (name, tuple(_part_name(part) for part in parts))
            for name, parts in _slots.items()
            if parts and all(part in _same_for_every_reader for part in parts)
        )
    )


def _part_name(part: SlotPart) -> str:
    if callable(part):
        return f"{part.__module__}.{part.__qualname__}"
    return part


@contextmanager
def holes_left(leave: bool = True) -> Iterator[None]:
    """Within the block, slots that are the reader's own write marks (or,
    with `leave=False`, draw as usual: inside a piece kept for everyone)."""
    token = _leaving_holes.set(leave)
    try:
        yield
    finally:
        _leaving_holes.reset(token)


def leaving_holes() -> bool:
    """Whether the page being drawn is to be kept with holes (holes_left)."""
    return _leaving_holes.get()


def slot_holes_filled(html: str, context: Context) -> str:
    """The page with each slot's mark replaced by what it draws for this context."""
    return _HOLE.sub(lambda match: slot_drawn(context, match[1]), html)


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
    saved_flags = set(_same_for_every_reader)
    replacement = saved if slots is None else slots
    _slots.clear()
    _slots.update({name: list(parts) for name, parts in replacement.items()})
    try:
        yield _slots
    finally:
        _slots.clear()
        _slots.update(saved)
        _same_for_every_reader.clear()
        _same_for_every_reader.update(saved_flags)
