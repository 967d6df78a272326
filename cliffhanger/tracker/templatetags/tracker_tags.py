from django import template

from cliffhanger.tracker.card_tags import show_card_tags

register = template.Library()


@register.simple_tag(takes_context=True)
def show_social_card(context, show, season):
    """The og:image tags for a show page's card (card_tags.py)."""
    return show_card_tags(context["request"], show, season)


@register.filter
def status_class(status: str | None) -> str:
    return f"status status--{(status or 'unknown').replace('_', '-')}"
