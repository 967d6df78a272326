from django import template
from django.conf import settings
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


@register.simple_tag(takes_context=True)
def article_slot(context, name):
    """
    Render what other apps put in a named place of the article page. The
    newsroom knows only the template names listed in NEWSROOM_ARTICLE_SLOTS;
    the app that owns a feature (comments, polls, a status box) owns them.
    """
    engine = context.template.engine
    return mark_safe(
        "".join(
            engine.get_template(template_name).render(context)
            for template_name in settings.NEWSROOM_ARTICLE_SLOTS.get(name, [])
        )
    )
