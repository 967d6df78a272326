from django import template
from django.utils.safestring import mark_safe

from cliffhanger.newsroom.rendering import sanitize_editor_html
from cliffhanger.newsroom.selectors import article_most_popular_cached

register = template.Library()


@register.inclusion_tag("newsroom/includes/most_popular.html", takes_context=True)
def most_popular(context):
    return {"articles": article_most_popular_cached()}


@register.filter
def sanitize_html(value):
    """Editor rich text, expanded by Wagtail and then run through the allow-list."""
    return mark_safe(sanitize_editor_html(str(value)))  # nh3 output is an allow-list
