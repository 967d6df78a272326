"""
`{% fragment "name" key… tags="articles shows" %}…{% endfragment %}`: the
enclosed HTML rendered once per version of its tags and kept in the shared cache
(fragments.py), for the parts of a page that are the same for every reader.
Whatever the block shows must be named by its key and tags; the block must not
show anything about the reader (their token, their votes, their comments).
A preview renders the block afresh and keeps nothing.

What inside such a block is the reader's own (a poll placed in an article's
body: their vote, their token) goes in a hole, `{% fragment_hole "poll" pk %}`:
the kept copy holds a mark, and each request fills it with the piece rendered
for its reader by the function the owning app registered for that name
(`fragment_hole_register("poll", poll_hole)` in its AppConfig.ready()).
"""

import re
from collections.abc import Callable

from django import template
from django.utils.safestring import mark_safe

from cliffhanger.caching.fragments import remembered_html
from cliffhanger.core.slots import holes_left, leaving_holes

register = template.Library()


class FragmentNode(template.Node):
    def __init__(self, nodelist, name, key_parts, tags):
        self.nodelist = nodelist
        self.name = name
        self.key_parts = key_parts
        self.tags = tags

    def render(self, context):
        request = context.get("request")

        def render_shared():
            # What it holds is everyone's: its slots draw, holes or not.
            with context.push({_IN_FRAGMENT: True}), holes_left(False):
                return self.nodelist.render(context)

        html = remembered_html(
            self.name.resolve(context),
            *(part.resolve(context) for part in self.key_parts),
            tags=tuple(str(self.tags.resolve(context)).split()),
            render=render_shared,
            shared=not getattr(request, "is_preview", False),
        )
        if leaving_holes():  # the page is kept with its holes: filled per request
            return html
        return fragment_holes_filled(html, context)


def fragment_holes_filled(html: str, context) -> str:
    """The HTML with each fragment hole's mark replaced by the reader's piece."""
    if _HOLE_START not in html:
        return html
    return mark_safe(_HOLE.sub(lambda m: str(_fill(m[1], int(m[2]), context)), html))


_IN_FRAGMENT = "_cliffhanger_in_shared_fragment"
_HOLE_START = "<!--fragment-hole:"
_HOLE = re.compile(r"<!--fragment-hole:([a-z-]+):(\d+)-->")


# What fills each kind of hole: name -> function(context, argument) -> HTML.
_fillers: dict[str, Callable] = {}


def fragment_hole_register(name: str, fill: Callable) -> None:
    """Declare what renders holes named `name` for the reader of the page."""
    if not re.fullmatch(r"[a-z-]+", name):
        raise ValueError(f"A hole's name is lowercase letters and hyphens: {name!r}")
    _fillers[name] = fill


def _fill(name: str, argument: int, context) -> str:
    return _fillers[name](context, argument)


@register.simple_tag(takes_context=True)
def fragment_hole(context, name, argument):
    """Inside a shared fragment or a page kept with holes, a mark filled per
    request; elsewhere the piece itself."""
    if context.get(_IN_FRAGMENT) or leaving_holes():
        return mark_safe(f"{_HOLE_START}{name}:{int(argument)}-->")
    return _fill(name, int(argument), context)


@register.tag
def fragment(parser, token):
    bits = token.split_contents()
    tags = [bit for bit in bits[2:] if bit.startswith("tags=")]
    if len(bits) < 3 or len(tags) != 1 or bits[-1] != tags[0]:
        raise template.TemplateSyntaxError(
            f'Usage: {{% {bits[0]} "name" key… tags="tag tag" %}}…{{% end{bits[0]} %}}'
        )
    nodelist = parser.parse((f"end{bits[0]}",))
    parser.delete_first_token()
    return FragmentNode(
        nodelist,
        parser.compile_filter(bits[1]),
        [parser.compile_filter(bit) for bit in bits[2:-1]],
        parser.compile_filter(tags[0].removeprefix("tags=")),
    )
