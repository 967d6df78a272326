"""
`{% fragment "name" key… tags="articles shows" %}…{% endfragment %}`: the
enclosed HTML rendered once per version of its tags and kept in the shared cache
(fragments.py), for the parts of a page that are the same for every reader.
Whatever the block shows must be named by its key and tags; the block must not
show anything about the reader (their token, their votes, their comments).
A preview renders the block afresh and keeps nothing.
"""

from django import template

from cliffhanger.caching.fragments import remembered_html

register = template.Library()


class FragmentNode(template.Node):
    def __init__(self, nodelist, name, key_parts, tags):
        self.nodelist = nodelist
        self.name = name
        self.key_parts = key_parts
        self.tags = tags

    def render(self, context):
        request = context.get("request")
        return remembered_html(
            self.name.resolve(context),
            *(part.resolve(context) for part in self.key_parts),
            tags=tuple(str(self.tags.resolve(context)).split()),
            render=lambda: self.nodelist.render(context),
            shared=not getattr(request, "is_preview", False),
        )


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
