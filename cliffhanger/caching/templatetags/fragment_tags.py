"""
`{% fragment "name" key… tags="articles shows" %}…{% endfragment %}`: the
enclosed HTML rendered once per version of its tags and kept in the shared cache
(fragments.py), for the parts of a page that are the same for every reader.
Whatever the block shows must be named by its key and tags; the block must not
show anything about the reader (their token, their votes, their comments).
A preview renders the block afresh and keeps nothing.

What inside such a block is the reader's own goes in a hole,
`{% fragment_hole "poll" pk %}` (fragment_holes.py). Jinja2 templates have
the same block and hole (caching/jinja_tags.py).
"""

from django import template

from cliffhanger.caching.fragment_holes import fragment_drawn
from cliffhanger.caching.fragment_holes import fragment_hole as hole_drawn

register = template.Library()


class FragmentNode(template.Node):
    def __init__(self, nodelist, name, key_parts, tags):
        self.nodelist = nodelist
        self.name = name
        self.key_parts = key_parts
        self.tags = tags

    def render(self, context):
        return fragment_drawn(
            context,
            self.name.resolve(context),
            [part.resolve(context) for part in self.key_parts],
            self.tags.resolve(context),
            render=lambda: self.nodelist.render(context),
        )


@register.simple_tag(takes_context=True)
def fragment_hole(context, name, argument):
    """Inside a shared fragment or a page kept with holes, a mark filled per
    request; elsewhere the piece itself."""
    return hole_drawn(context, name, argument)


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
