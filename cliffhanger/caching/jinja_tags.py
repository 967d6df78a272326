"""
The `fragment` block and `fragment_hole()` for Jinja2 templates, the same as
the Django tags (templatetags/fragment_tags.py):

    {% fragment "article-top", page.pk, tags="articles shows" %}…{% endfragment %}
    {{ fragment_hole("poll", poll.pk) }}
"""

from jinja2 import nodes, pass_context
from jinja2.ext import Extension
from markupsafe import Markup

from cliffhanger.caching.fragment_holes import fragment_drawn, fragment_hole


class FragmentExtension(Extension):
    tags = {"fragment"}

    def parse(self, parser):
        lineno = next(parser.stream).lineno
        name = parser.parse_expression()
        key_parts, tags = [], None
        while parser.stream.skip_if("comma"):
            if parser.stream.current.test("name:tags") and parser.stream.look().test(
                "assign"
            ):
                parser.stream.skip(2)
                tags = parser.parse_expression()
            else:
                key_parts.append(parser.parse_expression())
        if tags is None:
            parser.fail(
                'Usage: {% fragment "name", key…, tags="tag tag" %}…{% endfragment %}',
                lineno,
            )
        body = parser.parse_statements(("name:endfragment",), drop_needle=True)
        call = self.call_method(
            "_drawn",
            [nodes.DerivedContextReference(), name, nodes.List(key_parts), tags],
        )
        return nodes.CallBlock(call, [], [], body).set_lineno(lineno)

    @staticmethod
    def _drawn(context, name, key_parts, tags, caller):
        return Markup(fragment_drawn(context, name, key_parts, tags, render=caller))


GLOBALS = {"fragment_hole": pass_context(fragment_hole)}
