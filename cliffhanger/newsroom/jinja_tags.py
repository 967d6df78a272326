"""The newsroom's template tags for Jinja2 templates (core/jinja_env.py)."""

from django.template import TemplateDoesNotExist
from django.template.loader import get_template
from django.utils.safestring import mark_safe
from jinja2 import pass_context
from markupsafe import escape

from cliffhanger.newsroom.rendering import sanitize_editor_html
from cliffhanger.newsroom.selectors import article_most_popular_cached


def sanitize_html(value):
    """Editor rich text, expanded by Wagtail and then run through the allow-list."""
    return mark_safe(sanitize_editor_html(str(value)))  # nh3 output is an allow-list


@pass_context
def body_block(context, item):
    """
    One of the article's body blocks (selectors.article_body_blocks), drawn
    as `{% include_block %}` draws it, with the item's anchor and expanded
    rich text. Its template is asked of Jinja2 first: `include_block` goes
    through render_to_string(), which asks Django's engine first and is
    refused, 7 us of 8 for each block (the seed has 14). A block another app
    adds (settings.NEWSROOM_BODY_EXTENSION_BLOCKS) may draw with Django's.
    """
    block, value = item.block.block, item.block.value
    values = {
        **context.get_all(),
        "anchor": item.anchor,
        "expanded_html": item.expanded_html,
    }
    template = block.get_template(value, context=values)
    if not template:
        return escape(block.render_basic(value, context=values))
    block_values = block.get_context(value, parent_context=values)
    try:
        drawn = get_template(template, using="jinja2")
    except TemplateDoesNotExist:
        drawn = get_template(template)
    return mark_safe(drawn.render(block_values))


GLOBALS = {"most_popular": article_most_popular_cached, "body_block": body_block}
FILTERS = {"sanitize_html": sanitize_html}
