"""
A shared fragment's holes, for either template engine: what inside a block
kept for every reader is the reader's own (a poll placed in an article's body:
their vote, their token) is kept as a mark, and each request fills the mark
with the piece the owning app's function renders for its reader. An app
registers that function by name in its AppConfig.ready():

    fragment_hole_register("poll", poll_hole)
"""

import re
from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager
from contextvars import ContextVar

from django.utils.safestring import SafeString, mark_safe

from cliffhanger.caching.fragments import remembered_html
from cliffhanger.core.slots import holes_left, leaving_holes

_HOLE_START = "<!--fragment-hole:"
_HOLE = re.compile(r"<!--fragment-hole:([a-z-]+):(\d+)-->")
# Whether a block kept for every reader is being drawn.
_in_shared_fragment: ContextVar[bool] = ContextVar("in_shared_fragment", default=False)

# What fills each kind of hole: name -> function(context, argument) -> HTML.
_fillers: dict[str, Callable] = {}


def fragment_hole_register(name: str, fill: Callable) -> None:
    """Declare what renders holes named `name` for the reader of the page."""
    if not re.fullmatch(r"[a-z-]+", name):
        raise ValueError(f"A hole's name is lowercase letters and hyphens: {name!r}")
    _fillers[name] = fill


def fragment_hole(context: Mapping, name: str, argument) -> SafeString | str:
    """Inside a shared fragment or a page kept with holes, a mark filled per
    request; elsewhere the piece itself."""
    if _in_shared_fragment.get() or leaving_holes():
        return mark_safe(f"{_HOLE_START}{name}:{int(argument)}-->")
    return _fillers[name](context, int(argument))


def fragment_holes_filled(html: str, context: Mapping) -> str:
    """The HTML with each fragment hole's mark replaced by the reader's piece."""
    if _HOLE_START not in html:
        return html
    return mark_safe(_HOLE.sub(lambda m: str(_fillers[m[1]](context, int(m[2]))), html))


@contextmanager
def _drawing_shared() -> Iterator[None]:
    token = _in_shared_fragment.set(True)
    try:
        with holes_left(False):  # what it holds is everyone's: its slots draw
            yield
    finally:
        _in_shared_fragment.reset(token)


def fragment_drawn(
    context: Mapping, name, key_parts, tags: str, render: Callable[[], str]
) -> str:
    """What a `fragment` block shows: its kept HTML (drawn by `render` when
    none is kept for these tags' versions) with its holes filled for this
    reader, or left as marks while the page is drawn to be kept with holes.
    A preview draws the block afresh and keeps nothing."""
    request = context.get("request")

    def render_shared():
        with _drawing_shared():
            return render()

    html = remembered_html(
        name,
        *key_parts,
        tags=tuple(str(tags).split()),
        render=render_shared,
        shared=not getattr(request, "is_preview", False),
    )
    if leaving_holes():  # the page is kept with its holes: filled per request
        return html
    return fragment_holes_filled(html, context)
