"""The discussion's template tags for Jinja2 templates (core/jinja_env.py)."""

from jinja2 import pass_context

from cliffhanger.discussion.templatetags.discussion_tags import (
    avatar,
    comment_list,
    thread_query,
)

GLOBALS = {
    "avatar": avatar,
    "comment_list": pass_context(comment_list),
    # "thread_query" is the page's own query for replies (comment_section.py).
    "thread_query_with": pass_context(thread_query),
}
