"""The newsroom's template tags for Jinja2 templates (core/jinja_env.py)."""

from django.utils.safestring import mark_safe

from cliffhanger.newsroom.rendering import sanitize_editor_html
from cliffhanger.newsroom.selectors import article_most_popular_cached


def sanitize_html(value):
    """Editor rich text, expanded by Wagtail and then run through the allow-list."""
    return mark_safe(sanitize_editor_html(str(value)))  # nh3 output is an allow-list


GLOBALS = {"most_popular": article_most_popular_cached}
FILTERS = {"sanitize_html": sanitize_html}
