from urllib.parse import urlencode

from django import template

from cliffhanger.discussion.avatars import identicon_svg
from cliffhanger.discussion.links import thread_params
from cliffhanger.discussion.thread_html import (
    CommentPage,
    comment_list_html,
)

register = template.Library()


@register.simple_tag
def avatar(seed, size=40):
    return identicon_svg(seed, size)


@register.simple_tag(takes_context=True)
def comment_list(context, items):
    """A thread page's comments as nested list items (see thread_html)."""
    return comment_list_html(items, CommentPage.from_context(context))


@register.simple_tag(takes_context=True)
def thread_query(context, **changes):
    """The thread's query string (its own parameters only) with some changed."""
    query = dict(context.get("thread_params") or thread_params(context["request"]))
    for key, value in changes.items():
        if value in (None, ""):
            query.pop(key, None)
        else:
            query[key] = str(value)
    encoded = urlencode(query)
    return f"?{encoded}" if encoded else "?"
